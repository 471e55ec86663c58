//===- EntryFunction.cpp - the compiled model's entry function --*- C++ -*-===//
//
// Checks that a module in the LLVM dialect defines the function the object
// file exports: void forward(const float *input, float *output).
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Object/EntryFunction.h"

using namespace mlir;

LLVM::LLVMFuncOp mlir::qnn::lookupEntryFunction(ModuleOp module) {
  Operation *symbol = module.lookupSymbol(kEntryFunctionName);
  if (!symbol) {
    emitError(module.getLoc())
        << "no entry function '@" << kEntryFunctionName
        << "': the object must export void " << kEntryFunctionName
        << "(const float *input, float *output)";
    return {};
  }
  auto function = dyn_cast<LLVM::LLVMFuncOp>(symbol);
  if (!function) {
    emitError(symbol->getLoc())
        << "entry function '@" << kEntryFunctionName
        << "' must be an 'llvm.func' (lower the module to the LLVM dialect "
           "first), got '"
        << symbol->getName() << "'";
    return {};
  }
  if (function.isExternal()) {
    emitError(function.getLoc()) << "entry function '@" << kEntryFunctionName
                                 << "' is only declared: it needs a body";
    return {};
  }
  // Anything but external linkage would keep the symbol out of the object's
  // exports, and the link of the user's program would fail far from here.
  if (function.getLinkage() != LLVM::Linkage::External) {
    emitError(function.getLoc())
        << "entry function '@" << kEntryFunctionName
        << "' must have external linkage to be exported, got '"
        << LLVM::linkage::stringifyLinkage(function.getLinkage()) << "'";
    return {};
  }
  LLVM::LLVMFunctionType type = function.getFunctionType();
  auto isDefaultPointer = [](Type param) {
    auto pointer = dyn_cast<LLVM::LLVMPointerType>(param);
    return pointer && pointer.getAddressSpace() == 0;
  };
  if (type.isVarArg() || type.getNumParams() != 2 ||
      !llvm::all_of(type.getParams(), isDefaultPointer) ||
      !isa<LLVM::LLVMVoidType>(type.getReturnType())) {
    emitError(function.getLoc())
        << "entry function '@" << kEntryFunctionName
        << "' must have type '!llvm.func<void (ptr, ptr)>' for void "
        << kEntryFunctionName << "(const float *input, float *output), got "
        << type;
    return {};
  }
  return function;
}
