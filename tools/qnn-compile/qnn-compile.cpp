//===- qnn-compile.cpp - ONNX model to object file in one step --*- C++ -*-===//
//
// The one-shot driver: flags in, qnn::compileONNX, exit status out.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/FatalErrors.h"
#include "qnn/Driver/CompileONNX.h"
#include "qnn/InitQNN.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"

#include "mlir/IR/Diagnostics.h"

using namespace llvm;

static cl::OptionCategory category("qnn-compile options");

static cl::opt<std::string> input(cl::Positional, cl::desc("<model.onnx>"),
                                  cl::Required, cl::cat(category));
static cl::opt<std::string> output("o", cl::desc("Object file to write (required unless --assign-only)"),
                                   cl::value_desc("model.o"), cl::cat(category));
static cl::opt<bool> assignOnly(
    "assign-only",
    cl::desc("Only assign bitwidths to a float model (measuring separability "
             "for --strategy=separability|budget) and write them to --report; "
             "no quantization, no object"),
    cl::cat(category));
static cl::opt<unsigned> budgetReferenceBits(
    "budget-reference-bits", cl::init(0),
    cl::desc("A fractional --budget is of the network with every layer not "
             "pinned by the first/last-layer policy at these bits (default: "
             "every layer at the first layer's bits)"),
    cl::cat(category));
static cl::opt<std::string>
    header("header", cl::desc("C header to write (default: beside the object, .h)"), cl::cat(category));
static cl::opt<std::string>
    triple("target", cl::desc("Target triple, e.g. x86_64-linux-gnu or "
                              "aarch64-linux-gnu (default: the host)"), cl::cat(category));
static cl::opt<std::string>
    cpu("mcpu", cl::desc("Target CPU (default: the host CPU for the host "
                         "triple, else generic)"), cl::cat(category));
static cl::opt<std::string> features("mattr",
                                     cl::desc("Target features, e.g. +avx2"), cl::cat(category));
static cl::opt<std::string> calibrationInputs(
    "calibration-inputs",
    cl::desc("Calibration inputs (.npy float32, samples first): activation "
             "scales of a float model, separability"), cl::cat(category));
static cl::opt<std::string> calibrationLabels(
    "calibration-labels", cl::desc("Calibration labels (.npy integers)"), cl::cat(category));
static cl::opt<mlir::qnn::BitwidthStrategy> strategy(
    "strategy",
    cl::desc("Bitwidth assignment (default: a QONNX model keeps its own "
             "bitwidths, a float model gets uniform 8 bits)"),
    cl::values(
        clEnumValN(mlir::qnn::BitwidthStrategy::Separability, "separability",
                   "from each layer's separability on the calibration data"),
        clEnumValN(mlir::qnn::BitwidthStrategy::Budget, "budget",
                   "the most precision within --budget"),
        clEnumValN(mlir::qnn::BitwidthStrategy::Schedule, "schedule",
                   "the stages of --schedule"),
        clEnumValN(mlir::qnn::BitwidthStrategy::Uniform, "uniform",
                   "8 bits everywhere")),
    cl::cat(category));
static cl::opt<std::string>
    budget("budget", cl::desc("Packed weight memory budget for "
                              "--strategy=budget: bytes, or a fraction"), cl::cat(category));
static cl::list<unsigned> candidates(
    "candidates", cl::CommaSeparated,
    cl::desc("Bitwidths --strategy=separability and budget choose from, "
             "e.g. 8,6,4 (default 8,6,4,3,2,1)"),
    cl::cat(category));
static cl::list<unsigned> schedule("schedule", cl::CommaSeparated,
                                   cl::desc("Stages for --strategy=schedule, "
                                            "e.g. 8,4,2"), cl::cat(category));
static cl::opt<bool> keepWeightsPacked(
    "keep-weights-packed", cl::init(true),
    cl::desc("Keep the weights below 8 bits of bit-serial and f32 GEMM "
             "layers bit-packed in the object (default); =false stores one "
             "byte per weight. int8_dot layers store a byte per weight "
             "either way (the memory report's stored bytes)"),
    cl::cat(category));
static cl::opt<bool> smallWeights(
    "small-weights", cl::init(false),
    cl::desc("Keep every weight below 8 bits at its bitwidth in the object "
             "(bit-planes), as the memory report's packed bytes count it: "
             "such layers then take no int8_dot, which stores a byte per "
             "weight, and run slower where a dot product exists"),
    cl::cat(category));
static cl::opt<bool> channelsLast(
    "channels-last", cl::init(true),
    cl::desc("Quantized and f32_fma float convolutions read and write "
             "NHWC, and activations stay channels-last between them "
             "(default); =false: NCHW, with a transpose at each quantized "
             "layer's output"),
    cl::cat(category));
static cl::opt<bool> fmaFloatConvolutions(
    "fma-float-convolutions", cl::init(true),
    cl::desc("Float convolutions on the register-tiled f32_fma kernel where "
             "the target has f32 FMA vectors (default); =false: the linalg "
             "GEMM"),
    cl::cat(category));
static cl::opt<mlir::qnn::ForcedKernel> kernel(
    "kernel", cl::init(mlir::qnn::ForcedKernel::None),
    cl::desc("Give every quantized layer this kernel (tests; default: "
             "chosen per layer)"),
    cl::values(clEnumValN(mlir::qnn::ForcedKernel::None, "auto",
                          "choose per layer"),
               clEnumValN(mlir::qnn::ForcedKernel::BitSerial, "bitserial",
                          "bit-serial popcounts"),
               clEnumValN(mlir::qnn::ForcedKernel::F32Gemm, "f32-gemm",
                          "an exact f32 GEMM on codes"),
               clEnumValN(mlir::qnn::ForcedKernel::IntGemm, "int-gemm",
                          "an integer GEMM on codes"),
               clEnumValN(mlir::qnn::ForcedKernel::Int8Dot, "int8-dot",
                          "the target's 8-bit dot-product GEMM (VNNI, "
                          "sdot); an error where it has none")),
    cl::cat(category));
static cl::opt<bool> keepFloat(
    "keep-float",
    cl::desc("Compile a float model without quantizing it, to have a float "
             "baseline with the same C interface"), cl::cat(category));
static cl::opt<bool> profile(
    "profile",
    cl::desc("Time every step of the model with the cycle counter: the "
             "object gets a profile table, the header "
             "forward_profile_print() and forward_profile_reset()"),
    cl::cat(category));
static cl::opt<std::string>
    report("report", cl::desc("Write the per-layer memory report as JSON"), cl::cat(category));
static cl::opt<int64_t> onnxBatch(
    "onnx-batch", cl::init(0),
    cl::desc("Batch size for a model whose batch dimension is symbolic"), cl::cat(category));

static cl::opt<bool> timeReport(
    "time-report", cl::init(false),
    cl::desc("Print the wall time of each compilation stage and pass to "
             "stderr (import, quantization, lowering, LLVM code generation)"),
    cl::cat(category));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::qnn::installFatalErrorHandler("qnn-compile");
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "qnn-compile: compiles an ONNX or QONNX model to an object file and C "
      "header with per-layer (progressively decreasing) bitwidths, printing "
      "the bitwidth and memory report\n");
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();

  mlir::DialectRegistry registry;
  mlir::qnn::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  // Errors without a source location (bad files, bad option combinations)
  // print as one line: the importer's already start with the model's name.
  context.getDiagEngine().registerHandler([&](mlir::Diagnostic &diagnostic) {
    if (!isa<mlir::UnknownLoc>(diagnostic.getLocation()))
      return mlir::failure();
    std::string message = diagnostic.str();
    bool error = diagnostic.getSeverity() == mlir::DiagnosticSeverity::Error;
    if (StringRef(message).starts_with(input.getValue()))
      errs() << (error ? "" : "warning: ") << message << "\n";
    else
      errs() << "qnn-compile: " << (error ? "error: " : "warning: ") << message
             << "\n";
    return mlir::success();
  });

  if (output.empty() && !assignOnly) {
    errs() << "qnn-compile: error: -o <model.o> is required (unless "
              "--assign-only)\n";
    return 1;
  }
  if (budgetReferenceBits > 8) {
    errs() << "qnn-compile: error: --budget-reference-bits must be in [0, 8], got "
           << budgetReferenceBits << "\n";
    return 1;
  }
  mlir::qnn::CompileONNXOptions options;
  options.input = input;
  options.output = output;
  options.header = header;
  options.triple = triple;
  options.cpu = cpu;
  options.features = features;
  options.calibrationInputs = calibrationInputs;
  options.calibrationLabels = calibrationLabels;
  if (strategy.getNumOccurrences())
    options.strategy = strategy;
  options.budget = budget;
  options.schedule.assign(schedule.begin(), schedule.end());
  options.candidates.assign(candidates.begin(), candidates.end());
  options.keepFloat = keepFloat;
  options.keepWeightsPacked = keepWeightsPacked;
  options.smallWeights = smallWeights;
  options.fmaFloatConvolutions = fmaFloatConvolutions;
  options.channelsLast = channelsLast;
  options.force = kernel;
  options.profile = profile;
  options.report = report;
  options.assignOnly = assignOnly;
  options.budgetReferenceBits = budgetReferenceBits;
  options.onnxBatch = onnxBatch;
  options.timeReport = timeReport;
  return mlir::failed(mlir::qnn::compileONNX(context, options)) ? 1 : 0;
}
