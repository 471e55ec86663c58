// A module without qnn.input_shape / qnn.output_shape / qnn.workspace_bytes:
// the header says so in comments and has no shape or workspace constants
// and no forward_with_workspace, but still declares forward.

// RUN: rm -rf %t && mkdir -p %t
// RUN: qnn-translate --qnn-to-object %s -o %t/model.o
// RUN: FileCheck %s < %t/model.h
// RUN: %if cc %{ %cc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -x c %t/model.h %}

// CHECK-NOT:  #define QNN_FORWARD_{{INPUT|OUTPUT}}
// CHECK:      /* The module records no input shape (no 'qnn.input_shape' attribute),
// CHECK-NEXT:  * so there are no QNN_FORWARD_INPUT_* constants. */
// CHECK:      /* The module records no output shape (no 'qnn.output_shape' attribute),
// CHECK-NEXT:  * so there are no QNN_FORWARD_OUTPUT_* constants. */
// CHECK:      /* The module records no workspace plan (no 'qnn.workspace_bytes' attribute),
// CHECK-NEXT:  * so there is no forward_with_workspace(). */
// CHECK-NOT:  #define QNN_FORWARD_{{INPUT|OUTPUT|WORKSPACE}}
// CHECK:      */
// CHECK-NEXT: void forward(const float *input, float *output);
// CHECK-NOT:  forward_with_workspace

llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
  llvm.return
}
