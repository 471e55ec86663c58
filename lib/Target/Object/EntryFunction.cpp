//===- EntryFunction.cpp - the compiled model's entry functions -*- C++ -*-===//
//
// Checks that a module in the LLVM dialect defines the functions the object
// file exports: void forward(const float *input, float *output) and, when
// the module records a workspace plan, void forward_with_workspace(const
// float *input, float *output, void *workspace).
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Object/EntryFunction.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

using namespace mlir;

/// Returns the exported function `name` of type void (ptr x numPointers),
/// or null after an error; `prototype` is its C declaration, for messages.
static LLVM::LLVMFuncOp lookupExportedFunction(ModuleOp module, StringRef name,
                                               unsigned numPointers,
                                               StringRef prototype) {
  Operation *symbol = module.lookupSymbol(name);
  if (!symbol) {
    emitError(module.getLoc())
        << "no entry function '@" << name << "': the object must export "
        << prototype;
    return {};
  }
  auto function = dyn_cast<LLVM::LLVMFuncOp>(symbol);
  if (!function) {
    emitError(symbol->getLoc())
        << "entry function '@" << name
        << "' must be an 'llvm.func' (lower the module to the LLVM dialect "
           "first), got '"
        << symbol->getName() << "'";
    return {};
  }
  if (function.isExternal()) {
    emitError(function.getLoc()) << "entry function '@" << name
                                 << "' is only declared: it needs a body";
    return {};
  }
  // Anything but external linkage would keep the symbol out of the object's
  // exports, and the link of the user's program would fail far from here.
  if (function.getLinkage() != LLVM::Linkage::External) {
    emitError(function.getLoc())
        << "entry function '@" << name
        << "' must have external linkage to be exported, got '"
        << LLVM::linkage::stringifyLinkage(function.getLinkage()) << "'";
    return {};
  }
  LLVM::LLVMFunctionType type = function.getFunctionType();
  auto isDefaultPointer = [](Type param) {
    auto pointer = dyn_cast<LLVM::LLVMPointerType>(param);
    return pointer && pointer.getAddressSpace() == 0;
  };
  if (type.isVarArg() || type.getNumParams() != numPointers ||
      !llvm::all_of(type.getParams(), isDefaultPointer) ||
      !isa<LLVM::LLVMVoidType>(type.getReturnType())) {
    std::string expected = "void (ptr";
    for (unsigned i = 1; i < numPointers; ++i)
      expected += ", ptr";
    emitError(function.getLoc())
        << "entry function '@" << name << "' must have type '!llvm.func<"
        << expected << ")>' for " << prototype << ", got " << type;
    return {};
  }
  return function;
}

LLVM::LLVMFuncOp mlir::qnn::lookupEntryFunction(ModuleOp module) {
  return lookupExportedFunction(
      module, kEntryFunctionName, 2,
      (Twine("void ") + kEntryFunctionName +
       "(const float *input, float *output)")
          .str());
}

FailureOr<LLVM::LLVMFuncOp>
mlir::qnn::lookupWorkspaceEntryFunction(ModuleOp module) {
  Attribute bytes = module->getAttr(QNNDialect::kWorkspaceBytesAttrName);
  if (!bytes) {
    if (Operation *symbol =
            module.lookupSymbol(kWorkspaceEntryFunctionName)) {
      return emitError(symbol->getLoc())
             << "the module defines '@" << kWorkspaceEntryFunctionName
             << "' but records no workspace size ('"
             << QNNDialect::kWorkspaceBytesAttrName << "')";
    }
    return LLVM::LLVMFuncOp();
  }
  auto size = dyn_cast<IntegerAttr>(bytes);
  if (!size || size.getValue().isNegative()) {
    return emitError(module.getLoc())
           << "'" << QNNDialect::kWorkspaceBytesAttrName
           << "' must be a non-negative integer, got " << bytes;
  }
  LLVM::LLVMFuncOp function = lookupExportedFunction(
      module, kWorkspaceEntryFunctionName, 3,
      (Twine("void ") + kWorkspaceEntryFunctionName +
       "(const float *input, float *output, void *workspace)")
          .str());
  if (!function)
    return failure();
  return function;
}
