// Without --mcpu, a target with the host's architecture and OS gets the host
// CPU and the features the host reports, however --target spells the host's
// triple: a vector popcount uses the widest vectors the host has (vpopcntq
// with AVX512-VPOPCNTDQ, ymm registers with AVX2), where the baseline CPU
// (--mcpu=x86-64) has only xmm.
// REQUIRES: host-x86_64

// RUN: rm -rf %t && mkdir -p %t
// RUN: qnn-translate --qnn-to-object %s -o %t/default.o
// RUN: qnn-translate --qnn-to-object --target=x86_64-linux-gnu %s -o %t/triple.o
// RUN: cmp %t/default.o %t/triple.o
// RUN: qnn-translate --qnn-to-object --target=x86_64-linux-gnu --mcpu=x86-64 %s -o %t/baseline.o
// RUN: llvm-objdump -d %t/baseline.o | FileCheck %s --check-prefix=BASELINE
// RUN: %if host-avx2 %{ llvm-objdump -d %t/default.o | FileCheck %s --check-prefix=AVX2 %}
// RUN: %if host-avx512vpopcntdq %{ llvm-objdump -d %t/default.o | FileCheck %s --check-prefix=VPOPCNT %}

// BASELINE-LABEL: <forward>:
// BASELINE-NOT: %ymm
// BASELINE-NOT: %zmm

// AVX2-LABEL: <forward>:
// AVX2: {{%ymm|%zmm}}

// VPOPCNT-LABEL: <forward>:
// VPOPCNT: vpopcntq

module {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    %words = llvm.load %input : !llvm.ptr -> vector<8xi64>
    %counts = llvm.intr.ctpop(%words) : (vector<8xi64>) -> vector<8xi64>
    llvm.store %counts, %output : vector<8xi64>, !llvm.ptr
    llvm.return
  }
}
