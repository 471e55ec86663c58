// RUN: qnn-opt %s | qnn-opt | FileCheck %s

// Round trip of the graph-level ops (QNNOps.td, "Graph level"). Output sizes
// follow the window formula of the spec:
//   out = floor((in + pad_begin + pad_end - dilation * (kernel - 1) - 1) / stride) + 1
// so each function that verifies also checks the verifier's arithmetic.

// The spec's example: (32 + 1 + 1 - 2 - 1) / 2 + 1 = 16.
// CHECK-LABEL: func.func @conv2d_stride_padding_bias
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
func.func @conv2d_stride_padding_bias(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>,
                                      %b: tensor<16xf32>) -> tensor<1x16x16x16xf32> {
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}

// CHECK-LABEL: func.func @conv2d_no_bias
// CHECK: qnn.conv2d %{{[^,]*}}, %{{[^,]*}} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
func.func @conv2d_no_bias(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32> {
  %y = qnn.conv2d %x, %w : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// Grouped: weight dimension 1 is C / groups = 8 / 2.
// CHECK-LABEL: func.func @conv2d_groups
// CHECK: qnn.conv2d {{.*}} {groups = 2 : i64} : (tensor<1x8x8x8xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32>
func.func @conv2d_groups(%x: tensor<1x8x8x8xf32>, %w: tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32> {
  %y = qnn.conv2d %x, %w {groups = 2} : (tensor<1x8x8x8xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// Depthwise: groups = C, with a channel multiplier of 2 (O = 2 * C).
// CHECK-LABEL: func.func @conv2d_depthwise
// CHECK: qnn.conv2d {{.*}} {groups = 8 : i64, padding = array<i64: 1, 1, 1, 1>}
// CHECK-SAME: -> tensor<1x16x8x8xf32>
func.func @conv2d_depthwise(%x: tensor<1x8x8x8xf32>, %w: tensor<16x1x3x3xf32>,
                            %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %y = qnn.conv2d %x, %w, %b {groups = 8, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<16x1x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// Dilation 2 makes a 3x3 kernel span 5: 9 - 5 + 1 = 5.
// CHECK-LABEL: func.func @conv2d_dilation
// CHECK: qnn.conv2d {{.*}} {dilations = array<i64: 2, 2>} : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
func.func @conv2d_dilation(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 2, 2>} : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

// Padding is (top, left, bottom, right): height 5 + 0 + 2 - 2 = 5, width
// 5 + 1 + 0 - 2 = 4. A stride rounds down: (8 - 3) / 2 + 1 = 3.
// CHECK-LABEL: func.func @conv2d_asymmetric
// CHECK: qnn.conv2d {{.*}} {padding = array<i64: 0, 1, 2, 0>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x4xf32>
// CHECK: qnn.conv2d {{.*}} {strides = array<i64: 2, 1>} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x6xf32>
func.func @conv2d_asymmetric(%x: tensor<1x1x5x5xf32>, %w: tensor<1x1x3x3xf32>, %x8: tensor<1x1x8x8xf32>)
    -> (tensor<1x1x5x4xf32>, tensor<1x1x3x6xf32>) {
  %y = qnn.conv2d %x, %w {padding = array<i64: 0, 1, 2, 0>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x4xf32>
  %z = qnn.conv2d %x8, %w {strides = array<i64: 2, 1>} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x6xf32>
  return %y, %z : tensor<1x1x5x4xf32>, tensor<1x1x3x6xf32>
}

// CHECK-LABEL: func.func @dense
// CHECK: qnn.dense %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
// CHECK: qnn.dense %{{[^,]*}}, %{{[^,]*}} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
func.func @dense(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>, %b: tensor<10xf32>)
    -> (tensor<1x10xf32>, tensor<1x10xf32>) {
  %y = qnn.dense %x, %w, %b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %z = qnn.dense %x, %w : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %y, %z : tensor<1x10xf32>, tensor<1x10xf32>
}

// CHECK-LABEL: func.func @relu
// CHECK: qnn.relu %{{.*}} : tensor<1x16x8x8xf32>
func.func @relu(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %y = qnn.relu %x : tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// ReLU6, and min = max (allowed: min must not exceed max).
// CHECK-LABEL: func.func @clip
// CHECK: qnn.clip %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x16xf32>
// CHECK: qnn.clip %{{.*}} {max = -1.000000e+00 : f32, min = -1.000000e+00 : f32} : tensor<1x16xf32>
func.func @clip(%x: tensor<1x16xf32>) -> (tensor<1x16xf32>, tensor<1x16xf32>) {
  %y = qnn.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x16xf32>
  %z = qnn.clip %x {min = -1.0 : f32, max = -1.0 : f32} : tensor<1x16xf32>
  return %y, %z : tensor<1x16xf32>, tensor<1x16xf32>
}

// (8 + 1 + 1 - 3) / 2 + 1 = 4; with dilation 2 the 2x2 window spans 3: 8 - 3 + 1 = 6.
// CHECK-LABEL: func.func @max_pool2d
// CHECK: qnn.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
// CHECK: qnn.max_pool2d %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
// CHECK: qnn.max_pool2d %{{.*}} {dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x16x6x6xf32>
func.func @max_pool2d(%x: tensor<1x16x8x8xf32>)
    -> (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>, tensor<1x16x6x6xf32>) {
  %a = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  %b = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                          padding = array<i64: 1, 1, 1, 1>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  %c = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, dilations = array<i64: 2, 2>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x6x6xf32>
  return %a, %b, %c : tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>, tensor<1x16x6x6xf32>
}

// CHECK-LABEL: func.func @avg_pool2d
// CHECK: qnn.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
// CHECK: qnn.avg_pool2d %{{.*}} {count_include_pad, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
func.func @avg_pool2d(%x: tensor<1x16x8x8xf32>) -> (tensor<1x16x4x4xf32>, tensor<1x16x8x8xf32>) {
  %a = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  %b = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return %a, %b : tensor<1x16x4x4xf32>, tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @global_avg_pool
// CHECK: qnn.global_avg_pool %{{.*}} : tensor<2x64x7x5xf32> -> tensor<2x64x1x1xf32>
func.func @global_avg_pool(%x: tensor<2x64x7x5xf32>) -> tensor<2x64x1x1xf32> {
  %y = qnn.global_avg_pool %x : tensor<2x64x7x5xf32> -> tensor<2x64x1x1xf32>
  return %y : tensor<2x64x1x1xf32>
}

// CHECK-LABEL: func.func @add
// CHECK: qnn.add %{{.*}}, %{{.*}} : tensor<1x16x8x8xf32>
func.func @add(%a: tensor<1x16x8x8xf32>, %b: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %y = qnn.add %a, %b : tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @mul
// CHECK: qnn.mul %{{.*}}, %{{.*}} : tensor<1x16x8x8xf32>
func.func @mul(%a: tensor<1x16x8x8xf32>, %b: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %y = qnn.mul %a, %b : tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// Channels are dimension 1, for a 4-D and for a 2-D (N x C) input; epsilon
// may be 0.
// CHECK-LABEL: func.func @batch_norm
// CHECK: qnn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : tensor<1x16x8x8xf32>, tensor<16xf32>
// CHECK: qnn.batch_norm {{.*}} {epsilon = 0.000000e+00 : f32} : tensor<4x16xf32>, tensor<16xf32>
func.func @batch_norm(%x: tensor<1x16x8x8xf32>, %x2: tensor<4x16xf32>, %gamma: tensor<16xf32>,
                      %beta: tensor<16xf32>, %mean: tensor<16xf32>, %var: tensor<16xf32>)
    -> (tensor<1x16x8x8xf32>, tensor<4x16xf32>) {
  %y = qnn.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0e-3 : f32}
      : tensor<1x16x8x8xf32>, tensor<16xf32>
  %z = qnn.batch_norm %x2, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
      : tensor<4x16xf32>, tensor<16xf32>
  return %y, %z : tensor<1x16x8x8xf32>, tensor<4x16xf32>
}

// axis in [0, rank]: 0 puts everything in the inner dimension, rank in the outer.
// CHECK-LABEL: func.func @flatten
// CHECK: qnn.flatten %{{.*}} : tensor<2x16x4x4xf32> -> tensor<2x256xf32>
// CHECK: qnn.flatten %{{.*}} {axis = 0 : i64} : tensor<2x16x4x4xf32> -> tensor<1x512xf32>
// CHECK: qnn.flatten %{{.*}} {axis = 2 : i64} : tensor<2x16x4x4xf32> -> tensor<32x16xf32>
// CHECK: qnn.flatten %{{.*}} {axis = 4 : i64} : tensor<2x16x4x4xf32> -> tensor<512x1xf32>
func.func @flatten(%x: tensor<2x16x4x4xf32>)
    -> (tensor<2x256xf32>, tensor<1x512xf32>, tensor<32x16xf32>, tensor<512x1xf32>) {
  %a = qnn.flatten %x {axis = 1} : tensor<2x16x4x4xf32> -> tensor<2x256xf32>
  %b = qnn.flatten %x {axis = 0} : tensor<2x16x4x4xf32> -> tensor<1x512xf32>
  %c = qnn.flatten %x {axis = 2} : tensor<2x16x4x4xf32> -> tensor<32x16xf32>
  %d = qnn.flatten %x {axis = 4} : tensor<2x16x4x4xf32> -> tensor<512x1xf32>
  return %a, %b, %c, %d : tensor<2x256xf32>, tensor<1x512xf32>, tensor<32x16xf32>, tensor<512x1xf32>
}

// CHECK-LABEL: func.func @reshape
// CHECK: qnn.reshape %{{.*}} : tensor<1x64x1x1xf32> -> tensor<1x64xf32>
// CHECK: qnn.reshape %{{.*}} : tensor<1x64x1x1xf32> -> tensor<8x2x4xf32>
func.func @reshape(%x: tensor<1x64x1x1xf32>) -> (tensor<1x64xf32>, tensor<8x2x4xf32>) {
  %y = qnn.reshape %x : tensor<1x64x1x1xf32> -> tensor<1x64xf32>
  %z = qnn.reshape %x : tensor<1x64x1x1xf32> -> tensor<8x2x4xf32>
  return %y, %z : tensor<1x64xf32>, tensor<8x2x4xf32>
}

// axis in [-rank, rank), -1 (the last axis) by default.
// CHECK-LABEL: func.func @softmax
// CHECK: qnn.softmax %{{.*}} {axis = 1 : i64} : tensor<2x10xf32>
// CHECK: qnn.softmax %{{.*}} : tensor<2x10xf32>
// CHECK: qnn.softmax %{{.*}} {axis = -2 : i64} : tensor<2x10xf32>
// CHECK: qnn.softmax %{{.*}} {axis = 0 : i64} : tensor<2x10xf32>
func.func @softmax(%x: tensor<2x10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>) {
  %a = qnn.softmax %x {axis = 1} : tensor<2x10xf32>
  %b = qnn.softmax %x : tensor<2x10xf32>
  %c = qnn.softmax %x {axis = -2} : tensor<2x10xf32>
  %d = qnn.softmax %x {axis = 0} : tensor<2x10xf32>
  return %a, %b, %c, %d : tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>
}
