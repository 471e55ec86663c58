// RUN: qnn-opt %s --qnn-fuse-quantized-layers --split-input-file | FileCheck %s

// A QONNX-style conv: both operands are dequantized codes. The constant
// weights fold to their codes: 0.5 / 0.25 + 3.5 = 5.5, rounded half to
// even.
// CHECK-LABEL: func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>
// CHECK-DAG: %[[QW:.*]] = qnn.constant dense<6> : tensor<3x2x3x3xi8> -> tensor<3x2x3x3x!qnn.quant<u3, scale = 0.25, zero_point = 3.5>>
// CHECK-DAG: %[[QX:.*]] = qnn.quantize %[[X]]
// CHECK-NOT: qnn.dequantize
// CHECK: %[[Y:.*]] = qnn.qconv2d %[[QX]], %[[QW]], %{{.*}} {padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 3, activation = 2>}
// CHECK: return %[[Y]]
func.func @conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x2x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<3xf32>
  %qx = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>>
  %dx = qnn.dequantize %qx : tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>> -> tensor<1x2x4x4xf32>
  %qw = qnn.quantize %w : tensor<3x2x3x3xf32> -> tensor<3x2x3x3x!qnn.quant<u3, scale = 0.25, zero_point = 3.5>>
  %dw = qnn.dequantize %qw : tensor<3x2x3x3x!qnn.quant<u3, scale = 0.25, zero_point = 3.5>> -> tensor<3x2x3x3xf32>
  %y = qnn.conv2d %dx, %dw, %b {padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 3, activation = 2>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func @dense_per_channel
// CHECK: qnn.qdense %{{.*}}, %{{.*}} : (tensor<1x4x!qnn.quant<s4, scale = 0.125>>, tensor<2x4x!qnn.quant<s8, axis = 0, scale = [0.5, 0.25]>>) -> tensor<1x2xf32>
func.func @dense_per_channel(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %qx = qnn.quantize %x : tensor<1x4xf32> -> tensor<1x4x!qnn.quant<s4, scale = 0.125>>
  %dx = qnn.dequantize %qx : tensor<1x4x!qnn.quant<s4, scale = 0.125>> -> tensor<1x4xf32>
  %qw = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s8, axis = 0, scale = [0.5, 0.25]>>
  %dw = qnn.dequantize %qw : tensor<2x4x!qnn.quant<s8, axis = 0, scale = [0.5, 0.25]>> -> tensor<2x4xf32>
  %y = qnn.dense %dx, %dw : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Only the weight is quantized: a weight-only quantized layer, on the float
// input and the weight codes.
// CHECK-LABEL: func @float_activations
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32>,
// CHECK: qnn.qdense %[[X]], %{{.*}} : (tensor<1x4xf32>, tensor<2x4x!qnn.quant<s8, scale = 0.5>>)
func.func @float_activations(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %qw = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.quant<s8, scale = 0.5>>
  %dw = qnn.dequantize %qw : tensor<2x4x!qnn.quant<s8, scale = 0.5>> -> tensor<2x4xf32>
  %y = qnn.dense %x, %dw : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Per-channel activations do not factor out of the integer sum: the layer
// takes their float values (weight-only quantized).
// CHECK-LABEL: func @per_channel_activations
// CHECK: %[[D:.*]] = qnn.dequantize
// CHECK: qnn.qdense %[[D]], %{{.*}} : (tensor<1x2xf32>,
func.func @per_channel_activations(%x: tensor<1x2xf32>, %w: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %qx = qnn.quantize %x : tensor<1x2xf32> -> tensor<1x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>>
  %dx = qnn.dequantize %qx : tensor<1x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>> -> tensor<1x2xf32>
  %qw = qnn.quantize %w : tensor<2x2xf32> -> tensor<2x2x!qnn.quant<s8, scale = 0.5>>
  %dw = qnn.dequantize %qw : tensor<2x2x!qnn.quant<s8, scale = 0.5>> -> tensor<2x2xf32>
  %y = qnn.dense %dx, %dw : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Max pooling and flattening commute with the quantizer: the dequantize moves
// after them and the dense layer takes the codes (Quant -> MaxPool ->
// Flatten -> Gemm, as every Brevitas CNN exports).
// CHECK-LABEL: func @through_pool_and_flatten
// CHECK: %[[P:.*]] = qnn.max_pool2d %{{.*}} : tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>> -> tensor<1x2x2x2x!qnn.quant<u2, scale = 0.5>>
// CHECK: %[[F:.*]] = qnn.flatten %[[P]] : tensor<1x2x2x2x!qnn.quant<u2, scale = 0.5>> -> tensor<1x8x!qnn.quant<u2, scale = 0.5>>
// CHECK: qnn.qdense %[[F]], %{{.*}} : (tensor<1x8x!qnn.quant<u2, scale = 0.5>>, tensor<3x8x!qnn.quant<s4, scale = 0.25>>)
// CHECK-NOT: qnn.dequantize
func.func @through_pool_and_flatten(%x: tensor<1x2x4x4xf32>, %w: tensor<3x8xf32>) -> tensor<1x3xf32> {
  %qx = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>>
  %dx = qnn.dequantize %qx : tensor<1x2x4x4x!qnn.quant<u2, scale = 0.5>> -> tensor<1x2x4x4xf32>
  %p = qnn.max_pool2d %dx {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %f = qnn.flatten %p {axis = 1} : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %qw = qnn.quantize %w : tensor<3x8xf32> -> tensor<3x8x!qnn.quant<s4, scale = 0.25>>
  %dw = qnn.dequantize %qw : tensor<3x8x!qnn.quant<s4, scale = 0.25>> -> tensor<3x8xf32>
  %y = qnn.dense %f, %dw : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// A quantizer after a max pool moves before it (quantizing is monotonic, so
// the max of the codes is the code of the max): the pool runs on codes and
// the layer before it can write them (ResNet's stem: Conv, Relu, MaxPool,
// then the next layer's Quant). The padding stays the pool's.
// CHECK-LABEL: func @quantize_before_pool
// CHECK: %[[Q:.*]] = qnn.quantize %{{.*}} {rounding_mode = #qnn<rounding floor>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u4, scale = 0.5>>
// CHECK: %[[P:.*]] = qnn.max_pool2d %[[Q]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x4x4x!qnn.quant<u4, scale = 0.5>> -> tensor<1x2x2x2x!qnn.quant<u4, scale = 0.5>>
// CHECK-NOT: qnn.dequantize
// CHECK: qnn.qconv2d %[[P]]
func.func @quantize_before_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x2x2xf32> {
  %r = qnn.relu %x : tensor<1x2x4x4xf32>
  %p = qnn.max_pool2d %r {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %qp = qnn.quantize %p {rounding_mode = #qnn<rounding floor>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.quant<u4, scale = 0.5>>
  %dp = qnn.dequantize %qp : tensor<1x2x2x2x!qnn.quant<u4, scale = 0.5>> -> tensor<1x2x2x2xf32>
  %w = arith.constant dense<0.5> : tensor<3x2x1x1xf32>
  %qw = qnn.quantize %w : tensor<3x2x1x1xf32> -> tensor<3x2x1x1x!qnn.quant<s4, scale = 0.25>>
  %dw = qnn.dequantize %qw : tensor<3x2x1x1x!qnn.quant<s4, scale = 0.25>> -> tensor<3x2x1x1xf32>
  %y = qnn.conv2d %dp, %dw : (tensor<1x2x2x2xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// A pool with another user stays on floats, and so does one before a
// bipolar quantizer.
// CHECK-LABEL: func @pool_stays_float
// CHECK: %[[P:.*]] = qnn.max_pool2d %arg0 {{.*}} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
// CHECK: qnn.quantize %[[P]]
// CHECK: %[[P2:.*]] = qnn.max_pool2d %arg0 {{.*}} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
// CHECK: qnn.quantize %[[P2]] : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.quant<b1, scale = 1.0>>
func.func @pool_stays_float(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2x!qnn.quant<u4, scale = 0.5>>, tensor<1x2x2x2xf32>, tensor<1x2x2x2x!qnn.quant<b1, scale = 1.0>>) {
  %p = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %q = qnn.quantize %p : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.quant<u4, scale = 0.5>>
  %p2 = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %b = qnn.quantize %p2 : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.quant<b1, scale = 1.0>>
  return %q, %p, %b : tensor<1x2x2x2x!qnn.quant<u4, scale = 0.5>>, tensor<1x2x2x2xf32>, tensor<1x2x2x2x!qnn.quant<b1, scale = 1.0>>
}

// -----

// Per-channel codes keep their channels through a max pool, not through a
// flatten (the channel axis would be lost).
// CHECK-LABEL: func @per_channel_through_pool
// CHECK: qnn.max_pool2d %{{.*}} : tensor<1x2x2x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>> -> tensor<1x2x1x1x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>>
// CHECK: %[[D:.*]] = qnn.dequantize
// CHECK: qnn.flatten %[[D]] : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
func.func @per_channel_through_pool(%x: tensor<1x2x2x2xf32>) -> tensor<1x2xf32> {
  %qx = qnn.quantize %x : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>>
  %dx = qnn.dequantize %qx : tensor<1x2x2x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>> -> tensor<1x2x2x2xf32>
  %p = qnn.max_pool2d %dx {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x2x2xf32> -> tensor<1x2x1x1xf32>
  %f = qnn.flatten %p {axis = 1} : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  return %f : tensor<1x2xf32>
}

// -----

// Transposes, pads with the code of 0 (zero point 2) and concatenations of
// equal codes commute with the quantizer too; a pad with 0.1, which has no
// code, does not.
// CHECK-LABEL: func @through_transpose_pad_concat
// CHECK: %[[T:.*]] = qnn.transpose %{{.*}} : tensor<1x2x4x4x!qnn.quant<u4, scale = 0.5, zero_point = 2.0>>
// CHECK: %[[P:.*]] = qnn.pad %[[T]] {{.*}} : tensor<1x2x4x4x!qnn.quant<u4, scale = 0.5, zero_point = 2.0>> -> tensor<1x2x6x4x!qnn.quant<u4, scale = 0.5, zero_point = 2.0>>
// CHECK: %[[C:.*]] = qnn.concat %[[P]], %[[P]] {axis = 1 : i64} : ({{.*}}) -> tensor<1x4x6x4x!qnn.quant<u4, scale = 0.5, zero_point = 2.0>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[C]]
// CHECK: qnn.pad %[[D]] {{.*}} : tensor<1x4x6x4xf32> -> tensor<1x4x6x6xf32>
func.func @through_transpose_pad_concat(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x6x6xf32> {
  %q = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u4, scale = 0.5, zero_point = 2.0>>
  %d = qnn.dequantize %q : tensor<1x2x4x4x!qnn.quant<u4, scale = 0.5, zero_point = 2.0>> -> tensor<1x2x4x4xf32>
  %t = qnn.transpose %d {permutation = array<i64: 0, 1, 3, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %p = qnn.pad %t {low = array<i64: 0, 0, 1, 0>, high = array<i64: 0, 0, 1, 0>, value = 0.0 : f32} : tensor<1x2x4x4xf32> -> tensor<1x2x6x4xf32>
  %c = qnn.concat %p, %p {axis = 1} : (tensor<1x2x6x4xf32>, tensor<1x2x6x4xf32>) -> tensor<1x4x6x4xf32>
  %r = qnn.pad %c {low = array<i64: 0, 0, 0, 1>, high = array<i64: 0, 0, 0, 1>, value = 0.1 : f32} : tensor<1x4x6x4xf32> -> tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}
