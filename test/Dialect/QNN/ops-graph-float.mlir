// RUN: qnn-opt %s | qnn-opt | FileCheck %s

// Round trip of the graph-level ops of the float operators of ONNX exports
// (QNNOps.td: the elementwise families, log_softmax, transpose, concat,
// pad, slice, the reductions and upsample_nearest). Each result shape is
// what the op's verifier requires, so each function also checks its
// arithmetic.

// CHECK-LABEL: func.func @elementwise
// CHECK: qnn.sub %{{.*}}, %{{.*}} : tensor<2x3xf32>
// CHECK: qnn.div
// CHECK: qnn.max
// CHECK: qnn.min
// CHECK: qnn.pow
// CHECK: qnn.neg %{{.*}} : tensor<2x3xf32>
// CHECK: qnn.sqrt
// CHECK: qnn.exp
// CHECK: qnn.tanh
// CHECK: qnn.sigmoid
// CHECK: qnn.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32}
// CHECK: qnn.hard_sigmoid %{{.*}} : tensor<2x3xf32>
// CHECK: qnn.log_softmax %{{.*}} {axis = 0 : i64}
func.func @elementwise(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.sub %a, %b : tensor<2x3xf32>
  %1 = qnn.div %0, %b : tensor<2x3xf32>
  %2 = qnn.max %1, %b : tensor<2x3xf32>
  %3 = qnn.min %2, %b : tensor<2x3xf32>
  %4 = qnn.pow %3, %b : tensor<2x3xf32>
  %5 = qnn.neg %4 : tensor<2x3xf32>
  %6 = qnn.sqrt %5 : tensor<2x3xf32>
  %7 = qnn.exp %6 : tensor<2x3xf32>
  %8 = qnn.tanh %7 : tensor<2x3xf32>
  %9 = qnn.sigmoid %8 : tensor<2x3xf32>
  %10 = qnn.leaky_relu %9 {alpha = 0.2 : f32} : tensor<2x3xf32>
  %11 = qnn.hard_sigmoid %10 : tensor<2x3xf32>
  %12 = qnn.log_softmax %11 {axis = 0} : tensor<2x3xf32>
  return %12 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @layout
// CHECK: qnn.transpose %{{.*}} {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK: qnn.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<4x2x3xf32>, tensor<4x5x3xf32>) -> tensor<4x7x3xf32>
// CHECK: qnn.pad %{{.*}} {high = array<i64: 0, 2, 0>, low = array<i64: 1, 0, 3>, value = 5.000000e-01 : f32} : tensor<4x7x3xf32> -> tensor<5x9x6xf32>
// CHECK: qnn.slice %{{.*}} {offsets = array<i64: 1, 0, 2>, sizes = array<i64: 2, 9, 2>, strides = array<i64: 2, 1, 3>} : tensor<5x9x6xf32> -> tensor<2x9x2xf32>
// CHECK: qnn.reduce_sum %{{.*}} {axes = array<i64: 0, 2>} : tensor<2x9x2xf32> -> tensor<9xf32>
// CHECK: qnn.reduce_mean %{{.*}} {axes = array<i64: 0>} : tensor<9xf32> -> tensor<f32>
// CHECK: qnn.reduce_max %{{.*}} {axes = array<i64: 1>} : tensor<2x9x2xf32> -> tensor<2x2xf32>
// CHECK: qnn.reduce_min %{{.*}} {axes = array<i64: 0, 1>} : tensor<2x9x2xf32> -> tensor<2xf32>
// CHECK: qnn.upsample_nearest %{{.*}} {scales = array<i64: 1, 2, 3>} : tensor<2x9x2xf32> -> tensor<2x18x6xf32>
func.func @layout(%x: tensor<2x3x4xf32>, %y: tensor<4x5x3xf32>) -> (tensor<f32>, tensor<2x18x6xf32>) {
  %t = qnn.transpose %x {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %c = qnn.concat %t, %y {axis = 1} : (tensor<4x2x3xf32>, tensor<4x5x3xf32>) -> tensor<4x7x3xf32>
  %p = qnn.pad %c {low = array<i64: 1, 0, 3>, high = array<i64: 0, 2, 0>, value = 0.5 : f32} : tensor<4x7x3xf32> -> tensor<5x9x6xf32>
  %s = qnn.slice %p {offsets = array<i64: 1, 0, 2>, sizes = array<i64: 2, 9, 2>, strides = array<i64: 2, 1, 3>} : tensor<5x9x6xf32> -> tensor<2x9x2xf32>
  %r = qnn.reduce_sum %s {axes = array<i64: 0, 2>} : tensor<2x9x2xf32> -> tensor<9xf32>
  %m = qnn.reduce_mean %r {axes = array<i64: 0>} : tensor<9xf32> -> tensor<f32>
  %mx = qnn.reduce_max %s {axes = array<i64: 1>} : tensor<2x9x2xf32> -> tensor<2x2xf32>
  %mn = qnn.reduce_min %s {axes = array<i64: 0, 1>} : tensor<2x9x2xf32> -> tensor<2xf32>
  %u = qnn.upsample_nearest %s {scales = array<i64: 1, 2, 3>} : tensor<2x9x2xf32> -> tensor<2x18x6xf32>
  return %m, %u : tensor<f32>, tensor<2x18x6xf32>
}
