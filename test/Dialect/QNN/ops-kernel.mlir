// RUN: qnn-opt %s | qnn-opt | FileCheck %s

// Round trip of the kernel-level ops (QNNOps.td, "Kernel level"), each on
// tensors (returning the updated init) and on memrefs (no result).

// init is (N * OH * OW) x (KH * KW * C): 1 * 8 * 8 = 64 rows of 3 * 3 * 3 = 27.
// CHECK-LABEL: func.func @im2col_tensor
// CHECK: qnn.im2col ins(%{{.*}} : tensor<1x3x8x8xf32>) outs(%{{.*}} : tensor<64x27xf32>) {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} -> tensor<64x27xf32>
func.func @im2col_tensor(%x: tensor<1x3x8x8xf32>, %init: tensor<64x27xf32>) -> tensor<64x27xf32> {
  %cols = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x27xf32>)
      {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} -> tensor<64x27xf32>
  return %cols : tensor<64x27xf32>
}

// Strided, with the -1 border of bipolar activations: 2 * 3 * 3 = 18 rows
// ((8 - 3) / 2 + 1 = 3) of 27.
// CHECK-LABEL: func.func @im2col_stride_padding_value
// CHECK: qnn.im2col ins(%{{.*}} : tensor<2x3x8x8xf32>) outs(%{{.*}} : tensor<18x27xf32>) {kernel = array<i64: 3, 3>, padding_value = -1.000000e+00 : f32, strides = array<i64: 2, 2>} -> tensor<18x27xf32>
func.func @im2col_stride_padding_value(%x: tensor<2x3x8x8xf32>, %init: tensor<18x27xf32>) -> tensor<18x27xf32> {
  %cols = qnn.im2col ins(%x : tensor<2x3x8x8xf32>) outs(%init : tensor<18x27xf32>)
      {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding_value = -1.0 : f32} -> tensor<18x27xf32>
  return %cols : tensor<18x27xf32>
}

// On memrefs, of any element type the input and init share; dilation 2
// makes the 2x2 window span 3: (5 - 3 + 1)^2 = 9 rows of 2 * 2 * 2 = 8.
// CHECK-LABEL: func.func @im2col_memref
// CHECK: qnn.im2col ins(%{{.*}} : memref<1x2x5x5xi8>) outs(%{{.*}} : memref<9x8xi8>) {dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>}
// CHECK-NOT: ->
// CHECK-NEXT: return
func.func @im2col_memref(%x: memref<1x2x5x5xi8>, %init: memref<9x8xi8>) {
  qnn.im2col ins(%x : memref<1x2x5x5xi8>) outs(%init : memref<9x8xi8>)
      {kernel = array<i64: 2, 2>, dilations = array<i64: 2, 2>}
  return
}

// init is bits x rows x ceil(K / 64): K = 27, 64 and 65 take 1, 1 and 2
// words. Codes of any integer type, read under their encoding.
// CHECK-LABEL: func.func @pack_bits_tensor
// CHECK: qnn.pack_bits ins(%{{.*}} : tensor<64x27xi8>) outs(%{{.*}} : tensor<2x64x1xi64>) {encoding = #qnn<encoding unsigned>} -> tensor<2x64x1xi64>
// CHECK: qnn.pack_bits ins(%{{.*}} : tensor<3x64xi8>) outs(%{{.*}} : tensor<4x3x1xi64>) {encoding = #qnn<encoding signed>} -> tensor<4x3x1xi64>
// CHECK: qnn.pack_bits ins(%{{.*}} : tensor<3x65xi16>) outs(%{{.*}} : tensor<4x3x2xi64>) {encoding = #qnn<encoding unsigned>} -> tensor<4x3x2xi64>
func.func @pack_bits_tensor(%x: tensor<64x27xi8>, %init: tensor<2x64x1xi64>,
                            %y: tensor<3x64xi8>, %yinit: tensor<4x3x1xi64>,
                            %z: tensor<3x65xi16>, %zinit: tensor<4x3x2xi64>)
    -> (tensor<2x64x1xi64>, tensor<4x3x1xi64>, tensor<4x3x2xi64>) {
  %a = qnn.pack_bits ins(%x : tensor<64x27xi8>) outs(%init : tensor<2x64x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<2x64x1xi64>
  %b = qnn.pack_bits ins(%y : tensor<3x64xi8>) outs(%yinit : tensor<4x3x1xi64>)
      {encoding = #qnn<encoding signed>} -> tensor<4x3x1xi64>
  %c = qnn.pack_bits ins(%z : tensor<3x65xi16>) outs(%zinit : tensor<4x3x2xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<4x3x2xi64>
  return %a, %b, %c : tensor<2x64x1xi64>, tensor<4x3x1xi64>, tensor<4x3x2xi64>
}

// One plane for a bipolar code.
// CHECK-LABEL: func.func @pack_bits_memref
// CHECK: qnn.pack_bits ins(%{{.*}} : memref<16x100xi8>) outs(%{{.*}} : memref<1x16x2xi64>) {encoding = #qnn<encoding bipolar>}
// CHECK-NEXT: qnn.pack_bits ins(%{{.*}} : memref<16x100xi8>) outs(%{{.*}} : memref<3x16x2xi64>) {encoding = #qnn<encoding signed>}
// CHECK-NEXT: return
func.func @pack_bits_memref(%x: memref<16x100xi8>, %binit: memref<1x16x2xi64>, %sinit: memref<3x16x2xi64>) {
  qnn.pack_bits ins(%x : memref<16x100xi8>) outs(%binit : memref<1x16x2xi64>) {encoding = #qnn<encoding bipolar>}
  qnn.pack_bits ins(%x : memref<16x100xi8>) outs(%sinit : memref<3x16x2xi64>) {encoding = #qnn<encoding signed>}
  return
}

// The spec's example: 2-bit unsigned activations against 4-bit signed
// weights, K = 576 = 9 words.
// CHECK-LABEL: func.func @bitserial_matmul_tensor
// CHECK: qnn.bitserial_matmul ins(%{{.*}}, %{{.*}} : tensor<2x64x9xi64>, tensor<4x16x9xi64>) outs(%{{.*}} : tensor<64x16xi32>)
// CHECK-SAME: {lhs_encoding = #qnn<encoding unsigned>, reduction_length = 576 : i64, rhs_encoding = #qnn<encoding signed>} -> tensor<64x16xi32>
func.func @bitserial_matmul_tensor(%a: tensor<2x64x9xi64>, %b: tensor<4x16x9xi64>,
                                   %init: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %acc = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<4x16x9xi64>)
      outs(%init : tensor<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>,
       reduction_length = 576} -> tensor<64x16xi32>
  return %acc : tensor<64x16xi32>
}

// Binary x binary (one plane each), K = 577 needs a 10th word; bipolar
// against unsigned planes.
// CHECK-LABEL: func.func @bitserial_matmul_bipolar
// CHECK: qnn.bitserial_matmul ins(%{{.*}}, %{{.*}} : tensor<1x8x10xi64>, tensor<1x4x10xi64>) outs(%{{.*}} : tensor<8x4xi32>)
// CHECK-SAME: {lhs_encoding = #qnn<encoding bipolar>, reduction_length = 577 : i64, rhs_encoding = #qnn<encoding bipolar>}
// CHECK: qnn.bitserial_matmul ins(%{{.*}}, %{{.*}} : tensor<1x8x10xi64>, tensor<3x4x10xi64>) outs(%{{.*}} : tensor<8x4xi32>)
// CHECK-SAME: {lhs_encoding = #qnn<encoding bipolar>, reduction_length = 577 : i64, rhs_encoding = #qnn<encoding unsigned>}
func.func @bitserial_matmul_bipolar(%a: tensor<1x8x10xi64>, %b: tensor<1x4x10xi64>, %u: tensor<3x4x10xi64>,
                                    %init: tensor<8x4xi32>) -> (tensor<8x4xi32>, tensor<8x4xi32>) {
  %bb = qnn.bitserial_matmul ins(%a, %b : tensor<1x8x10xi64>, tensor<1x4x10xi64>) outs(%init : tensor<8x4xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 577} -> tensor<8x4xi32>
  %bu = qnn.bitserial_matmul ins(%a, %u : tensor<1x8x10xi64>, tensor<3x4x10xi64>) outs(%init : tensor<8x4xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 577} -> tensor<8x4xi32>
  return %bb, %bu : tensor<8x4xi32>, tensor<8x4xi32>
}

// On memrefs, into an i64 accumulator.
// CHECK-LABEL: func.func @bitserial_matmul_memref
// CHECK: qnn.bitserial_matmul ins(%{{.*}}, %{{.*}} : memref<8x64x2xi64>, memref<8x16x2xi64>) outs(%{{.*}} : memref<64x16xi64>)
// CHECK-SAME: {lhs_encoding = #qnn<encoding signed>, reduction_length = 100 : i64, rhs_encoding = #qnn<encoding signed>}
// CHECK-NEXT: return
func.func @bitserial_matmul_memref(%a: memref<8x64x2xi64>, %b: memref<8x16x2xi64>, %init: memref<64x16xi64>) {
  qnn.bitserial_matmul ins(%a, %b : memref<8x64x2xi64>, memref<8x16x2xi64>) outs(%init : memref<64x16xi64>)
      {lhs_encoding = #qnn<encoding signed>, rhs_encoding = #qnn<encoding signed>, reduction_length = 100}
  return
}

// The largest reductions an i32 accumulator holds exactly:
// u8 x u8: 255 * 255 * 33025 = 2147450625 <= 2^31 - 1 (33025 = 516 * 64 + 1: 517 words);
// s8 x s8: (-128) * (-128) * 131071 = 2147467264 <= 2^31 - 1 (2048 words).
// CHECK-LABEL: func.func @bitserial_matmul_i32_limits
// CHECK: reduction_length = 33025 : i64
// CHECK: reduction_length = 131071 : i64
func.func @bitserial_matmul_i32_limits(%a: tensor<8x4x517xi64>, %b: tensor<8x4x517xi64>,
                                       %c: tensor<8x4x2048xi64>, %d: tensor<8x4x2048xi64>,
                                       %init: tensor<4x4xi32>) -> (tensor<4x4xi32>, tensor<4x4xi32>) {
  %u = qnn.bitserial_matmul ins(%a, %b : tensor<8x4x517xi64>, tensor<8x4x517xi64>) outs(%init : tensor<4x4xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 33025} -> tensor<4x4xi32>
  %s = qnn.bitserial_matmul ins(%c, %d : tensor<8x4x2048xi64>, tensor<8x4x2048xi64>) outs(%init : tensor<4x4xi32>)
      {lhs_encoding = #qnn<encoding signed>, rhs_encoding = #qnn<encoding signed>, reduction_length = 131071} -> tensor<4x4xi32>
  return %u, %s : tensor<4x4xi32>, tensor<4x4xi32>
}

// CHECK-LABEL: func.func @fma_matmul
// CHECK: qnn.fma_matmul ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<8x27xf32>, tensor<1x27x64xf32>, tensor<8xf32>) outs(%{{.*}} : tensor<1x8x64xf32>) {clamp_min = 0.000000e+00 : f32, isa = #qnn<fma_isa avx512>} -> tensor<1x8x64xf32>
// CHECK: qnn.fma_matmul ins({{.*}}) outs(%{{.*}} : memref<2x8x64xf32>) {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, isa = #qnn<fma_isa neon>}
func.func @fma_matmul(%w: tensor<8x27xf32>, %x: tensor<1x27x64xf32>, %b: tensor<8xf32>, %o: tensor<1x8x64xf32>,
                      %mw: memref<8x27xf32>, %mx: memref<2x27x64xf32>, %mb: memref<8xf32>, %mo: memref<2x8x64xf32>) -> tensor<1x8x64xf32> {
  %r = qnn.fma_matmul ins(%w, %x, %b : tensor<8x27xf32>, tensor<1x27x64xf32>, tensor<8xf32>)
      outs(%o : tensor<1x8x64xf32>) {isa = #qnn<fma_isa avx512>, clamp_min = 0.0 : f32} -> tensor<1x8x64xf32>
  qnn.fma_matmul ins(%mw, %mx, %mb : memref<8x27xf32>, memref<2x27x64xf32>, memref<8xf32>)
      outs(%mo : memref<2x8x64xf32>) {isa = #qnn<fma_isa neon>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
  return %r : tensor<1x8x64xf32>
}

// Channels last: pixels x K windows, the weights in panels of 16 columns
// (20 channels: 2 panels), the bias per column, pixels x channels out.
// CHECK-LABEL: func.func @fma_matmul_channels_last
// CHECK: qnn.fma_matmul ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<36x27xf32>, tensor<2x27x16xf32>, tensor<20xf32>, tensor<36x20xf32>) outs(%{{.*}} : tensor<36x20xf32>) {channels_last, isa = #qnn<fma_isa avx2>} -> tensor<36x20xf32>
func.func @fma_matmul_channels_last(%x: tensor<36x27xf32>, %w: tensor<2x27x16xf32>, %b: tensor<20xf32>,
                                    %r: tensor<36x20xf32>, %o: tensor<36x20xf32>) -> tensor<36x20xf32> {
  %y = qnn.fma_matmul ins(%x, %w, %b, %r : tensor<36x27xf32>, tensor<2x27x16xf32>, tensor<20xf32>, tensor<36x20xf32>)
      outs(%o : tensor<36x20xf32>) {isa = #qnn<fma_isa avx2>, channels_last} -> tensor<36x20xf32>
  return %y : tensor<36x20xf32>
}

// A residual that is a view (a slice of a larger buffer after
// bufferization): its shape is the init's, its layout need not be.
// CHECK-LABEL: func.func @fma_matmul_residual_view
// CHECK: qnn.fma_matmul ins({{.*}} : memref<8x27xf32>, memref<1x27x64xf32>, memref<8xf32>, memref<1x8x64xf32, strided<[1024, 128, 1], offset: 64>>) outs(%{{.*}} : memref<1x8x64xf32>)
func.func @fma_matmul_residual_view(%w: memref<8x27xf32>, %x: memref<1x27x64xf32>, %b: memref<8xf32>,
                                    %r: memref<1x8x64xf32, strided<[1024, 128, 1], offset: 64>>, %o: memref<1x8x64xf32>) {
  qnn.fma_matmul ins(%w, %x, %b, %r : memref<8x27xf32>, memref<1x27x64xf32>, memref<8xf32>, memref<1x8x64xf32, strided<[1024, 128, 1], offset: 64>>)
      outs(%o : memref<1x8x64xf32>) {isa = #qnn<fma_isa avx2>}
  return
}
