// RUN: qnn-opt %s --verify-diagnostics --qnn-memory-report -o /dev/null
// A failed report leaves no file behind.
// RUN: rm -f %t.json
// RUN: %exit1 qnn-opt %s --qnn-memory-report="format=json output=%t.json" -o /dev/null 2>/dev/null
// RUN: not test -e %t.json
// RUN: %exit1 qnn-opt %s --qnn-memory-report="format=yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: %exit1 qnn-opt %S/memory-report.mlir --qnn-memory-report="output=%t.missing-dir/report.txt" -o /dev/null 2>&1 | FileCheck %s --check-prefix=OUTPUT

// FORMAT: for the --format option: Cannot find option named 'yaml'!
// OUTPUT: error: cannot write the memory report:

// The report needs every layer assigned.
func.func @unassigned(%x: tensor<1x64xf32>, %w0: tensor<64x64xf32>, %w1: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.dense %x, %w0 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  // expected-error @+1 {{layer 'dense_1' has no 'qnn.bitwidth': assign bitwidths (qnn-assign-bitwidth) before reporting memory}}
  %1 = qnn.dense %0, %w1 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %1 : tensor<1x10xf32>
}
