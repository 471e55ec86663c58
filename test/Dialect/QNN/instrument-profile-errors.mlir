// RUN: qnn-opt %s --split-input-file --verify-diagnostics --qnn-instrument-profile

// expected-error@+1 {{no entry function '@forward' with a body to profile}}
module {
  func.func private @forward(memref<4xf32>)
}

// -----

// expected-error@+1 {{the module has a symbol '@forward_profile' already: qnn-instrument-profile defines it}}
module {
  memref.global "private" @forward_profile : memref<1xi64> = dense<0>
  func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
    linalg.copy ins(%in : memref<4xf32>) outs(%out : memref<4xf32>)
    return
  }
}

// -----

module {
  // expected-error@+1 {{the entry function must have one block to profile its steps (profile before lowering to control flow)}}
  func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
    cf.br ^next
  ^next:
    linalg.copy ins(%in : memref<4xf32>) outs(%out : memref<4xf32>)
    return
  }
}

// -----

// expected-error@+1 {{'qnn.profile' must be an array of {name, step, macs, unit} on a module}}
module attributes {qnn.profile = [{name = "conv1", step = "gemm"}]} {
}

// -----

// expected-error@+1 {{the module has a symbol '@forward_profile_names' already: qnn-instrument-profile defines it}}
module {
  func.func private @forward_profile_names()
  func.func @forward(%in: memref<4xf32>, %out: memref<4xf32>) {
    linalg.copy ins(%in : memref<4xf32>) outs(%out : memref<4xf32>)
    return
  }
}
