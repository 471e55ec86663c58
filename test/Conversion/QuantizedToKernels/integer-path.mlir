// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s
// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels=integer-min-plane-pairs=16 --split-input-file | FileCheck %s --check-prefix=LOW

// 8-bit activations x 8-bit weights: 64 plane pairs, at least the default
// 32, so the layer takes the integer path: i16 activation codes computed as
// pack_bits would (divide, add zero point, round half to even, NaN to 0,
// clamp), an i8 constant of weight codes round(w / 0.5) = [[1, -2], [3, 0]],
// and linalg.matmul_transpose_b with an i32 accumulator.
// CHECK-LABEL: func @w8a8
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1, -2], [3, 0]]> : tensor<2x2xi8>
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<3x2xf32>) outs(%{{.*}} : tensor<3x2xi16>)
// CHECK: arith.divf
// CHECK: arith.addf
// CHECK: math.roundeven
// CHECK: arith.cmpf ord
// CHECK: arith.maxnumf
// CHECK: arith.minnumf
// CHECK: arith.fptosi %{{.*}} : f32 to i16
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<3x2xi32>)
// CHECK: %[[ACC:.*]] = linalg.matmul_transpose_b ins(%[[CODES]], %[[W]] : tensor<3x2xi16>, tensor<2x2xi8>) outs(%[[INIT]] : tensor<3x2xi32>)
// CHECK-NOT: qnn.pack_bits
// CHECK-NOT: qnn.bitserial_matmul
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %{{.*}}, %{{.*}} : tensor<3x2xi32>, tensor<2xf64>, tensor<2xf64>)
// LOW-LABEL: func @w8a8
// LOW: linalg.matmul_transpose_b
func.func @w8a8(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [1.5, 0.0]]> : tensor<2x2xf32>
  %qx = qnn.quantize %x : tensor<3x2xf32> -> tensor<3x2x!qnn.quant<u8, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x2xf32> -> tensor<2x2x!qnn.quant<s8, scale = 0.5>>
  %y = qnn.qdense %qx, %qw : (tensor<3x2x!qnn.quant<u8, scale = 0.25>>, tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// 4 x 4 = 16 pairs stay bit-serial by default, and go integer from 16 on.
// Unsigned 4-bit weights with a zero point: the codes fit i8, and the
// activation sums are a second matmul with a row of ones.
// CHECK-LABEL: func @w4a4
// CHECK: qnn.pack_bits
// CHECK: qnn.bitserial_matmul
// CHECK-NOT: linalg.matmul_transpose_b
// LOW-LABEL: func @w4a4
// LOW-DAG: %[[ONES:.*]] = arith.constant dense<1> : tensor<1x2xi8>
// LOW: %[[CODES:.*]] = linalg.generic
// LOW: linalg.matmul_transpose_b ins(%[[CODES]], %{{.*}} : tensor<3x2xi16>, tensor<2x2xi8>) outs(%{{.*}} : tensor<3x2xi32>)
// LOW: linalg.matmul_transpose_b ins(%[[CODES]], %[[ONES]] : tensor<3x2xi16>, tensor<1x2xi8>) outs(%{{.*}} : tensor<3x1xi32>)
func.func @w4a4(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [1.5, 0.0]]> : tensor<2x2xf32>
  %qx = qnn.quantize %x : tensor<3x2xf32> -> tensor<3x2x!qnn.quant<u4, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x2xf32> -> tensor<2x2x!qnn.quant<u4, scale = 0.5, zero_point = 7.5>>
  %y = qnn.qdense %qx, %qw : (tensor<3x2x!qnn.quant<u4, scale = 0.25>>, tensor<2x2x!qnn.quant<u4, scale = 0.5, zero_point = 7.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Unsigned 8-bit weight codes up to 255 need i16; u8 x u8 over K = 40000
// can exceed 2^31, so the accumulator is i64.
// CHECK-LABEL: func @wide
// CHECK: linalg.matmul_transpose_b ins(%{{.*}}, %{{.*}} : tensor<1x40000xi16>, tensor<1x40000xi16>) outs(%{{.*}} : tensor<1x1xi64>)
func.func @wide(%x: tensor<1x40000xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<200.0> : tensor<1x40000xf32>
  %qx = qnn.quantize %x : tensor<1x40000xf32> -> tensor<1x40000x!qnn.quant<u8, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<1x40000xf32> -> tensor<1x40000x!qnn.quant<u8, scale = 1.0>>
  %y = qnn.qdense %qx, %qw : (tensor<1x40000x!qnn.quant<u8, scale = 1.0>>, tensor<1x40000x!qnn.quant<u8, scale = 1.0>>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
