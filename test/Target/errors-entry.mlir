// The entry function must be the ABI's void forward(const float *input,
// float *output): an llvm.func with a body, external linkage and two
// pointer arguments. Shapes recorded twice must agree. A module with a
// workspace plan must define forward_with_workspace(input, output,
// workspace) the same way, and forward_with_workspace needs the plan.

// RUN: qnn-translate --qnn-to-object %s --split-input-file --verify-diagnostics -o %t.o

// expected-error@+1 {{entry function '@forward' must be an 'llvm.func' (lower the module to the LLVM dialect first), got 'func.func'}}
func.func @forward(%input: memref<4xf32>, %output: memref<4xf32>) {
  return
}

// -----

// expected-error@+1 {{entry function '@forward' is only declared: it needs a body}}
llvm.func @forward(!llvm.ptr, !llvm.ptr)

// -----

// expected-error@+1 {{entry function '@forward' must have external linkage to be exported, got 'internal'}}
llvm.func internal @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
  llvm.return
}

// -----

// expected-error@+1 {{entry function '@forward' must have type '!llvm.func<void (ptr, ptr)>' for void forward(const float *input, float *output), got '!llvm.func<void (ptr)>'}}
llvm.func @forward(%input: !llvm.ptr) {
  llvm.return
}

// -----

// expected-error@+1 {{got '!llvm.func<f32 (ptr, ptr)>'}}
llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) -> f32 {
  %zero = llvm.mlir.constant(0.0 : f32) : f32
  llvm.return %zero : f32
}

// -----

// expected-error@+1 {{got '!llvm.func<void (ptr<1>, ptr)>'}}
llvm.func @forward(%input: !llvm.ptr<1>, %output: !llvm.ptr) {
  llvm.return
}

// -----

module attributes {qnn.input_shape = array<i64: 1, 8>} {
  // expected-error@+1 {{'qnn.input_shape' is array<i64: 8> on the entry function but array<i64: 1, 8> on the module}}
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr)
      attributes {qnn.input_shape = array<i64: 8>} {
    llvm.return
  }
}

// -----

// expected-error@+1 {{no entry function '@forward_with_workspace': the object must export void forward_with_workspace(const float *input, float *output, void *workspace)}}
module attributes {qnn.workspace_bytes = 64 : i64} {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    llvm.return
  }
}

// -----

module attributes {qnn.workspace_bytes = 64 : i64} {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    llvm.return
  }
  // expected-error@+1 {{entry function '@forward_with_workspace' must have type '!llvm.func<void (ptr, ptr, ptr)>' for void forward_with_workspace(const float *input, float *output, void *workspace), got '!llvm.func<void (ptr, ptr)>'}}
  llvm.func @forward_with_workspace(%input: !llvm.ptr, %output: !llvm.ptr) {
    llvm.return
  }
}

// -----

llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
  llvm.return
}
// expected-error@+1 {{the module defines '@forward_with_workspace' but records no workspace size ('qnn.workspace_bytes')}}
llvm.func @forward_with_workspace(%input: !llvm.ptr, %output: !llvm.ptr,
                                  %workspace: !llvm.ptr) {
  llvm.return
}
