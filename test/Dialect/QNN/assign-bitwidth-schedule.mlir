// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=schedule schedule=8,4,2" --qnn-check-bitwidth | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=schedule schedule=8,4,2 first-layer-bits=4" --qnn-check-bitwidth | FileCheck %s --check-prefix=FIRST4
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=schedule schedule=8,4,2 first-layer-bits=0 last-layer-bits=0" --qnn-check-bitwidth | FileCheck %s --check-prefix=NOPOLICY
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=schedule schedule=8,6,4,2 activation-bits=same" | FileCheck %s --check-prefix=FOUR
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=schedule schedule=4" --qnn-check-bitwidth | FileCheck %s --check-prefix=ONE
// RUN: qnn-opt %s --split-input-file --qnn-assign-bitwidth="strategy=schedule schedule=8,8,6,6,4,4,2,2" 2>&1 | FileCheck %s --check-prefix=MANY

// strategy=schedule spreads the stages over the layers not pinned by a
// policy, in data-flow order, as consecutive groups of equal size; when the
// count does not divide, the earlier groups are one layer larger. No
// separability is needed.

// Nine dense layers: the first (%arg1) and the classifier (%arg9) are
// pinned at 8, seven are free. 8,4,2 over 7: groups of 3, 2, 2.
// CHECK-LABEL: func @chain9
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: %arg6 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: %arg7 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: %arg8 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: %arg9 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// A first layer pinned at 4 bounds the 8-bit stage.
// FIRST4-LABEL: func @chain9
// FIRST4: %arg1 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg2 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg4 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg5 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg6 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FIRST4: %arg7 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// FIRST4: %arg8 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// FIRST4: %arg9 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// Without policies, 8,4,2 over all 9: groups of 3, 3, 3.
// NOPOLICY-LABEL: func @chain9
// NOPOLICY-COUNT-3: qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY-COUNT-3: qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// NOPOLICY-COUNT-3: qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// NOPOLICY-NOT: qnn.bitwidth

// 8,6,4,2 over 7: 7 = 4 * 1 + 3, groups of 2, 2, 2, 1.
// FOUR-LABEL: func @chain9
// FOUR: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// FOUR: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// FOUR: %arg3 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// FOUR: %arg4 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
// FOUR: %arg5 {qnn.bitwidth = #qnn.bits<weight = 6, activation = 6>
// FOUR: %arg6 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FOUR: %arg7 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// FOUR: %arg8 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// FOUR: %arg9 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// One stage: a uniform body between 8-bit first and last layers, the usual
// baseline of quantized networks.
// ONE-LABEL: func @chain9
// ONE: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// ONE-COUNT-7: qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// ONE: %arg9 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>

// More stages than free layers: one layer each, the rest unused (warning).
// MANY: warning: schedule has 8 stages for 7 layers: only the first 7 are used
// MANY-LABEL: func @chain9
// MANY: %arg7 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// MANY: %arg8 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
func.func @chain9(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<64x64xf32>, %w2: tensor<64x64xf32>, %w3: tensor<64x64xf32>, %w4: tensor<64x64xf32>, %w5: tensor<64x64xf32>, %w6: tensor<64x64xf32>, %w7: tensor<64x64xf32>, %w8: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w1 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %2 = qnn.dense %1, %w2 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %3 = qnn.dense %2, %w3 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %4 = qnn.dense %3, %w4 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %5 = qnn.dense %4, %w5 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %6 = qnn.dense %5, %w6 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %7 = qnn.dense %6, %w7 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %8 = qnn.dense %7, %w8 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %8 : tensor<1x10xf32>
}

// -----

// A residual block with concatenation: the shortcut (%arg4) is after the
// main branch in op order. 8,4,2 over the three free layers in data-flow
// order (%arg2, %arg3, %arg4): one each. Any topological order keeps a
// non-increasing schedule monotone; %arg4 (2 bits) is bounded by %arg1 only.
// CHECK-LABEL: func @residual_concat
// CHECK: %arg1 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg2 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// CHECK: %arg3 {qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>
// CHECK: %arg4 {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
// CHECK: tensor.concat
// CHECK: %arg5 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>
// NOPOLICY-LABEL: func @residual_concat
func.func @residual_concat(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<32x64xf32>,
                           %w2: tensor<32x32xf32>, %wsc: tensor<32x64xf32>,
                           %w4: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %1 = qnn.dense %0, %w1 : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  %2 = qnn.dense %1, %w2 : (tensor<1x32xf32>, tensor<32x32xf32>) -> tensor<1x32xf32>
  %3 = qnn.dense %0, %wsc : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  %4 = tensor.concat dim(1) %2, %3 : (tensor<1x32xf32>, tensor<1x32xf32>) -> tensor<1x64xf32>
  %5 = qnn.dense %4, %w4 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %5 : tensor<1x10xf32>
}
