// RUN: qnn-opt %s --split-input-file --verify-diagnostics

// Errors of the kernel-level op verifiers (QNNOps.cpp): verifyKernelOperands
// (shared destination-style checks), Im2ColOp::verify (with verifyWindow),
// PackBitsOp::verify and BitSerialMatmulOp::verify (with verifyPlaneCount and
// the accumulator overflow bound).

//===----------------------------------------------------------------------===//
// verifyKernelOperands
//===----------------------------------------------------------------------===//

func.func @dynamic(%x: tensor<?x3x8x8xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects static shapes, got 'tensor<?x3x8x8xf32>'}}
  %r = qnn.im2col ins(%x : tensor<?x3x8x8xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} -> tensor<64x27xf32>
  return %r : tensor<64x27xf32>
}

// -----

func.func @dynamic_memref(%x: memref<64x?xi8>, %init: memref<2x64x1xi64>) {
  // expected-error @+1 {{'qnn.pack_bits' op expects static shapes, got 'memref<64x?xi8>'}}
  qnn.pack_bits ins(%x : memref<64x?xi8>) outs(%init : memref<2x64x1xi64>) {encoding = #qnn<encoding unsigned>}
  return
}

// -----

func.func @tensor_in_memref_out(%x: tensor<1x3x8x8xf32>, %init: memref<64x27xf32>) {
  // expected-error @+1 {{'qnn.im2col' op expects all operands to be tensors or all memrefs}}
  qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : memref<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
  return
}

// -----

func.func @memref_in_tensor_out(%a: memref<2x64x9xi64>, %b: tensor<4x16x9xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects all operands to be tensors or all memrefs}}
  %r = qnn.bitserial_matmul ins(%a, %b : memref<2x64x9xi64>, tensor<4x16x9xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

func.func @tensor_without_result(%x: tensor<1x3x8x8xf32>, %init: tensor<64x27xf32>) {
  // expected-error @+1 {{'qnn.im2col' op on tensors expects one result of the init's type}}
  qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
  return
}

// -----

func.func @tensor_result_type(%x: tensor<64x27xi8>, %init: tensor<2x64x1xi64>) -> tensor<2x64x2xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op on tensors expects one result of the init's type}}
  %r = qnn.pack_bits ins(%x : tensor<64x27xi8>) outs(%init : tensor<2x64x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<2x64x2xi64>
  return %r : tensor<2x64x2xi64>
}

// -----

func.func @tensor_two_results(%x: tensor<64x27xi8>, %init: tensor<2x64x1xi64>) -> tensor<2x64x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op on tensors expects one result of the init's type}}
  %r:2 = "qnn.pack_bits"(%x, %init) <{encoding = #qnn<encoding unsigned>}>
      : (tensor<64x27xi8>, tensor<2x64x1xi64>) -> (tensor<2x64x1xi64>, tensor<2x64x1xi64>)
  return %r#0 : tensor<2x64x1xi64>
}

// -----

func.func @memref_with_result(%a: memref<2x64x9xi64>, %b: memref<4x16x9xi64>, %init: memref<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op on memrefs expects no result}}
  %r = qnn.bitserial_matmul ins(%a, %b : memref<2x64x9xi64>, memref<4x16x9xi64>) outs(%init : memref<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.im2col
//===----------------------------------------------------------------------===//

func.func @im2col_input_rank(%x: tensor<3x8x8xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects a 4-D (N x C x H x W) input and a 2-D init}}
  %r = qnn.im2col ins(%x : tensor<3x8x8xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} -> tensor<64x27xf32>
  return %r : tensor<64x27xf32>
}

// -----

func.func @im2col_nhwc_without_channels_last(%x: tensor<1x8x8x3xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  // Read as N x C x H x W without channels_last: 1 x 8 channels of 8 x 3.
  // expected-error @+1 {{'qnn.im2col' op expects init of shape 24x72, got 64x27}}
  %r = qnn.im2col ins(%x : tensor<1x8x8x3xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} -> tensor<64x27xf32>
  return %r : tensor<64x27xf32>
}

// -----

func.func @im2col_channels_last_rank(%x: tensor<8x8x3xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects a 4-D (N x H x W x C) input and a 2-D init}}
  %r = qnn.im2col ins(%x : tensor<8x8x3xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, channels_last} -> tensor<64x27xf32>
  return %r : tensor<64x27xf32>
}

// -----

func.func @im2col_init_rank(%x: memref<1x3x8x8xf32>, %init: memref<1x64x27xf32>) {
  // expected-error @+1 {{'qnn.im2col' op expects a 4-D (N x C x H x W) input and a 2-D init}}
  qnn.im2col ins(%x : memref<1x3x8x8xf32>) outs(%init : memref<1x64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
  return
}

// -----

func.func @im2col_element_type(%x: tensor<1x3x8x8xf32>, %init: tensor<64x27xi8>) -> tensor<64x27xi8> {
  // expected-error @+1 {{'qnn.im2col' op expects input and init of the same element type}}
  %r = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x27xi8>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} -> tensor<64x27xi8>
  return %r : tensor<64x27xi8>
}

// -----

func.func @im2col_zero_kernel(%x: tensor<1x3x8x8xf32>, %init: tensor<64x0xf32>) -> tensor<64x0xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects a positive kernel size}}
  %r = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x0xf32>)
      {kernel = array<i64: 0, 3>} -> tensor<64x0xf32>
  return %r : tensor<64x0xf32>
}

// -----

func.func @im2col_zero_stride(%x: tensor<1x3x8x8xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects positive strides}}
  %r = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, strides = array<i64: 0, 0>} -> tensor<64x27xf32>
  return %r : tensor<64x27xf32>
}

// -----

func.func @im2col_zero_dilation(%x: tensor<1x3x8x8xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects positive dilations}}
  %r = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, dilations = array<i64: 1, 0>} -> tensor<64x27xf32>
  return %r : tensor<64x27xf32>
}

// -----

func.func @im2col_negative_padding(%x: tensor<1x3x8x8xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects non-negative padding}}
  %r = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, -1, 1, 1>} -> tensor<64x27xf32>
  return %r : tensor<64x27xf32>
}

// -----

func.func @im2col_window(%x: tensor<1x3x2x8xf32>, %init: tensor<6x27xf32>) -> tensor<6x27xf32> {
  // expected-error @+1 {{'qnn.im2col' op window of extent 3 does not fit the padded height 2}}
  %r = qnn.im2col ins(%x : tensor<1x3x2x8xf32>) outs(%init : tensor<6x27xf32>)
      {kernel = array<i64: 3, 3>} -> tensor<6x27xf32>
  return %r : tensor<6x27xf32>
}

// -----

// Rows are N * OH * OW = 2 * 8 * 8, columns KH * KW * C = 3 * 2 * 3.
func.func @im2col_init_shape(%x: tensor<2x3x8x8xf32>, %init: tensor<64x18xf32>) -> tensor<64x18xf32> {
  // expected-error @+1 {{'qnn.im2col' op expects init of shape 128x18, got 64x18}}
  %r = qnn.im2col ins(%x : tensor<2x3x8x8xf32>) outs(%init : tensor<64x18xf32>)
      {kernel = array<i64: 3, 2>, padding = array<i64: 1, 0, 1, 1>} -> tensor<64x18xf32>
  return %r : tensor<64x18xf32>
}

// -----

func.func @im2col_no_kernel(%x: tensor<1x3x8x8xf32>, %init: tensor<64x3xf32>) -> tensor<64x3xf32> {
  // expected-error @+1 {{'qnn.im2col' op requires attribute 'kernel'}}
  %r = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x3xf32>) -> tensor<64x3xf32>
  return %r : tensor<64x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.pack_bits
//===----------------------------------------------------------------------===//

func.func @pack_bits_input_rank(%x: tensor<1x64x27xi8>, %init: tensor<2x64x1xi64>) -> tensor<2x64x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op expects a 2-D integer input of codes (rows x reduction length)}}
  %r = qnn.pack_bits ins(%x : tensor<1x64x27xi8>) outs(%init : tensor<2x64x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<2x64x1xi64>
  return %r : tensor<2x64x1xi64>
}

// -----

// Floats are quantized by qnn.quantize first; pack_bits packs codes.
func.func @pack_bits_float_input(%x: tensor<64x27xf32>, %init: tensor<2x64x1xi64>) -> tensor<2x64x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op expects a 2-D integer input of codes (rows x reduction length)}}
  %r = qnn.pack_bits ins(%x : tensor<64x27xf32>) outs(%init : tensor<2x64x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<2x64x1xi64>
  return %r : tensor<2x64x1xi64>
}

// -----

func.func @pack_bits_init_rank(%x: tensor<64x27xi8>, %init: tensor<128x1xi64>) -> tensor<128x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op expects a 3-D i64 init (planes x rows x words)}}
  %r = qnn.pack_bits ins(%x : tensor<64x27xi8>) outs(%init : tensor<128x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<128x1xi64>
  return %r : tensor<128x1xi64>
}

// -----

func.func @pack_bits_init_type(%x: memref<64x27xi8>, %init: memref<2x64x2xi32>) {
  // expected-error @+1 {{'qnn.pack_bits' op expects a 3-D i64 init (planes x rows x words)}}
  qnn.pack_bits ins(%x : memref<64x27xi8>) outs(%init : memref<2x64x2xi32>) {encoding = #qnn<encoding unsigned>}
  return
}

// -----

func.func @pack_bits_bipolar_planes(%x: tensor<2x27xi8>, %init: tensor<2x2x1xi64>) -> tensor<2x2x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op expects one output bit-plane for a bipolar code, got 2}}
  %r = qnn.pack_bits ins(%x : tensor<2x27xi8>) outs(%init : tensor<2x2x1xi64>)
      {encoding = #qnn<encoding bipolar>} -> tensor<2x2x1xi64>
  return %r : tensor<2x2x1xi64>
}

// -----

func.func @pack_bits_nine_planes(%x: tensor<2x27xi16>, %init: tensor<9x2x1xi64>) -> tensor<9x2x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op expects 1 to 8 output bit-planes, got 9}}
  %r = qnn.pack_bits ins(%x : tensor<2x27xi16>) outs(%init : tensor<9x2x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<9x2x1xi64>
  return %r : tensor<9x2x1xi64>
}

// -----

func.func @pack_bits_narrow_codes(%x: tensor<2x27xi2>, %init: tensor<4x2x1xi64>) -> tensor<4x2x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op expects codes of at least 4 bits, got 'i2'}}
  %r = qnn.pack_bits ins(%x : tensor<2x27xi2>) outs(%init : tensor<4x2x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<4x2x1xi64>
  return %r : tensor<4x2x1xi64>
}

// -----

// K = 65 needs a second word.
func.func @pack_bits_words(%x: memref<3x65xi8>, %init: memref<1x3x1xi64>) {
  // expected-error @+1 {{'qnn.pack_bits' op expects init (bits x rows x ceil(K / 64)) of shape 1x3x2, got 1x3x1}}
  qnn.pack_bits ins(%x : memref<3x65xi8>) outs(%init : memref<1x3x1xi64>) {encoding = #qnn<encoding bipolar>}
  return
}

// -----

func.func @pack_bits_rows(%x: tensor<3x64xi8>, %init: tensor<4x4x1xi64>) -> tensor<4x4x1xi64> {
  // expected-error @+1 {{'qnn.pack_bits' op expects init (bits x rows x ceil(K / 64)) of shape 4x3x1, got 4x4x1}}
  %r = qnn.pack_bits ins(%x : tensor<3x64xi8>) outs(%init : tensor<4x4x1xi64>)
      {encoding = #qnn<encoding signed>} -> tensor<4x4x1xi64>
  return %r : tensor<4x4x1xi64>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.bitserial_matmul
//===----------------------------------------------------------------------===//

func.func @matmul_lhs_rank(%a: tensor<64x9xi64>, %b: tensor<4x16x9xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects 3-D i64 operands (planes x rows x words)}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<64x9xi64>, tensor<4x16x9xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

func.func @matmul_rhs_type(%a: tensor<2x64x9xi64>, %b: tensor<4x16x18xi32>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects 3-D i64 operands (planes x rows x words)}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<4x16x18xi32>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

func.func @matmul_init_type(%a: tensor<2x64x9xi64>, %b: tensor<4x16x9xi64>, %init: tensor<64x16xi16>) -> tensor<64x16xi16> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects a 2-D i32 or i64 init (M x N)}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<4x16x9xi64>) outs(%init : tensor<64x16xi16>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi16>
  return %r : tensor<64x16xi16>
}

// -----

func.func @matmul_init_rank(%a: memref<2x64x9xi64>, %b: memref<4x16x9xi64>, %init: memref<1x64x16xi32>) {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects a 2-D i32 or i64 init (M x N)}}
  qnn.bitserial_matmul ins(%a, %b : memref<2x64x9xi64>, memref<4x16x9xi64>) outs(%init : memref<1x64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576}
  return
}

// -----

func.func @matmul_no_lhs_planes(%a: tensor<0x64x9xi64>, %b: tensor<4x16x9xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects 1 to 8 lhs bit-planes, got 0}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<0x64x9xi64>, tensor<4x16x9xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

func.func @matmul_nine_rhs_planes(%a: tensor<2x64x9xi64>, %b: tensor<9x16x9xi64>, %init: tensor<64x16xi64>) -> tensor<64x16xi64> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects 1 to 8 rhs bit-planes, got 9}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<9x16x9xi64>) outs(%init : tensor<64x16xi64>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 576} -> tensor<64x16xi64>
  return %r : tensor<64x16xi64>
}

// -----

func.func @matmul_bipolar_planes(%a: tensor<2x64x9xi64>, %b: tensor<1x16x9xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects one lhs bit-plane for a bipolar code, got 2}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<1x16x9xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

func.func @matmul_signed_one_plane(%a: tensor<2x64x9xi64>, %b: tensor<1x16x9xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects at least two rhs bit-planes for a signed code}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<1x16x9xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

func.func @matmul_words(%a: tensor<2x64x10xi64>, %b: tensor<4x16x9xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects ceil(576 / 64) = 9 words per row, got 10 (lhs) and 9 (rhs)}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x10xi64>, tensor<4x16x9xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

// 577 elements take a 10th word.
func.func @matmul_words_rounded_up(%a: tensor<2x64x9xi64>, %b: tensor<4x16x9xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects ceil(577 / 64) = 10 words per row, got 9 (lhs) and 9 (rhs)}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<4x16x9xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 577} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

func.func @matmul_init_shape(%a: tensor<2x64x9xi64>, %b: tensor<4x16x9xi64>, %init: tensor<16x64xi32>) -> tensor<16x64xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects init of shape 64x16, got 16x64}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<4x16x9xi64>) outs(%init : tensor<16x64xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 576} -> tensor<16x64xi32>
  return %r : tensor<16x64xi32>
}

// -----

func.func @matmul_zero_reduction(%a: tensor<2x64x0xi64>, %b: tensor<4x16x0xi64>, %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // The properties are checked while parsing, at the attribute dictionary.
  // expected-error @+2 {{'qnn.bitserial_matmul' op attribute 'reduction_length' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x0xi64>, tensor<4x16x0xi64>) outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 0} -> tensor<64x16xi32>
  return %r : tensor<64x16xi32>
}

// -----

// The exact sum must fit the accumulator (ops-kernel.mlir has the largest
// reductions that do): 255 * 255 * 33026 = 2147515650 > 2^31 - 1.
func.func @matmul_i32_overflow_unsigned(%a: tensor<8x4x517xi64>, %b: tensor<8x4x517xi64>, %init: tensor<4x4xi32>) -> tensor<4x4xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op an i32 accumulator can overflow for reduction length 33026 at these bitwidths; use i64}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<8x4x517xi64>, tensor<8x4x517xi64>) outs(%init : tensor<4x4xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 33026} -> tensor<4x4xi32>
  return %r : tensor<4x4xi32>
}

// -----

// (-128) * (-128) * 131072 = 2^31, one more than i32 holds.
func.func @matmul_i32_overflow_signed(%a: tensor<8x4x2048xi64>, %b: tensor<8x4x2048xi64>, %init: tensor<4x4xi32>) -> tensor<4x4xi32> {
  // expected-error @+1 {{'qnn.bitserial_matmul' op an i32 accumulator can overflow for reduction length 131072 at these bitwidths; use i64}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<8x4x2048xi64>, tensor<8x4x2048xi64>) outs(%init : tensor<4x4xi32>)
      {lhs_encoding = #qnn<encoding signed>, rhs_encoding = #qnn<encoding signed>, reduction_length = 131072} -> tensor<4x4xi32>
  return %r : tensor<4x4xi32>
}

// -----

// Binary: |K - 2 popcount| <= K = 2^31.
func.func @matmul_i32_overflow_bipolar(%a: memref<1x4x33554432xi64>, %b: memref<1x4x33554432xi64>, %init: memref<4x4xi32>) {
  // expected-error @+1 {{'qnn.bitserial_matmul' op an i32 accumulator can overflow for reduction length 2147483648 at these bitwidths; use i64}}
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x33554432xi64>, memref<1x4x33554432xi64>) outs(%init : memref<4x4xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 2147483648}
  return
}

// -----

// 255 * 255 * 141843476153092 > 2^63 - 1 >= 255 * 255 * 141843476153091.
// There is no wider accumulator to suggest.
func.func @matmul_i64_overflow(%a: tensor<8x1x2216304314893xi64>, %b: tensor<8x1x2216304314893xi64>, %init: tensor<1x1xi64>) -> tensor<1x1xi64> {
  // expected-error-re @+1 {{'qnn.bitserial_matmul' op an i64 accumulator can overflow for reduction length 141843476153092 at these bitwidths{{$}}}}
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<8x1x2216304314893xi64>, tensor<8x1x2216304314893xi64>) outs(%init : tensor<1x1xi64>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 141843476153092} -> tensor<1x1xi64>
  return %r : tensor<1x1xi64>
}

// -----

func.func @fma_matmul_shape(%w: memref<8x27xf32>, %x: memref<1x26x64xf32>, %b: memref<8xf32>, %o: memref<1x8x64xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects rhs of shape 1x27x64}}
  qnn.fma_matmul ins(%w, %x, %b : memref<8x27xf32>, memref<1x26x64xf32>, memref<8xf32>)
      outs(%o : memref<1x8x64xf32>) {isa = #qnn<fma_isa avx2>}
  return
}

// -----

func.func @fma_matmul_isa(%w: memref<8x27xf32>, %x: memref<1x27x64xf32>, %b: memref<8xf32>, %o: memref<1x8x64xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects an isa (avx512, avx2 or neon)}}
  qnn.fma_matmul ins(%w, %x, %b : memref<8x27xf32>, memref<1x27x64xf32>, memref<8xf32>)
      outs(%o : memref<1x8x64xf32>) {isa = #qnn<fma_isa none>}
  return
}

// -----

func.func @fma_matmul_clamp(%w: memref<8x27xf32>, %x: memref<1x27x64xf32>, %b: memref<8xf32>, %o: memref<1x8x64xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects clamp_min <= clamp_max}}
  qnn.fma_matmul ins(%w, %x, %b : memref<8x27xf32>, memref<1x27x64xf32>, memref<8xf32>)
      outs(%o : memref<1x8x64xf32>) {isa = #qnn<fma_isa avx2>, clamp_min = 1.0 : f32, clamp_max = 0.0 : f32}
  return
}

// -----

func.func @fma_matmul_type(%w: memref<8x27xi8>, %x: memref<1x27x64xf32>, %b: memref<8xf32>, %o: memref<1x8x64xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects a static 2-D f32 lhs}}
  qnn.fma_matmul ins(%w, %x, %b : memref<8x27xi8>, memref<1x27x64xf32>, memref<8xf32>)
      outs(%o : memref<1x8x64xf32>) {isa = #qnn<fma_isa avx2>}
  return
}

// -----

func.func @fma_matmul_residual(%w: memref<8x27xf32>, %x: memref<1x27x64xf32>, %b: memref<8xf32>, %r: memref<1x8x32xf32>, %o: memref<1x8x64xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects residual of shape 1x8x64, got 1x8x32}}
  qnn.fma_matmul ins(%w, %x, %b, %r : memref<8x27xf32>, memref<1x27x64xf32>, memref<8xf32>, memref<1x8x32xf32>)
      outs(%o : memref<1x8x64xf32>) {isa = #qnn<fma_isa avx2>}
  return
}

// -----

func.func @dot_matmul_lhs_not_bytes(%a: memref<4x8xi32>, %w: memref<1x2x64xi8>, %s: memref<16xi32>, %acc: memref<4x16xi32>) {
  // expected-error @+1 {{'qnn.dot_matmul' op expects a 2-D i8 lhs (M x K codes)}}
  qnn.dot_matmul ins(%a, %w, %s : memref<4x8xi32>, memref<1x2x64xi8>, memref<16xi32>) outs(%acc : memref<4x16xi32>) {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx512_vnni>}
  return
}

// -----

func.func @dot_matmul_init_not_i32(%a: memref<4x8xi8>, %w: memref<1x2x64xi8>, %s: memref<16xi32>, %acc: memref<4x16xi64>) {
  // expected-error @+1 {{'qnn.dot_matmul' op expects a 2-D i32 init (M x N)}}
  qnn.dot_matmul ins(%a, %w, %s : memref<4x8xi8>, memref<1x2x64xi8>, memref<16xi32>) outs(%acc : memref<4x16xi64>) {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx512_vnni>}
  return
}

// -----

func.func @dot_matmul_narrow_panel(%a: memref<4x8xi8>, %w: memref<2x2x32xi8>, %s: memref<16xi32>, %acc: memref<4x16xi32>) {
  // expected-error @+1 {{'qnn.dot_matmul' op expects panels of a multiple of 16 channels (64 bytes per group), got 32 bytes}}
  qnn.dot_matmul ins(%a, %w, %s : memref<4x8xi8>, memref<2x2x32xi8>, memref<16xi32>) outs(%acc : memref<4x16xi32>) {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx512_vnni>}
  return
}

// -----

func.func @dot_matmul_column_sums(%a: memref<4x8xi8>, %w: memref<1x2x64xi8>, %s: memref<8xi32>, %acc: memref<4x16xi32>) {
  // expected-error @+1 {{'qnn.dot_matmul' op expects 16 i32 column sums}}
  qnn.dot_matmul ins(%a, %w, %s : memref<4x8xi8>, memref<1x2x64xi8>, memref<8xi32>) outs(%acc : memref<4x16xi32>) {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx512_vnni>}
  return
}

// -----

func.func @dot_matmul_i16_groups_not_avx2(%a: memref<4x8xi8>, %w: memref<1x2x64xi8>, %s: memref<16xi32>, %acc: memref<4x16xi32>) {
  // expected-error @+1 {{'qnn.dot_matmul' op expects i16_groups only with isa avx2 (vpmaddubsw)}}
  qnn.dot_matmul ins(%a, %w, %s : memref<4x8xi8>, memref<1x2x64xi8>, memref<16xi32>) outs(%acc : memref<4x16xi32>) {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx512_vnni>, i16_groups = 2}
  return
}

// -----

func.func @dot_matmul_i16_groups_zero(%a: memref<4x8xi8>, %w: memref<1x2x32xi8>, %s: memref<8xi32>, %acc: memref<4x8xi32>) {
  // expected-error @+1 {{'qnn.dot_matmul' op attribute 'i16_groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  qnn.dot_matmul ins(%a, %w, %s : memref<4x8xi8>, memref<1x2x32xi8>, memref<8xi32>) outs(%acc : memref<4x8xi32>) {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx2>, i16_groups = 0}
  return
}

// -----

func.func @fma_matmul_panel_width(%x: memref<36x27xf32>, %w: memref<2x27x12xf32>, %b: memref<20xf32>, %o: memref<36x20xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects rhs panels of 1 to 4 vectors of 8 f32, got 12 columns}}
  qnn.fma_matmul ins(%x, %w, %b : memref<36x27xf32>, memref<2x27x12xf32>, memref<20xf32>)
      outs(%o : memref<36x20xf32>) {isa = #qnn<fma_isa avx2>, channels_last}
  return
}

// -----

func.func @fma_matmul_panels(%x: memref<36x27xf32>, %w: memref<1x27x16xf32>, %b: memref<20xf32>, %o: memref<36x20xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects rhs of shape 2x27x16}}
  qnn.fma_matmul ins(%x, %w, %b : memref<36x27xf32>, memref<1x27x16xf32>, memref<20xf32>)
      outs(%o : memref<36x20xf32>) {isa = #qnn<fma_isa avx2>, channels_last}
  return
}

// -----

func.func @fma_matmul_channels_last_bias(%x: memref<36x27xf32>, %w: memref<2x27x16xf32>, %b: memref<36xf32>, %o: memref<36x20xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects bias of shape 20}}
  qnn.fma_matmul ins(%x, %w, %b : memref<36x27xf32>, memref<2x27x16xf32>, memref<36xf32>)
      outs(%o : memref<36x20xf32>) {isa = #qnn<fma_isa avx2>, channels_last}
  return
}

// -----

func.func @fma_matmul_windows_kernel(%x: memref<1x6x8x3xf32>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<24x8xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects a kernel for a 4-D lhs (windows read in place)}}
  qnn.fma_matmul ins(%x, %w, %b : memref<1x6x8x3xf32>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<24x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last}
  return
}

// -----

func.func @fma_matmul_windows_nchw(%x: memref<1x6x8x3xf32>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<1x8x24xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op reads windows in place only channels_last}}
  qnn.fma_matmul ins(%x, %w, %b : memref<1x6x8x3xf32>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<1x8x24xf32>) {isa = #qnn<fma_isa avx2>, kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @fma_matmul_windows_rows(%x: memref<1x6x8x3xf32>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<48x8xf32>) {
  // 3x3 windows of a 6 x 8 input: 4 x 6 = 24 rows.
  // expected-error @+1 {{'qnn.fma_matmul' op expects init of shape 24x8}}
  qnn.fma_matmul ins(%x, %w, %b : memref<1x6x8x3xf32>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<48x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @fma_matmul_windows_fit(%x: memref<1x2x8x3xf32>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<6x8xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op window of extent 3 does not fit the padded height 2}}
  qnn.fma_matmul ins(%x, %w, %b : memref<1x2x8x3xf32>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<6x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @fma_matmul_kernel_without_windows(%x: memref<24x27xf32>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<24x8xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects a 4-D lhs (N x H x W x C) with a kernel}}
  qnn.fma_matmul ins(%x, %w, %b : memref<24x27xf32>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<24x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @fma_matmul_depthwise_channels(%x: memref<1x6x8x4xf32>, %w: memref<1x9x8xf32>, %b: memref<8xf32>, %o: memref<24x8xf32>) {
  // expected-error @+1 {{'qnn.fma_matmul' op expects as many lhs channels as output channels for a depthwise convolution, got 4 and 8}}
  qnn.fma_matmul ins(%x, %w, %b : memref<1x6x8x4xf32>, memref<1x9x8xf32>, memref<8xf32>)
      outs(%o : memref<24x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>, depthwise}
  return
}
