// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s

// The int8_dot kernel (as qnn-select-kernels chooses it for a target with
// VNNI, test/Dialect/QNN/select-kernels-int8-dot.mlir): the weight codes
// round(w / 0.5) packed at compile time into one panel of 16 channels
// (avx512_vnni, 2 channels used) x ceil(6 / 4) = 2 groups x 16 channels x
// 4 k: group 0 holds k 0..3 of channel 0, then of channel 1; group 1 k 4, 5
// and two zeros; channels 2..15 are zeros. Their column sums are 21, -21.
// CHECK-LABEL: func @w8a8
// CHECK-DAG: %[[PANELS:.*]] = arith.constant dense<"0x01020304FFFEFDFC{{(00)+}}05060000FBFA{{(00)+}}"> : tensor<1x2x64xi8>
// CHECK-DAG: %[[SUMS:.*]] = arith.constant dense<[21, -21]> : tensor<2xi32>
// CHECK: %[[ACC:.*]] = qnn.dot_matmul ins(%{{.*}}, %[[PANELS]], %[[SUMS]] : tensor<3x6xi8>, tensor<1x2x64xi8>, tensor<2xi32>) outs(%{{.*}} : tensor<3x2xi32>) {isa = #qnn<dot_isa avx512_vnni>, lhs_encoding = #qnn<encoding signed>}
// The epilogue takes the exact i32 sums as the other integer kernels do.
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %{{.*}}, %{{.*}} : tensor<3x2xi32>, tensor<2xf64>, tensor<2xf64>)
// CHECK: arith.sitofp %{{.*}} : i32 to f64
func.func @w8a8(%x: tensor<3x6x!qnn.quant<s8, scale = 0.25>>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [-0.5, -1.0, -1.5, -2.0, -2.5, -3.0]]> : tensor<2x6xf32>
  %qw = qnn.quantize %w : tensor<2x6xf32> -> tensor<2x6x!qnn.quant<s8, scale = 0.5>>
  %y = qnn.qdense %x, %qw {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<3x6x!qnn.quant<s8, scale = 0.25>>, tensor<2x6x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// neon_i8mm (smmla): groups of 8 k, panels of 8 channels. ceil(6 / 8) = 1
// group: k 0..5 of channel 0 and two zeros, then of channel 1; channels
// 2..7 are zeros.
// CHECK-LABEL: func @w8a8_i8mm
// CHECK-DAG: %[[PANELS:.*]] = arith.constant dense<{{\[\[\[}}1, 2, 3, 4, 5, 6, 0, 0, -1, -2, -3, -4, -5, -6, 0, 0, 0, {{.*}}]]]> : tensor<1x1x64xi8>
// CHECK: qnn.dot_matmul ins(%{{.*}}, %[[PANELS]], %{{.*}} : tensor<3x6xi8>, tensor<1x1x64xi8>, tensor<2xi32>) outs(%{{.*}} : tensor<3x2xi32>) {isa = #qnn<dot_isa neon_i8mm>, lhs_encoding = #qnn<encoding signed>}
func.func @w8a8_i8mm(%x: tensor<3x6x!qnn.quant<s8, scale = 0.25>>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [-0.5, -1.0, -1.5, -2.0, -2.5, -3.0]]> : tensor<2x6xf32>
  %qw = qnn.quantize %w : tensor<2x6xf32> -> tensor<2x6x!qnn.quant<s8, scale = 0.5>>
  %y = qnn.qdense %x, %qw {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = neon_i8mm>} : (tensor<3x6x!qnn.quant<s8, scale = 0.25>>, tensor<2x6x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// A weight zero point needs the activation code sums: a second dot_matmul
// against a panel of ones.
// CHECK-LABEL: func @zero_point
// CHECK: qnn.dot_matmul {{.*}} outs(%{{.*}} : tensor<3x2xi32>)
// CHECK: qnn.dot_matmul ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<3x6xi8>, tensor<1x2x64xi8>, tensor<1xi32>) outs(%{{.*}} : tensor<3x1xi32>)
func.func @zero_point(%x: tensor<3x6x!qnn.quant<u8, scale = 0.25>>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [-0.5, -1.0, -1.5, -2.0, -2.5, -3.0]]> : tensor<2x6xf32>
  %qw = qnn.quantize %w : tensor<2x6xf32> -> tensor<2x6x!qnn.quant<s8, scale = 0.5, zero_point = 1.0>>
  %y = qnn.qdense %x, %qw {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<3x6x!qnn.quant<u8, scale = 0.25>>, tensor<2x6x!qnn.quant<s8, scale = 0.5, zero_point = 1.0>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// avx2: i16_groups from the code ranges. Signed 4-bit activations enter
// vpmaddubsw sign-flipped, up to 128 + 7 = 135; the weight codes are all 7
// (3.5 / 0.5): floor(32767 / (2 x 135 x 7)) = 17 groups of 4 k may add up
// in i16 (of ceil(80 / 4) = 20).
// CHECK-LABEL: func @w4a4_avx2
// CHECK: qnn.dot_matmul {{.*}} {i16_groups = 17 : i64, isa = #qnn<dot_isa avx2>, lhs_encoding = #qnn<encoding signed>}
func.func @w4a4_avx2(%x: tensor<3x80x!qnn.quant<s4, scale = 0.25>>) -> tensor<3x2xf32> {
  %w = arith.constant dense<3.5> : tensor<2x80xf32>
  %qw = qnn.quantize %w : tensor<2x80xf32> -> tensor<2x80x!qnn.quant<s4, scale = 0.5>>
  %y = qnn.qdense %x, %qw {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x80x!qnn.quant<s4, scale = 0.25>>, tensor<2x80x!qnn.quant<s4, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// u8 activations (up to 255) by the weight codes that are there: |w| <= 64
// leaves one group in i16 (2 x 255 x 64 = 32640); |w| = 65 none, and the
// op keeps vpmaddwd on widened bytes (no i16_groups).
// CHECK-LABEL: func @w8a8_avx2
// CHECK: qnn.dot_matmul {{.*}} {i16_groups = 1 : i64, isa = #qnn<dot_isa avx2>, lhs_encoding = #qnn<encoding unsigned>}
// CHECK: qnn.dot_matmul
// CHECK-NOT: i16_groups
// CHECK-SAME: {isa = #qnn<dot_isa avx2>, lhs_encoding = #qnn<encoding unsigned>}
func.func @w8a8_avx2(%x: tensor<3x8x!qnn.quant<u8, scale = 0.25>>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %w = arith.constant dense<[[32.0, -32.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32>
  %qw = qnn.quantize %w : tensor<2x8xf32> -> tensor<2x8x!qnn.quant<s8, scale = 0.5>>
  %y = qnn.qdense %x, %qw {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x8x!qnn.quant<u8, scale = 0.25>>, tensor<2x8x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  %v = arith.constant dense<[[32.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32>
  %qv = qnn.quantize %v : tensor<2x8xf32> -> tensor<2x8x!qnn.quant<s8, scale = 0.5>>
  %z = qnn.qdense %x, %qv {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx2>} : (tensor<3x8x!qnn.quant<u8, scale = 0.25>>, tensor<2x8x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y, %z : tensor<3x2xf32>, tensor<3x2xf32>
}
