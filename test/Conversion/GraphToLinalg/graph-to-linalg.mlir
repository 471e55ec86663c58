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

// With the direct_conv kernel channels last (what qnn-select-kernels gives a
// grouped float convolution): the input to NHWC, padded there and split
// into N x H x W x G x Cg; constant weights reordered at compile time to
// KH x KW x Cg x Og x G; the bias broadcast into N x OH x OW x G x Og; one
// generic over (n, oh, ow, kh, kw, cg, og, g), whose innermost loop walks
// the groups (consecutive channels); the result back to NCHW.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d7, d5)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d7, d6)>
// CHECK-LABEL: func @grouped_nhwc
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%arg0 : tensor<1x4x5x5xf32>) outs(%{{.*}} : tensor<1x5x5x4xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[PADDED:.*]] = tensor.pad %[[NHWC]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %[[PADDED]] {{\[\[}}0], [1], [2], [3, 4]] output_shape [1, 7, 7, 2, 2]
// CHECK: %[[WEIGHTS:.*]] = arith.constant dense<{{.*}}> : tensor<3x3x2x3x2xf32>
// CHECK: %[[BIAS:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%[[BIAS]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<1x3x3x2x3xf32>) dimensions = [0, 1, 2]
// CHECK: %[[SUMS:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]} ins(%[[GROUPED]], %[[WEIGHTS]] : tensor<1x7x7x2x2xf32>, tensor<3x3x2x3x2xf32>) outs(%[[INIT]] : tensor<1x3x3x2x3xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[SUMS]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x3x3x2x3xf32> into tensor<1x3x3x6xf32>
// CHECK: linalg.transpose ins(%[[FLAT]] : tensor<1x3x3x6xf32>) outs(%{{.*}} : tensor<1x6x3x3xf32>) permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.conv_2d_ngchw_gfchw
func.func @grouped_nhwc(%x: tensor<1x4x5x5xf32>, %b: tensor<6xf32>) -> tensor<1x6x3x3xf32> {
  %w = arith.constant dense<0.25> : tensor<6x2x3x3xf32>
  %y = qnn.conv2d %x, %w, %b {groups = 2, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
      qnn.kernel = #qnn.kernel<direct_conv, weights = f32, layout = nhwc>}
      : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x3x3xf32>
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
