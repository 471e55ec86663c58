// qnn-select-kernels gives a GEMM-sized 8-bit layer the int8_dot kernel
// where the target has an 8-bit dot-product instruction, and records which
// one (isa) for the lowering.
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,avx512f,avx512vl,avx512vnni" | FileCheck %s --check-prefix=ZMM
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,avxvnni" | FileCheck %s --check-prefix=YMM
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,avx512f,avx512vpopcntdq" | FileCheck %s --check-prefix=AVX2
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt" | FileCheck %s --check-prefix=NODOT
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-features=neon,dotprod" | FileCheck %s --check-prefix=SDOT
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-features=neon,dotprod,i8mm" | FileCheck %s --check-prefix=I8MM
// RUN: qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-features=neon" | FileCheck %s --check-prefix=ARM
// RUN: %exit1 qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt force=int8-dot" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOFORCE
// RUN: %exit1 qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx512f,avx512vnni force=int8-dot" 2>/dev/null | FileCheck %s --check-prefix=FORCE
// RUN: %exit1 qnn-opt %s --split-input-file "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx512f,avx512vnni force=int8-dot" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORCE-ERR

// u8 x s8 over K = 576: 64 plane pairs, beyond f32's exact range.
// ZMM-LABEL: func.func @w8a8
// ZMM: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>
// YMM-LABEL: func.func @w8a8
// YMM: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx_vnni>
// Without VNNI, AVX2's vpmaddwd on bytes widened to i16 (AVX-512F without
// VNNI too: the AVX2 kernel on ymm).
// AVX2-LABEL: func.func @w8a8
// AVX2-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// NODOT-LABEL: func.func @w8a8
// NODOT-NEXT: #qnn.kernel<int_gemm, weights = codes, layout = nc>
// SDOT-LABEL: func.func @w8a8
// SDOT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = neon_sdot>
// With i8mm, smmla / usmmla (2 x 8 by 8 x 2 bytes per instruction).
// I8MM-LABEL: func.func @w8a8
// I8MM-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = neon_i8mm>
// ARM-LABEL: func.func @w8a8
// ARM: #qnn.kernel<int_gemm, weights = codes, layout = nc>
// NOFORCE: cannot take an int8_dot kernel: the target has no 8-bit dot-product instruction
// FORCE-LABEL: func.func @w8a8
// FORCE: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>
func.func @w8a8(%x: tensor<3x576x!qnn.quant<u8, scale = 0.25>>, %w: tensor<64x576x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x64xf32> {
  %y = qnn.qdense %x, %w : (tensor<3x576x!qnn.quant<u8, scale = 0.25>>, tensor<64x576x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x64xf32>
  return %y : tensor<3x64xf32>
}

// -----

// Short reductions too: int8_dot is preferred to the exact f32 GEMM.
// ZMM-LABEL: func.func @short
// ZMM: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>
// AVX2-LABEL: func.func @short
// AVX2-NEXT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>
// NODOT-LABEL: func.func @short
// NODOT-NEXT: #qnn.kernel<f32_gemm, weights = codes, layout = nc>
func.func @short(%x: tensor<3x2x!qnn.quant<s8, scale = 0.25>>, %w: tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32> {
  %y = qnn.qdense %x, %w : (tensor<3x2x!qnn.quant<s8, scale = 0.25>>, tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// u8 weight codes do not fit vpdpbusd's signed byte: not int8_dot, and
// forcing it is an error.
// ZMM-LABEL: func.func @unsigned_weights
// ZMM-NOT: int8_dot
// FORCE-ERR: cannot take an int8_dot kernel: its weight codes do not fit a signed byte
func.func @unsigned_weights(%x: tensor<3x8x!qnn.quant<u8, scale = 0.25>>, %w: tensor<2x8x!qnn.quant<u8, scale = 0.5>>) -> tensor<3x2xf32> {
  %y = qnn.qdense %x, %w : (tensor<3x8x!qnn.quant<u8, scale = 0.25>>, tensor<2x8x!qnn.quant<u8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// 4-bit weights take int8_dot too, one byte per weight in its panels (the
// memory report's stored bytes say so): 16 plane pairs of AVX2 popcounts
// cost far more than one vpdpbusd MAC.
// ZMM-LABEL: func.func @w4a4
// ZMM: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>
func.func @w4a4(%x: tensor<3x8x!qnn.quant<u4, scale = 0.25>>, %w: tensor<2x8x!qnn.quant<s4, scale = 0.5>>) -> tensor<3x2xf32> {
  %y = qnn.qdense %x, %w : (tensor<3x8x!qnn.quant<u4, scale = 0.25>>, tensor<2x8x!qnn.quant<s4, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}
