// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s \
// RUN:   --implicit-check-not=malloc --implicit-check-not=@free --implicit-check-not=llvm.alloca

// Every temporary lives in the one workspace of qnn-plan-workspace: no
// malloc, free or stack buffer in the lowered model. Here three 256000-byte
// intermediates (1 x 4 x 100 x 160 f32), the outputs of the first three max
// pools (pools do not fuse); the last pool writes the caller's output. The
// first and the third are never live together and share their bytes, so
// the workspace holds two of them and 64 bytes for the pools' window
// buffers.
// CHECK: module attributes {{{.*}}qnn.workspace_bytes = 512064 : i64}
// CHECK: llvm.mlir.global private @forward_workspace(dense<0> : tensor<512064xi8>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<512064 x i8>
// CHECK: llvm.func @forward(%[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr)
// CHECK-NEXT: llvm.mlir.addressof @forward_workspace : !llvm.ptr
// CHECK: llvm.call @forward_with_workspace(%[[IN]], %[[OUT]], %{{.*}})
// CHECK: llvm.func @forward_with_workspace(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr {llvm.align = 64 : i64, llvm.dereferenceable = 512064 : i64, llvm.noalias})
// Each pool (input, window, output) in a function of its own whose
// arguments LLVM takes for distinct objects.
// CHECK-COUNT-4: llvm.call @forward_with_workspace_op{{[0-3]}}(
// CHECK: llvm.func internal @forward_with_workspace_op0(%{{.*}}: !llvm.ptr {llvm.dereferenceable = 256000 : i64, llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.align = 64 : i64, llvm.dereferenceable = 4 : i64, llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.align = 64 : i64, llvm.dereferenceable = 256000 : i64, llvm.noalias})
// CHECK-SAME: no_inline
func.func @forward(%x: tensor<1x4x100x160xf32>) -> tensor<1x4x100x160xf32> {
  %a = qnn.max_pool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x100x160xf32> -> tensor<1x4x100x160xf32>
  %b = qnn.max_pool2d %a {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x100x160xf32> -> tensor<1x4x100x160xf32>
  %c = qnn.max_pool2d %b {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x100x160xf32> -> tensor<1x4x100x160xf32>
  %d = qnn.max_pool2d %c {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x100x160xf32> -> tensor<1x4x100x160xf32>
  return %d : tensor<1x4x100x160xf32>
}
