// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=DEFAULT
// RUN: qnn-opt %s "--qnn-lower-to-llvm=stack-bytes=0" | FileCheck %s --check-prefix=HEAP
// RUN: qnn-opt %s "--qnn-lower-to-llvm=stack-bytes=300000" | FileCheck %s --check-prefix=BUDGET

// Temporaries live on the stack while their total fits stack-bytes
// (1 MiB by default), in program order; the rest are malloc'ed and freed.
// Here: two 256000-byte intermediates (1 x 4 x 100 x 160 f32), the outputs
// of the first two max pools (pools do not fuse); the last one writes the
// caller's output buffer.
// DEFAULT-LABEL: llvm.func @forward
// DEFAULT-COUNT-2: llvm.alloca
// DEFAULT-NOT: llvm.call @malloc
// HEAP-LABEL: llvm.func @forward
// HEAP-NOT: llvm.alloca
// HEAP-COUNT-2: llvm.call @malloc
// HEAP-COUNT-2: llvm.call @free
// BUDGET-LABEL: llvm.func @forward
// BUDGET-COUNT-1: llvm.alloca
// BUDGET-NOT: llvm.alloca
// BUDGET: llvm.call @malloc
// BUDGET-NOT: llvm.call @malloc
func.func @forward(%x: tensor<1x4x100x160xf32>) -> tensor<1x4x100x160xf32> {
  %a = qnn.max_pool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x100x160xf32> -> tensor<1x4x100x160xf32>
  %b = qnn.max_pool2d %a {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x100x160xf32> -> tensor<1x4x100x160xf32>
  %c = qnn.max_pool2d %b {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x100x160xf32> -> tensor<1x4x100x160xf32>
  return %c : tensor<1x4x100x160xf32>
}
