// Header constants from what the module records: an input shape on the
// entry function, a scalar output (rank 0: no shape array, which C could
// not declare), no qnn.layers. The header still compiles as C.

// RUN: rm -rf %t && mkdir -p %t
// RUN: qnn-translate --qnn-to-object %s -o %t/model.o
// RUN: FileCheck %s < %t/model.h
// RUN: %if cc %{ %cc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -x c %t/model.h %}

// CHECK:      /* Input: float32, shape 4x33, 132 elements. */
// CHECK-NEXT: #define QNN_FORWARD_INPUT_RANK 2
// CHECK-NEXT: #define QNN_FORWARD_INPUT_SIZE 132
// CHECK-NEXT: static const int64_t qnn_forward_input_shape[QNN_FORWARD_INPUT_RANK] = {4, 33};
// CHECK-EMPTY:
// CHECK-NEXT: /* Output: float32, shape () (a scalar), 1 element. */
// CHECK-NEXT: #define QNN_FORWARD_OUTPUT_RANK 0
// CHECK-NEXT: #define QNN_FORWARD_OUTPUT_SIZE 1
// CHECK-NOT:  qnn_forward_output_shape
// CHECK:      /* The module records no per-layer bitwidths (no 'qnn.layers' attribute). */
// CHECK:      void forward(const float *input, float *output);

module attributes {qnn.output_shape = array<i64>} {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr)
      attributes {qnn.input_shape = array<i64: 4, 33>} {
    llvm.return
  }
}
