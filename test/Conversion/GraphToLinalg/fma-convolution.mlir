// RUN: qnn-opt %s --convert-qnn-graph-to-linalg --split-input-file | FileCheck %s

// A float convolution with the f32_fma kernel: the padded input copied into
// K x pixels columns (row k = (c, kh, kw)), the O x K weights reshaped as
// they are, one qnn.fma_matmul with the bias and the ReLU after it fused,
// and its N x O x (OH OW) result reshaped to NCHW: no layout step.
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[WEIGHTS:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0], [1, 2, 3]] : tensor<16x8x3x3xf32> into tensor<16x72xf32>
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[WINDOWS:.*]] = linalg.generic {indexing_maps = [#[[WINDOW]], #{{.*}}]{{.*}} ins(%[[PADDED]] : tensor<1x8x12x12xf32>) outs(%{{.*}} : tensor<1x8x3x3x5x5xf32>)
// CHECK: %[[COLUMNS:.*]] = tensor.collapse_shape %[[WINDOWS]] {{\[\[}}0], [1, 2, 3], [4, 5]] : tensor<1x8x3x3x5x5xf32> into tensor<1x72x25xf32>
// CHECK: %[[PRODUCT:.*]] = qnn.fma_matmul ins(%[[WEIGHTS]], %[[COLUMNS]], %arg2 : tensor<16x72xf32>, tensor<1x72x25xf32>, tensor<16xf32>) outs(%{{.*}} : tensor<1x16x25xf32>) {clamp_min = 0.000000e+00 : f32, isa = #qnn<fma_isa avx512>}
// CHECK-NOT: linalg.transpose
// CHECK-NOT: arith.maximumf
// CHECK: %[[NCHW:.*]] = tensor.expand_shape %[[PRODUCT]] {{\[\[}}0], [1], [2, 3]] output_shape [1, 16, 5, 5]
// CHECK: return %[[NCHW]]
func.func @conv_relu(%x: tensor<1x8x10x10xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x5x5xf32> {
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
      qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx512>}
      : (tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x5x5xf32>
  %r = qnn.relu %y : tensor<1x16x5x5xf32>
  return %r : tensor<1x16x5x5xf32>
}

// -----

// A 1x1 convolution with unit strides and no padding reads the NCHW input
// as its columns (no copy); without a bias the kernel starts from zeros. A
// Clip after it becomes the clamp.
// CHECK-LABEL: func.func @pointwise_clip
// CHECK-NOT: linalg.generic
// CHECK: %[[COLUMNS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0], [1], [2, 3]] : tensor<2x8x4x4xf32> into tensor<2x8x16xf32>
// CHECK: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: qnn.fma_matmul ins(%{{.*}}, %[[COLUMNS]], %[[ZEROS]] : tensor<4x8xf32>, tensor<2x8x16xf32>, tensor<4xf32>) outs(%{{.*}} : tensor<2x4x16xf32>) {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, isa = #qnn<fma_isa avx2>}
func.func @pointwise_clip(%x: tensor<2x8x4x4xf32>, %w: tensor<4x8x1x1xf32>) -> tensor<2x4x4x4xf32> {
  %y = qnn.conv2d %x, %w {qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx2>}
      : (tensor<2x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<2x4x4x4xf32>
  %r = qnn.clip %y {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x4x4x4xf32>
  return %r : tensor<2x4x4x4xf32>
}

// -----

// A convolution with two users keeps its ReLU apart (an elementwise max),
// and one without a kernel keeps the im2col GEMM.
// CHECK-LABEL: func.func @two_users
// CHECK: qnn.fma_matmul
// CHECK-NOT: clamp_min
// CHECK-SAME: isa = #qnn<fma_isa neon>
// CHECK: arith.maximumf
// CHECK: qnn.im2col
func.func @two_users(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %y = qnn.conv2d %x, %w {qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = neon>}
      : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qnn.relu %y : tensor<1x2x4x4xf32>
  %z = qnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y, %r, %z : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A ResNet block's end, relu(conv + shortcut): the add becomes the kernel's
// residual (the shortcut reshaped like the product) and the ReLU its clamp.
// CHECK-LABEL: func.func @residual_relu
// CHECK: %[[SHORTCUT:.*]] = tensor.collapse_shape %arg2 {{\[\[}}0], [1], [2, 3]] : tensor<1x4x3x3xf32> into tensor<1x4x9xf32>
// CHECK: qnn.fma_matmul ins(%{{.*}}, %{{.*}}, %{{.*}}, %[[SHORTCUT]] : tensor<4x4xf32>, tensor<1x4x9xf32>, tensor<4xf32>, tensor<1x4x9xf32>) outs({{.*}}) {clamp_min = 0.000000e+00 : f32, isa = #qnn<fma_isa avx512>}
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @residual_relu(%x: tensor<1x4x3x3xf32>, %w: tensor<4x4x1x1xf32>, %s: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %y = qnn.conv2d %x, %w {qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx512>}
      : (tensor<1x4x3x3xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %a = qnn.add %s, %y : tensor<1x4x3x3xf32>
  %r = qnn.relu %a : tensor<1x4x3x3xf32>
  return %r : tensor<1x4x3x3xf32>
}

// -----

// Channels last (layout = nhwc, what qnn-select-kernels gives): the input
// transposed to NHWC and padded once; qnn.fma_matmul reads its windows in
// place (a 4-D lhs and the kernel: no qnn.im2col, pixels x K with K = (kh,
// kw, c)); the constant weights reordered to K x O and packed at compile
// time into panels of the tile's 16 columns on AVX2 (20 channels: 2
// panels, the second zero past channel 20); the residual (transposed to
// pixels x channels) and the ReLU fused, and the pixels x O result back to
// NCHW.
// CHECK-LABEL: func.func @nhwc_residual_relu
// CHECK-NOT: qnn.im2col
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%arg0 : tensor<1x3x6x6xf32>) outs(%{{.*}} : tensor<1x6x6x3xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[PADDED:.*]] = tensor.pad %[[NHWC]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK-NOT: tensor<27x20xf32>
// CHECK: %[[PANELS:.*]] = arith.constant dense<{{.*}}> : tensor<2x27x16xf32>
// CHECK: %[[SHORTCUT:.*]] = linalg.transpose ins(%arg2 : tensor<1x20x6x6xf32>)
// CHECK: %[[RESIDUAL:.*]] = tensor.collapse_shape %[[SHORTCUT]] {{\[\[}}0, 1, 2], [3]] : tensor<1x6x6x20xf32> into tensor<36x20xf32>
// CHECK: %[[PRODUCT:.*]] = qnn.fma_matmul ins(%[[PADDED]], %[[PANELS]], %arg1, %[[RESIDUAL]] : tensor<1x8x8x3xf32>, tensor<2x27x16xf32>, tensor<20xf32>, tensor<36x20xf32>) outs(%{{.*}} : tensor<36x20xf32>) {channels_last, clamp_min = 0.000000e+00 : f32, isa = #qnn<fma_isa avx2>, kernel = array<i64: 3, 3>}
// CHECK: %[[EXPANDED:.*]] = tensor.expand_shape %[[PRODUCT]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 6, 6, 20]
// CHECK: %[[NCHW:.*]] = linalg.transpose ins(%[[EXPANDED]] : tensor<1x6x6x20xf32>) outs(%{{.*}} : tensor<1x20x6x6xf32>) permutation = [0, 3, 1, 2]
// CHECK-NOT: qnn.add
// CHECK-NOT: qnn.relu
// CHECK: return %[[NCHW]]
func.func @nhwc_residual_relu(%x: tensor<1x3x6x6xf32>, %b: tensor<20xf32>, %s: tensor<1x20x6x6xf32>) -> tensor<1x20x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<20x3x3x3xf32>
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>,
      qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = avx2>}
      : (tensor<1x3x6x6xf32>, tensor<20x3x3x3xf32>, tensor<20xf32>) -> tensor<1x20x6x6xf32>
  %a = qnn.add %y, %s : tensor<1x20x6x6xf32>
  %r = qnn.relu %a : tensor<1x20x6x6xf32>
  return %r : tensor<1x20x6x6xf32>
}

// -----

// Channels last, a 1x1 convolution with unit strides reads the NHWC input
// as its rows (no im2col); weights that are not a constant are reordered
// and packed by a transpose, a pad to whole panels and a second transpose.
// CHECK-LABEL: func.func @nhwc_pointwise
// CHECK-NOT: qnn.im2col
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%arg0 : tensor<2x8x4x4xf32>)
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[NHWC]] {{\[\[}}0, 1, 2], [3]] : tensor<2x4x4x8xf32> into tensor<32x8xf32>
// CHECK: %[[WKO:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<1x1x8x4xf32> into tensor<8x4xf32>
// CHECK: %[[PADDED:.*]] = tensor.pad %[[WKO]] low[0, 0] high[0, 4]
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %[[PADDED]] {{\[\[}}0], [1, 2]] output_shape [8, 1, 8] : tensor<8x8xf32> into tensor<8x1x8xf32>
// CHECK: %[[PANELS:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<8x1x8xf32>) outs(%{{.*}} : tensor<1x8x8xf32>) permutation = [1, 0, 2]
// CHECK: qnn.fma_matmul ins(%[[ROWS]], %[[PANELS]], %{{.*}} : tensor<32x8xf32>, tensor<1x8x8xf32>, tensor<4xf32>) outs(%{{.*}} : tensor<32x4xf32>) {channels_last, isa = #qnn<fma_isa avx2>}
func.func @nhwc_pointwise(%x: tensor<2x8x4x4xf32>, %w: tensor<4x8x1x1xf32>) -> tensor<2x4x4x4xf32> {
  %y = qnn.conv2d %x, %w {qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = avx2>}
      : (tensor<2x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// Channels last without padding: the NHWC input itself is the lhs, with
// the strides and dilations of the convolution.
// CHECK-LABEL: func.func @nhwc_strided_dilated
// CHECK-NOT: tensor.pad
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%arg0 : tensor<1x4x9x9xf32>)
// CHECK: qnn.fma_matmul ins(%[[NHWC]], %{{.*}}, %{{.*}} : tensor<1x9x9x4xf32>, tensor<1x36x8xf32>, tensor<8xf32>) outs(%{{.*}} : tensor<9x8xf32>) {channels_last, dilations = array<i64: 1, 2>, isa = #qnn<fma_isa avx2>, kernel = array<i64: 3, 3>, strides = array<i64: 3, 2>}
func.func @nhwc_strided_dilated(%x: tensor<1x4x9x9xf32>) -> tensor<1x8x3x3xf32> {
  %w = arith.constant dense<0.25> : tensor<8x4x3x3xf32>
  %y = qnn.conv2d %x, %w {strides = array<i64: 3, 2>, dilations = array<i64: 1, 2>,
      qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = avx2>}
      : (tensor<1x4x9x9xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3x3xf32>
  return %y : tensor<1x8x3x3xf32>
}
