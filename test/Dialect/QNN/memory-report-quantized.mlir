// RUN: qnn-opt %s --qnn-memory-report="format=json output=-" | FileCheck %s

// Quantized layers report the bitwidths of their operand types.
//   q0: u3 activations, s2 weights, O=4, K=100 -> 2 words: 2 * 4 * 2 * 8 = 128
//   q1 (unnamed: qdense_1): u2 activations, s2 weights, O=2, K=4 -> 1 word:
//       2 * 2 * 1 * 8 = 32
// Homogeneous at the first layer's 2 bits: the same, saving 0.
// CHECK: "homogeneous_bits": 2,
// CHECK: "homogeneous_packed_bytes": 160,
// CHECK: "activation_bits": 3,
// CHECK: "name": "q0",
// CHECK: "packed_bytes": 128,
// CHECK: "params": 400,
// CHECK: "separability": null,
// CHECK: "weight_bits": 2
// CHECK: "name": "qdense_1",
// CHECK: "packed_bytes": 32,
// CHECK: "saving": 0,
// CHECK: "total_packed_bytes": 160,
func.func @quantized(%x: tensor<1x100x!qnn.quant<u3, scale = 0.125>>,
                     %w0: tensor<4x100x!qnn.quant<s2, scale = 0.5>>,
                     %w1: tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32> {
  %0 = qnn.qdense %x, %w0 : (tensor<1x100x!qnn.quant<u3, scale = 0.125>>, tensor<4x100x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x4xf32> loc("q0")
  %1 = qnn.quantize %0 : tensor<1x4xf32> -> tensor<1x4x!qnn.quant<u2, scale = 0.125>>
  %2 = qnn.qdense %1, %w1 : (tensor<1x4x!qnn.quant<u2, scale = 0.125>>, tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}
