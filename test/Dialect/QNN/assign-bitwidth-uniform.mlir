// RUN: qnn-opt %s --qnn-assign-bitwidth="strategy=uniform" --qnn-check-bitwidth | FileCheck %s
// RUN: qnn-opt %s --qnn-assign-bitwidth="strategy=uniform bits=2" --qnn-check-bitwidth | FileCheck %s --check-prefix=TWO
// RUN: qnn-opt %s --qnn-assign-bitwidth="strategy=uniform bits=4 activation-bits=8" | FileCheck %s --check-prefix=MIXED

// strategy=uniform is the homogeneous baseline: every layer, first and last
// included (no policies), gets `bits` (default 8); no separability needed.
// An existing assignment is replaced.

// CHECK-LABEL: func @net
// CHECK-COUNT-3: qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// TWO-LABEL: func @net
// TWO-COUNT-3: qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>

// Weights and activations are configured separately.
// MIXED-LABEL: func @net
// MIXED-COUNT-3: qnn.bitwidth = #qnn.bits<weight = 4, activation = 8>
func.func @net(%x: tensor<1x3x8x8xf32>, %w0: tensor<8x3x3x3xf32>, %w1: tensor<8x8x3x3xf32>,
               %w2: tensor<10x512xf32>) -> tensor<1x10xf32> {
  %0 = qnn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  %1 = qnn.relu %0 : tensor<1x8x8x8xf32>
  %2 = qnn.conv2d %1, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  %3 = qnn.flatten %2 : tensor<1x8x8x8xf32> -> tensor<1x512xf32>
  %4 = qnn.dense %3, %w2 : (tensor<1x512xf32>, tensor<10x512xf32>) -> tensor<1x10xf32>
  return %4 : tensor<1x10xf32>
}
