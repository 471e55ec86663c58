//===- JitModel.cpp - a qnn model compiled in-process -----------*- C++ -*-===//
//
// Lowers with the same pipeline as object emission and JIT-compiles for the
// host, so a model run in-process computes what its object file computes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Execution/JitModel.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::qnn;

JitModel::~JitModel() = default;

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

int64_t JitModel::getInputSize() const { return product(inputShape); }
int64_t JitModel::getOutputSize() const { return product(outputShape); }

FailureOr<std::unique_ptr<JitModel>> JitModel::compile(ModuleOp module,
                                                       StringRef entry) {
  // Anything not yet in the LLVM dialect goes through the object pipeline.
  bool lowered = module.getOps<func::FuncOp>().empty();
  if (!lowered) {
    PassManager pm(module.getContext());
    LowerToLLVMOptions options;
    options.entry = entry.str();
    // The kernels are chosen for the host: qnn-select-kernels' default.
    buildLowerToLLVMPipeline(pm, options);
    if (failed(pm.run(module)))
      return failure();
  }
  auto inputShape =
      module->getAttrOfType<DenseI64ArrayAttr>(QNNDialect::kInputShapeAttrName);
  auto outputShape =
      module->getAttrOfType<DenseI64ArrayAttr>(QNNDialect::kOutputShapeAttrName);
  if (!inputShape || !outputShape)
    return module.emitError()
           << "module in the LLVM dialect lacks '"
           << QNNDialect::kInputShapeAttrName << "' and '"
           << QNNDialect::kOutputShapeAttrName
           << "' (lower it with qnn-lower-to-llvm)";

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto hostMachine = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!hostMachine)
    return module.emitError() << "cannot target the host: "
                              << llvm::toString(hostMachine.takeError());
  hostMachine->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto targetMachine = hostMachine->createTargetMachine();
  if (!targetMachine)
    return module.emitError() << "cannot target the host: "
                              << llvm::toString(targetMachine.takeError());

  ExecutionEngineOptions engineOptions;
  auto transformer =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0, targetMachine->get());
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(module, engineOptions,
                                        std::move(*targetMachine));
  if (!engine)
    return module.emitError() << "JIT compilation failed: "
                              << llvm::toString(engine.takeError());

  std::unique_ptr<JitModel> model(new JitModel());
  model->engine = std::move(*engine);
  model->entry = entry.str();
  model->inputShape.assign(inputShape.asArrayRef().begin(),
                           inputShape.asArrayRef().end());
  model->outputShape.assign(outputShape.asArrayRef().begin(),
                            outputShape.asArrayRef().end());
  return model;
}

llvm::Error JitModel::run(const float *input, float *output) {
  // The entry takes bare pointers (qnn-lower-to-llvm's calling convention);
  // the packed wrapper wants a pointer to each argument.
  void *inputPointer = const_cast<float *>(input);
  void *outputPointer = output;
  void *arguments[] = {&inputPointer, &outputPointer};
  return engine->invokePacked(entry, arguments);
}

llvm::Error JitModel::runBatches(const float *input, int64_t numBatches,
                                 float *output) {
  for (int64_t batch = 0; batch < numBatches; ++batch)
    if (llvm::Error error = run(input + batch * getInputSize(),
                                output + batch * getOutputSize()))
      return error;
  return llvm::Error::success();
}
