// A free-standing quantizer, no layer: u3 codes with a half-integer zero
// point, round half to even, and bipolar codes, dequantized back to floats.
// Their sum is the output (exact: multiples of 0.25).
func.func @forward(%x: tensor<1x12xf32>) -> tensor<1x12xf32> {
  %q = qnn.quantize %x : tensor<1x12xf32> -> tensor<1x12x!qnn.quant<u3, scale = 0.5, zero_point = 1.5>>
  %d = qnn.dequantize %q : tensor<1x12x!qnn.quant<u3, scale = 0.5, zero_point = 1.5>> -> tensor<1x12xf32>
  %b = qnn.quantize %x : tensor<1x12xf32> -> tensor<1x12x!qnn.quant<b1, scale = 0.25>>
  %e = qnn.dequantize %b : tensor<1x12x!qnn.quant<b1, scale = 0.25>> -> tensor<1x12xf32>
  %y = qnn.add %d, %e : tensor<1x12xf32>
  return %y : tensor<1x12xf32>
}
