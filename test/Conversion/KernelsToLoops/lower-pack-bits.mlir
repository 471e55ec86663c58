// RUN: qnn-opt %s --qnn-lower-kernels | FileCheck %s

// Two full words and a last word of 2 codes per row. 64 codes at a time:
// x / scale + zero_point, round half to even, NaN to 0, clamp to the narrow
// signed range [-7, 7]; bit t of the codes is a vector<64xi1> whose bitcast is
// the word of plane t.
// CHECK-LABEL: func.func @signed_narrow
// CHECK-DAG: %[[TAIL:.*]] = arith.constant dense<[true, true, false, {{.*}}]> : vector<64xi1>
// CHECK-DAG: %[[SCALE:.*]] = arith.constant dense<5.000000e-01> : vector<64xf32>
// CHECK-DAG: %[[ZP:.*]] = arith.constant dense<1.500000e+00> : vector<64xf32>
// CHECK-DAG: %[[FZERO:.*]] = arith.constant dense<0.000000e+00> : vector<64xf32>
// CHECK-DAG: %[[QMIN:.*]] = arith.constant dense<-7.000000e+00> : vector<64xf32>
// CHECK-DAG: %[[QMAX:.*]] = arith.constant dense<7.000000e+00> : vector<64xf32>
// CHECK-DAG: %[[BIT3:.*]] = arith.constant dense<8> : vector<64xi32>
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[WORD:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[FIRST:.*]] = arith.muli %[[WORD]], %{{.*}} : index
// CHECK: %[[X:.*]] = vector.load %arg0[%[[ROW]], %[[FIRST]]] : memref<3x130xf32>, vector<64xf32>
// CHECK: %[[DIV:.*]] = arith.divf %[[X]], %[[SCALE]] : vector<64xf32>
// CHECK: %[[SHIFTED:.*]] = arith.addf %[[DIV]], %[[ZP]] : vector<64xf32>
// CHECK: %[[ROUNDED:.*]] = math.roundeven %[[SHIFTED]] : vector<64xf32>
// CHECK: %[[ORDERED:.*]] = arith.cmpf ord, %[[ROUNDED]], %[[ROUNDED]]
// CHECK: %[[NUMBER:.*]] = arith.select %[[ORDERED]], %[[ROUNDED]], %[[FZERO]]
// CHECK: %[[LOW:.*]] = arith.maxnumf %[[NUMBER]], %[[QMIN]]
// CHECK: %[[CLAMPED:.*]] = arith.minnumf %[[LOW]], %[[QMAX]]
// CHECK: %[[CODES:.*]] = arith.fptosi %[[CLAMPED]] : vector<64xf32> to vector<64xi32>
// CHECK: %[[B3:.*]] = arith.andi %[[CODES]], %[[BIT3]] : vector<64xi32>
// CHECK: %[[SET3:.*]] = arith.cmpi ne, %[[B3]], %{{.*}} : vector<64xi32>
// CHECK-COUNT-3: vector.bitcast
// CHECK: %[[WORD3:.*]] = vector.bitcast %[[SET3]] : vector<64xi1> to vector<1xi64>
// CHECK: %[[PACKED3:.*]] = vector.extract %[[WORD3]][0] : i64 from vector<1xi64>
// CHECK: memref.store %[[PACKED3]], %arg1[%c3, %[[ROW]], %[[WORD]]] : memref<4x3x3xi64>
// CHECK: }
// The last word: a masked load (0.0 past K), and bits past K cleared.
// CHECK: %[[XT:.*]] = vector.maskedload %arg0[%[[ROW]], %c128], %[[TAIL]], %[[FZERO]]
// CHECK: arith.divf %[[XT]], %[[SCALE]]
// CHECK: %[[T0:.*]] = arith.andi %{{.*}}, %[[TAIL]] : vector<64xi1>
// CHECK: vector.bitcast %[[T0]] : vector<64xi1> to vector<1xi64>
// CHECK: memref.store %{{.*}}, %arg1[%c0, %[[ROW]], %c2] : memref<4x3x3xi64>
// CHECK-COUNT-3: memref.store %{{.*}}, %arg1[%{{.*}}, %[[ROW]], %c2]
func.func @signed_narrow(%x: memref<3x130xf32>, %p: memref<4x3x3xi64>) {
  qnn.pack_bits ins(%x : memref<3x130xf32>) outs(%p : memref<4x3x3xi64>)
      {type = !qnn.quant<s4, scale = 0.5, zero_point = 1.5>, narrow}
  return
}

// Scale 1 and zero point 0 need no arithmetic; other rounding modes.
// CHECK-LABEL: func.func @floor_one_word
// CHECK-NOT: arith.divf
// CHECK-NOT: arith.addf
// CHECK: math.floor %{{.*}} : vector<64xf32>
// CHECK-NOT: vector.maskedload
// CHECK: return
func.func @floor_one_word(%x: memref<2x64xf32>, %p: memref<1x2x1xi64>) {
  qnn.pack_bits ins(%x : memref<2x64xf32>) outs(%p : memref<1x2x1xi64>)
      {type = !qnn.quant<u1, scale = 1.0>, rounding_mode = #qnn<rounding floor>}
  return
}

// CHECK-LABEL: func.func @ceil
// CHECK: math.ceil
// CHECK-LABEL: func.func @round_to_zero
// CHECK: math.trunc
func.func @ceil(%x: memref<1x64xf32>, %p: memref<2x1x1xi64>) {
  qnn.pack_bits ins(%x : memref<1x64xf32>) outs(%p : memref<2x1x1xi64>)
      {type = !qnn.quant<u2, scale = 0.25>, rounding_mode = #qnn<rounding ceil>}
  return
}
func.func @round_to_zero(%x: memref<1x64xf32>, %p: memref<2x1x1xi64>) {
  qnn.pack_bits ins(%x : memref<1x64xf32>) outs(%p : memref<2x1x1xi64>)
      {type = !qnn.quant<s2, scale = 0.25>, rounding_mode = #qnn<rounding round_to_zero>}
  return
}

// Bipolar: bit 1 where x >= 0, whatever the scale.
// CHECK-LABEL: func.func @bipolar
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<64xf32>
// CHECK-DAG: %[[MASK:.*]] = arith.constant dense<[true, true, true, true, true, true, true, true, true, true, false, {{.*}}]> : vector<64xi1>
// CHECK: %[[X:.*]] = vector.maskedload %arg0[%c0, %c0], %[[MASK]], %[[ZERO]]
// CHECK-NEXT: %[[SIGN:.*]] = arith.cmpf oge, %[[X]], %[[ZERO]] : vector<64xf32>
// CHECK-NEXT: %[[BITS:.*]] = arith.andi %[[SIGN]], %[[MASK]] : vector<64xi1>
// CHECK-NEXT: %[[WORD:.*]] = vector.bitcast %[[BITS]] : vector<64xi1> to vector<1xi64>
func.func @bipolar(%x: memref<1x10xf32>, %p: memref<1x1x1xi64>) {
  qnn.pack_bits ins(%x : memref<1x10xf32>) outs(%p : memref<1x1x1xi64>)
      {type = !qnn.quant<b1, scale = 0.75>}
  return
}
