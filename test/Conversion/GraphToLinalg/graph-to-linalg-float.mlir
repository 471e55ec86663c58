// RUN: qnn-opt %s --convert-qnn-graph-to-linalg --split-input-file | FileCheck %s

// The graph-level ops of the float operators as upstream ops: elementwise
// ops are linalg.generic with one arith/math op (tanh expanded, as the LLVM
// dialect has none), log_softmax shifts by the maximum, transpose is
// linalg.transpose, concat insert_slices, pad tensor.pad, slice
// extract_slice, the reductions linalg.generic, upsample_nearest a
// linalg.broadcast into new inner dimensions and a collapse.

// CHECK-LABEL: func @elementwise
// CHECK: linalg.generic
// CHECK:   arith.subf
// CHECK: linalg.generic
// CHECK:   math.powf
// CHECK: linalg.generic
// CHECK:   %[[ABS:.*]] = math.absf %[[IN:.*]] : f32
// CHECK:   %[[E:.*]] = math.exp
// CHECK:   %[[Q:.*]] = arith.divf
// CHECK:   math.copysign %[[Q]], %[[IN]] : f32
// CHECK: linalg.generic
// CHECK:   %[[LOW:.*]] = arith.mulf %{{.*}}, %[[X:.*]] : f32
// CHECK:   %[[NEG:.*]] = arith.cmpf olt, %[[X]]
// CHECK:   arith.select %[[NEG]], %[[LOW]], %[[X]] : f32
func.func @elementwise(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.sub %x, %y : tensor<2x3xf32>
  %1 = qnn.pow %0, %y : tensor<2x3xf32>
  %2 = qnn.tanh %1 : tensor<2x3xf32>
  %3 = qnn.leaky_relu %2 {alpha = 0.2 : f32} : tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @log_softmax
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK:   arith.maximumf
// CHECK: %[[SHIFTED:.*]] = linalg.generic
// CHECK:   arith.subf
// CHECK: %[[EXP:.*]] = linalg.generic
// CHECK:   math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK:   arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[SHIFTED]], %[[SUM]] : tensor<2x3xf32>, tensor<2xf32>)
// CHECK:   %[[LOG:.*]] = math.log %{{.*}} : f32
// CHECK:   arith.subf %{{.*}}, %[[LOG]] : f32
func.func @log_softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = qnn.log_softmax %x {axis = 1} : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @layout
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x1xf32>)
// CHECK: linalg.transpose ins(%[[X]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<3x2xf32>) permutation = [1, 0]
// CHECK: %[[A:.*]] = tensor.insert_slice %[[X]] into %{{.*}}[0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x4xf32>
// CHECK: %[[C:.*]] = tensor.insert_slice %[[Y]] into %[[A]][0, 3] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x4xf32>
// CHECK: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[C]] low[1, 0] high[0, 1]
// CHECK:   tensor.yield %[[HALF]] : f32
// CHECK: %[[S:.*]] = tensor.extract_slice %[[P]][1, 0] [2, 3] [1, 2] : tensor<3x5xf32> to tensor<2x3xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[S]] : tensor<2x3xf32>)
// CHECK: %[[THREE:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<2xf32>)
// CHECK:   arith.divf %{{.*}}, %[[THREE]] : f32
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[S]] : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2xf32>)
// CHECK:   arith.maximumf
// CHECK: %[[B:.*]] = linalg.broadcast ins(%[[S]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<2x2x3x2xf32>) dimensions = [1, 3]
// CHECK: tensor.collapse_shape %[[B]] {{\[\[}}0, 1], [2, 3]] : tensor<2x2x3x2xf32> into tensor<4x6xf32>
func.func @layout(%x: tensor<2x3xf32>, %y: tensor<2x1xf32>) -> (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<4x6xf32>) {
  %t = qnn.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %c = qnn.concat %x, %y {axis = 1} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  %p = qnn.pad %c {low = array<i64: 1, 0>, high = array<i64: 0, 1>, value = 0.5 : f32} : tensor<2x4xf32> -> tensor<3x5xf32>
  %s = qnn.slice %p {offsets = array<i64: 1, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 2>} : tensor<3x5xf32> -> tensor<2x3xf32>
  %m = qnn.reduce_mean %s {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
  %x2 = qnn.reduce_max %s {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
  %u = qnn.upsample_nearest %s {scales = array<i64: 2, 2>} : tensor<2x3xf32> -> tensor<4x6xf32>
  return %t, %m, %x2, %u : tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<4x6xf32>
}
