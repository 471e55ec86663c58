// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth --qnn-check-bitwidth | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="candidates=4,2,1" --qnn-check-bitwidth | FileCheck %s --check-prefix=CAND
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="first-layer-bits=4" --qnn-check-bitwidth | FileCheck %s --check-prefix=FIRST4
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="first-layer-bits=0 last-layer-bits=0" --qnn-check-bitwidth="last-layer-bits=0" | FileCheck %s --check-prefix=NOPOLICY
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="activation-bits=4" --qnn-check-bitwidth | FileCheck %s --check-prefix=ACT4
// RUN: qnn-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnn-assign-bitwidth{strategy=separability}))" | FileCheck %s

// strategy=separability: each layer's separability is min-max normalized
// over the layers being assigned (s in [0, 1]) and falls in one of n
// equal-width bins over the candidates sorted by decreasing bitwidth:
// bin floor(s * n), the last bin closed. Then bitwidths are lowered to the
// smallest of the layers before them on the data flow.

// A chain of six dense layers. By default the first (%arg1) and the last
// (%arg6, the classifier) are pinned at 8 bits; the four in between have
// separability 0.2, 0.7, 1.1, 1.4, i.e. s = 0, 0.417, 0.75, 1.
// Default candidates 8,6,4,3,2,1 (n = 6): bins 0, 2, 4, 5 -> 8, 4, 2, 1.
// CHECK-LABEL: func @chain
// CHECK: qnn.dense %{{.*}}, %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: qnn.dense %{{.*}}, %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: qnn.dense %{{.*}}, %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: qnn.dense %{{.*}}, %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: qnn.dense %{{.*}}, %arg5 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// CHECK: qnn.dense %{{.*}}, %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// candidates=4,2,1 (n = 3): bins floor(s * 3) = 0, 1, 2, 2 -> 4, 2, 1, 1.
// CAND-LABEL: func @chain
// CAND: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CAND: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CAND: %arg3 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CAND: %arg4 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// CAND: %arg5 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// CAND: %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// first-layer-bits=4 bounds everything after the first layer: 8 -> 4.
// FIRST4-LABEL: func @chain
// FIRST4: %arg1 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// FIRST4: %arg5 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// FIRST4: %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// Without policies all six layers are assigned by separability 0.1, 0.2,
// 0.7, 1.1, 1.4, 1.7: s = 0, 0.0625, 0.375, 0.625, 0.8125, 1, times 6 =
// 0, 0.375, 2.25, 3.75, 4.875, 6 -> 8, 8, 4, 3, 2, 1.
// NOPOLICY-LABEL: func @chain
// NOPOLICY: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// NOPOLICY: %arg4 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
// NOPOLICY: %arg5 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// NOPOLICY: %arg6 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>

// activation-bits=4: weights as by default, activations 4 bits except the
// pinned first and last layers.
// ACT4-LABEL: func @chain
// ACT4: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// ACT4: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 4>
// ACT4: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// ACT4: %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 4>
// ACT4: %arg5 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 4>
// ACT4: %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
func.func @chain(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                 %w2: tensor<64x64xf32>, %w3: tensor<64x64xf32>, %w4: tensor<64x64xf32>,
                 %w5: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 {qnn.separability = #qnn.separability<fisher = 0.1>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.relu %0 : tensor<1x64xf32>
  %2 = qnn.dense %1, %w1 {qnn.separability = #qnn.separability<fisher = 0.2>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.relu %2 : tensor<1x64xf32>
  %4 = qnn.dense %3, %w2 {qnn.separability = #qnn.separability<fisher = 0.7>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %5 = qnn.relu %4 : tensor<1x64xf32>
  %6 = qnn.dense %5, %w3 {qnn.separability = #qnn.separability<fisher = 1.1>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %7 = qnn.relu %6 : tensor<1x64xf32>
  %8 = qnn.dense %7, %w4 {qnn.separability = #qnn.separability<fisher = 1.4>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %9 = qnn.relu %8 : tensor<1x64xf32>
  %10 = qnn.dense %9, %w5 {qnn.separability = #qnn.separability<fisher = 1.7>} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %10 : tensor<1x10xf32>
}

// -----

// Separability that does not grow with depth: mapped 4, 8, 2, 1 (s = 0.417,
// 0, 0.75, 1), and the second layer cannot have more bits than the first:
// 4, 4, 2, 1.
// CHECK-LABEL: func @non_monotone
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// CHECK: %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
func.func @non_monotone(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                        %w2: tensor<64x64xf32>, %w3: tensor<64x64xf32>, %w4: tensor<64x64xf32>,
                        %w5: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 {qnn.separability = #qnn.separability<fisher = 0.1>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w1 {qnn.separability = #qnn.separability<fisher = 0.7>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %2 = qnn.dense %1, %w2 {qnn.separability = #qnn.separability<fisher = 0.2>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.dense %2, %w3 {qnn.separability = #qnn.separability<fisher = 1.1>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %4 = qnn.dense %3, %w4 {qnn.separability = #qnn.separability<fisher = 1.4>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %5 = qnn.dense %4, %w5 {qnn.separability = #qnn.separability<fisher = 1.7>} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %5 : tensor<1x10xf32>
}

// -----

// A residual block with a projection shortcut, written after the main
// branch: %arg1 -> %arg2 -> %arg3 -> add <- %arg4 <- %arg1, then %arg5.
// Monotonicity follows the use-def graph: the shortcut (%arg4, least
// separable) is bounded by %arg1 only, so it keeps 8 bits although the
// layer before it in op order has 1 bit. Free layers have separability
// 0.9, 1.1, 0.2: s = 0.778, 1, 0 -> 2, 1, 8.
// CHECK-LABEL: func @residual
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: qnn.add
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// Without policies: separability 0.1, 0.9, 1.1, 0.2, 1.4 over all five,
// s = 0, 0.615, 0.769, 0.077, 1 -> 8, 3, 2, 8, 1; the classifier after the
// add is bounded by both branches: min(2, 8) >= 1.
// NOPOLICY-LABEL: func @residual
// NOPOLICY: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY: %arg2 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
// NOPOLICY: %arg3 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// NOPOLICY: %arg4 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY: %arg5 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
func.func @residual(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                    %w2: tensor<64x64xf32>, %wsc: tensor<64x64xf32>,
                    %w4: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 {qnn.separability = #qnn.separability<fisher = 0.1>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.relu %0 : tensor<1x64xf32>
  %2 = qnn.dense %1, %w1 {qnn.separability = #qnn.separability<fisher = 0.9>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.relu %2 : tensor<1x64xf32>
  %4 = qnn.dense %3, %w2 {qnn.separability = #qnn.separability<fisher = 1.1>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %5 = qnn.dense %1, %wsc {qnn.separability = #qnn.separability<fisher = 0.2>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %6 = qnn.add %4, %5 : tensor<1x64xf32>
  %7 = qnn.relu %6 : tensor<1x64xf32>
  %8 = qnn.dense %7, %w4 {qnn.separability = #qnn.separability<fisher = 1.4>} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %8 : tensor<1x10xf32>
}

// -----

// Equal separability says nothing about which layer needs fewer bits: all
// free layers get the most bits (s = 0). Convolutions and dense layers alike.
// CHECK-LABEL: func @equal
// CHECK-COUNT-4: qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
func.func @equal(%x: tensor<1x3x8x8xf32>, %w0: tensor<8x3x3x3xf32>, %w1: tensor<8x8x3x3xf32>,
                 %w2: tensor<8x8x3x3xf32>, %w3: tensor<10x8xf32>) -> tensor<1x10xf32> {
  %0 = qnn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>, qnn.separability = #qnn.separability<fisher = 0.5>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  %1 = qnn.conv2d %0, %w1 {padding = array<i64: 1, 1, 1, 1>, qnn.separability = #qnn.separability<fisher = 0.5>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  %2 = qnn.conv2d %1, %w2 {padding = array<i64: 1, 1, 1, 1>, qnn.separability = #qnn.separability<fisher = 0.5>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  %3 = qnn.global_avg_pool %2 : tensor<1x8x8x8xf32> -> tensor<1x8x1x1xf32>
  %4 = qnn.flatten %3 : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %5 = qnn.dense %4, %w3 {qnn.separability = #qnn.separability<fisher = 0.5>} : (tensor<1x8xf32>, tensor<10x8xf32>) -> tensor<1x10xf32>
  return %5 : tensor<1x10xf32>
}
