# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: the run-time options
# of the sanitizers (docs/robustness.md, "Sanitizer build", says why each).
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# detect_leaks=0: LeakSanitizer reports the JIT's and LLVM's intentionally
#   immortal allocations (ManagedStatic, cl::opt storage, ExecutionEngine
#   code memory released at exit) from uninstrumented libLLVM/libMLIR.
# detect_odr_violation=0: qnn's libraries are static archives linked into
#   several tools; the check cannot see that libLLVM.so's globals of the same
#   name are another definition of LLVM's own, not qnn's.
# allow_user_poisoning=0: LLVM's BumpPtrAllocator (inline, in llvm/Support/
#   Allocator.h) poisons a new slab when compiled with ASan - in qnn's code -
#   and unpoisons each allocation, but allocations from the same slab made
#   inside uninstrumented libMLIR.so are never unpoisoned, so reads of them
#   reported use-after-poison (StringAttr::get in the parser, found by
#   qnn-fuzz-ir). Manual poisoning is off; ASan's own redzones stay.
# abort_on_error=1: a report kills the process with SIGABRT, which `not`
#   and lit count as a failure even where a test expects exit status 1.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:detect_odr_violation=0:allow_user_poisoning=0:abort_on_error=1:detect_stack_use_after_return=0:strict_string_checks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:abort_on_error=1:suppressions=$root/scripts/ubsan.supp}
