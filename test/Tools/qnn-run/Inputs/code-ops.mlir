// Max pooling and flattening of codes, one case per entry: unsigned 8-bit
// codes above 127 (which i8 holds as negative bit patterns), signed codes
// with padding (padded positions never win), per-channel codes.
func.func @unsigned(%x: tensor<1x2x4x4xf32>) -> tensor<1x8xf32> {
  %q = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u8, scale = 0.0625, zero_point = 128.0>>
  %p = qnn.max_pool2d %q {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4x!qnn.quant<u8, scale = 0.0625, zero_point = 128.0>> -> tensor<1x2x2x2x!qnn.quant<u8, scale = 0.0625, zero_point = 128.0>>
  %f = qnn.flatten %p {axis = 1} : tensor<1x2x2x2x!qnn.quant<u8, scale = 0.0625, zero_point = 128.0>> -> tensor<1x8x!qnn.quant<u8, scale = 0.0625, zero_point = 128.0>>
  %d = qnn.dequantize %f : tensor<1x8x!qnn.quant<u8, scale = 0.0625, zero_point = 128.0>> -> tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}

func.func @signed_padded(%x: tensor<1x2x4x4xf32>) -> tensor<1x8xf32> {
  %q = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<s3, scale = 0.5>>
  %p = qnn.max_pool2d %q {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4x!qnn.quant<s3, scale = 0.5>> -> tensor<1x2x2x2x!qnn.quant<s3, scale = 0.5>>
  %r = qnn.reshape %p : tensor<1x2x2x2x!qnn.quant<s3, scale = 0.5>> -> tensor<1x8x!qnn.quant<s3, scale = 0.5>>
  %d = qnn.dequantize %r : tensor<1x8x!qnn.quant<s3, scale = 0.5>> -> tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}

func.func @per_channel(%x: tensor<1x2x4x4xf32>) -> tensor<1x2xf32> {
  %q = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u4, axis = 1, scale = [0.25, 0.5], zero_point = [8.0, 2.0]>>
  %p = qnn.max_pool2d %q {kernel = array<i64: 4, 4>} : tensor<1x2x4x4x!qnn.quant<u4, axis = 1, scale = [0.25, 0.5], zero_point = [8.0, 2.0]>> -> tensor<1x2x1x1x!qnn.quant<u4, axis = 1, scale = [0.25, 0.5], zero_point = [8.0, 2.0]>>
  %d = qnn.dequantize %p : tensor<1x2x1x1x!qnn.quant<u4, axis = 1, scale = [0.25, 0.5], zero_point = [8.0, 2.0]>> -> tensor<1x2x1x1xf32>
  %r = qnn.reshape %d : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}

func.func @moves(%x: tensor<1x2x4x4xf32>) -> tensor<2x2x6x4xf32> {
  %q = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>>
  %t = qnn.transpose %q {permutation = array<i64: 0, 1, 3, 2>} : tensor<1x2x4x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>> -> tensor<1x2x4x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>>
  %p = qnn.pad %t {low = array<i64: 0, 0, 1, 0>, high = array<i64: 0, 0, 1, 0>, value = 0.0 : f32} : tensor<1x2x4x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>> -> tensor<1x2x6x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>>
  %c = qnn.concat %p, %p {axis = 0} : (tensor<1x2x6x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>>, tensor<1x2x6x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>>) -> tensor<2x2x6x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>>
  %d = qnn.dequantize %c : tensor<2x2x6x4x!qnn.quant<u4, scale = 0.25, zero_point = 2.0>> -> tensor<2x2x6x4xf32>
  return %d : tensor<2x2x6x4xf32>
}
