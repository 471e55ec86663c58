// RUN: qnn-opt %s --split-input-file --qnn-plan-workspace | FileCheck %s

// Three buffers in a chain: %a (ops 1-2) and %c (ops 3-4) are never live
// together and share offset 0; %b (ops 2-3) overlaps both. The deallocation
// goes, the function takes the workspace, and @forward passes the static one.
// CHECK-LABEL: module attributes {qnn.workspace_bytes = 128 : i64}
// CHECK:       memref.global "private" @forward_workspace : memref<128xi8> = dense<0> {alignment = 64 : i64}
// CHECK:       func.func @forward(%[[IN:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<16xf32>) {
// CHECK-NEXT:    %[[STATIC:.*]] = memref.get_global @forward_workspace : memref<128xi8>
// CHECK-NEXT:    call @forward_with_workspace(%[[IN]], %[[OUT]], %[[STATIC]])
// CHECK-NEXT:    return
// CHECK:       func.func @forward_with_workspace(%[[IN:.*]]: memref<16xf32>, %{{.*}}: memref<16xf32>, %[[WS:.*]]: memref<128xi8> {llvm.align = 64 : i64, llvm.dereferenceable = 128 : i64, llvm.noalias})
// CHECK-NOT:     memref.alloc
// CHECK:         %[[A:.*]] = memref.view %[[WS]][%c0{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK-NEXT:    call @forward_with_workspace_op0(%[[IN]], %[[A]])
// CHECK:         %[[B:.*]] = memref.view %[[WS]][%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK-NEXT:    call @forward_with_workspace_op1(%[[A]], %[[B]])
// CHECK:         %[[C:.*]] = memref.view %[[WS]][%c0{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK-NOT:     memref.dealloc
// CHECK:         return
// Each op on two buffers or more is a function of its own, not inlined,
// whose arguments LLVM may take for distinct objects.
// CHECK:       func.func private @forward_with_workspace_op0(%{{.*}}: memref<16xf32> {llvm.dereferenceable = 64 : i64, llvm.noalias}, %{{.*}}: memref<16xf32> {llvm.align = 64 : i64, llvm.dereferenceable = 64 : i64, llvm.noalias})
// CHECK-SAME:    attributes {llvm.linkage = #llvm.linkage<internal>, no_inline}
// CHECK-NEXT:    linalg.copy
// CHECK-NEXT:    return
func.func @forward(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%a : memref<16xf32>) outs(%b : memref<16xf32>)
  %c = memref.alloc() : memref<16xf32>
  linalg.copy ins(%b : memref<16xf32>) outs(%c : memref<16xf32>)
  memref.dealloc %b : memref<16xf32>
  linalg.copy ins(%c : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// An alias extends its buffer's lifetime: %a is written and read through
// the reshape %flat, the last time after %b is used, so %b may not take
// %a's bytes; %d, used after that, may.
// CHECK-LABEL: module attributes {qnn.workspace_bytes = 128 : i64}
// CHECK: func.func @forward_with_workspace
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<128xi8> to memref<4x4xf32>
// CHECK: memref.view %{{.*}}[%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<128xi8> to memref<2x8xf32>
func.func @forward(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<4x4xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%flat : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%b : memref<16xf32>)
  linalg.copy ins(%b : memref<16xf32>) outs(%out : memref<16xf32>)
  linalg.copy ins(%flat : memref<16xf32>) outs(%out : memref<16xf32>)
  %d = memref.alloc() : memref<2x8xf32>
  %d_flat = memref.collapse_shape %d [[0, 1]] : memref<2x8xf32> into memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%d_flat : memref<16xf32>)
  linalg.copy ins(%d_flat : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// The largest buffer is placed first, and a smaller one whose lifetime it
// does not overlap reuses its bytes. Sizes round up to 64 bytes: the 12-byte
// buffer %small, live with %big, starts at 256, and the workspace is 320
// bytes. Subviews and casts are aliases too.
// CHECK-LABEL: module attributes {qnn.workspace_bytes = 320 : i64}
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<320xi8> to memref<64xf32>
// CHECK: memref.view %{{.*}}[%c256{{.*}}][] : memref<320xi8> to memref<3xf32>
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<320xi8> to memref<8xi64>
func.func @forward(%in: memref<64xf32>, %out: memref<3xf32>) {
  %big = memref.alloc() : memref<64xf32>
  linalg.copy ins(%in : memref<64xf32>) outs(%big : memref<64xf32>)
  %small = memref.alloc() : memref<3xf32>
  %head = memref.subview %big[0] [3] [1] : memref<64xf32> to memref<3xf32, strided<[1]>>
  %cast = memref.cast %head : memref<3xf32, strided<[1]>> to memref<3xf32, strided<[?], offset: ?>>
  linalg.copy ins(%cast : memref<3xf32, strided<[?], offset: ?>>) outs(%small : memref<3xf32>)
  %words = memref.alloc() : memref<8xi64>
  %zero = arith.constant 0 : i64
  linalg.fill ins(%zero : i64) outs(%words : memref<8xi64>)
  linalg.copy ins(%small : memref<3xf32>) outs(%out : memref<3xf32>)
  return
}

// -----

// A buffer allocated in a loop body lives for the whole loop (its op in
// the function body), and its bytes serve every iteration.
// CHECK-LABEL: module attributes {qnn.workspace_bytes = 128 : i64}
// CHECK: scf.for
// CHECK:   memref.view %{{.*}}[%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<128xi8> to memref<16xf32>
func.func @forward(%in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %before = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%before : memref<16xf32>)
  scf.for %i = %c0 to %c4 step %c1 {
    %scratch = memref.alloc() : memref<16xf32>
    linalg.copy ins(%before : memref<16xf32>) outs(%scratch : memref<16xf32>)
    linalg.copy ins(%scratch : memref<16xf32>) outs(%out : memref<16xf32>)
  }
  %after = memref.alloc() : memref<16xf32>
  linalg.copy ins(%out : memref<16xf32>) outs(%after : memref<16xf32>)
  linalg.copy ins(%after : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// Without temporaries the workspace is empty, and the ABI the same.
// CHECK-LABEL: module attributes {qnn.workspace_bytes = 0 : i64}
// CHECK: memref.global "private" @forward_workspace : memref<0xi8>
// CHECK: func.func @forward(
// CHECK: func.func @forward_with_workspace(%{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8>
func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
  linalg.copy ins(%in : memref<4xf32>) outs(%out : memref<4xf32>)
  return
}


// -----

// An op on one buffer, or on two views of one buffer, stays in place; views,
// constants and globals an outlined op uses are cloned into its function.
// CHECK-LABEL: module attributes {qnn.workspace_bytes = 64 : i64}
// CHECK:       func.func @forward_with_workspace(
// CHECK:         linalg.fill
// CHECK:         linalg.copy ins(%{{.*}} : memref<8xf32, strided<[1]>>) outs(%{{.*}} : memref<8xf32, strided<[1], offset: 8>>)
// CHECK:         call @forward_with_workspace_op0(%{{.*}}, %{{.*}}) : (memref<16xf32>, memref<16xf32>) -> ()
// CHECK:       func.func private @forward_with_workspace_op0(%[[A:.*]]: memref<16xf32> {{{.*}}llvm.noalias}, %[[OUT:.*]]: memref<16xf32> {{{.*}}llvm.noalias})
// CHECK-DAG:     %[[WEIGHTS:.*]] = memref.get_global @weights : memref<8xf32>
// CHECK-DAG:     %[[HEAD:.*]] = memref.subview %[[A]][0] [8] [1]
// CHECK-DAG:     %[[OUT_HEAD:.*]] = memref.subview %[[OUT]][0] [8] [1]
// CHECK:         linalg.generic {{.*}} ins(%[[HEAD]], %[[WEIGHTS]] : {{.*}}) outs(%[[OUT_HEAD]]
memref.global "private" constant @weights : memref<8xf32> = dense<2.0>
func.func @forward(%in: memref<16xf32>, %out: memref<16xf32>) {
  %zero = arith.constant 0.0 : f32
  %a = memref.alloc() : memref<16xf32>
  linalg.fill ins(%zero : f32) outs(%a : memref<16xf32>)
  %head = memref.subview %a[0] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1]>>
  %tail = memref.subview %a[8] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: 8>>
  linalg.copy ins(%head : memref<8xf32, strided<[1]>>) outs(%tail : memref<8xf32, strided<[1], offset: 8>>)
  %weights = memref.get_global @weights : memref<8xf32>
  %out_head = memref.subview %out[0] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1]>>
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                  iterator_types = ["parallel"]}
      ins(%head, %weights : memref<8xf32, strided<[1]>>, memref<8xf32>) outs(%out_head : memref<8xf32, strided<[1]>>) {
  ^bb0(%x: f32, %w: f32, %y: f32):
    %p = arith.mulf %x, %w : f32
    linalg.yield %p : f32
  }
  return
}
