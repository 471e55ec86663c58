// RUN: qnn-opt %s --convert-qnn-kernels-to-loops | FileCheck %s

// Two full words and a last word of 2 codes per row, 64 codes at a time:
// bit t of the codes is a vector<64xi1> whose bitcast is the word of plane t.
// The top plane of a signed code is its sign bit (two's complement).
// CHECK-LABEL: func.func @signed
// CHECK-DAG: %[[TAIL:.*]] = arith.constant dense<[true, true, false, {{.*}}]> : vector<64xi1>
// CHECK-DAG: %[[BIT3:.*]] = arith.constant dense<8> : vector<64xi8>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0> : vector<64xi8>
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[WORD:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[FIRST:.*]] = arith.muli %[[WORD]], %{{.*}} : index
// CHECK: %[[X:.*]] = vector.load %arg0[%[[ROW]], %[[FIRST]]] : memref<3x130xi8>, vector<64xi8>
// CHECK: %[[B3:.*]] = arith.andi %[[X]], %[[BIT3]] : vector<64xi8>
// CHECK: %[[SET3:.*]] = arith.cmpi ne, %[[B3]], %[[ZERO]] : vector<64xi8>
// CHECK-COUNT-3: vector.bitcast
// CHECK: %[[WORD3:.*]] = vector.bitcast %[[SET3]] : vector<64xi1> to vector<1xi64>
// CHECK: %[[PACKED3:.*]] = vector.extract %[[WORD3]][0] : i64 from vector<1xi64>
// CHECK: memref.store %[[PACKED3]], %arg1[%c3, %[[ROW]], %[[WORD]]] : memref<4x3x3xi64>
// CHECK: }
// The last word: a masked load (code 0 past K), and bits past K cleared.
// CHECK: %[[XT:.*]] = vector.maskedload %arg0[%[[ROW]], %c128], %[[TAIL]], %[[ZERO]]
// CHECK: arith.andi %[[XT]]
// CHECK: %[[T0:.*]] = arith.andi %{{.*}}, %[[TAIL]] : vector<64xi1>
// CHECK: vector.bitcast %[[T0]] : vector<64xi1> to vector<1xi64>
// CHECK: memref.store %{{.*}}, %arg1[%c0, %[[ROW]], %c2] : memref<4x3x3xi64>
// CHECK-COUNT-3: memref.store %{{.*}}, %arg1[%{{.*}}, %[[ROW]], %c2]
func.func @signed(%x: memref<3x130xi8>, %p: memref<4x3x3xi64>) {
  qnn.pack_bits ins(%x : memref<3x130xi8>) outs(%p : memref<4x3x3xi64>)
      {encoding = #qnn<encoding signed>}
  return
}

// One exact word: no mask; one plane, the low bit.
// CHECK-LABEL: func.func @unsigned_one_word
// CHECK-NOT: vector.maskedload
// CHECK: %[[X:.*]] = vector.load %arg0[%{{.*}}, %c0] : memref<2x64xi8>, vector<64xi8>
// CHECK-NEXT: arith.andi %[[X]], %{{.*}} : vector<64xi8>
// CHECK-NOT: arith.andi
// CHECK: return
func.func @unsigned_one_word(%x: memref<2x64xi8>, %p: memref<1x2x1xi64>) {
  qnn.pack_bits ins(%x : memref<2x64xi8>) outs(%p : memref<1x2x1xi64>)
      {encoding = #qnn<encoding unsigned>}
  return
}

// Bipolar codes are -1 or +1: bit 1 for +1.
// CHECK-LABEL: func.func @bipolar
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0> : vector<64xi8>
// CHECK-DAG: %[[MASK:.*]] = arith.constant dense<[true, true, true, true, true, true, true, true, true, true, false, {{.*}}]> : vector<64xi1>
// CHECK: %[[X:.*]] = vector.maskedload %arg0[%c0, %c0], %[[MASK]], %[[ZERO]]
// CHECK-NEXT: %[[SIGN:.*]] = arith.cmpi sgt, %[[X]], %[[ZERO]] : vector<64xi8>
// CHECK-NEXT: %[[BITS:.*]] = arith.andi %[[SIGN]], %[[MASK]] : vector<64xi1>
// CHECK-NEXT: %[[WORD:.*]] = vector.bitcast %[[BITS]] : vector<64xi1> to vector<1xi64>
func.func @bipolar(%x: memref<1x10xi8>, %p: memref<1x1x1xi64>) {
  qnn.pack_bits ins(%x : memref<1x10xi8>) outs(%p : memref<1x1x1xi64>)
      {encoding = #qnn<encoding bipolar>}
  return
}
