// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s

// A 3x3 convolution with stride 2 and padding 1: the input is quantized to
// i8 codes, im2col unfolds them into (N * OH * OW) x (KH * KW * C) = 16 x 18
// rows, channels last, pack_bits packs them, the bit-serial matmul gives
// 16 x 4 exact sums, and the result goes back to NCHW.
// CHECK-LABEL: func @conv
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<1x2x8x8xf32>) outs(%{{.*}} : tensor<1x2x8x8xi8>)
// CHECK: %[[COLS:.*]] = qnn.im2col ins(%[[CODES]] : tensor<1x2x8x8xi8>) outs(%{{.*}} : tensor<16x18xi8>) {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK: %[[PLANES:.*]] = qnn.pack_bits ins(%[[COLS]] : tensor<16x18xi8>) outs(%{{.*}} : tensor<4x16x1xi64>) {encoding = #qnn<encoding unsigned>}
// CHECK: %[[ACC:.*]] = qnn.bitserial_matmul ins(%[[PLANES]], %{{.*}} : tensor<4x16x1xi64>, tensor<2x4x1xi64>) outs(%{{.*}} : tensor<16x4xi32>)
// Zero padding is exact here (code 0 is the real 0): no correction input.
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[ACC]], %{{.*}}, %{{.*}} : tensor<16x4xi32>, tensor<4xf64>, tensor<4xf64>)
// CHECK: %[[PIXELS:.*]] = tensor.expand_shape %[[Y]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 4, 4, 4]
// CHECK: linalg.transpose ins(%[[PIXELS]] : tensor<1x4x4x4xf32>) outs(%{{.*}} : tensor<1x4x4x4xf32>) permutation = [0, 3, 1, 2]
func.func @conv(%x: tensor<1x2x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<0.25> : tensor<4x2x3x3xf32>
  %qx = qnn.quantize %x : tensor<1x2x8x8xf32> -> tensor<1x2x8x8x!qnn.quant<u4, scale = 0.5>>
  %qw = qnn.quantize %w : tensor<4x2x3x3xf32> -> tensor<4x2x3x3x!qnn.quant<s2, scale = 0.25>>
  %y = qnn.qconv2d %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nchw>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x8x8x!qnn.quant<u4, scale = 0.5>>, tensor<4x2x3x3x!qnn.quant<s2, scale = 0.25>>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Bipolar activations have no code for 0: padding takes code +1, and a
// compile-time correction (per output pixel and channel) takes out what the
// padded positions add. A 1x3 input padded by 1 left and right, a 1x3
// kernel of weights +1: the two border pixels each see one padded position,
// so their correction is (+1 - 0) * (+1) = 1 and the middle pixel's is 0.
// CHECK-LABEL: func @bipolar_padding
// CHECK: qnn.im2col {{.*}} padding_value = 1.000000e+00 : f32
// CHECK-DAG: %[[CORR:.*]] = arith.constant dense<{{\[}}[1.000000e+00], [0.000000e+00], [1.000000e+00]]> : tensor<3x1xf64>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %[[CORR]] : tensor<3x1xi32>, tensor<1xf64>, tensor<1xf64>, tensor<3x1xf64>)
func.func @bipolar_padding(%x: tensor<1x1x1x3xf32>) -> tensor<1x1x1x3xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x3xf32>
  %qx = qnn.quantize %x : tensor<1x1x1x3xf32> -> tensor<1x1x1x3x!qnn.quant<b1, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<1x1x1x3xf32> -> tensor<1x1x1x3x!qnn.quant<b1, scale = 1.0>>
  %y = qnn.qconv2d %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nchw>, padding = array<i64: 0, 1, 0, 1>} : (tensor<1x1x1x3x!qnn.quant<b1, scale = 1.0>>, tensor<1x1x1x3x!qnn.quant<b1, scale = 1.0>>) -> tensor<1x1x1x3xf32>
  return %y : tensor<1x1x1x3xf32>
}

// -----

// Depthwise (groups = channels = 2): one pipeline per group, on that group's
// input channel, inserted into the group's output columns.
// CHECK-LABEL: func @depthwise
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 1, 4, 4] [1, 1, 1, 1]
// CHECK: qnn.im2col {{.*}} outs(%{{.*}} : tensor<16x9xi8>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0] [16, 1] [1, 1]
// CHECK: tensor.extract_slice %{{.*}}[0, 1, 0, 0] [1, 1, 4, 4] [1, 1, 1, 1]
// CHECK: qnn.im2col
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 1] [16, 1] [1, 1]
func.func @depthwise(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x3x3xf32>
  %qx = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<2x1x3x3xf32> -> tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>
  %y = qnn.qconv2d %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nchw>, padding = array<i64: 1, 1, 1, 1>, groups = 2} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Layout nhwc: the NCHW codes are transposed to NHWC, im2col copies runs
// of channels (channels_last), and the GEMM's rows of pixels are NHWC,
// transposed back to NCHW at the end (qnn-propagate-transposes cancels
// such pairs between layers). Groups slice the last dimension.
// CHECK-LABEL: func @nhwc
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x4x4xi8>)
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%[[CODES]] : tensor<1x2x4x4xi8>) outs(%{{.*}} : tensor<1x4x4x2xi8>) permutation = [0, 2, 3, 1]
// CHECK: %[[G0:.*]] = tensor.extract_slice %[[NHWC]][0, 0, 0, 0] [1, 4, 4, 1] [1, 1, 1, 1]
// CHECK: qnn.im2col ins(%[[G0]] : tensor<1x4x4x1xi8>) outs(%{{.*}} : tensor<16x9xi8>) {channels_last, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[G1:.*]] = tensor.extract_slice %[[NHWC]][0, 0, 0, 1] [1, 4, 4, 1] [1, 1, 1, 1]
// CHECK: qnn.im2col ins(%[[G1]] : tensor<1x4x4x1xi8>) {{.*}}channels_last
// CHECK: %[[PIXELS:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] output_shape [1, 4, 4, 2]
// CHECK: linalg.transpose ins(%[[PIXELS]] : tensor<1x4x4x2xf32>) outs(%{{.*}} : tensor<1x2x4x4xf32>) permutation = [0, 3, 1, 2]
func.func @nhwc(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x3x3xf32>
  %qx = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<2x1x3x3xf32> -> tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>
  %y = qnn.qconv2d %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nhwc>, padding = array<i64: 1, 1, 1, 1>, groups = 2} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The direct grouped convolution in nhwc: the padded zero-point-free values
// transposed to N x H x W x (G x Cg), weights stored KH x KW x Cg x Og x G
// (channel 0's codes 1, 1, 0 and channel 1's -2, -1, 0 along kw), one
// generic over (n, oh, ow, kh, kw, cg, og, g) whose innermost loop walks the
// channels, the epilogue's per-channel scale at the last dimension, and the
// NHWC result transposed back to NCHW.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d3, d2 + d4, d7, d5)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
// CHECK-DAG: #[[ZW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d6, d7)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d7, d6)>
// CHECK-DAG: #[[LAST:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @depthwise_nhwc
// CHECK: %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%[[PADDED]] : tensor<1x2x6x6xf32>) outs(%{{.*}} : tensor<1x6x6x2xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %[[NHWC]] {{\[\[}}0], [1], [2], [3, 4]]
// CHECK: %[[CODES:.*]] = arith.constant dense<{{\[\[\[\[\[}}1, -2]]], {{\[\[\[}}1, -1]]], {{\[\[\[}}0, 0]]]], {{.*}} : tensor<3x3x1x1x2xi8>
// CHECK: %[[SUMS:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[ZW]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]} ins(%[[GROUPED]], %[[CODES]], %{{.*}} : tensor<1x6x6x2x1xf32>, tensor<3x3x1x1x2xi8>, tensor<1x2xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[SUMS]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x4x4x2x1xf32> into tensor<1x4x4x2xf32>
// CHECK: %[[SCALED:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[LAST]], #{{.*}}]{{.*}} ins(%[[FLAT]], %{{.*}} : tensor<1x4x4x2xf32>, tensor<2xf64>)
// CHECK: linalg.transpose ins(%[[SCALED]] : tensor<1x4x4x2xf32>) outs(%{{.*}} : tensor<1x2x4x4xf32>) permutation = [0, 3, 1, 2]
func.func @depthwise_nhwc(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0, 0.5, 0.0], [1.0, 0.5, 0.0], [1.0, 0.5, 0.0]]], [[[-1.0, -0.5, 0.0], [-1.0, -0.5, 0.0], [-1.0, -0.5, 0.0]]]]> : tensor<2x1x3x3xf32>
  %qx = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<2x1x3x3xf32> -> tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>
  %y = qnn.qconv2d %qx, %qw {qnn.kernel = #qnn.kernel<direct_conv, weights = codes, layout = nhwc>, padding = array<i64: 1, 1, 1, 1>, groups = 2} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// With an fma (qnn-select-kernels gives it to a depthwise layer channels
// last where the target has FMA vectors) the sums are one qnn.fma_matmul
// {depthwise} reading the padded NHWC values in place against the weights
// w - z_w packed at compile time into a 1 x 9 x 8 panel (row k = (kh, kw):
// channel 0's code, channel 1's, zeros past the 2 channels); the same
// per-channel epilogue follows.
// CHECK-LABEL: func @depthwise_nhwc_fma
// CHECK-NOT: tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]]
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%{{.*}} : tensor<1x2x6x6xf32>) outs(%{{.*}} : tensor<1x6x6x2xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[PANEL:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, -2.000000e+00, 0.000000e+00, {{.*}}], [1.000000e+00, -1.000000e+00, 0.000000e+00, {{.*}}]{{.*}} : tensor<1x9x8xf32>
// CHECK: %[[SUMS:.*]] = qnn.fma_matmul ins(%[[NHWC]], %[[PANEL]], %{{.*}} : tensor<1x6x6x2xf32>, tensor<1x9x8xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<16x2xf32>) {channels_last, depthwise, isa = #qnn<fma_isa avx2>, kernel = array<i64: 3, 3>}
// CHECK: %[[FLAT:.*]] = tensor.expand_shape %[[SUMS]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 4, 4, 2]
// CHECK: linalg.generic {{.*}} ins(%[[FLAT]], %{{.*}} : tensor<1x4x4x2xf32>, tensor<2xf64>)
func.func @depthwise_nhwc_fma(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0, 0.5, 0.0], [1.0, 0.5, 0.0], [1.0, 0.5, 0.0]]], [[[-1.0, -0.5, 0.0], [-1.0, -0.5, 0.0], [-1.0, -0.5, 0.0]]]]> : tensor<2x1x3x3xf32>
  %qx = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<2x1x3x3xf32> -> tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>
  %y = qnn.qconv2d %qx, %qw {qnn.kernel = #qnn.kernel<direct_conv, weights = codes, layout = nhwc, fma = avx2>, padding = array<i64: 1, 1, 1, 1>, groups = 2} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
