// RUN: qnn-opt %s --convert-qnn-graph-to-linalg --split-input-file --verify-diagnostics | FileCheck %s

// Padding becomes tensor.pad, the bias the accumulator's init, and the
// convolution linalg's NCHW x FCHW named op.
// CHECK-LABEL: func @conv
// CHECK: %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 2] high[0, 0, 1, 2]
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%{{.*}} : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x4x6xf32>) dimensions = [0, 2, 3]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[PADDED]], %{{.*}} : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x6xf32>)
func.func @conv(%x: tensor<1x3x8x6xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x6xf32> {
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 1>, padding = array<i64: 1, 2, 1, 2>, dilations = array<i64: 1, 2>} : (tensor<1x3x8x6xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x6xf32>
  return %y : tensor<1x4x4x6xf32>
}

// -----

// Groups split the channel axes: NGCHW x GFCHW, then collapse back.
// CHECK-LABEL: func @grouped
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 5, 5]
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
func.func @grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %y = qnn.conv2d %x, %w {groups = 2} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
}

// -----

// CHECK-LABEL: func @dense
// CHECK: linalg.matmul_transpose_b ins(%{{.*}}, %{{.*}} : tensor<2x8xf32>, tensor<3x8xf32>)
func.func @dense(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>) -> tensor<2x3xf32> {
  %y = qnn.dense %x, %w : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Max pooling pads with -infinity, so padding never wins.
// CHECK-LABEL: func @max_pool
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %{{.*}} : f32
// CHECK: linalg.pooling_nchw_max
func.func @max_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %y = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Fake quantization (quantize then dequantize on floats) is one elementwise
// map: round half to even, clamp to the code range, shift and scale back.
// CHECK-LABEL: func @fake_quantization
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK: arith.addf
// CHECK: math.roundeven
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK-NOT: qnn.
func.func @fake_quantization(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.quant<u3, scale = 0.5, zero_point = 3.5>>
  %y = qnn.dequantize %q : tensor<4x!qnn.quant<u3, scale = 0.5, zero_point = 3.5>> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A quantize feeding anything but a dequantize is not graph level.
func.func @leftover_quantize(%x: tensor<4xf32>) -> tensor<4x!qnn.quant<u3, scale = 0.5>> {
  // expected-error @+1 {{could not be lowered to linalg}}
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.quant<u3, scale = 0.5>>
  return %q : tensor<4x!qnn.quant<u3, scale = 0.5>>
}
