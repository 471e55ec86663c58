// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=budget budget=9344" --qnn-check-bitwidth | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=budget budget=0.5" --qnn-check-bitwidth | FileCheck %s --check-prefix=HALF
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=budget budget=6272" | FileCheck %s --check-prefix=TIGHT
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=budget budget=1000000" | FileCheck %s --check-prefix=LOOSE
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=budget budget=9344 candidates=8,4,2" | FileCheck %s --check-prefix=CAND
// RUN: %exit1 qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=budget budget=6271" 2>&1 | FileCheck %s --check-prefix=INFEASIBLE
// RUN: %exit1 qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=budget budget=0.25" 2>&1 | FileCheck %s --check-prefix=INFEASIBLE-FRACTION

// strategy=budget minimizes sum over the free layers of
//   (1 - s + 0.1) * params * 4^-bits        (s: normalized separability)
// subject to non-increasing bitwidths and packed weight bytes <= budget.
//
// Every model here: dense layers of 64 x 64 weights (K = 64: one 64-bit word
// per row, 4096 params), packed bytes = bits * 64 rows * 1 word * 8 = 512 * bits,
// and a 10 x 64 classifier: bits * 10 * 1 * 8 = 80 * bits. The first layer
// and the classifier are pinned at 8 bits: 4096 + 640 = 4736 bytes.
// Homogeneous 8-bit network: 4 * 4096 + 640 = 17024 bytes.
// Three free layers: their bytes are 512 * (b1 + b2 + b3).

// Chain, free separability 0.2, 0.8, 1.4: s = 0, 0.5, 1, weights
// 1.1, 0.6, 0.1; cost in units of 4096 params: 1.1/4^b1 + 0.6/4^b2 + 0.1/4^b3.
// budget=9344: 4608 bytes, b1 + b2 + b3 <= 9 with b1 >= b2 >= b3:
//   (4,3,2): 1.1/256 + 0.6/64 + 0.1/16 = 0.0199  <- best
//   (3,3,3): 1.7/64 = 0.0266;  (4,4,1): 1.7/256 + 0.1/4 = 0.0316
// CHECK-LABEL: func @chain
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// budget=0.5 of 17024 = 8512 bytes: 3776 for the free layers, sum <= 7:
//   (3,3,1): 1.7/64 + 0.1/4 = 0.0516  <- best;  (3,2,2): 0.0609;  (4,2,1): 0.0668
// HALF-LABEL: func @chain
// HALF: %arg2 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
// HALF: %arg3 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
// HALF: %arg4 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>

// The smallest feasible budget, 4736 + 3 * 512 = 6272, is exactly feasible.
// TIGHT-LABEL: func @chain
// TIGHT: %arg2 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// TIGHT: %arg3 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// TIGHT: %arg4 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>

// A budget above the homogeneous network buys every layer 8 bits.
// LOOSE-LABEL: func @chain
// LOOSE-COUNT-5: qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// candidates=8,4,2: sum <= 9 from {8,4,2}: (4,2,2) = 0.0481 beats (2,2,2).
// CAND-LABEL: func @chain
// CAND: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CAND: %arg3 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CAND: %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>

// INFEASIBLE: error: budget of 6271 bytes is infeasible: the smallest feasible budget is 6272 bytes
// INFEASIBLE-FRACTION: error: budget of 4256 bytes (0.25 of the 17024 bytes of the homogeneous 8-bit network) is infeasible: the smallest feasible budget is 6272 bytes
func.func @chain(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                 %w2: tensor<64x64xf32>, %w3: tensor<64x64xf32>,
                 %w4: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w1 {qnn.separability = #qnn.separability<fisher = 0.2>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %2 = qnn.dense %1, %w2 {qnn.separability = #qnn.separability<fisher = 0.8>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.dense %2, %w3 {qnn.separability = #qnn.separability<fisher = 1.4>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %4 = qnn.dense %3, %w4 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %4 : tensor<1x10xf32>
}

// -----

// A residual block whose projection shortcut (%arg4, least separable) comes
// after the main branch (%arg2 -> %arg3) in op order but depends on %arg1
// only. Free separability 0.9, 1.4, 0.2: s = 0.583, 1, 0, weights 0.517,
// 0.1, 1.1; constraints b2 <= b1 <= 8 and b3 <= 8, not b3 <= b2.
// budget=9344: b1 + b2 + b3 <= 9:
//   (3,2,4): 0.517/64 + 0.1/16 + 1.1/256 = 0.0186  <- best
//   (3,3,3): 1.717/64 = 0.0268;  (4,2,3): 0.517/256 + 0.1/16 + 1.1/64 = 0.0255
// The shortcut gets more bits than the layer before it in op order.
// CHECK-LABEL: func @residual
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// budget=0.5: sum <= 7: (3,1,3) = 0.517/64 + 0.1/4 + 1.1/64 = 0.0503 is best.
// HALF-LABEL: func @residual
// HALF: %arg2 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
// HALF: %arg3 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 1>
// HALF: %arg4 {qnn.bitwidth = #qnn.bits<weight = 3, activation = 3>
func.func @residual(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>,
                    %w2: tensor<64x64xf32>, %wsc: tensor<64x64xf32>,
                    %w4: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.relu %0 : tensor<1x64xf32>
  %2 = qnn.dense %1, %w1 {qnn.separability = #qnn.separability<fisher = 0.9>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.relu %2 : tensor<1x64xf32>
  %4 = qnn.dense %3, %w2 {qnn.separability = #qnn.separability<fisher = 1.4>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %5 = qnn.dense %1, %wsc {qnn.separability = #qnn.separability<fisher = 0.2>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %6 = qnn.add %4, %5 : tensor<1x64xf32>
  %7 = qnn.relu %6 : tensor<1x64xf32>
  %8 = qnn.dense %7, %w4 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %8 : tensor<1x10xf32>
}
