//===- EntryFunction.h - the compiled model's entry function ----*- C++ -*-===//
//
// Finds and checks the function that the object file exports as the ABI of
// the compiled model: void forward(const float *input, float *output).
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

/// Returns the entry function of `module` if it is an `llvm.func` with a
/// body, external linkage and the type `void (ptr, ptr)`; otherwise emits an
/// error at the module or at the offending function and returns null.
LLVM::LLVMFuncOp lookupEntryFunction(ModuleOp module);

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_OBJECT_ENTRYFUNCTION_H
