// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s

// A requantized layer with 2-bit codes compares its exact sums against
// thresholds. u2 x s2 codes, K = 2: |sum| <= 2 * 3 * 2 = 12. The value is
// f32(sum * 0.125 + 0 + bias) and the code round(value / 0.5) (half to
// even) clamped to [0, 3], so code = round(0.25 sum + 0.2) in channel 0
// (bias 0.1) and round(0.25 sum - 0.6) in channel 1 (bias -0.3):
// channel 0 reaches code 1 at sum 2 (0.7; sum 1 gives 0.45), code 2 at 6
// (1.7), code 3 at 10 (2.7); channel 1 reaches 1 at 5 (0.65), 2 at 9
// (1.65), and never 3 (sum 12 gives 2.4): threshold 13, past the bound.
// CHECK-LABEL: func @dense_thresholds
// CHECK: %[[SUMS:.*]] = linalg.matmul_transpose_b
// CHECK-DAG: %[[T1:.*]] = arith.constant dense<[2, 5]> : tensor<2xi32>
// CHECK-DAG: %[[T2:.*]] = arith.constant dense<[6, 9]> : tensor<2xi32>
// CHECK-DAG: %[[T3:.*]] = arith.constant dense<[10, 13]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]], %[[T1]], %[[T2]], %[[T3]] : tensor<1x2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) outs(%{{.*}} : tensor<1x2xi8>)
// CHECK: ^bb0(%[[S:.*]]: i32, %[[A:.*]]: i32, %[[B:.*]]: i32, %[[C:.*]]: i32, %{{.*}}: i8):
// CHECK: %[[R1:.*]] = arith.cmpi sge, %[[S]], %[[A]] : i32
// CHECK: %[[E1:.*]] = arith.extui %[[R1]] : i1 to i32
// CHECK: %[[C1:.*]] = arith.addi %{{.*}}, %[[E1]] : i32
// CHECK: arith.cmpi sge, %[[S]], %[[B]] : i32
// CHECK: arith.cmpi sge, %[[S]], %[[C]] : i32
// CHECK: %[[CODE:.*]] = arith.addi
// CHECK: %[[STORED:.*]] = arith.trunci %[[CODE]] : i32 to i8
// CHECK-NEXT: linalg.yield %[[STORED]] : i8
// CHECK-NOT: arith.divf
func.func @dense_thresholds(%x: tensor<1x2x!qnn.quant<u2, scale = 0.5>>) -> tensor<1x2xf32> {
  %w = qnn.constant dense<[[1, -2], [0, 1]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.quant<s2, scale = 0.25>>
  %b = arith.constant dense<[0.1, -0.3]> : tensor<2xf32>
  %y = qnn.qdense %x, %w, %b {qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nc>} : (tensor<1x2x!qnn.quant<u2, scale = 0.5>>, tensor<2x2x!qnn.quant<s2, scale = 0.25>>, tensor<2xf32>) -> tensor<1x2x!qnn.quant<u2, scale = 0.5>>
  %d = qnn.dequantize %y : tensor<1x2x!qnn.quant<u2, scale = 0.5>> -> tensor<1x2xf32>
  return %d : tensor<1x2xf32>
}

// -----

// 4-bit codes would take 15 thresholds: the value is quantized instead, in
// the epilogue's own generic. The value of exact sums is never NaN: no NaN
// select, an nnan clamp. The output scale 0.5 is a power of two: a
// multiplication by 2 gives every float the code the division does.
// CHECK-LABEL: func @dense_arithmetic
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2xi8>)
// CHECK: arith.sitofp %{{.*}} : i32 to f64
// CHECK: %[[VALUE:.*]] = arith.truncf %{{.*}} : f64 to f32
// CHECK: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: arith.mulf %[[VALUE]], %[[TWO]] : f32
// CHECK-NOT: arith.cmpf
// CHECK: math.roundeven
// CHECK: arith.maxnumf {{.*}} fastmath<nnan>
// CHECK: arith.minnumf {{.*}} fastmath<nnan>
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK-NOT: arith.cmpi
// CHECK-NOT: arith.divf
func.func @dense_arithmetic(%x: tensor<1x2x!qnn.quant<u2, scale = 0.5>>) -> tensor<1x2xf32> {
  %w = qnn.constant dense<[[1, -2], [0, 1]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.quant<s2, scale = 0.25>>
  %y = qnn.qdense %x, %w {qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nc>} : (tensor<1x2x!qnn.quant<u2, scale = 0.5>>, tensor<2x2x!qnn.quant<s2, scale = 0.25>>) -> tensor<1x2x!qnn.quant<u4, scale = 0.5>>
  %d = qnn.dequantize %y : tensor<1x2x!qnn.quant<u4, scale = 0.5>> -> tensor<1x2xf32>
  return %d : tensor<1x2xf32>
}

// -----

// A weight zero point makes the code depend on each row's activation sum
// too: no thresholds.
// CHECK-LABEL: func @dense_weight_zero_point
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2xi8>)
// CHECK: math.roundeven
// CHECK-NOT: arith.cmpi
func.func @dense_weight_zero_point(%x: tensor<1x2x!qnn.quant<u2, scale = 0.5>>) -> tensor<1x2xf32> {
  %w = qnn.constant dense<[[1, 2], [0, 1]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.quant<u2, scale = 0.25, zero_point = 1.0>>
  %y = qnn.qdense %x, %w {qnn.kernel = #qnn.kernel<int_gemm, weights = codes, layout = nc>} : (tensor<1x2x!qnn.quant<u2, scale = 0.5>>, tensor<2x2x!qnn.quant<u2, scale = 0.25, zero_point = 1.0>>) -> tensor<1x2x!qnn.quant<u2, scale = 0.5>>
  %d = qnn.dequantize %y : tensor<1x2x!qnn.quant<u2, scale = 0.5>> -> tensor<1x2xf32>
  return %d : tensor<1x2xf32>
}

// -----

// The f32 sums of a depthwise direct_conv on f32_fma, into bipolar codes:
// +1 where sum + bias >= 0. 1x1 windows, u2 x s2: |sum| <= 6, integers.
// Channel 0 (bias 0.5): from sum 0; channel 1 (bias -2.5): from sum 3.
// CHECK-LABEL: func @depthwise_bipolar
// CHECK: %[[SUMS:.*]] = tensor.expand_shape
// CHECK: %[[T:.*]] = arith.constant dense<[0.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]], %[[T]] : tensor<1x2x2x2xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<1x2x2x2xi8>)
// CHECK: %[[R:.*]] = arith.cmpf oge, %{{.*}}, %{{.*}} : f32
// CHECK: arith.select %[[R]], %{{.*}}, %{{.*}} : i32
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
func.func @depthwise_bipolar(%x: tensor<1x2x2x2x!qnn.quant<u2, scale = 1.0>>) -> tensor<1x2x2x2xf32> {
  %w = qnn.constant dense<[[[[1]]], [[[-2]]]]> : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!qnn.quant<s2, scale = 1.0>>
  %b = arith.constant dense<[0.5, -2.5]> : tensor<2xf32>
  %y = qnn.qconv2d %x, %w, %b {qnn.kernel = #qnn.kernel<direct_conv, weights = codes, layout = nhwc, fma = avx2>, groups = 2} : (tensor<1x2x2x2x!qnn.quant<u2, scale = 1.0>>, tensor<2x1x1x1x!qnn.quant<s2, scale = 1.0>>, tensor<2xf32>) -> tensor<1x2x2x2x!qnn.quant<b1, scale = 1.0>>
  %d = qnn.dequantize %y : tensor<1x2x2x2x!qnn.quant<b1, scale = 1.0>> -> tensor<1x2x2x2xf32>
  return %d : tensor<1x2x2x2xf32>
}
