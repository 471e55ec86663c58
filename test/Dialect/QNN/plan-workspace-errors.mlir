// RUN: qnn-opt %s --split-input-file --verify-diagnostics --qnn-plan-workspace

// What the static plan cannot place is an error at the allocation.

func.func @forward(%in: memref<?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %in, %c0 : memref<?xf32>
  // expected-error@+1 {{cannot place a buffer of dynamic shape 'memref<?xf32>' in the static workspace}}
  %a = memref.alloc(%n) : memref<?xf32>
  linalg.copy ins(%in : memref<?xf32>) outs(%a : memref<?xf32>)
  linalg.copy ins(%a : memref<?xf32>) outs(%out : memref<?xf32>)
  return
}

// -----

func.func @forward(%in: memref<4xf32>) -> memref<4xf32> {
  // expected-error@+1 {{cannot place a buffer that the function returns in the workspace (run buffer-results-to-out-params first)}}
  %a = memref.alloc() : memref<4xf32>
  %view = memref.subview %a[0] [4] [1] : memref<4xf32> to memref<4xf32, strided<[1]>>
  %cast = memref.cast %view : memref<4xf32, strided<[1]>> to memref<4xf32>
  // expected-note@+1 {{returned here}}
  return %cast : memref<4xf32>
}

// -----

func.func @forward(%in: memref<4x4xf32>, %out: memref<4x4xf32>) {
  // expected-error@+1 {{cannot place a buffer with a layout ('memref<4x4xf32, strided<[1, 4]>>') in the workspace: views of it need the identity layout}}
  %a = memref.alloc() : memref<4x4xf32, strided<[1, 4]>>
  return
}

// -----

func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
  // expected-error@+1 {{the buffer asks for 128-byte alignment; the workspace gives 64}}
  %a = memref.alloc() {alignment = 128} : memref<4xf32>
  return
}

// -----

func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
  // expected-error@+1 {{cannot place a buffer in memory space 1 : i64 in the workspace}}
  %a = memref.alloc() : memref<4xf32, 1>
  return
}

// -----

func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %init = memref.alloc() : memref<4xf32>
  %last = scf.for %i = %c0 to %c4 step %c1 iter_args(%previous = %init) -> (memref<4xf32>) {
    // expected-error@+1 {{cannot place a buffer allocated in a region that its block arguments carry on (e.g. a loop's iter_args) in the workspace: hoist the allocation}}
    %next = memref.alloc() : memref<4xf32>
    linalg.copy ins(%previous : memref<4xf32>) outs(%next : memref<4xf32>)
    scf.yield %next : memref<4xf32>
  }
  linalg.copy ins(%last : memref<4xf32>) outs(%out : memref<4xf32>)
  return
}

// -----

// expected-error@+1 {{the entry function must have one block to plan its buffers (plan before lowering to control flow)}}
func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
  cf.br ^next
^next:
  return
}

// -----

// expected-error@+1 {{no entry function '@forward' with a body to plan}}
module {
  func.func private @forward(%in: memref<4xf32>, %out: memref<4xf32>)
}

// -----

// expected-error@+1 {{the module has a symbol '@forward_with_workspace' already: qnn-plan-workspace defines it}}
module {
  func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
    return
  }
  func.func private @forward_with_workspace()
}
