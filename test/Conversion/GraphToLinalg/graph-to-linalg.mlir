// RUN: qnn-opt %s --convert-qnn-graph-to-linalg --split-input-file --verify-diagnostics | FileCheck %s

// An ungrouped convolution is qnn.im2col (windows in (kh, kw, c) order,
// padding inside the windows) and a GEMM iterating (pixel, k, channel), so
// that the channel loop is innermost and vectorizes; the bias is the
// accumulator's init; the result goes back to NCHW. Weights that are not a
// constant are reordered at run time.
// CHECK-LABEL: func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x6xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[COLUMNS:.*]] = qnn.im2col ins(%[[X]] : tensor<1x3x8x6xf32>) outs(%{{.*}} : tensor<24x27xf32>) {dilations = array<i64: 1, 2>, kernel = array<i64: 3, 3>, padding = array<i64: 1, 2, 1, 2>, strides = array<i64: 2, 1>}
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<24x4xf32>) dimensions = [0]
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[W]] : tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<3x3x3x4xf32>) permutation = [2, 3, 1, 0]
// CHECK: %[[WK:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0, 1, 2], [3]] : tensor<3x3x3x4xf32> into tensor<27x4xf32>
// CHECK: %[[GEMM:.*]] = linalg.generic {indexing_maps = [#[[$MK:.*]], #[[$KN:.*]], #[[$MN:.*]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[COLUMNS]], %[[WK]] : tensor<24x27xf32>, tensor<27x4xf32>) outs(%[[INIT]] : tensor<24x4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[NHWC:.*]] = tensor.expand_shape %[[GEMM]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 4, 6, 4]
// CHECK: linalg.transpose ins(%[[NHWC]] : tensor<1x4x6x4xf32>) outs(%{{.*}} : tensor<1x4x4x6xf32>) permutation = [0, 3, 1, 2]
func.func @conv(%x: tensor<1x3x8x6xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x6xf32> {
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 1>, padding = array<i64: 1, 2, 1, 2>, dilations = array<i64: 1, 2>} : (tensor<1x3x8x6xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x6xf32>
  return %y : tensor<1x4x4x6xf32>
}

// -----

// Constant weights are reordered at compile time: w[o][c][kh][kw] = 1000 o
// + 100 c + 10 kh + kw becomes row (kh, kw, c), column o.
// CHECK-LABEL: func @conv_constant_weights
// CHECK: arith.constant dense<{{\[\[}}0.000000e+00, 1.000000e+03], [1.000000e+02, 1.100000e+03], [1.000000e+00, 1.001000e+03], [1.010000e+02, 1.101000e+03], [1.000000e+01, 1.010000e+03], [1.100000e+02, 1.110000e+03], [1.100000e+01, 1.011000e+03], [1.110000e+02, 1.111000e+03]]> : tensor<8x2xf32>
// CHECK-NOT: linalg.transpose ins(%{{.*}} : tensor<2x2x2x2xf32>)
func.func @conv_constant_weights(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0], [10.0, 11.0]], [[100.0, 101.0], [110.0, 111.0]]], [[[1000.0, 1001.0], [1010.0, 1011.0]], [[1100.0, 1101.0], [1110.0, 1111.0]]]]> : tensor<2x2x2x2xf32>
  %y = qnn.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
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

// Dense: the same (row, k, channel) GEMM on K x O weights, transposed at
// run time, or at compile time when constant.
// CHECK-LABEL: func @dense
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>, %[[W:.*]]: tensor<3x8xf32>)
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<3x8xf32>) outs(%{{.*}} : tensor<8x3xf32>) permutation = [1, 0]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]], %[[WT]] : tensor<2x8xf32>, tensor<8x3xf32>)
func.func @dense(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>) -> tensor<2x3xf32> {
  %y = qnn.dense %x, %w : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @dense_constant
// CHECK: %[[WT:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[WT]] : tensor<1x2xf32>, tensor<2x3xf32>)
func.func @dense_constant(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %y = qnn.dense %x, %w : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
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

// The quantized level is not this pass's: convert-qnn-quantized-to-kernels
// lowers it.
// CHECK-LABEL: func @quantized_level_untouched
// CHECK: qnn.quantize
// CHECK: qnn.dequantize
func.func @quantized_level_untouched(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.quant<u3, scale = 0.5>>
  %y = qnn.dequantize %q : tensor<4x!qnn.quant<u3, scale = 0.5>> -> tensor<4xf32>
  return %y : tensor<4xf32>
}
