// The C header of the ABI: include guard, stdint.h, shape constants from the
// module's qnn.input_shape / qnn.output_shape, the bitwidths of qnn.layers
// as a comment (names made safe inside it), the workspace size of
// qnn.workspace_bytes and its alignment, the prototypes in extern "C", each
// saying whether it is reentrant. It compiles as C99 and as C++,
// warning-free.

// RUN: rm -rf %t && mkdir -p %t
// RUN: qnn-translate --qnn-to-object %s -o %t/model.o
// RUN: FileCheck %s < %t/model.h
// RUN: %if cc %{ %cc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -x c %t/model.h %}
// RUN: %if cxx %{ %cxx -std=c++11 -Wall -Wextra -pedantic -Werror -fsyntax-only -x c++ %t/model.h %}

// --header= puts the header elsewhere, and nothing beside the object.
// RUN: mkdir -p %t/objects %t/include
// RUN: qnn-translate --qnn-to-object %s -o %t/objects/model.o --header=%t/include/mymodel.h
// RUN: test -e %t/objects/model.o && test ! -e %t/objects/model.h
// RUN: diff %t/model.h %t/include/mymodel.h

// With -o - the object goes to stdout and, without --header=, no header is
// written anywhere.
// RUN: mkdir -p %t/stdout
// RUN: cd %t/stdout && qnn-translate --qnn-to-object %s -o - > %t/from-stdout.o
// RUN: ls %t/stdout | count 0
// RUN: llvm-readobj --file-headers %t/from-stdout.o | FileCheck %s --check-prefix=STDOUT

// STDOUT: Type: Relocatable

// CHECK:      #ifndef QNN_FORWARD_H
// CHECK-NEXT: #define QNN_FORWARD_H
// CHECK-EMPTY:
// CHECK-NEXT: #include <stdint.h>
// CHECK-EMPTY:
// CHECK-NEXT: /* Input: float32, shape 1x3x7x5, 105 elements. */
// CHECK-NEXT: #define QNN_FORWARD_INPUT_RANK 4
// CHECK-NEXT: #define QNN_FORWARD_INPUT_SIZE 105
// CHECK-NEXT: static const int64_t qnn_forward_input_shape[QNN_FORWARD_INPUT_RANK] = {1, 3, 7, 5};
// CHECK-EMPTY:
// CHECK-NEXT: /* Output: float32, shape 1x10, 10 elements. */
// CHECK-NEXT: #define QNN_FORWARD_OUTPUT_RANK 2
// CHECK-NEXT: #define QNN_FORWARD_OUTPUT_SIZE 10
// CHECK-NEXT: static const int64_t qnn_forward_output_shape[QNN_FORWARD_OUTPUT_RANK] = {1, 10};
// CHECK-EMPTY:
// CHECK-NEXT: /* Per-layer bitwidths, in data-flow order (3 layers):
// CHECK-NEXT:  *   conv1: 8-bit weights, 8-bit activations
// CHECK-NEXT:  *   block/ *2* /conv: 4-bit weights, 3-bit activations
// CHECK-NEXT:  *   fc: 1-bit weights, 1-bit activations
// CHECK-NEXT:  */
// CHECK-EMPTY:
// CHECK-NEXT: /* Workspace: every temporary of a call lives in one buffer of
// CHECK-NEXT:  * QNN_FORWARD_WORKSPACE_BYTES bytes, aligned to
// CHECK-NEXT:  * QNN_FORWARD_WORKSPACE_ALIGNMENT bytes; a call allocates nothing. */
// CHECK-NEXT: #define QNN_FORWARD_WORKSPACE_BYTES 4096
// CHECK-NEXT: #define QNN_FORWARD_WORKSPACE_ALIGNMENT 64
// CHECK-EMPTY:
// CHECK-NEXT: #ifdef __cplusplus
// CHECK-NEXT: extern "C" {
// CHECK-NEXT: #endif
// CHECK:      NOT reentrant
// CHECK-NEXT: {{.*}} Threads use forward_with_workspace. */
// CHECK-NEXT: void forward(const float *input, float *output);
// CHECK-EMPTY:
// CHECK-NEXT: /* The same with a workspace the caller owns: QNN_FORWARD_WORKSPACE_BYTES
// CHECK:      Reentrant: threads
// CHECK-NEXT: {{.*}} each with a workspace of its own. */
// CHECK-NEXT: void forward_with_workspace(const float *input, float *output,
// CHECK-NEXT:                             void *workspace);
// CHECK-EMPTY:
// CHECK-NEXT: #ifdef __cplusplus
// CHECK-NEXT: }
// CHECK-NEXT: #endif
// CHECK-EMPTY:
// CHECK-NEXT: #endif /* QNN_FORWARD_H */

module attributes {
  qnn.input_shape = array<i64: 1, 3, 7, 5>,
  qnn.output_shape = array<i64: 1, 10>,
  qnn.layers = [
    {name = "conv1", weight_bits = 8 : i64, activation_bits = 8 : i64},
    {name = "block/*2*/conv", weight_bits = 4 : i64, activation_bits = 3 : i64},
    {name = "fc", weight_bits = 1 : i64, activation_bits = 1 : i64}
  ],
  qnn.workspace_bytes = 4096 : i64
} {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    llvm.return
  }
  llvm.func @forward_with_workspace(%input: !llvm.ptr, %output: !llvm.ptr,
                                    %workspace: !llvm.ptr) {
    llvm.return
  }
}
