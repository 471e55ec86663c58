func.func @forward(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w1 = arith.constant dense<[[1.0, -2.0], [0.5, 0.25]]> : tensor<2x2xf32>
  %b1 = arith.constant dense<[1.125, 0.0]> : tensor<2xf32>
  %h = qnn.dense %x, %w1, %b1 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 3>} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %r = qnn.relu %h : tensor<1x2xf32>
  %w2 = arith.constant dense<[[1.0, -0.5], [-2.0, 2.0]]> : tensor<2x2xf32>
  %y = qnn.dense %r, %w2 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 2>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
