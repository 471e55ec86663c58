// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file --verify-diagnostics

// The lowering only reads the kernel choice; qnn-select-kernels writes it.
func.func @no_kernel(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x4xf32>
  %qx = qnn.quantize %x : tensor<1x4xf32> -> tensor<1x4x!qnn.quant<u2, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s2, scale = 0.5>>
  // expected-error @+2 {{has no 'qnn.kernel' attribute: run qnn-select-kernels first}}
  // expected-error @+1 {{failed to legalize operation 'qnn.qdense'}}
  %y = qnn.qdense %qx, %qw : (tensor<1x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Weights must be constant codes, packed or converted at compile time.
func.func @weights_not_constant(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %qx = qnn.quantize %x : tensor<1x4xf32> -> tensor<1x4x!qnn.quant<u2, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s2, scale = 0.5>>
  // expected-error @+2 {{expects constant weight codes (qnn.constant, or qnn.quantize of a constant, which folds to one)}}
  // expected-error @+1 {{failed to legalize operation 'qnn.qdense'}}
  %y = qnn.qdense %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<1x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A convolution in a layout no kernel implements yet.
func.func @layout(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = qnn.constant dense<1> : tensor<1x1x1x1xi8> -> tensor<1x1x1x1x!qnn.quant<s2, scale = 0.5>>
  %qx = qnn.quantize %x : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!qnn.quant<u2, scale = 1.0>>
  // expected-error @+2 {{layout 'nc' is not implemented for this layer (only 'nhwc' and 'nchw')}}
  // expected-error @+1 {{failed to legalize operation 'qnn.qconv2d'}}
  %y = qnn.qconv2d %qx, %w {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<1x1x2x2x!qnn.quant<u2, scale = 1.0>>, tensor<1x1x1x1x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
