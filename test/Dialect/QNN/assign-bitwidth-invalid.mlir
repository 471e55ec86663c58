// RUN: qnn-opt %s --split-input-file --verify-diagnostics --qnn-assign-bitwidth
// RUN: qnn-opt %s --split-input-file --verify-diagnostics --qnn-assign-bitwidth="strategy=budget budget=0.5"

// The separability and budget strategies need a measured separability on
// every layer they assign (not on the pinned first and last layers).
func.func @missing(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                   %w2: tensor<64x64xf32>, %w3: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w1 {qnn.separability = #qnn.separability<fisher = 0.5>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  // expected-error @+1 {{layer 'dense_2' has no 'qnn.separability'}}
  %2 = qnn.dense %1, %w2 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.dense %2, %w3 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %3 : tensor<1x10xf32>
}

// -----

// Values of different measures are not comparable.
func.func @mixed_measures(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                          %w2: tensor<64x64xf32>, %w3: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w1 {qnn.separability = #qnn.separability<fisher = 0.5>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  // expected-error @+1 {{layer 'dense_2' has separability measured by 'nearest_mean', layer 'dense_1' by 'fisher'}}
  %2 = qnn.dense %1, %w2 {qnn.separability = #qnn.separability<nearest_mean = 0.9>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.dense %2, %w3 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %3 : tensor<1x10xf32>
}

// -----

// Layers already quantized keep the bitwidths of their types.
func.func @quantized(%x: tensor<1x4x!qnn.quant<u4, scale = 0.125>>,
                     %w: tensor<2x4x!qnn.quant<s4, scale = 0.5>>) -> tensor<1x2xf32> {
  // expected-error @+1 {{qnn-assign-bitwidth expects graph-level layers; 'qnn.qdense' is already quantized}}
  %0 = qnn.qdense %x, %w : (tensor<1x4x!qnn.quant<u4, scale = 0.125>>, tensor<2x4x!qnn.quant<s4, scale = 0.5>>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
