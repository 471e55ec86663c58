// RUN: qnn-opt %s --split-input-file --verify-diagnostics --qnn-check-bitwidth
// RUN: %exit1 qnn-opt %s --split-input-file --qnn-check-bitwidth="last-layer-bits=0" 2>&1 | FileCheck %s --check-prefix=NOEXEMPT

// A non-increasing chain passes; the 8-bit classifier after 2-bit layers is
// the last-layer policy's exemption (last-layer-bits=8 by default).
// NOEXEMPT: error: {{.*}}weight bitwidth 8 of layer 'classifier' exceeds the 2 bits of layer 'dense_1' before it
// NOEXEMPT: error: {{.*}}activation bitwidth 8 of layer 'classifier' exceeds the 2 bits of layer 'dense_1' before it
func.func @ok(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
              %w2: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w1 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %2 = qnn.dense %1, %w2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32> loc("classifier")
  return %2 : tensor<1x10xf32>
}

// -----

// An increase is an error at the layer with a note at the one before it,
// once for the weights and once for the activations. A last layer that is
// not at the policy's 8 bits is checked like any other.
func.func @increase(%x: tensor<1x3x8x8xf32>, %w0: tensor<8x3x3x3xf32>, %w1: tensor<8x8x3x3xf32>,
                    %w2: tensor<10x512xf32>) -> tensor<1x10xf32> {
  // expected-note @+1 {{layer 'conv2d_0' has weight bitwidth 4}}
  %0 = qnn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 4, activation = 8>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  %1 = qnn.relu %0 : tensor<1x8x8x8xf32>
  // expected-error @+2 {{weight bitwidth 6 of layer 'conv2d_1' exceeds the 4 bits of layer 'conv2d_0' before it: bitwidths must not increase along the data flow}}
  // expected-note @+1 {{layer 'conv2d_1' has activation bitwidth 3}}
  %2 = qnn.conv2d %1, %w1 {padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 6, activation = 3>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  %3 = qnn.flatten %2 : tensor<1x8x8x8xf32> -> tensor<1x512xf32>
  // expected-error @+1 {{activation bitwidth 4 of layer 'dense_2' exceeds the 3 bits of layer 'conv2d_1' before it}}
  %4 = qnn.dense %3, %w2 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 4>} : (tensor<1x512xf32>, tensor<10x512xf32>) -> tensor<1x10xf32>
  return %4 : tensor<1x10xf32>
}

// -----

// Monotonicity follows the use-def graph through residual adds: the
// shortcut (%3) may exceed the layer before it in op order (%2), but the
// layer after the add may not exceed the shortcut.
func.func @residual(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                    %wsc: tensor<64x64xf32>, %w3: tensor<64x64xf32>) -> tensor<1x64xf32> {
  %0 = qnn.dense %x, %w0 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.relu %0 : tensor<1x64xf32>
  %2 = qnn.dense %1, %w1 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  // expected-note @+2 {{layer 'dense_2' has weight bitwidth 2}}
  // expected-note @+1 {{layer 'dense_2' has activation bitwidth 2}}
  %3 = qnn.dense %1, %wsc {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %4 = qnn.add %2, %3 : tensor<1x64xf32>
  // expected-error @+2 {{weight bitwidth 4 of layer 'dense_3' exceeds the 2 bits of layer 'dense_2' before it}}
  // expected-error @+1 {{activation bitwidth 4 of layer 'dense_3' exceeds the 2 bits of layer 'dense_2' before it}}
  %5 = qnn.dense %4, %w3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %6 = qnn.dense %5, %w3 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  return %6 : tensor<1x64xf32>
}

// -----

// Through concatenation too.
func.func @concat(%x: tensor<1x64xf32>, %w0: tensor<32x64xf32>, %w1: tensor<32x64xf32>,
                  %w2: tensor<64x64xf32>, %w3: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  // expected-note @+1 {{layer 'dense_1' has weight bitwidth 3}}
  %1 = qnn.dense %x, %w1 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 8>} : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  %2 = tensor.concat dim(1) %0, %1 : (tensor<1x32xf32>, tensor<1x32xf32>) -> tensor<1x64xf32>
  // expected-error @+1 {{weight bitwidth 4 of layer 'dense_2' exceeds the 3 bits of layer 'dense_1' before it}}
  %3 = qnn.dense %2, %w2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %4 = qnn.dense %3, %w3 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %4 : tensor<1x10xf32>
}

// -----

// One layer without an assignment when the others have one.
func.func @missing(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                   %w2: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  // expected-error @+1 {{layer 'dense_1' has no 'qnn.bitwidth' while 2 other layers have one}}
  %1 = qnn.dense %0, %w1 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %2 = qnn.dense %1, %w2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %2 : tensor<1x10xf32>
}

// -----

// Nothing assigned yet: nothing to check.
func.func @unassigned(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>) -> tensor<1x64xf32> {
  %0 = qnn.dense %x, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  return %1 : tensor<1x64xf32>
}

// -----

// Quantized layers carry their bitwidths in their types.
func.func @quantized(%x: tensor<1x4x!qnn.quant<u2, scale = 0.125>>,
                     %w0: tensor<4x4x!qnn.quant<s2, scale = 0.5>>,
                     %w1: tensor<4x4x!qnn.quant<s4, scale = 0.5>>,
                     %w2: tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32> {
  // expected-note @+1 {{layer 'qdense_0' has weight bitwidth 2}}
  %0 = qnn.qdense %x, %w0 : (tensor<1x4x!qnn.quant<u2, scale = 0.125>>, tensor<4x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x4xf32>
  %1 = qnn.quantize %0 : tensor<1x4xf32> -> tensor<1x4x!qnn.quant<u2, scale = 0.125>>
  // expected-error @+1 {{weight bitwidth 4 of layer 'qdense_1' exceeds the 2 bits of layer 'qdense_0' before it}}
  %2 = qnn.qdense %1, %w1 : (tensor<1x4x!qnn.quant<u2, scale = 0.125>>, tensor<4x4x!qnn.quant<s4, scale = 0.5>>) -> tensor<1x4xf32>
  %3 = qnn.quantize %2 : tensor<1x4xf32> -> tensor<1x4x!qnn.quant<u2, scale = 0.125>>
  %4 = qnn.qdense %3, %w2 : (tensor<1x4x!qnn.quant<u2, scale = 0.125>>, tensor<2x4x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x2xf32>
  return %4 : tensor<1x2xf32>
}
