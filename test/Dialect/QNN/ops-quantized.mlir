// RUN: qnn-opt %s | qnn-opt | FileCheck %s

// Round trip of the quantized-level ops (QNNOps.td, "Quantized level").

// CHECK-LABEL: func.func @quantize
// CHECK: qnn.quantize %{{.*}} : tensor<1x16x8x8xf32> -> tensor<1x16x8x8x!qnn.quant<u2, scale = 0.5>>
func.func @quantize(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8x!qnn.quant<u2, scale = 0.5>> {
  %q = qnn.quantize %x : tensor<1x16x8x8xf32> -> tensor<1x16x8x8x!qnn.quant<u2, scale = 0.5>>
  return %q : tensor<1x16x8x8x!qnn.quant<u2, scale = 0.5>>
}

// Every QONNX rounding mode; `round` is the default.
// CHECK-LABEL: func.func @quantize_rounding
// CHECK: qnn.quantize %{{.*}} : tensor<8xf32>
// CHECK: qnn.quantize %{{.*}} {rounding_mode = #qnn<rounding ceil>} : tensor<8xf32>
// CHECK: qnn.quantize %{{.*}} {rounding_mode = #qnn<rounding floor>} : tensor<8xf32>
// CHECK: qnn.quantize %{{.*}} {rounding_mode = #qnn<rounding round_to_zero>} : tensor<8xf32>
func.func @quantize_rounding(%x: tensor<8xf32>)
    -> (tensor<8x!qnn.quant<u4, scale = 0.1>>, tensor<8x!qnn.quant<u4, scale = 0.1>>,
        tensor<8x!qnn.quant<u4, scale = 0.1>>, tensor<8x!qnn.quant<u4, scale = 0.1>>) {
  %a = qnn.quantize %x {rounding_mode = #qnn<rounding round>} : tensor<8xf32> -> tensor<8x!qnn.quant<u4, scale = 0.1>>
  %b = qnn.quantize %x {rounding_mode = #qnn<rounding ceil>} : tensor<8xf32> -> tensor<8x!qnn.quant<u4, scale = 0.1>>
  %c = qnn.quantize %x {rounding_mode = #qnn<rounding floor>} : tensor<8xf32> -> tensor<8x!qnn.quant<u4, scale = 0.1>>
  %d = qnn.quantize %x {rounding_mode = #qnn<rounding round_to_zero>} : tensor<8xf32> -> tensor<8x!qnn.quant<u4, scale = 0.1>>
  return %a, %b, %c, %d : tensor<8x!qnn.quant<u4, scale = 0.1>>, tensor<8x!qnn.quant<u4, scale = 0.1>>,
                          tensor<8x!qnn.quant<u4, scale = 0.1>>, tensor<8x!qnn.quant<u4, scale = 0.1>>
}

// narrow applies to signed codes; a bipolar result is the sign.
// CHECK-LABEL: func.func @quantize_narrow_and_bipolar
// CHECK: qnn.quantize %{{.*}} {narrow, rounding_mode = #qnn<rounding floor>} : tensor<8xf32> -> tensor<8x!qnn.quant<s4, scale = 0.25>>
// CHECK: qnn.quantize %{{.*}} : tensor<8xf32> -> tensor<8x!qnn.quant<b1, scale = 0.75>>
func.func @quantize_narrow_and_bipolar(%x: tensor<8xf32>)
    -> (tensor<8x!qnn.quant<s4, scale = 0.25>>, tensor<8x!qnn.quant<b1, scale = 0.75>>) {
  %s = qnn.quantize %x {narrow, rounding_mode = #qnn<rounding floor>} : tensor<8xf32> -> tensor<8x!qnn.quant<s4, scale = 0.25>>
  %b = qnn.quantize %x : tensor<8xf32> -> tensor<8x!qnn.quant<b1, scale = 0.75>>
  return %s, %b : tensor<8x!qnn.quant<s4, scale = 0.25>>, tensor<8x!qnn.quant<b1, scale = 0.75>>
}

// A per-channel result: the axis indexes a dimension whose size is the
// number of scales (here dimension 1, of size 2).
// CHECK-LABEL: func.func @quantize_per_channel
// CHECK: qnn.quantize %{{.*}} : tensor<3x2x4xf32> -> tensor<3x2x4x!qnn.quant<u3, axis = 1, scale = [0.25, 0.5], zero_point = [3.5, 3.5]>>
func.func @quantize_per_channel(%x: tensor<3x2x4xf32>)
    -> tensor<3x2x4x!qnn.quant<u3, axis = 1, scale = [0.25, 0.5], zero_point = [3.5, 3.5]>> {
  %q = qnn.quantize %x : tensor<3x2x4xf32> -> tensor<3x2x4x!qnn.quant<u3, axis = 1, scale = [0.25, 0.5], zero_point = [3.5, 3.5]>>
  return %q : tensor<3x2x4x!qnn.quant<u3, axis = 1, scale = [0.25, 0.5], zero_point = [3.5, 3.5]>>
}

// CHECK-LABEL: func.func @dequantize
// CHECK: qnn.dequantize %{{.*}} : tensor<16x!qnn.quant<s4, scale = 0.1>> -> tensor<16xf32>
// CHECK: qnn.dequantize %{{.*}} : tensor<2x3x!qnn.quant<s8, axis = 0, scale = [0.5, 0.25], zero_point = [0.0, 1.0]>> -> tensor<2x3xf32>
func.func @dequantize(%q: tensor<16x!qnn.quant<s4, scale = 0.1>>,
                      %p: tensor<2x3x!qnn.quant<s8, axis = 0, scale = [0.5, 0.25], zero_point = [0.0, 1.0]>>)
    -> (tensor<16xf32>, tensor<2x3xf32>) {
  %x = qnn.dequantize %q : tensor<16x!qnn.quant<s4, scale = 0.1>> -> tensor<16xf32>
  %y = qnn.dequantize %p : tensor<2x3x!qnn.quant<s8, axis = 0, scale = [0.5, 0.25], zero_point = [0.0, 1.0]>> -> tensor<2x3xf32>
  return %x, %y : tensor<16xf32>, tensor<2x3xf32>
}

// Per-tensor activations; weights per output channel (axis 0) with bias,
// (8 + 1 + 1 - 3) + 1 = 8.
// CHECK-LABEL: func.func @qconv2d_per_channel_bias
// CHECK: qnn.qconv2d %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} {padding = array<i64: 1, 1, 1, 1>}
// CHECK-SAME: : (tensor<1x4x8x8x!qnn.quant<u2, scale = 0.5>>, tensor<2x4x3x3x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2], zero_point = [0.0, -0.5]>>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
func.func @qconv2d_per_channel_bias(%x: tensor<1x4x8x8x!qnn.quant<u2, scale = 0.5>>,
    %w: tensor<2x4x3x3x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2], zero_point = [0.0, -0.5]>>,
    %b: tensor<2xf32>) -> tensor<1x2x8x8xf32> {
  %y = qnn.qconv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x4x8x8x!qnn.quant<u2, scale = 0.5>>,
         tensor<2x4x3x3x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2], zero_point = [0.0, -0.5]>>,
         tensor<2xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// No bias, grouped and strided, per-tensor DoReFa weights; and a binary
// (bipolar x bipolar) convolution. (8 - 3) / 2 + 1 = 3.
// CHECK-LABEL: func.func @qconv2d_grouped_and_binary
// CHECK: qnn.qconv2d %{{[^,]*}}, %{{[^,]*}} {groups = 2 : i64, strides = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<1x4x8x8x!qnn.quant<u4, scale = 0.25>>, tensor<4x2x3x3x!qnn.quant<u3, scale = 0.2857142857142857, zero_point = 3.5>>) -> tensor<1x4x3x3xf32>
// CHECK: qnn.qconv2d %{{[^,]*}}, %{{[^,]*}} : (tensor<1x4x8x8x!qnn.quant<b1, scale = 1.0>>, tensor<4x4x3x3x!qnn.quant<b1, axis = 0, scale = [1.0, 2.0, 3.0, 4.0]>>) -> tensor<1x4x6x6xf32>
func.func @qconv2d_grouped_and_binary(%x: tensor<1x4x8x8x!qnn.quant<u4, scale = 0.25>>,
    %w: tensor<4x2x3x3x!qnn.quant<u3, scale = 0.2857142857142857, zero_point = 3.5>>,
    %xb: tensor<1x4x8x8x!qnn.quant<b1, scale = 1.0>>,
    %wb: tensor<4x4x3x3x!qnn.quant<b1, axis = 0, scale = [1.0, 2.0, 3.0, 4.0]>>)
    -> (tensor<1x4x3x3xf32>, tensor<1x4x6x6xf32>) {
  %y = qnn.qconv2d %x, %w {groups = 2, strides = array<i64: 2, 2>}
      : (tensor<1x4x8x8x!qnn.quant<u4, scale = 0.25>>,
         tensor<4x2x3x3x!qnn.quant<u3, scale = 0.2857142857142857, zero_point = 3.5>>) -> tensor<1x4x3x3xf32>
  %z = qnn.qconv2d %xb, %wb
      : (tensor<1x4x8x8x!qnn.quant<b1, scale = 1.0>>,
         tensor<4x4x3x3x!qnn.quant<b1, axis = 0, scale = [1.0, 2.0, 3.0, 4.0]>>) -> tensor<1x4x6x6xf32>
  return %y, %z : tensor<1x4x3x3xf32>, tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func.func @qdense
// CHECK: qnn.qdense %{{[^,]*}}, %{{[^,]*}} : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>, tensor<10x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<1x10xf32>
// CHECK: qnn.qdense %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>, tensor<2x64x!qnn.quant<s2, axis = 0, scale = [0.2, 0.4]>>, tensor<2xf32>) -> tensor<1x2xf32>
func.func @qdense(%x: tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                  %w: tensor<10x64x!qnn.quant<s2, scale = 0.2>>,
                  %v: tensor<2x64x!qnn.quant<s2, axis = 0, scale = [0.2, 0.4]>>,
                  %b: tensor<2xf32>) -> (tensor<1x10xf32>, tensor<1x2xf32>) {
  %y = qnn.qdense %x, %w : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                            tensor<10x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<1x10xf32>
  %z = qnn.qdense %x, %v, %b : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                                tensor<2x64x!qnn.quant<s2, axis = 0, scale = [0.2, 0.4]>>,
                                tensor<2xf32>) -> tensor<1x2xf32>
  return %y, %z : tensor<1x10xf32>, tensor<1x2xf32>
}
