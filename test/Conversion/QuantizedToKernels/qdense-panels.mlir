// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels | FileCheck %s

// A kernel with `panel = 2`: the weight planes are packed at compile time
// into panels of 2 output channels (bits x ceil(O / 2) x words x 2), zero
// words for the padding channel of the last panel, and the matmul reads
// them as its rhs; the activations stay in the rows layout. Weight codes
// round(w / 0.5) of 3 channels = [1, -2, 1], [0, 1, 0], [-1, 0, 1] (s2):
// plane 0 (bit 0): 0b101, 0b010, 0b101; plane 1 (bit 1, two's complement):
// 0b010, 0, 0b001.
// CHECK-LABEL: func @dense_panels
// CHECK: %[[PLANES:.*]] = qnn.pack_bits ins(%{{.*}} : tensor<4x3xi8>) outs(%{{.*}} : tensor<2x4x1xi64>)
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[}}[5, 2]], {{\[\[}}5, 0]]], {{\[\[\[}}2, 0]], {{\[\[}}1, 0]]]]> : tensor<2x2x1x2xi64>
// CHECK: qnn.bitserial_matmul ins(%[[PLANES]], %[[W]] : tensor<2x4x1xi64>, tensor<2x2x1x2xi64>) outs(%{{.*}} : tensor<4x3xi32>)
func.func @dense_panels(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %w = arith.constant dense<[[0.5, -1.0, 0.5], [0.0, 0.5, 0.0], [-0.5, 0.0, 0.5]]> : tensor<3x3xf32>
  %qx = qnn.quantize %x : tensor<4x3xf32> -> tensor<4x3x!qnn.quant<u2, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<3x3xf32> -> tensor<3x3x!qnn.quant<s2, scale = 0.5>>
  %y = qnn.qdense %qx, %qw {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 2>} : (tensor<4x3x!qnn.quant<u2, scale = 0.25>>, tensor<3x3x!qnn.quant<s2, scale = 0.5>>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}
