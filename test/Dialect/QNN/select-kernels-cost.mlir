// qnn-select-kernels' cost model (getKernelRates, docs/kernels.md): a
// layer of m x k plane pairs costs m k popcount bit-MACs per MAC on the
// bit-serial kernel and one MAC on int8_dot or a GEMM on codes, at each
// family's measured (or estimated) rate on the target. The layers below
// have 1, 2, 4, 6, 9 and 12 plane pairs; where int8_dot ties with popcounts
// depends on the ISA:
//   Zen 4 (VPOPCNTDQ 610 Gbit-MAC/s, VNNI 220 GMAC/s): from 2.8 pairs;
//   AVX2 (pshufb counts 230; vpmaddubsw 68 where the products fit i16
//   pair sums, as all of these do, else vpmaddwd 54): from 3.4 pairs;
//   AArch64 sdot (cnt 180, sdot 65, estimates): from 2.8; i8mm (130): 1.4;
//   SSE4.2 (no dot product): the f32 GEMM from 12 pairs, as measured on
//   AVX2 before int8_dot existed.
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma,avx512f,avx512vl,avx512vnni,avx512vpopcntdq" | FileCheck %s --check-prefix=ZEN4
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma" | FileCheck %s --check-prefix=AVX2
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-features=+neon,+dotprod" | FileCheck %s --check-prefix=SDOT
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-features=+neon,+dotprod,+i8mm" | FileCheck %s --check-prefix=I8MM
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt" | FileCheck %s --check-prefix=SSE
// A fixed rule instead of the cost model: a GEMM on codes from 6 pairs.
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma integer-min-plane-pairs=6" | FileCheck %s --check-prefix=FIXED

// ZEN4-LABEL: func.func @pairs
// ZEN4: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 8>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<u1,
// ZEN4: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 8>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// ZEN4: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<3x64x!qnn.quant<u2, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// ZEN4: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// ZEN4: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s3,
// ZEN4: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s4,

// AVX2-LABEL: func.func @pairs
// AVX2: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 4>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<u1,
// AVX2: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 4>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// AVX2: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x64x!qnn.quant<u2, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// AVX2: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// AVX2: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s3,
// AVX2: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s4,

// SDOT-LABEL: func.func @pairs
// SDOT: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 2>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<u1,
// SDOT: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 2>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// SDOT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = neon_sdot>} : (tensor<3x64x!qnn.quant<u2, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// SDOT: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = neon_sdot>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s2,

// I8MM-LABEL: func.func @pairs
// I8MM: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 2>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<u1,
// I8MM: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = neon_i8mm>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<s2,

// SSE-LABEL: func.func @pairs
// SSE: #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<3x64x!qnn.quant<u1, {{.*}}>>, tensor<8x64x!qnn.quant<u1,
// SSE: #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s3,
// SSE: #qnn.kernel<f32_gemm, weights = channel_planes, layout = nc>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s4,

// FIXED-LABEL: func.func @pairs
// FIXED: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 4>} : (tensor<3x64x!qnn.quant<u2, {{.*}}>>, tensor<8x64x!qnn.quant<s2,
// FIXED: #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x64x!qnn.quant<u3, {{.*}}>>, tensor<8x64x!qnn.quant<s2,

func.func @pairs(%a1: tensor<3x64x!qnn.quant<u1, scale = 0.25>>, %a2: tensor<3x64x!qnn.quant<u2, scale = 0.25>>,
                 %a3: tensor<3x64x!qnn.quant<u3, scale = 0.25>>, %w1: tensor<8x64x!qnn.quant<u1, scale = 0.5>>,
                 %w2: tensor<8x64x!qnn.quant<s2, scale = 0.5>>, %w3: tensor<8x64x!qnn.quant<s3, scale = 0.5>>,
                 %w4: tensor<8x64x!qnn.quant<s4, scale = 0.5>>) {
  %p1 = qnn.qdense %a1, %w1 : (tensor<3x64x!qnn.quant<u1, scale = 0.25>>, tensor<8x64x!qnn.quant<u1, scale = 0.5>>) -> tensor<3x8xf32>
  %p2 = qnn.qdense %a1, %w2 : (tensor<3x64x!qnn.quant<u1, scale = 0.25>>, tensor<8x64x!qnn.quant<s2, scale = 0.5>>) -> tensor<3x8xf32>
  %p4 = qnn.qdense %a2, %w2 : (tensor<3x64x!qnn.quant<u2, scale = 0.25>>, tensor<8x64x!qnn.quant<s2, scale = 0.5>>) -> tensor<3x8xf32>
  %p6 = qnn.qdense %a3, %w2 : (tensor<3x64x!qnn.quant<u3, scale = 0.25>>, tensor<8x64x!qnn.quant<s2, scale = 0.5>>) -> tensor<3x8xf32>
  %p9 = qnn.qdense %a3, %w3 : (tensor<3x64x!qnn.quant<u3, scale = 0.25>>, tensor<8x64x!qnn.quant<s3, scale = 0.5>>) -> tensor<3x8xf32>
  %p12 = qnn.qdense %a3, %w4 : (tensor<3x64x!qnn.quant<u3, scale = 0.25>>, tensor<8x64x!qnn.quant<s4, scale = 0.5>>) -> tensor<3x8xf32>
  return
}
