// --mcpu and --mattr reach code generation: a vector popcount of i64 lanes
// becomes vpopcntq only where AVX512-VPOPCNTDQ is enabled (znver4 without
// it still counts bytes with BITALG's vpopcntb), and cnt on AArch64.
// Targets other than the host's default to the generic CPU.

// RUN: rm -rf %t && mkdir -p %t
// RUN: qnn-translate --qnn-to-object --target=x86_64-linux-gnu --mcpu=x86-64 %s -o %t/baseline.o
// RUN: llvm-objdump -d %t/baseline.o | FileCheck %s --check-prefix=NOPOPCNT
// RUN: qnn-translate --qnn-to-object --target=x86_64-linux-gnu --mcpu=x86-64 --mattr=+avx512f,+avx512vpopcntdq %s -o %t/mattr.o
// RUN: llvm-objdump -d %t/mattr.o | FileCheck %s --check-prefix=VPOPCNT
// RUN: qnn-translate --qnn-to-object --target=x86_64-linux-gnu --mcpu=znver4 %s -o %t/znver4.o
// RUN: llvm-objdump -d %t/znver4.o | FileCheck %s --check-prefix=VPOPCNT
// RUN: qnn-translate --qnn-to-object --target=x86_64-linux-gnu --mcpu=znver4 --mattr=-avx512vpopcntdq %s -o %t/znver4-minus.o
// RUN: llvm-objdump -d %t/znver4-minus.o | FileCheck %s --check-prefix=NOPOPCNT

// RUN: qnn-translate --qnn-to-object --target=aarch64-linux-gnu %s -o %t/aarch64.o
// RUN: llvm-objdump -d %t/aarch64.o | FileCheck %s --check-prefix=CNT
// RUN: qnn-translate --qnn-to-object --target=aarch64-linux-gnu --mcpu=generic %s -o %t/aarch64-generic.o
// RUN: cmp %t/aarch64.o %t/aarch64-generic.o

// VPOPCNT-LABEL: <forward>:
// VPOPCNT: vpopcntq {{.*}}%zmm

// NOPOPCNT-LABEL: <forward>:
// NOPOPCNT-NOT: vpopcntq

// CNT-LABEL: <forward>:
// CNT: cnt v{{[0-9]+}}.16b

module {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    %words = llvm.load %input : !llvm.ptr -> vector<8xi64>
    %counts = llvm.intr.ctpop(%words) : (vector<8xi64>) -> vector<8xi64>
    llvm.store %counts, %output : vector<8xi64>, !llvm.ptr
    llvm.return
  }
}
