//===- qnn-fuzz-pipeline.cpp - fuzz qnn-lower-to-llvm -----------*- C++ -*-===//
//
// Parses arbitrary bytes as qnn IR and, when the module parses and
// verifies, runs the whole qnn-lower-to-llvm pipeline on it for a fixed
// target (x86-64 with AVX-512 VPOPCNTDQ, so the widest kernels are chosen
// whatever the host), then translates the result to LLVM IR. A pass may
// reject the module with an error; it may not crash or leave IR that does
// not verify (the pass manager verifies after each pass).
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "qnn/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // Large inputs mostly spend their time in the parser, which qnn-fuzz-ir
  // covers; a pipeline run must stay well under libFuzzer's timeout.
  if (size > 16384)
    return 0;
  auto context = qnn_fuzz::makeContext();
  // MLIR's lexer needs a NUL after the text, as every tool's file buffer
  // has; libFuzzer's buffer has none.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, context.get());
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  mlir::PassManager pm(context.get());
  mlir::qnn::LowerToLLVMOptions options;
  options.targetTriple = "x86_64-unknown-linux-gnu";
  options.targetCPU = "sapphirerapids";
  options.targetFeatures = "avx2,avx512f,avx512bw,avx512vpopcntdq";
  mlir::qnn::buildLowerToLLVMPipeline(pm, options);
  if (mlir::failed(pm.run(*module)))
    return 0;
  mlir::registerBuiltinDialectTranslation(*context);
  mlir::registerLLVMDialectTranslation(*context);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(*module, llvmContext);
  (void)llvmModule;
  return 0;
}
