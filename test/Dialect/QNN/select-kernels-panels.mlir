// qnn-select-kernels stores bit-serial weights in panels of the target's
// popcount vector width (#qnn.kernel<..., panel = W>): 8 i64 words with
// AVX-512 VPOPCNTDQ, 4 with AVX2, 2 on AArch64; a scalar target (and
// bitserial-panels=false) keeps the rows layout. Other kernels take no panel.
// The first layer (1 x 2 plane pairs) is bit-serial on every target.
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,avx512f,avx512vpopcntdq" | FileCheck %s --check-prefix=ZMM
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,fma" | FileCheck %s --check-prefix=YMM
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=aarch64-unknown-linux-gnu target-features=+neon" | FileCheck %s --check-prefix=NEON
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=" | FileCheck %s --check-prefix=SCALAR
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=avx2,avx512f,avx512vpopcntdq bitserial-panels=false" | FileCheck %s --check-prefix=SCALAR

// ZMM-LABEL: func.func @layers
// ZMM: qnn.qdense {{.*}}qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 8>
// ZMM: qnn.qdense {{.*}}qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>}
// YMM-LABEL: func.func @layers
// YMM: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 4>
// NEON-LABEL: func.func @layers
// NEON: #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 2>
// SCALAR-LABEL: func.func @layers
// SCALAR: #qnn.kernel<bitserial, weights = bitplanes, layout = nc>}
func.func @layers(%x: tensor<3x1152x!qnn.quant<u1, scale = 0.25>>, %w: tensor<20x1152x!qnn.quant<s2, scale = 0.5>>,
                  %y: tensor<3x2x!qnn.quant<u8, scale = 0.25>>, %v: tensor<2x2x!qnn.quant<s8, scale = 0.5>>)
    -> (tensor<3x20xf32>, tensor<3x2xf32>) {
  %a = qnn.qdense %x, %w : (tensor<3x1152x!qnn.quant<u1, scale = 0.25>>, tensor<20x1152x!qnn.quant<s2, scale = 0.5>>) -> tensor<3x20xf32>
  %b = qnn.qdense %y, %v : (tensor<3x2x!qnn.quant<u8, scale = 0.25>>, tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %a, %b : tensor<3x20xf32>, tensor<3x2xf32>
}
