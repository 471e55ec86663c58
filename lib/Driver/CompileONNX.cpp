//===- CompileONNX.cpp - the one-shot ONNX-to-object driver -----*- C++ -*-===//
//
// Chains the importer, the mixed-precision passes, qnn-lower-to-llvm and
// object emission in one process, with the policies of the contract: a
// QONNX model keeps its quantizers' bitwidths; a float model gets the
// `uniform` 8-bit assignment unless a strategy is given.
//
//===----------------------------------------------------------------------===//

#include "qnn/Driver/CompileONNX.h"

#include "qnn/Calibration/Passes.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/MemoryReport.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Target/ONNX/ImportONNX.h"
#include "qnn/Target/Object/CHeader.h"
#include "qnn/Target/Object/ObjectEmitter.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <optional>

using namespace mlir;
using namespace mlir::qnn;

static LogicalResult fail(MLIRContext &context, const llvm::Twine &message) {
  emitError(UnknownLoc::get(&context)) << message;
  return failure();
}

/// --assign-only: runs the passes up to the assignment and writes the
/// report of the float model's layers as they are assigned.
static LogicalResult writeAssignment(MLIRContext &context, PassManager &pm,
                                     ModuleOp module, const std::string &path) {
  if (failed(pm.run(module)))
    return failure();
  FailureOr<MemoryReport> report = buildMemoryReport(module);
  if (failed(report))
    return failure();
  std::error_code error;
  llvm::ToolOutputFile file(path, error, llvm::sys::fs::OF_Text);
  if (error)
    return fail(context, path + ": cannot write: " + error.message());
  printMemoryReportJson(*report, file.os());
  file.os().flush();
  if (file.os().has_error())
    return fail(context, "writing " + path + " failed");
  printMemoryReportText(*report, llvm::outs());
  llvm::outs().flush();
  file.keep();
  return success();
}

LogicalResult mlir::qnn::compileONNX(MLIRContext &context,
                                     const CompileONNXOptions &options) {
  // --time-report: the stages in order, each pass nested in its pipeline;
  // printed to stderr when `timing` goes out of scope.
  DefaultTimingManager timing;
  timing.setEnabled(options.timeReport);
  TimingScope root = timing.getRootScope();
  TimingScope importTime = root.nest("Import ONNX");
  auto bytes = llvm::MemoryBuffer::getFile(options.input, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!bytes)
    return fail(context, options.input + ": cannot open: " +
                             bytes.getError().message());
  ImportONNXOptions importOptions;
  importOptions.batchSize = options.onnxBatch;
  OwningOpRef<ModuleOp> module =
      importONNX((*bytes)->getBuffer(), options.input, &context, importOptions);
  if (!module)
    return failure();
  importTime.stop();

  // Resolve the target first: a bad --target or --mattr fails fast.
  ObjectTargetOptions target{options.triple, options.cpu, options.features};
  FailureOr<TargetAttr> targetAttr =
      resolveTargetAttr(&context, module->getLoc(), target);
  if (failed(targetAttr))
    return failure();
  (*module)->setAttr(QNNDialect::kTargetAttrName, *targetAttr);

  bool isQONNX = (*module)->hasAttr(QNNDialect::kQuantizedModelAttrName);
  std::optional<BitwidthStrategy> strategy = options.strategy;
  if (isQONNX && strategy)
    return fail(context, "--strategy on a QONNX model is not supported yet: "
                         "its Quant nodes already fix each layer's bitwidths");
  if (options.keepFloat && (isQONNX || strategy ||
                            !options.report.empty()))
    return fail(context, "--keep-float compiles a float model without "
                         "quantizing it: it takes no QONNX model, no "
                         "--strategy and no --report");
  if (options.assignOnly && (isQONNX || options.keepFloat))
    return fail(context, "--assign-only assigns bitwidths to a float model: it "
                         "takes no QONNX model and no --keep-float");
  if (options.assignOnly && options.report.empty())
    return fail(context, "--assign-only writes the assignment to --report: "
                         "give --report=report.json");
  if (!isQONNX && !strategy)
    strategy = BitwidthStrategy::Uniform;

  PassManager pm(&context);
  TimingScope quantizeTime = root.nest("Quantize and select kernels");
  if (options.timeReport)
    pm.enableTiming(quantizeTime);
  pm.addNestedPass<func::FuncOp>(createQNNFoldBatchNorm());
  if (options.keepFloat) {
    // The float baseline: graph ops straight to linalg.
  } else if (isQONNX) {
    // The importer made the quantized layers.
  } else {
    bool needsSeparability = strategy == BitwidthStrategy::Separability ||
                             strategy == BitwidthStrategy::Budget;
    if (needsSeparability &&
        (options.calibrationInputs.empty() || options.calibrationLabels.empty()))
      return fail(context, std::string("--strategy=") +
                               (strategy == BitwidthStrategy::Budget
                                    ? "budget"
                                    : "separability") +
                               " measures separability: it needs "
                               "--calibration-inputs and --calibration-labels");
    if (options.calibrationInputs.empty() && !options.assignOnly)
      return fail(context, "compiling a float model needs --calibration-inputs "
                           "to choose activation scales");
    if (needsSeparability) {
      QNNMeasureSeparabilityOptions measure;
      measure.calibrationInputs = options.calibrationInputs;
      measure.calibrationLabels = options.calibrationLabels;
      pm.addPass(createQNNMeasureSeparability(measure));
    }
    QNNAssignBitwidthOptions assign;
    assign.strategy = *strategy;
    assign.budget = options.budget;
    assign.schedule = options.schedule;
    assign.candidates = options.candidates;
    assign.budgetReferenceBits = options.budgetReferenceBits;
    pm.addPass(createQNNAssignBitwidth(assign));
    if (options.assignOnly)
      return writeAssignment(context, pm, *module, options.report);
    QNNQuantizeOptions quantize;
    quantize.calibrationInputs = options.calibrationInputs;
    pm.addPass(createQNNQuantize(quantize));
  }
  // Kernels first: the memory report counts the storage they chose. The
  // report is taken before lowering, which erases the layers, and printed
  // after it, with the workspace the lowering planned.
  LowerToLLVMOptions lowering;
  lowering.keepWeightsPacked = options.keepWeightsPacked;
  lowering.smallWeights = options.smallWeights;
  lowering.fmaFloatConvolutions = options.fmaFloatConvolutions;
  lowering.channelsLast = options.channelsLast;
  lowering.force = options.force;
  lowering.profile = options.profile;
  if (!options.keepFloat)
    pm.addPass(createQNNSelectKernels(getSelectKernelsOptions(lowering)));
  if (failed(pm.run(*module)))
    return failure();
  std::optional<MemoryReport> report;
  if (!options.keepFloat) {
    FailureOr<MemoryReport> layers = buildMemoryReport(*module);
    if (failed(layers))
      return failure();
    report = std::move(*layers);
  }

  quantizeTime.stop();
  PassManager lower(&context);
  TimingScope lowerTime = root.nest("Lower to LLVM dialect");
  if (options.timeReport)
    lower.enableTiming(lowerTime);
  buildLowerToLLVMPipeline(lower, lowering);
  if (failed(lower.run(*module)))
    return failure();
  lowerTime.stop();
  if (report) {
    if (auto workspace = (*module)->getAttrOfType<IntegerAttr>(
            QNNDialect::kWorkspaceBytesAttrName))
      report->workspaceBytes = workspace.getInt();
    printMemoryReportText(*report, llvm::outs());
    llvm::outs().flush();
  }

  // Object and header, written only when both are complete.
  llvm::SmallString<0> object;
  TimingScope objectTime = root.nest("LLVM IR, O3 and code generation");
  if (failed(emitObject(*module, target, object)))
    return failure();
  objectTime.stop();
  std::string headerText;
  llvm::raw_string_ostream headerStream(headerText);
  if (failed(emitCHeader(*module, headerStream)))
    return failure();
  std::string headerPath = options.header;
  if (headerPath.empty()) {
    llvm::SmallString<128> path(options.output);
    llvm::sys::path::replace_extension(path, "h");
    headerPath = path.str().str();
  }
  std::error_code error;
  llvm::ToolOutputFile objectFile(options.output, error, llvm::sys::fs::OF_None);
  if (error)
    return fail(context, options.output + ": cannot write: " + error.message());
  llvm::ToolOutputFile headerFile(headerPath, error, llvm::sys::fs::OF_Text);
  if (error)
    return fail(context, headerPath + ": cannot write: " + error.message());
  std::optional<llvm::ToolOutputFile> reportFile;
  if (!options.report.empty()) {
    reportFile.emplace(options.report, error, llvm::sys::fs::OF_Text);
    if (error)
      return fail(context,
                  options.report + ": cannot write: " + error.message());
    printMemoryReportJson(*report, reportFile->os());
    reportFile->os().flush();
  }
  objectFile.os() << object;
  headerFile.os() << headerText;
  objectFile.os().flush();
  headerFile.os().flush();
  if (objectFile.os().has_error() || headerFile.os().has_error() ||
      (reportFile && reportFile->os().has_error()))
    return fail(context, "writing " + options.output + ", " + headerPath +
                             (reportFile ? " or " + options.report : "") +
                             " failed");
  objectFile.keep();
  headerFile.keep();
  if (reportFile)
    reportFile->keep();
  return success();
}
