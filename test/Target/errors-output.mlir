// Where the outputs go: a header that cannot be written, or would overwrite
// the object, is an error, and then neither file is left behind. (With
// --split-input-file, mlirTranslateMain locates errors "within split".)

// RUN: rm -rf %t && mkdir -p %t
// RUN: %exit1 qnn-translate --qnn-to-object %s -o %t/model.o --header=%t/no-such-dir/model.h 2>&1 | FileCheck %s --check-prefix=NODIR
// RUN: test ! -e %t/model.o && test ! -e %t/no-such-dir
// RUN: %exit1 qnn-translate --qnn-to-object %s -o %t/model.h 2>&1 | FileCheck %s --check-prefix=SAME
// RUN: test ! -e %t/model.h
// RUN: %exit1 qnn-translate --qnn-to-object %s --split-input-file -o %t/model.o --header=%t/model.h 2>&1 | FileCheck %s --check-prefix=SPLIT
// RUN: test ! -e %t/model.o && test ! -e %t/model.h

// NODIR: errors-output.mlir:[[@LINE+5]]:1: error: cannot open header file '{{.*}}no-such-dir{{/|\\}}model.h': No such file or directory
// SAME: errors-output.mlir:[[@LINE+4]]:1: error: the header and the object would both be written to '{{.*}}model.h'; pass --header= or another -o
// SPLIT: errors-output.mlir:1 offset :[[@LINE+3]]:1: error: --header cannot be used with --split-input-file: one header describes one module

// A valid model: only the output paths are wrong.
module {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    llvm.return
  }
}
