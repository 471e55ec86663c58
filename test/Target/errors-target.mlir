// Target options LLVM would only warn about or ignore are errors at the
// module: an unknown triple, CPU or feature, or a feature without a sign.
// No object and no header is left behind.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %exit1 qnn-translate --qnn-to-object --target=foo-bar-baz %s -o %t/model.o 2>&1 | FileCheck %s --check-prefix=TRIPLE
// RUN: test ! -e %t/model.o && test ! -e %t/model.h
// RUN: %exit1 qnn-translate --qnn-to-object --target=x86_64-linux-gnu --mcpu=pentium9 %s -o %t/model.o 2>&1 | FileCheck %s --check-prefix=MCPU
// RUN: test ! -e %t/model.o && test ! -e %t/model.h
// RUN: %exit1 qnn-translate --qnn-to-object --target=aarch64-linux-gnu --mattr=+neon,+nosuchfeature %s -o %t/model.o 2>&1 | FileCheck %s --check-prefix=MATTR
// RUN: test ! -e %t/model.o && test ! -e %t/model.h
// RUN: %exit1 qnn-translate --qnn-to-object --target=x86_64-linux-gnu --mattr=avx2 %s -o %t/model.o 2>&1 | FileCheck %s --check-prefix=SIGN
// RUN: test ! -e %t/model.o && test ! -e %t/model.h

// TRIPLE: errors-target.mlir:[[@LINE+9]]:1: error: unknown target triple 'foo-bar-baz'
// TRIPLE-NOT: warning
// MCPU: errors-target.mlir:[[@LINE+7]]:1: error: unknown CPU 'pentium9' in --mcpu for target 'x86_64-unknown-linux-gnu'
// MCPU-NOT: not a recognized processor
// MATTR: errors-target.mlir:[[@LINE+5]]:1: error: unknown feature 'nosuchfeature' in --mattr for target 'aarch64-unknown-linux-gnu'
// MATTR-NOT: not a recognized feature
// SIGN: errors-target.mlir:[[@LINE+3]]:1: error: feature 'avx2' in --mattr must start with '+' or '-'

// A valid model: only the options are wrong.
module {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    llvm.return
  }
}
