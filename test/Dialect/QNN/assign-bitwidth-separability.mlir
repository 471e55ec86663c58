// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth --qnn-check-bitwidth | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="candidates=4,2,1" --qnn-check-bitwidth | FileCheck %s --check-prefix=CAND
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="first-layer-bits=4" --qnn-check-bitwidth | FileCheck %s --check-prefix=FIRST4
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="first-layer-bits=0 last-layer-bits=0" --qnn-check-bitwidth="last-layer-bits=0" | FileCheck %s --check-prefix=NOPOLICY
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="activation-bits=4" --qnn-check-bitwidth | FileCheck %s --check-prefix=ACT4
// RUN: qnn-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnn-assign-bitwidth{strategy=separability}))" | FileCheck %s

// strategy=separability: one bit less per doubling of separability
// relative to the first layer being assigned, which gets the largest
// candidate c_max: layer i targets t = round(c_max - log2(J_i / J_first))
// and gets the largest candidate <= t (the smallest if none is), never more
// than c_max. Then bitwidths are lowered to the smallest of the layers
// before them on the data flow. (The expected values below are worked out
// by hand from that rule.)

// A chain of six dense layers. By default the first (%arg1) and the last
// (%arg6, the classifier) are pinned at 8 bits; the four in between have
// separability 0.2, 0.7, 1.1, 1.4: log2(J / 0.2) = 0, 1.81, 2.46, 2.81.
// Default candidates 8,6,4,3,2,1: t = 8, 6, 6, 5 -> 8, 6, 6, 4.
// CHECK-LABEL: func @chain
// CHECK: qnn.dense %{{.*}}, %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: qnn.dense %{{.*}}, %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: qnn.dense %{{.*}}, %arg3 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
// CHECK: qnn.dense %{{.*}}, %arg4 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
// CHECK: qnn.dense %{{.*}}, %arg5 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: qnn.dense %{{.*}}, %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// candidates=4,2,1: t = round(4 - 0, 4 - 1.81, 4 - 2.46, 4 - 2.81) = 4, 2, 2, 1.
// CAND-LABEL: func @chain
// CAND: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CAND: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CAND: %arg3 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CAND: %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CAND: %arg5 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// CAND: %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// first-layer-bits=4 bounds everything after the first layer: 8, 6, 6, 4
// become 4, 4, 4, 4.
// FIRST4-LABEL: func @chain
// FIRST4: %arg1 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg4 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg5 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg6 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// Without policies all six layers are assigned by separability 0.1, 0.2,
// 0.7, 1.1, 1.4, 1.7: log2(J / 0.1) = 0, 1, 2.81, 3.46, 3.81, 4.09,
// t = 8, 7, 5, 5, 4, 4 -> 8, 6, 4, 4, 4, 4.
// NOPOLICY-LABEL: func @chain
// NOPOLICY: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY: %arg2 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
// NOPOLICY: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// NOPOLICY: %arg4 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// NOPOLICY: %arg5 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// NOPOLICY: %arg6 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>

// activation-bits=4: weights as by default, activations 4 bits except the
// pinned first and last layers.
// ACT4-LABEL: func @chain
// ACT4: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// ACT4: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 4>
// ACT4: %arg3 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 4>
// ACT4: %arg4 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 4>
// ACT4: %arg5 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
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

// Separability that does not grow with depth: 0.7, 0.2, 1.1, 1.4 relative
// to 0.7 is log2 = 0, -1.81, 0.65, 1: t = 8, 10, 7, 7 -> 8, 8 (never above
// the largest candidate), 6, 6; and after a layer at 6 nothing gets more.
// CHECK-LABEL: func @non_monotone
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
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
// layer before it in op order has fewer (see NOPOLICY). Free layers have
// separability 0.9, 1.1, 0.2: log2(J / 0.9) = 0, 0.29, -2.17, t = 8, 8, 10
// -> 8, 8, 8.
// CHECK-LABEL: func @residual
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: qnn.add
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// Without policies: separability 0.1, 0.9, 1.1, 0.2, 1.4 over all five,
// log2(J / 0.1) = 0, 3.17, 3.46, 1, 3.81: t = 8, 5, 5, 7, 4 -> 8, 4, 4, 6,
// 4: the shortcut keeps 6 bits after the 4-bit %arg3 in op order, and the
// classifier after the add is bounded by both branches: min(4, 6) >= 4.
// NOPOLICY-LABEL: func @residual
// NOPOLICY: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// NOPOLICY: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// NOPOLICY: %arg4 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
// NOPOLICY: %arg5 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
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
// free layers get the most bits (ratio 1). Convolutions and dense layers alike.
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
