// The weights are a function argument, not a constant.
func.func @forward(%x: tensor<1x2xf32>, %w: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %y = qnn.dense %x, %w {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
