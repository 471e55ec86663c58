// RUN: qnn-opt %s --split-input-file --verify-diagnostics

// Errors of the quantized-level op verifiers (QNNOps.cpp): QuantizeOp::verify,
// DequantizeOp::verify, QConv2DOp::verify and QDenseOp::verify, with the
// shared verifyQuantAxis (a per-channel type against the tensor's shape) and
// verifyQuantizedOperands; the convolution and dense shape checks they share
// with the graph level are covered in invalid-ops-graph.mlir, and a few are
// repeated here to show that the quantized ops run them too.

//===----------------------------------------------------------------------===//
// qnn.quantize
//===----------------------------------------------------------------------===//

func.func @quantize_shape(%x: tensor<1x16xf32>) -> tensor<16x!qnn.quant<u2, scale = 0.5>> {
  // expected-error @+1 {{'qnn.quantize' op expects the result to have the input's shape}}
  %q = qnn.quantize %x : tensor<1x16xf32> -> tensor<16x!qnn.quant<u2, scale = 0.5>>
  return %q : tensor<16x!qnn.quant<u2, scale = 0.5>>
}

// -----

func.func @quantize_narrow_unsigned(%x: tensor<16xf32>) -> tensor<16x!qnn.quant<u4, scale = 0.5>> {
  // expected-error @+1 {{'qnn.quantize' op narrow range applies only to signed codes}}
  %q = qnn.quantize %x {narrow} : tensor<16xf32> -> tensor<16x!qnn.quant<u4, scale = 0.5>>
  return %q : tensor<16x!qnn.quant<u4, scale = 0.5>>
}

// -----

func.func @quantize_narrow_bipolar(%x: tensor<16xf32>) -> tensor<16x!qnn.quant<b1, scale = 0.5>> {
  // expected-error @+1 {{'qnn.quantize' op narrow range applies only to signed codes}}
  %q = qnn.quantize %x {narrow} : tensor<16xf32> -> tensor<16x!qnn.quant<b1, scale = 0.5>>
  return %q : tensor<16x!qnn.quant<b1, scale = 0.5>>
}

// -----

func.func @quantize_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3x!qnn.quant<u4, axis = 2, scale = [0.5, 0.5]>> {
  // expected-error @+1 {{'qnn.quantize' op per-channel axis 2 is out of range for rank 2}}
  %q = qnn.quantize %x : tensor<2x3xf32> -> tensor<2x3x!qnn.quant<u4, axis = 2, scale = [0.5, 0.5]>>
  return %q : tensor<2x3x!qnn.quant<u4, axis = 2, scale = [0.5, 0.5]>>
}

// -----

func.func @quantize_scale_count(%x: tensor<2x3xf32>) -> tensor<2x3x!qnn.quant<u4, axis = 1, scale = [0.5, 0.5]>> {
  // expected-error @+1 {{'qnn.quantize' op per-channel type has 2 scales but dimension 1 has size 3}}
  %q = qnn.quantize %x : tensor<2x3xf32> -> tensor<2x3x!qnn.quant<u4, axis = 1, scale = [0.5, 0.5]>>
  return %q : tensor<2x3x!qnn.quant<u4, axis = 1, scale = [0.5, 0.5]>>
}

// -----

// A dynamic dimension cannot be known to have one slice per scale.
func.func @quantize_dynamic_channels(%x: tensor<?x3xf32>) -> tensor<?x3x!qnn.quant<u4, axis = 0, scale = [0.5, 0.5]>> {
  // expected-error @+1 {{'qnn.quantize' op per-channel type has 2 scales but dimension 0 is dynamic}}
  %q = qnn.quantize %x : tensor<?x3xf32> -> tensor<?x3x!qnn.quant<u4, axis = 0, scale = [0.5, 0.5]>>
  return %q : tensor<?x3x!qnn.quant<u4, axis = 0, scale = [0.5, 0.5]>>
}

// -----

func.func @quantize_float_result(%x: tensor<16xf32>) -> tensor<16xf32> {
  // expected-error @+1 {{'qnn.quantize' op result #0 must be ranked tensor of qnn quantized element values}}
  %q = qnn.quantize %x : tensor<16xf32> -> tensor<16xf32>
  return %q : tensor<16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.dequantize
//===----------------------------------------------------------------------===//

func.func @dequantize_shape(%q: tensor<16x!qnn.quant<s4, scale = 0.1>>) -> tensor<8xf32> {
  // expected-error @+1 {{'qnn.dequantize' op expects the result to have the input's shape}}
  %x = qnn.dequantize %q : tensor<16x!qnn.quant<s4, scale = 0.1>> -> tensor<8xf32>
  return %x : tensor<8xf32>
}

// -----

func.func @dequantize_axis_out_of_range(%q: tensor<4x!qnn.quant<s4, axis = 1, scale = [0.1, 0.2, 0.3, 0.4]>>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.dequantize' op per-channel axis 1 is out of range for rank 1}}
  %x = qnn.dequantize %q : tensor<4x!qnn.quant<s4, axis = 1, scale = [0.1, 0.2, 0.3, 0.4]>> -> tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

func.func @dequantize_scale_count(%q: tensor<4x2x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'qnn.dequantize' op per-channel type has 2 scales but dimension 0 has size 4}}
  %x = qnn.dequantize %q : tensor<4x2x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>> -> tensor<4x2xf32>
  return %x : tensor<4x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.qconv2d
//===----------------------------------------------------------------------===//

// Activation scales must factor out of the integer sum of each group: per
// tensor, or per channel alike within each group (here two channels with
// two scales in one group).
func.func @qconv2d_per_channel_activations(%x: tensor<1x2x8x8x!qnn.quant<u2, axis = 1, scale = [0.5, 0.25]>>,
                                           %w: tensor<4x2x3x3x!qnn.quant<s4, scale = 0.1>>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op expects activations quantized per tensor, or per channel (axis 1) alike within each group}}
  %y = qnn.qconv2d %x, %w : (tensor<1x2x8x8x!qnn.quant<u2, axis = 1, scale = [0.5, 0.25]>>,
                             tensor<4x2x3x3x!qnn.quant<s4, scale = 0.1>>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @qconv2d_weights_per_input_channel(%x: tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                                             %w: tensor<4x2x3x3x!qnn.quant<s4, axis = 1, scale = [0.1, 0.2]>>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op expects weights quantized per tensor or per output channel (axis 0)}}
  %y = qnn.qconv2d %x, %w : (tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                             tensor<4x2x3x3x!qnn.quant<s4, axis = 1, scale = [0.1, 0.2]>>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @qconv2d_weights_axis_out_of_range(%x: tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                                             %w: tensor<4x2x3x3x!qnn.quant<s4, axis = 4, scale = [0.1, 0.2]>>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op expects weights quantized per tensor or per output channel (axis 0)}}
  %y = qnn.qconv2d %x, %w : (tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                             tensor<4x2x3x3x!qnn.quant<s4, axis = 4, scale = [0.1, 0.2]>>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @qconv2d_weight_scale_count(%x: tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                                      %w: tensor<4x2x3x3x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2, 0.3]>>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op per-channel type has 3 scales but dimension 0 has size 4}}
  %y = qnn.qconv2d %x, %w : (tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                             tensor<4x2x3x3x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2, 0.3]>>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @qconv2d_groups(%x: tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                          %w: tensor<4x1x3x3x!qnn.quant<s4, scale = 0.1>>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op groups (4) must divide the input channels (2) and the output channels (4)}}
  %y = qnn.qconv2d %x, %w {groups = 4} : (tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                                          tensor<4x1x3x3x!qnn.quant<s4, scale = 0.1>>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @qconv2d_result(%x: tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                          %w: tensor<4x2x3x3x!qnn.quant<s4, scale = 0.1>>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op expects result of shape 1x4x6x6, got 1x4x8x8}}
  %y = qnn.qconv2d %x, %w, %b : (tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                                 tensor<4x2x3x3x!qnn.quant<s4, scale = 0.1>>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

func.func @qconv2d_dynamic(%x: tensor<?x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                           %w: tensor<4x2x3x3x!qnn.quant<s4, scale = 0.1>>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op expects static shapes, got 'tensor<?x2x8x8x!qnn.quant<u2, scale = 0.5>>'}}
  %y = qnn.qconv2d %x, %w : (tensor<?x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                             tensor<4x2x3x3x!qnn.quant<s4, scale = 0.1>>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @qconv2d_float_weights(%x: tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>,
                                 %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.qconv2d' op operand #1 must be 4D tensor of qnn quantized element values}}
  %y = qnn.qconv2d %x, %w : (tensor<1x2x8x8x!qnn.quant<u2, scale = 0.5>>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.qdense
//===----------------------------------------------------------------------===//

func.func @qdense_per_channel_activations(%x: tensor<2x64x!qnn.quant<u4, axis = 0, scale = [0.1, 0.2]>>,
                                          %w: tensor<10x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'qnn.qdense' op expects activations quantized per tensor, or per channel (axis 1) alike within each group}}
  %y = qnn.qdense %x, %w : (tensor<2x64x!qnn.quant<u4, axis = 0, scale = [0.1, 0.2]>>,
                            tensor<10x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

// Per reduction element (axis 1) the scales would not factor out of the sum.
func.func @qdense_weights_axis_1(%x: tensor<1x2x!qnn.quant<u4, scale = 0.1>>,
                                 %w: tensor<3x2x!qnn.quant<s2, axis = 1, scale = [0.2, 0.4]>>) -> tensor<1x3xf32> {
  // expected-error @+1 {{'qnn.qdense' op expects weights quantized per tensor or per output channel (axis 0)}}
  %y = qnn.qdense %x, %w : (tensor<1x2x!qnn.quant<u4, scale = 0.1>>,
                            tensor<3x2x!qnn.quant<s2, axis = 1, scale = [0.2, 0.4]>>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

func.func @qdense_weight_scale_count(%x: tensor<1x2x!qnn.quant<u4, scale = 0.1>>,
                                     %w: tensor<3x2x!qnn.quant<s2, axis = 0, scale = [0.2, 0.4]>>) -> tensor<1x3xf32> {
  // expected-error @+1 {{'qnn.qdense' op per-channel type has 2 scales but dimension 0 has size 3}}
  %y = qnn.qdense %x, %w : (tensor<1x2x!qnn.quant<u4, scale = 0.1>>,
                            tensor<3x2x!qnn.quant<s2, axis = 0, scale = [0.2, 0.4]>>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

func.func @qdense_reduction(%x: tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                            %w: tensor<10x32x!qnn.quant<s2, scale = 0.2>>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qnn.qdense' op expects input and weight to share the reduction length, got 64 and 32}}
  %y = qnn.qdense %x, %w : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                            tensor<10x32x!qnn.quant<s2, scale = 0.2>>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @qdense_bias(%x: tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                       %w: tensor<10x64x!qnn.quant<s2, scale = 0.2>>, %b: tensor<1xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qnn.qdense' op expects bias of shape 10, got 1}}
  %y = qnn.qdense %x, %w, %b : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                                tensor<10x64x!qnn.quant<s2, scale = 0.2>>, tensor<1xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @qdense_result(%x: tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                         %w: tensor<10x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<10x1xf32> {
  // expected-error @+1 {{'qnn.qdense' op expects result of shape 1x10, got 10x1}}
  %y = qnn.qdense %x, %w : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                            tensor<10x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<10x1xf32>
  return %y : tensor<10x1xf32>
}

// -----

func.func @qdense_dynamic(%x: tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                          %w: tensor<?x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qnn.qdense' op expects static shapes, got 'tensor<?x64x!qnn.quant<s2, scale = 0.2>>'}}
  %y = qnn.qdense %x, %w : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                            tensor<?x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

// qnn.constant's codes are checked one by one: 8 is past u3's 0..7 (the
// unsigned byte pattern), -5 past s3's -4..3, 0 is no bipolar code; a
// splat is one code.
func.func @constant_code_out_of_range() -> tensor<2x2x!qnn.quant<u3, scale = 0.5>> {
  // expected-error @+1 {{'qnn.constant' op code 8 of element 3 is not a code of '!qnn.quant<u3, scale = 0.5>'}}
  %c = qnn.constant dense<[[0, 7], [1, 8]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.quant<u3, scale = 0.5>>
  return %c : tensor<2x2x!qnn.quant<u3, scale = 0.5>>
}

// -----

func.func @constant_signed_code_out_of_range() -> tensor<3x!qnn.quant<s3, scale = 0.5>> {
  // expected-error @+1 {{'qnn.constant' op code -5 of element 1 is not a code of '!qnn.quant<s3, scale = 0.5>'}}
  %c = qnn.constant dense<[-4, -5, 3]> : tensor<3xi8> -> tensor<3x!qnn.quant<s3, scale = 0.5>>
  return %c : tensor<3x!qnn.quant<s3, scale = 0.5>>
}

// -----

func.func @constant_unsigned_high_byte() -> tensor<2x!qnn.quant<u8, scale = 0.5>> {
  // A u8 code of 255 is stored as the byte -1: valid.
  %c = qnn.constant dense<[-1, 0]> : tensor<2xi8> -> tensor<2x!qnn.quant<u8, scale = 0.5>>
  return %c : tensor<2x!qnn.quant<u8, scale = 0.5>>
}

// -----

func.func @constant_bipolar_splat_zero() -> tensor<4x!qnn.quant<b1, scale = 1.0>> {
  // expected-error @+1 {{'qnn.constant' op code 0 of element 0 is not a code of}}
  %c = qnn.constant dense<0> : tensor<4xi8> -> tensor<4x!qnn.quant<b1, scale = 1.0>>
  return %c : tensor<4x!qnn.quant<b1, scale = 1.0>>
}

// -----

// A requantized layer's codes are per tensor.
func.func @qdense_per_channel_result(%x: tensor<1x4x!qnn.quant<u2, scale = 1.0>>, %w: tensor<2x4x!qnn.quant<s2, scale = 1.0>>) -> tensor<1x2x!qnn.quant<u2, axis = 1, scale = [1.0, 2.0]>> {
  // expected-error @+1 {{'qnn.qdense' op expects codes of a per-tensor type as its requantized result}}
  %y = qnn.qdense %x, %w : (tensor<1x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4x!qnn.quant<s2, scale = 1.0>>) -> tensor<1x2x!qnn.quant<u2, axis = 1, scale = [1.0, 2.0]>>
  return %y : tensor<1x2x!qnn.quant<u2, axis = 1, scale = [1.0, 2.0]>>
}

// -----

// The codes have the float result's shape.
func.func @qconv2d_result_shape(%x: tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, %w: tensor<3x2x3x3x!qnn.quant<s2, scale = 1.0>>) -> tensor<1x3x4x4x!qnn.quant<u2, scale = 1.0>> {
  // expected-error @+1 {{'qnn.qconv2d' op expects result of shape 1x3x2x2, got 1x3x4x4}}
  %y = qnn.qconv2d %x, %w : (tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, tensor<3x2x3x3x!qnn.quant<s2, scale = 1.0>>) -> tensor<1x3x4x4x!qnn.quant<u2, scale = 1.0>>
  return %y : tensor<1x3x4x4x!qnn.quant<u2, scale = 1.0>>
}
