// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file --verify-diagnostics

// A hand-written int8_dot on u8 weight codes, which vpdpbusd cannot read
// as signed bytes: a diagnostic, not wrong sums.
func.func @unsigned_weights(%x: tensor<3x6x!qnn.quant<u8, scale = 0.25>>) -> tensor<3x2xf32> {
  %qw = qnn.constant dense<-56> : tensor<2x6xi8> -> tensor<2x6x!qnn.quant<u8, scale = 0.5>>
  // expected-error @+2 {{kernel 'int8_dot' cannot compute this layer exactly: its weight codes do not fit a signed byte or its sums can overflow i32}}
  // expected-error @+1 {{failed to legalize operation 'qnn.qdense'}}
  %y = qnn.qdense %x, %qw {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<3x6x!qnn.quant<u8, scale = 0.25>>, tensor<2x6x!qnn.quant<u8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// expected-error @+1 {{kernel 'int8_dot' needs an isa (avx512_vnni, avx_vnni, avx2, neon_sdot or neon_i8mm)}}
func.func @no_isa() attributes {k = #qnn.kernel<int8_dot, weights = panels, layout = nc>} {
  return
}

// -----

// expected-error @+1 {{kernel 'int_gemm' takes no isa}}
func.func @isa_elsewhere() attributes {k = #qnn.kernel<int_gemm, weights = codes, layout = nc, isa = avx512_vnni>} {
  return
}

// -----

// expected-error @+1 {{kernel 'int8_dot' cannot read weights stored as 'codes'}}
func.func @codes() attributes {k = #qnn.kernel<int8_dot, weights = codes, layout = nc, isa = avx512_vnni>} {
  return
}
