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
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TargetParser/Host.h"

#include <chrono>

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

FailureOr<std::unique_ptr<JitModel>>
JitModel::compile(ModuleOp module, StringRef entry, bool profile) {
  // Anything not yet in the LLVM dialect goes through the object pipeline.
  bool lowered = module.getOps<func::FuncOp>().empty();
  if (!lowered) {
    PassManager pm(module.getContext());
    LowerToLLVMOptions options;
    options.entry = entry.str();
    options.profile = profile;
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
  if (auto rows = module->getAttrOfType<ArrayAttr>(QNNDialect::kProfileAttrName)) {
    // The dialect verifier has checked the shape of every row.
    for (auto row : rows.getAsRange<DictionaryAttr>())
      model->profileRows.push_back(
          {row.getAs<StringAttr>("name").str(),
           row.getAs<StringAttr>("step").str(),
           row.getAs<StringAttr>("unit").str(),
           row.getAs<IntegerAttr>("macs").getValue().getZExtValue()});
  }
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

llvm::Error JitModel::printProfile(llvm::raw_ostream &os) {
  if (profileRows.empty())
    return llvm::createStringError("the model was compiled without a profile");
  auto table = engine->lookup(entry + "_profile");
  if (!table)
    return table.takeError();
  auto clockAddress = engine->lookup(entry + "_profile_clock");
  if (!clockAddress)
    return clockAddress.takeError();
  auto *counters = reinterpret_cast<const uint64_t(*)[2]>(*table);
  auto *clock = reinterpret_cast<uint64_t (*)()>(*clockAddress);

  // The counter's frequency against the steady clock, as the header's
  // forward_profile_ticks_per_second() measures it.
  auto start = std::chrono::steady_clock::now();
  uint64_t first = clock();
  double elapsed = 0;
  do {
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            start)
                  .count();
  } while (elapsed < 0.02);
  double hz = double(clock() - first) / elapsed;

  // The format of forward_profile_print() (lib/Target/Object/CHeader.cpp).
  size_t numRows = profileRows.size();
  uint64_t whole = counters[numRows - 1][0];
  os << llvm::format("profile: %d rows, %.6g ticks/s\n", int(numRows), hz);
  using Text = const char *;
  os << llvm::format("%4s %-28s %-16s %8s %12s %10s %12s %-7s %8s %6s\n",
                     Text("row"), Text("name"), Text("step"), Text("calls"),
                     Text("ticks/call"), Text("us/call"), Text("macs/call"),
                     Text("unit"), Text("G/s"), Text("share"));
  for (auto [index, row] : llvm::enumerate(profileRows)) {
    uint64_t ticks = counters[index][0];
    uint64_t calls = counters[index][1];
    double perCall = calls ? double(ticks) / double(calls) : 0.0;
    std::string rate = "-";
    if (row.macs && ticks)
      rate = llvm::formatv("{0:F2}", double(row.macs) * double(calls) * hz /
                                         double(ticks) * 1e-9)
                 .str();
    os << llvm::format(
        "%4d %-28s %-16s %8llu %12.0f %10.3f %12llu %-7s %8s %5.1f%%\n",
        int(index), row.name.c_str(), row.step.c_str(),
        (unsigned long long)calls, perCall, perCall / hz * 1e6,
        (unsigned long long)row.macs,
        row.unit.empty() ? Text("-") : row.unit.c_str(), rate.c_str(),
        whole ? 100.0 * double(ticks) / double(whole) : 0.0);
  }
  return llvm::Error::success();
}
