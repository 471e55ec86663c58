// QONNX Trunc version 2 as the importer writes it: input grid 0.125, 2 bits
// dropped, 4-bit unsigned output codes with scale 0.5.
func.func @round(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %q = qnn.trunc %x {input_scale = 0.125 : f64, shift = 2 : i64, rounding_mode = #qnn<rounding round>} : tensor<2x8xf32> -> tensor<2x8x!qnn.quant<u4, scale = 0.5>>
  %y = qnn.dequantize %q : tensor<2x8x!qnn.quant<u4, scale = 0.5>> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

func.func @floor(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %q = qnn.trunc %x {input_scale = 0.125 : f64, shift = 2 : i64, rounding_mode = #qnn<rounding floor>} : tensor<2x8xf32> -> tensor<2x8x!qnn.quant<u4, scale = 0.5>>
  %y = qnn.dequantize %q : tensor<2x8x!qnn.quant<u4, scale = 0.5>> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}
