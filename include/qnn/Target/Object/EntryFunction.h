//===- EntryFunction.h - the compiled model's entry functions ---*- C++ -*-===//
//
// Finds and checks the functions that the object file exports as the ABI of
// the compiled model: void forward(const float *input, float *output) and
// void forward_with_workspace(const float *input, float *output,
// void *workspace).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_OBJECT_ENTRYFUNCTION_H
#define QNN_TARGET_OBJECT_ENTRYFUNCTION_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

namespace mlir {
namespace qnn {

/// The symbol the compiled model exports (docs/architecture.md, section 3).
constexpr llvm::StringLiteral kEntryFunctionName = "forward";
/// The reentrant variant with a caller-owned workspace (qnn-plan-workspace
/// names it after the entry function).
constexpr llvm::StringLiteral kWorkspaceEntryFunctionName =
    "forward_with_workspace";

/// Returns the entry function of `module` if it is an `llvm.func` with a
/// body, external linkage and the type `void (ptr, ptr)`; otherwise emits an
/// error at the module or at the offending function and returns null.
LLVM::LLVMFuncOp lookupEntryFunction(ModuleOp module);

/// Returns the workspace entry function if the module records a workspace
/// size (`qnn.workspace_bytes`), after the same checks with the type
/// `void (ptr, ptr, ptr)`; a null function if the module records none and
/// has no such function; failure, after an error, otherwise.
FailureOr<LLVM::LLVMFuncOp> lookupWorkspaceEntryFunction(ModuleOp module);

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_OBJECT_ENTRYFUNCTION_H
