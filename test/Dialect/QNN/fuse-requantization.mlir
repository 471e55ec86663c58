// RUN: qnn-opt %s --qnn-fuse-requantization --split-input-file | FileCheck %s

// A quantized layer whose only user quantizes it takes the codes' type; the
// ReLU before an unsigned quantizer with zero point 0 is absorbed (every
// negative value has the code of 0 anyway).
// CHECK-LABEL: func @conv_relu_quantize
// CHECK: %[[Y:.*]] = qnn.qconv2d %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, tensor<3x2x3x3x!qnn.quant<s2, scale = 0.5>>, tensor<3xf32>) -> tensor<1x3x4x4x!qnn.quant<u2, scale = 0.25>>
// CHECK-NOT: qnn.relu
// CHECK-NOT: qnn.quantize
// CHECK: return %[[Y]]
func.func @conv_relu_quantize(%x: tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, %w: tensor<3x2x3x3x!qnn.quant<s2, scale = 0.5>>, %b: tensor<3xf32>) -> tensor<1x3x4x4x!qnn.quant<u2, scale = 0.25>> {
  %y = qnn.qconv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4x!qnn.quant<u2, scale = 1.0>>, tensor<3x2x3x3x!qnn.quant<s2, scale = 0.5>>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %r = qnn.relu %y : tensor<1x3x4x4xf32>
  %q = qnn.quantize %r : tensor<1x3x4x4xf32> -> tensor<1x3x4x4x!qnn.quant<u2, scale = 0.25>>
  return %q : tensor<1x3x4x4x!qnn.quant<u2, scale = 0.25>>
}

// -----

// Without a ReLU, into bipolar codes, and for a dense layer.
// CHECK-LABEL: func @dense_bipolar
// CHECK: %[[Y:.*]] = qnn.qdense %{{.*}}, %{{.*}} : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<b1, scale = 1.0>>) -> tensor<2x4x!qnn.quant<b1, scale = 1.0>>
// CHECK-NEXT: return %[[Y]]
func.func @dense_bipolar(%x: tensor<2x8x!qnn.quant<u2, scale = 1.0>>, %w: tensor<4x8x!qnn.quant<b1, scale = 1.0>>) -> tensor<2x4x!qnn.quant<b1, scale = 1.0>> {
  %y = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<b1, scale = 1.0>>) -> tensor<2x4xf32>
  %q = qnn.quantize %y : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<b1, scale = 1.0>>
  return %q : tensor<2x4x!qnn.quant<b1, scale = 1.0>>
}

// -----

// A ReLU the codes do not absorb stays, and so does the float layer: signed
// codes (the smallest, -2, is below the zero point 0), unsigned codes with
// zero point 1, bipolar codes.
// CHECK-LABEL: func @relu_kept
// CHECK-COUNT-3: qnn.qdense {{.*}} -> tensor<2x4xf32>
// CHECK-COUNT-3: qnn.relu
// CHECK-NOT: qnn.relu
func.func @relu_kept(%x: tensor<2x8x!qnn.quant<u2, scale = 1.0>>, %w: tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> (tensor<2x4x!qnn.quant<s2, scale = 1.0>>, tensor<2x4x!qnn.quant<u2, scale = 1.0, zero_point = 1.0>>, tensor<2x4x!qnn.quant<b1, scale = 1.0>>) {
  %y0 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %y1 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %y2 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %r0 = qnn.relu %y0 : tensor<2x4xf32>
  %r1 = qnn.relu %y1 : tensor<2x4xf32>
  %r2 = qnn.relu %y2 : tensor<2x4xf32>
  %q0 = qnn.quantize %r0 : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s2, scale = 1.0>>
  %q1 = qnn.quantize %r1 : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<u2, scale = 1.0, zero_point = 1.0>>
  %q2 = qnn.quantize %r2 : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<b1, scale = 1.0>>
  return %q0, %q1, %q2 : tensor<2x4x!qnn.quant<s2, scale = 1.0>>, tensor<2x4x!qnn.quant<u2, scale = 1.0, zero_point = 1.0>>, tensor<2x4x!qnn.quant<b1, scale = 1.0>>
}

// -----

// Not fused: a second user of the layer or of the ReLU, a quantizer that
// is narrow, rounds otherwise or is per channel.
// CHECK-LABEL: func @not_fused
// CHECK-NOT: -> tensor<2x4x!qnn.quant
// CHECK-COUNT-5: qnn.quantize
func.func @not_fused(%x: tensor<2x8x!qnn.quant<u2, scale = 1.0>>, %w: tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> (tensor<2x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4xf32>, tensor<2x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4xf32>, tensor<2x4x!qnn.quant<s2, scale = 1.0>>, tensor<2x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4x!qnn.quant<u2, axis = 1, scale = [1.0, 1.0, 1.0, 2.0]>>) {
  %y0 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %q0 = qnn.quantize %y0 : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<u2, scale = 1.0>>
  %y1 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %r1 = qnn.relu %y1 : tensor<2x4xf32>
  %q1 = qnn.quantize %r1 : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<u2, scale = 1.0>>
  %y2 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %q2 = qnn.quantize %y2 {narrow} : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s2, scale = 1.0>>
  %y3 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %q3 = qnn.quantize %y3 {rounding_mode = #qnn<rounding floor>} : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<u2, scale = 1.0>>
  %y4 = qnn.qdense %x, %w : (tensor<2x8x!qnn.quant<u2, scale = 1.0>>, tensor<4x8x!qnn.quant<s2, scale = 1.0>>) -> tensor<2x4xf32>
  %q4 = qnn.quantize %y4 : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<u2, axis = 1, scale = [1.0, 1.0, 1.0, 2.0]>>
  return %q0, %y0, %q1, %r1, %q2, %q3, %q4 : tensor<2x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4xf32>, tensor<2x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4xf32>, tensor<2x4x!qnn.quant<s2, scale = 1.0>>, tensor<2x4x!qnn.quant<u2, scale = 1.0>>, tensor<2x4x!qnn.quant<u2, axis = 1, scale = [1.0, 1.0, 1.0, 2.0]>>
}
