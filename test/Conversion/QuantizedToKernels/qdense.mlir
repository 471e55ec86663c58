// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s

// Unsigned 2-bit activations x signed 3-bit weights, K = 70 (two words, the
// second partly padding). Weights are quantized (the quantize folds to
// codes) and packed (the pack_bits folds to planes) at compile time:
// codes round(w / 0.5) = [[1, -2, 0, ...], [3, 0, ...]] (rest 0), so plane 0
// holds bit 0 of each code, plane 1 bit 1, plane 2 bit 2 (two's complement).
// CHECK-LABEL: func @dense
// CHECK-SAME: (%[[X:.*]]: tensor<1x70xf32>)
// Activations: round(x / 0.25) (half to even) clamped to [0, 3], by
// thresholds: code 1 from just above 0.125, 2 from 0.375, 3 from just
// above 0.625; stored as i8, then packed.
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<1x70xf32>) outs(%{{.*}} : tensor<1x70xi8>)
// CHECK-NOT: arith.divf
// CHECK: arith.cmpf oge, %{{.*}}, %{{.*}} : f32
// CHECK: %[[T2:.*]] = arith.constant 3.750000e-01 : f32
// CHECK: arith.cmpf oge, %{{.*}}, %[[T2]] : f32
// CHECK: arith.cmpf oge, %{{.*}}, %{{.*}} : f32
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: %[[PLANES:.*]] = qnn.pack_bits ins(%[[CODES]] : tensor<1x70xi8>) outs(%{{.*}} : tensor<2x1x2xi64>) {encoding = #qnn<encoding unsigned>}
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}[1, 0], [1, 0]], {{\[\[}}2, 0], [1, 0]], {{\[\[}}2, 0], [0, 0]]]> : tensor<3x2x2xi64>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<1x2xi32>)
// CHECK: %[[ACC:.*]] = qnn.bitserial_matmul ins(%[[PLANES]], %[[W]] : tensor<2x1x2xi64>, tensor<3x2x2xi64>) outs(%[[INIT]] : tensor<1x2xi32>) {lhs_encoding = #qnn<encoding unsigned>, reduction_length = 70 : i64, rhs_encoding = #qnn<encoding signed>}
// No weight zero point: no activation sums, no second matmul.
// CHECK-NOT: qnn.bitserial_matmul
// The epilogue scales the exact sum by s_a * s_w = 0.25 * 0.5 in f64.
// CHECK: %[[SCALE:.*]] = arith.constant dense<1.250000e-01> : tensor<2xf64>
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %[[SCALE]], %{{.*}} : tensor<1x2xi32>, tensor<2xf64>, tensor<2xf64>)
// CHECK: arith.sitofp %{{.*}} : i32 to f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @dense(%x: tensor<1x70xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x70xf32>
  %qx = qnn.quantize %x : tensor<1x70xf32> -> tensor<1x70x!qnn.quant<u2, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x70xf32> -> tensor<2x70x!qnn.quant<s3, scale = 0.5>>
  %y = qnn.qdense %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<1x70x!qnn.quant<u2, scale = 0.25>>, tensor<2x70x!qnn.quant<s3, scale = 0.5>>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A weight zero point (DoReFa: 3.5 for 3 bits) needs the activation code sums:
// a second bit-serial product with a 1-plane row of ones (K = 3 bits set).
// CHECK-LABEL: func @dense_weight_zero_point
// Codes round(w / 0.2 + 3.5) = [4, 2, 5] (2.5 rounds to even): planes 0b100, 0b010, 0b101.
// CHECK: %[[PLANES:.*]] = qnn.pack_bits
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[}}4]], {{\[\[}}2]], {{\[\[}}5]]]> : tensor<3x1x1xi64>
// CHECK: qnn.bitserial_matmul ins(%[[PLANES]], %[[W]] : tensor<4x2x1xi64>, tensor<3x1x1xi64>)
// CHECK: %[[ONES:.*]] = arith.constant dense<7> : tensor<1x1x1xi64>
// CHECK: %[[SUMS:.*]] = qnn.bitserial_matmul ins(%[[PLANES]], %[[ONES]] : tensor<4x2x1xi64>, tensor<1x1x1xi64>) outs(%{{.*}} : tensor<2x1xi32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %[[SUMS]], %{{.*}}, %{{.*}} : tensor<2x1xi32>, tensor<1xf64>, tensor<1xf64>, tensor<2x1xi32>, tensor<1xf64>, tensor<1xf32>)
func.func @dense_weight_zero_point(%x: tensor<2x3xf32>, %b: tensor<1xf32>) -> tensor<2x1xf32> {
  %w = arith.constant dense<[[0.1, -0.2, 0.3]]> : tensor<1x3xf32>
  %qx = qnn.quantize %x : tensor<2x3xf32> -> tensor<2x3x!qnn.quant<u4, scale = 0.1>>
  %qw = qnn.quantize %w : tensor<1x3xf32> -> tensor<1x3x!qnn.quant<u3, scale = 0.2, zero_point = 3.5>>
  %y = qnn.qdense %qx, %qw, %b {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<2x3x!qnn.quant<u4, scale = 0.1>>, tensor<1x3x!qnn.quant<u3, scale = 0.2, zero_point = 3.5>>, tensor<1xf32>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

// u8 x s8 codes over K = 70000 can reach 70000 * 255 * 128 > 2^31: the product accumulates in i64.
// CHECK-LABEL: func @long_reduction
// CHECK: qnn.bitserial_matmul {{.*}} outs(%{{.*}} : tensor<1x1xi64>)
// CHECK: arith.sitofp %{{.*}} : i64 to f64
func.func @long_reduction(%x: tensor<1x70000xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x70000xf32>
  %qx = qnn.quantize %x : tensor<1x70000xf32> -> tensor<1x70000x!qnn.quant<u8, scale = 0.1>>
  %qw = qnn.quantize %w : tensor<1x70000xf32> -> tensor<1x70000x!qnn.quant<s8, scale = 0.01>>
  %y = qnn.qdense %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<1x70000x!qnn.quant<u8, scale = 0.1>>, tensor<1x70000x!qnn.quant<s8, scale = 0.01>>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
