// Bad options are errors, not crashes.
// RUN: %exit1 qnn-opt %s --convert-qnn-kernels-to-loops=lanes=3 2>&1 | FileCheck %s --check-prefix=LANES
// RUN: %exit1 qnn-opt %s "--convert-qnn-kernels-to-loops=lanes=4 row-tile=9" 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: %exit1 qnn-opt %s --convert-qnn-kernels-to-loops=col-tile=-1 2>&1 | FileCheck %s --check-prefix=COLS
// RUN: %exit1 qnn-opt %s --convert-qnn-kernels-to-loops=register-budget=65 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: qnn-opt %s --split-input-file --verify-diagnostics --convert-qnn-kernels-to-loops=lanes=2

// LANES: error: convert-qnn-kernels-to-loops: lanes must be 0 (the target's), 1, 2, 4 or 8, got 3
// ROWS: error: convert-qnn-kernels-to-loops: row-tile must be 0 (chosen) or 1 to 8, got 9
// COLS: error: convert-qnn-kernels-to-loops: col-tile must be 0 (chosen) or 1 to 8, got -1
// BUDGET: error: convert-qnn-kernels-to-loops: register-budget must be 0 (chosen from lanes) or 1 to 64, got 65

// A kernel that cannot be lowered says why; the conversion then fails.
// Vector loads need a unit innermost stride.
func.func @strided_words(%a: memref<1x4x2xi64, strided<[16, 4, 2]>>, %b: memref<1x4x2xi64>, %c: memref<4x4xi32>) {
  // expected-error @below {{needs lhs and rhs with a unit innermost stride to load vectors}}
  // expected-error @below {{failed to legalize operation 'qnn.bitserial_matmul'}}
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x2xi64, strided<[16, 4, 2]>>, memref<1x4x2xi64>) outs(%c : memref<4x4xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 100}
  return
}

// -----

func.func @strided_codes(%x: memref<2x64xi8, strided<[128, 2]>>, %p: memref<1x2x1xi64>) {
  // expected-error @below {{needs an input with a unit innermost stride to load vectors}}
  // expected-error @below {{failed to legalize operation 'qnn.pack_bits'}}
  qnn.pack_bits ins(%x : memref<2x64xi8, strided<[128, 2]>>) outs(%p : memref<1x2x1xi64>)
      {encoding = #qnn<encoding unsigned>}
  return
}

// -----

func.func @fractional_integer_padding(%x: memref<1x1x3x3xi8>, %cols: memref<25x1xi8>) {
  // expected-error @below {{cannot represent padding value 0.5 as i8}}
  // expected-error @below {{failed to legalize operation 'qnn.im2col'}}
  qnn.im2col ins(%x : memref<1x1x3x3xi8>) outs(%cols : memref<25x1xi8>)
      {kernel = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, padding_value = 0.5 : f32}
  return
}

// -----

// Kernel ops on tensors are left for bufferization.
func.func @tensors(%a: tensor<1x4x2xi64>, %b: tensor<1x4x2xi64>, %c: tensor<4x4xi32>) -> tensor<4x4xi32> {
  %r = qnn.bitserial_matmul ins(%a, %b : tensor<1x4x2xi64>, tensor<1x4x2xi64>) outs(%c : tensor<4x4xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 100} -> tensor<4x4xi32>
  return %r : tensor<4x4xi32>
}
