//===- EntryFunction.cpp - the entry function a module pass rewrites ------===//

#include "qnn/Dialect/QNN/Utils/EntryFunction.h"

using namespace mlir;
using namespace mlir::qnn;

FailureOr<func::FuncOp>
mlir::qnn::getEntryToRewrite(ModuleOp module, ArrayRef<std::string> candidates,
                             ArrayRef<std::string> definedSymbols,
                             StringRef passName, StringRef verb,
                             StringRef what) {
  func::FuncOp function;
  for (const std::string &name : candidates)
    if ((function = module.lookupSymbol<func::FuncOp>(name)))
      break;
  if (!function || function.isExternal())
    return emitError(module.getLoc())
           << "no entry function '@" << candidates.back() << "' with a body to "
           << verb;
  for (const std::string &name : definedSymbols)
    if (module.lookupSymbol(name))
      return emitError(module.getLoc())
             << "the module has a symbol '@" << name
             << "' already: " << passName << " defines it";
  if (!function.getBody().hasOneBlock())
    return function.emitError()
           << "the entry function must have one block to " << verb << " "
           << what << " (" << verb << " before lowering to control flow)";
  return function;
}
