// qnn-select-kernels gives every ungrouped float convolution (and, channels
// last, every depthwise one) the f32_fma kernel where the target has f32 FMA
// vectors, and records which (fma), channels last unless channels-last=false.
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma,avx512f" | FileCheck %s --check-prefix=ZMM
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma" | FileCheck %s --check-prefix=YMM
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-features=neon" | FileCheck %s --check-prefix=ARM
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma channels-last=false" | FileCheck %s --check-prefix=NCHW
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2" | FileCheck %s --check-prefix=NONE
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma,avx512f fma-float-convolutions=false" | FileCheck %s --check-prefix=NONE

// ZMM-LABEL: func.func @conv
// ZMM: qnn.conv2d {{.*}}qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = avx512>
// YMM-LABEL: func.func @conv
// YMM: qnn.conv2d {{.*}}qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = avx2>
// ARM-LABEL: func.func @conv
// ARM: qnn.conv2d {{.*}}qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = neon>
// NCHW-LABEL: func.func @conv
// NCHW: qnn.conv2d {{.*}}qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx2>
// AVX2 without FMA, or the option off: the linalg GEMM, no kernel.
// NONE-LABEL: func.func @conv
// NONE-NOT: qnn.kernel
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %y = qnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// Grouped convolutions take the direct convolution channels last (with
// channels-last=false none: linalg's grouped NCHW convolution); a kernel
// written by hand is kept.
// NONE-LABEL: func.func @grouped_and_forced
// ZMM-LABEL: func.func @grouped_and_forced
// ZMM: qnn.conv2d {{.*}}{groups = 2 : i64, qnn.kernel = #qnn.kernel<direct_conv, weights = f32, layout = nhwc>} :
// NCHW-LABEL: func.func @grouped_and_forced
// NCHW: qnn.conv2d {{.*}}{groups = 2 : i64} :
// ZMM: qnn.conv2d {{.*}}qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx2>
func.func @grouped_and_forced(%x: tensor<1x8x8x8xf32>, %w: tensor<16x4x3x3xf32>, %v: tensor<4x16x1x1xf32>) -> tensor<1x4x6x6xf32> {
  %y = qnn.conv2d %x, %w {groups = 2} : (tensor<1x8x8x8xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32>
  %z = qnn.conv2d %y, %v {qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx2>} : (tensor<1x16x6x6xf32>, tensor<4x16x1x1xf32>) -> tensor<1x4x6x6xf32>
  return %z : tensor<1x4x6x6xf32>
}

// -----

// A depthwise convolution (one channel per group) takes f32_fma channels
// last, where the kernel reads the input's channels as vectors; with
// channels-last=false, without FMA or with the option off, the one with a
// channel multiplier of 2 as well, it keeps the grouped path.
// ZMM-LABEL: func.func @depthwise
// ZMM: qnn.conv2d {{.*}}{groups = 8 : i64, qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = avx512>} : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>)
// ZMM: qnn.conv2d {{.*}}{groups = 8 : i64, qnn.kernel = #qnn.kernel<direct_conv, weights = f32, layout = nhwc>} : (tensor<1x8x6x6xf32>, tensor<16x1x3x3xf32>)
// ARM-LABEL: func.func @depthwise
// ARM: qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = neon>
// NCHW-LABEL: func.func @depthwise
// NCHW-NOT: qnn.kernel
// NONE-LABEL: func.func @depthwise
// NONE: qnn.kernel = #qnn.kernel<direct_conv, weights = f32, layout = nhwc>
// NONE: qnn.kernel = #qnn.kernel<direct_conv, weights = f32, layout = nhwc>
func.func @depthwise(%x: tensor<1x8x8x8xf32>, %w: tensor<8x1x3x3xf32>, %v: tensor<16x1x3x3xf32>) -> tensor<1x16x4x4xf32> {
  %y = qnn.conv2d %x, %w {groups = 8} : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  %z = qnn.conv2d %y, %v {groups = 8} : (tensor<1x8x6x6xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x4x4xf32>
  return %z : tensor<1x16x4x4xf32>
}
