// RUN: qnn-opt %s --qnn-select-kernels=force=f32-gemm --verify-diagnostics

// u8 x u8 over K = 40000: partial sums beyond 2^24, where f32 is not exact.
func.func @wide(%x: tensor<1x40000x!qnn.quant<u8, scale = 1.0>>, %w: tensor<1x40000x!qnn.quant<u8, scale = 1.0>>) -> tensor<1x1xf32> {
  // expected-error @+1 {{cannot take an f32 GEMM: its partial sums can reach 2^24, where f32 is no longer exact}}
  %y = qnn.qdense %x, %w : (tensor<1x40000x!qnn.quant<u8, scale = 1.0>>, tensor<1x40000x!qnn.quant<u8, scale = 1.0>>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
