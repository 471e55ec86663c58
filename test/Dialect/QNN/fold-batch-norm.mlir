// RUN: qnn-opt %s --qnn-fold-batch-norm | FileCheck %s

// w' = w * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps) + beta
// with gamma = [2, 1], var + eps = [4, 1] (eps = 0), mean = [1, 0], beta = [0.5, 0]:
// channel 0: scale 2 / 4 = 0.5, channel 1: scale 1.
// CHECK-LABEL: func @fold_into_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<[{{\[\[}}[1.500000e+00]]], {{\[\[}}[5.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 7.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = qnn.conv2d %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT: qnn.batch_norm
// CHECK: return %[[Y]]
func.func @fold_into_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[2.0, 7.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[16.0, 1.0]> : tensor<2xf32>
  %y = qnn.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %z = qnn.batch_norm %y, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %z : tensor<1x2x2x2xf32>
}
