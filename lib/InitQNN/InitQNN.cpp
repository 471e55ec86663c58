//===- InitQNN.cpp - registration of everything qnn tools use ---*- C++ -*-===//
//
// Registers the dialects and passes of qnn and the upstream ones qnn uses.
// Only these: mlir/InitAllDialects.h would cost minutes of build time.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitQNN.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

void mlir::qnn::registerAllDialects(DialectRegistry &registry) {
  registry.insert<QNNDialect, arith::ArithDialect, func::FuncDialect,
                  LLVM::LLVMDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void mlir::qnn::registerAllPasses() {
  registerQNNPasses();
  registerCanonicalizerPass();
  registerCSEPass();
}
