// Bad options are pass errors (exit status 1), never crashes.
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=greedy" 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="candidates=8,9" 2>&1 | FileCheck %s --check-prefix=CANDIDATES
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="candidates=8,x" 2>&1 | FileCheck %s --check-prefix=UNPARSABLE
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=uniform candidates=8,4" 2>&1 | FileCheck %s --check-prefix=CANDIDATES-UNUSED
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=budget" 2>&1 | FileCheck %s --check-prefix=BUDGET-MISSING
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=budget budget=lots" 2>&1 | FileCheck %s --check-prefix=BUDGET-BAD
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=budget budget=1.5" 2>&1 | FileCheck %s --check-prefix=BUDGET-BAD
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="budget=1000" 2>&1 | FileCheck %s --check-prefix=BUDGET-UNUSED
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=schedule" 2>&1 | FileCheck %s --check-prefix=SCHEDULE-MISSING
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=schedule schedule=2,4" 2>&1 | FileCheck %s --check-prefix=SCHEDULE-INCREASING
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=schedule schedule=16" 2>&1 | FileCheck %s --check-prefix=SCHEDULE-RANGE
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=uniform bits=0" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="first-layer-bits=9" 2>&1 | FileCheck %s --check-prefix=FIRST
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="last-layer-bits=12" 2>&1 | FileCheck %s --check-prefix=LAST
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="activation-bits=half" 2>&1 | FileCheck %s --check-prefix=ACTIVATION
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=separability candidates=4,2 first-layer-bits=1" 2>&1 | FileCheck %s --check-prefix=NO-CANDIDATE
// RUN: %exit1 qnn-opt %s --qnn-assign-bitwidth="strategy=budget budget=100000 candidates=4,2 first-layer-bits=1" 2>&1 | FileCheck %s --check-prefix=NO-MONOTONE

// STRATEGY: for the --strategy option: Cannot find option named 'greedy'!
// CANDIDATES: error: candidates must be bitwidths in [1, 8], got 8,9
// UNPARSABLE-NOT: PLEASE submit a bug report
// UNPARSABLE: candidates
// CANDIDATES-UNUSED: error: 'candidates' applies to strategy=separability and strategy=budget only
// BUDGET-MISSING: error: strategy=budget needs 'budget': bytes (budget=12000) or a fraction of the homogeneous network (budget=0.6)
// BUDGET-BAD: error: bad budget '{{.*}}': expected bytes (an integer) or a fraction in (0, 1] with a decimal point
// BUDGET-UNUSED: error: 'budget' applies to strategy=budget only
// SCHEDULE-MISSING: error: strategy=schedule needs 'schedule', e.g. schedule=8,4,2
// SCHEDULE-INCREASING: error: schedule must not increase (bitwidths never increase with depth), got 2,4
// SCHEDULE-RANGE: error: schedule stages must be bitwidths in [1, 8], got 16
// BITS: error: bits must be in [1, 8], got 0
// FIRST: error: first-layer-bits must be in [0, 8] (0: no policy), got 9
// LAST: error: last-layer-bits must be in [0, 8] (0: no policy), got 12
// ACTIVATION: error: activation-bits must be 'same' or in [1, 8], got 'half'
// NO-CANDIDATE: error: no candidate bitwidth is at most 1, the bitwidth of layer 'conv2d_0' before it
// NO-MONOTONE: error: no assignment of candidates 4,2 keeps bitwidths non-increasing under first-layer-bits=1

func.func @net(%x: tensor<1x3x8x8xf32>, %w0: tensor<8x3x3x3xf32>, %w1: tensor<8x8x3x3xf32>,
               %w2: tensor<10x512xf32>) -> tensor<1x10xf32> {
  %0 = qnn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  %1 = qnn.conv2d %0, %w1 {padding = array<i64: 1, 1, 1, 1>, qnn.separability = #qnn.separability<fisher = 0.5>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  %2 = qnn.flatten %1 : tensor<1x8x8x8xf32> -> tensor<1x512xf32>
  %3 = qnn.dense %2, %w2 : (tensor<1x512xf32>, tensor<10x512xf32>) -> tensor<1x10xf32>
  return %3 : tensor<1x10xf32>
}
