// qnn-select-kernels writes each quantized layer's kernel, weight storage
// and layout (#qnn.kernel) and the module's target (#qnn.target).
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma" | FileCheck %s
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma keep-weights-packed=false" | FileCheck %s --check-prefix=BYTES
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma exact-f32-gemm=false" | FileCheck %s --check-prefix=INT
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma integer-min-plane-pairs=0" | FileCheck %s --check-prefix=NEVER
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma force=int-gemm" | FileCheck %s --check-prefix=FORCE
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt" | FileCheck %s --check-prefix=NODOT
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma channels-last=false" | FileCheck %s --check-prefix=NCHW
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma small-weights=true" | FileCheck %s --check-prefix=SMALL
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-cpu=neoverse-n1 target-features=+neon,+dotprod,+avx2,+bogus" | FileCheck %s --check-prefix=ARM

// 8 x 8 = 64 plane pairs (>= 12): a GEMM on codes. AVX2 has an 8-bit dot
// product (vpmaddwd on widened bytes), so int8_dot. Without it (SSE4.2),
// K = 2 and |codes| <= 255 and 128 keep every partial sum below 2^24: f32 is
// exact. s8 weights take a byte each: `codes`.
// CHECK-LABEL: func.func @w8a8
// CHECK-NEXT: qnn.qdense {{.*}} {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>}
// SMALL-LABEL: func.func @w8a8
// SMALL-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// BYTES-LABEL: func.func @w8a8
// BYTES-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// NODOT-LABEL: func.func @w8a8
// NODOT-NEXT: qnn.qdense {{.*}} {qnn.kernel = #qnn.kernel<f32_gemm, weights = codes, layout = nc>}
// INT-LABEL: func.func @w8a8
// INT-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// NEVER-LABEL: func.func @w8a8
// NEVER: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 4>
// FORCE-LABEL: func.func @w8a8
// FORCE: #qnn.kernel<int_gemm, weights = codes, layout = nc>
// ARM: module attributes {qnn.target = #qnn.target<"aarch64-unknown-linux-gnu", cpu = "neoverse-n1", features = "neon,dotprod">}
func.func @w8a8(%x: tensor<3x2x!qnn.quant<u8, scale = 0.25>>, %w: tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32> {
  %y = qnn.qdense %x, %w : (tensor<3x2x!qnn.quant<u8, scale = 0.25>>, tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// 3 x 4 = 12 pairs. With AVX2's dot product (48 GMAC/s, against 230 / 12
// for 12 plane pairs of popcounts) int8_dot, a byte per weight whatever
// keep-weights-packed says. Without one (SSE4.2) 12 pairs is where the
// code GEMM ties with popcounts: the f32 GEMM, its 4-bit weights kept as
// bit-planes (`channel_planes`, unpacked per call).
// CHECK-LABEL: func.func @w4a3
// CHECK-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// BYTES-LABEL: func.func @w4a3
// BYTES-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// INT-LABEL: func.func @w4a3
// INT-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// NODOT-LABEL: func.func @w4a3
// NODOT-NEXT: #qnn.kernel<f32_gemm, weights = channel_planes, layout = nc>
// small-weights keeps the 4-bit weights as bit-planes: the f32 GEMM that
// unpacks them per call, not int8_dot; 8-bit weights still take int8_dot.
// SMALL-LABEL: func.func @w4a3
// SMALL-NEXT: #qnn.kernel<f32_gemm, weights = channel_planes, layout = nc>
// NEVER-LABEL: func.func @w4a3
// NEVER-NEXT: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 4>
func.func @w4a3(%x: tensor<3x2x!qnn.quant<u3, scale = 0.25>>, %w: tensor<2x2x!qnn.quant<u4, scale = 0.5, zero_point = 7.5>>) -> tensor<3x2xf32> {
  %y = qnn.qdense %x, %w : (tensor<3x2x!qnn.quant<u3, scale = 0.25>>, tensor<2x2x!qnn.quant<u4, scale = 0.5, zero_point = 7.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// u8 x u8 over K = 40000 can exceed 2^24: not f32; u8 codes do not fit a
// signed byte, so with packed weights the layer stays bit-serial; with
// keep-weights-packed=false, an integer GEMM on 16-bit codes.
// CHECK-LABEL: func.func @wide
// CHECK: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 4>
// BYTES-LABEL: func.func @wide
// BYTES: #qnn.kernel<int_gemm, weights = codes, layout = nc>
func.func @wide(%x: tensor<1x40000x!qnn.quant<u8, scale = 1.0>>, %w: tensor<1x40000x!qnn.quant<u8, scale = 1.0>>) -> tensor<1x1xf32> {
  %y = qnn.qdense %x, %w : (tensor<1x40000x!qnn.quant<u8, scale = 1.0>>, tensor<1x40000x!qnn.quant<u8, scale = 1.0>>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

// 2 x 2 pairs: on AVX2, 4 plane pairs of popcounts (230 / 4 GMAC/s) lose
// to vpmaddubsw's int8_dot (68), which these codes fit; without a dot
// product (SSE4.2), bit-serial. A convolution's layout is nhwc (nchw with
// channels-last=false). A kernel already written (by hand here) is kept.
// CHECK-LABEL: func.func @conv
// CHECK: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nhwc, isa = avx2>
// NODOT-LABEL: func.func @conv
// NODOT: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nhwc>
// NCHW-LABEL: func.func @conv
// NCHW: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nchw, isa = avx2>
// CHECK: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nchw>
// FORCE-LABEL: func.func @conv
// FORCE: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nhwc>
// FORCE: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nchw>
func.func @conv(%x: tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>>, %w: tensor<2x2x3x3x!qnn.quant<s2, scale = 0.5>>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %a = qnn.qconv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>>, tensor<2x2x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  %b = qnn.qconv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nchw>} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>>, tensor<2x2x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  return %a, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A depthwise (grouped) convolution, quantized or weight-only, takes the
// direct convolution on codes unless a kernel is forced; the quantized one
// channels last sums on the target's FMA vectors (fma), the weight-only one
// (float activations) does not.
// CHECK-LABEL: func.func @depthwise
// CHECK: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<direct_conv, weights = codes, layout = nhwc, fma = avx2>
// CHECK: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<direct_conv, weights = codes, layout = nhwc>}
// NCHW-LABEL: func.func @depthwise
// NCHW: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<direct_conv, weights = codes, layout = nchw>
// FORCE-LABEL: func.func @depthwise
// FORCE: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nhwc>
// FORCE: qnn.qconv2d {{.*}}qnn.kernel = #qnn.kernel<f32_gemm, weights = channel_planes, layout = nhwc>
func.func @depthwise(%x: tensor<1x2x4x4x!qnn.quant<u2, axis = 1, scale = [0.5, 0.25]>>, %f: tensor<1x2x4x4xf32>, %w: tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %a = qnn.qconv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x2x4x4x!qnn.quant<u2, axis = 1, scale = [0.5, 0.25]>>, tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  %b = qnn.qconv2d %f, %w {padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2x4x4xf32>
  return %a, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A module that has a target keeps it, whatever the options.
// ARM: module attributes {qnn.target = #qnn.target<"x86_64-unknown-linux-gnu", cpu = "haswell", features = "avx2,fma">}
module attributes {qnn.target = #qnn.target<"x86_64-unknown-linux-gnu", cpu = "haswell", features = "avx2,fma">} {
}
