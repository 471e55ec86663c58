//===- LLVMWorkarounds.h - Keep known LLVM 19 backend bugs away -*- C++ -*-===//
//
// Rewrites of optimized LLVM IR that avoid miscompilations of the LLVM
// version qnn is built with (docs/robustness.md, "LLVM bugs worked around").
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_OBJECT_LLVMWORKAROUNDS_H
#define QNN_TARGET_OBJECT_LLVMWORKAROUNDS_H

namespace llvm {
class Module;
class Triple;
} // namespace llvm

namespace mlir {
namespace qnn {

/// Rewrites `module`, already optimized, so that instruction selection for
/// `triple` does not meet the shapes it miscompiles; the semantics are
/// unchanged. Runs after the O3 pipeline, before code generation: earlier,
/// the optimizer would fold the rewrite back.
void applyLLVMWorkarounds(llvm::Module &module, const llvm::Triple &triple);

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_OBJECT_LLVMWORKAROUNDS_H
