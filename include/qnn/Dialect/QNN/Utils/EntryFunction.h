//===- EntryFunction.h - the entry function a pass rewrites -----*- C++ -*-===//
//
// The checks that qnn-plan-workspace and qnn-instrument-profile make before
// they rewrite the model's entry function in place.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_ENTRYFUNCTION_H
#define QNN_DIALECT_QNN_UTILS_ENTRYFUNCTION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::qnn {

/// The first of `candidates` that names a function with a body in `module`,
/// if it has one block and none of `definedSymbols` (the symbols the pass
/// `passName` will add) exists yet. Otherwise an error, for a pass that
/// would `verb` (`profile`, `plan`) the function's `what` (`its steps`), and
/// failure.
FailureOr<func::FuncOp> getEntryToRewrite(ModuleOp module,
                                          ArrayRef<std::string> candidates,
                                          ArrayRef<std::string> definedSymbols,
                                          StringRef passName, StringRef verb,
                                          StringRef what);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_ENTRYFUNCTION_H
