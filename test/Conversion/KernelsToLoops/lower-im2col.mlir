// RUN: qnn-opt %s --convert-qnn-kernels-to-loops | FileCheck %s

// Output 3 x 2 per image: row (n, oh, ow) = n * 6 + oh * 2 + ow; window
// position (kh, kw) reads input row oh * 2 + kh * 2 - 1 and column
// ow * 2 + kw * 2 - 1, and fills columns (kh * 3 + kw) * 3 + c, channels
// innermost, with the input or the padding value.
// CHECK-LABEL: func.func @strided_padded_dilated
// CHECK-DAG: %[[PAD:.*]] = arith.constant -1.500000e+00 : f32
// CHECK-DAG: %[[MINUS1:.*]] = arith.constant -1 : index
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK-DAG: %[[C7:.*]] = arith.constant 7 : index
// CHECK-DAG: %[[C9:.*]] = arith.constant 9 : index
// CHECK: scf.for %[[N:.*]] = %[[C0]] to %[[C2]]
// CHECK: scf.for %[[OH:.*]] = %[[C0]] to %[[C3]]
// CHECK: scf.for %[[OW:.*]] = %[[C0]] to %[[C2]]
// CHECK: %[[N6:.*]] = arith.muli %[[N]], %[[C6]]
// CHECK: %[[OH2:.*]] = arith.muli %[[OH]], %[[C2]]
// CHECK: %[[NOH:.*]] = arith.addi %[[N6]], %[[OH2]]
// CHECK: %[[ROW:.*]] = arith.addi %[[NOH]], %[[OW]]
// CHECK: scf.for %[[KH:.*]] = %[[C0]] to %[[C3]]
// CHECK: %[[IH0:.*]] = arith.addi
// CHECK: %[[IH:.*]] = arith.addi %[[IH0]], %[[MINUS1]]
// CHECK: arith.cmpi sge, %[[IH]], %[[C0]]
// CHECK: arith.cmpi slt, %[[IH]], %[[C7]]
// CHECK: scf.for %[[KW:.*]] = %[[C0]] to %[[C3]]
// CHECK: %[[IW:.*]] = arith.addi %{{.*}}, %[[MINUS1]]
// CHECK: arith.cmpi slt, %[[IW]], %[[C6]]
// CHECK: %[[COLINSIDE:.*]] = arith.andi
// CHECK: %[[INSIDE:.*]] = arith.andi %{{.*}}, %[[COLINSIDE]] : i1
// CHECK: %[[KH9:.*]] = arith.muli %[[KH]], %[[C9]]
// CHECK: %[[KW3:.*]] = arith.muli %[[KW]], %[[C3]]
// CHECK: %[[FIRST:.*]] = arith.addi %[[KH9]], %[[KW3]]
// CHECK: scf.if %[[INSIDE]] {
// CHECK-NEXT: scf.for %[[C:.*]] = %[[C0]] to %[[C3]]
// CHECK-NEXT: %[[COL:.*]] = arith.addi %[[FIRST]], %[[C]]
// CHECK-NEXT: %[[V:.*]] = memref.load %arg0[%[[N]], %[[C]], %[[IH]], %[[IW]]] : memref<2x3x7x6xf32>
// CHECK-NEXT: memref.store %[[V]], %arg1[%[[ROW]], %[[COL]]] : memref<12x27xf32>
// CHECK: } else {
// CHECK-NEXT: scf.for %[[C:.*]] = %[[C0]] to %[[C3]]
// CHECK-NEXT: %[[COL:.*]] = arith.addi %[[FIRST]], %[[C]]
// CHECK-NEXT: memref.store %[[PAD]], %arg1[%[[ROW]], %[[COL]]] : memref<12x27xf32>
func.func @strided_padded_dilated(%x: memref<2x3x7x6xf32>, %cols: memref<12x27xf32>) {
  qnn.im2col ins(%x : memref<2x3x7x6xf32>) outs(%cols : memref<12x27xf32>)
      {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 2, 2>, padding_value = -1.5 : f32}
  return
}

// Without padding every window is inside: a plain copy, no test, and any
// element type.
// CHECK-LABEL: func.func @unpadded_integer
// CHECK-NOT: scf.if
// CHECK-NOT: arith.cmpi
// CHECK: memref.load %arg0[%{{.*}}] : memref<1x2x3x3xi8>
// CHECK: memref.store %{{.*}} : memref<9x2xi8>
// CHECK: return
func.func @unpadded_integer(%x: memref<1x2x3x3xi8>, %cols: memref<9x2xi8>) {
  qnn.im2col ins(%x : memref<1x2x3x3xi8>) outs(%cols : memref<9x2xi8>) {kernel = array<i64: 1, 1>}
  return
}

// Channels last (N x H x W x C): window position (kh, kw) is C consecutive
// elements of the input, read at [n, ih, iw, c].
// CHECK-LABEL: func.func @channels_last
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: scf.for %[[OH:.*]] =
// CHECK: scf.for %[[OW:.*]] =
// CHECK: scf.for %[[KH:.*]] =
// CHECK: %[[IH:.*]] = arith.addi %[[OH]], %[[KH]]
// CHECK: scf.for %[[KW:.*]] =
// CHECK: %[[IW:.*]] = arith.addi %[[OW]], %[[KW]]
// CHECK: scf.for %[[C:.*]] =
// CHECK: memref.load %arg0[%[[C0]], %[[IH]], %[[IW]], %[[C]]] : memref<1x3x3x2xi8>
// CHECK: memref.store %{{.*}} : memref<4x8xi8>
func.func @channels_last(%x: memref<1x3x3x2xi8>, %cols: memref<4x8xi8>) {
  qnn.im2col ins(%x : memref<1x3x3x2xi8>) outs(%cols : memref<4x8xi8>) {kernel = array<i64: 2, 2>, channels_last}
  return
}
