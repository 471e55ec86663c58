// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file --verify-diagnostics

// Activations must come from qnn.quantize (the float values are packed).
func.func @activations_not_quantized(%qx: tensor<1x4x!qnn.quant<u2, scale = 1.0>>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x4xf32>
  %qw = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s2, scale = 0.5>>
  // expected-error @+1 {{expects its activations to be produced by qnn.quantize}}
  %y = qnn.qdense %qx, %qw : (tensor<1x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Weights must be a constant, packed at compile time.
func.func @weights_not_constant(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %qx = qnn.quantize %x : tensor<1x4xf32> -> tensor<1x4x!qnn.quant<u2, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s2, scale = 0.5>>
  // expected-error @+1 {{expects its weights to be qnn.quantize of an f32 constant}}
  %y = qnn.qdense %qx, %qw : (tensor<1x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
