//===- qnn-run.cpp - JIT-run a qnn module on .npy data ----------*- C++ -*-===//
//
// Lowers a module at any level for the host, JIT-compiles it and runs its
// entry function on a NumPy array, writing the result as a NumPy array.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/FatalErrors.h"
#include "qnn/Execution/JitModel.h"
#include "qnn/InitQNN.h"
#include "qnn/Support/NumpyFile.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
using namespace llvm;

static cl::OptionCategory category("qnn-run options");

static cl::opt<std::string> inputModel(cl::Positional,
                                       cl::desc("<model.mlir>"),
                                       cl::Required, cl::cat(category));
static cl::opt<std::string>
    inputArray("input", cl::desc("Input array (.npy, float32). Its shape is "
                                 "the model's input shape, or that shape with "
                                 "the first dimension multiplied by a whole "
                                 "number of batches"),
               cl::value_desc("x.npy"), cl::Required, cl::cat(category));
static cl::opt<std::string> outputArray("output",
                                        cl::desc("Output array (.npy)"),
                                        cl::value_desc("y.npy"), cl::Required,
                                        cl::cat(category));
static cl::opt<std::string> entry("entry", cl::desc("Entry function"),
                                  cl::init("forward"), cl::cat(category));

static cl::opt<bool>
    profile("profile",
            cl::desc("Time every step of the model (qnn-instrument-profile) "
                     "and print the profile table of the run to stdout"),
            cl::cat(category));

static int fail(const Twine &message) {
  WithColor::error(errs(), "qnn-run") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::qnn::installFatalErrorHandler("qnn-run");
  // --help lists qnn-run's own options, not every LLVM backend's.
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "qnn-run: JIT-compiles a qnn module (graph, quantized, kernel level or "
      "the LLVM dialect) for this machine and runs its entry function on a "
      "NumPy array\n");

  DialectRegistry registry;
  qnn::registerAllDialects(registry);
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  std::string error;
  auto file = openInputFile(inputModel, &error);
  if (!file)
    return fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  auto model = qnn::JitModel::compile(*module, entry, profile);
  if (failed(model))
    return 1;

  auto input = qnn::readNumpyFile(inputArray);
  if (!input)
    return fail(toString(input.takeError()));
  ArrayRef<int64_t> shape = (*model)->getInputShape();
  auto &array = *input;
  bool sameTail = array.shape.size() == shape.size() &&
                  ArrayRef<int64_t>(array.shape).drop_front() == shape.drop_front();
  if (!array.isFloat32() || !sameTail || shape.empty() || shape[0] == 0 ||
      array.shape[0] % shape[0] != 0) {
    std::string expected, got;
    raw_string_ostream(expected) << "float32 ";
    for (int64_t dim : shape)
      expected += std::to_string(dim) + "x";
    for (int64_t dim : array.shape)
      got += std::to_string(dim) + "x";
    return fail(inputArray + ": expected " + StringRef(expected).drop_back() +
                " (first dimension a multiple of " + Twine(shape[0]) +
                "), got " + array.dtype + " " + StringRef(got).drop_back());
  }
  int64_t numBatches = array.shape[0] / shape[0];
  std::vector<float> output(numBatches * (*model)->getOutputSize());
  if (Error runError =
          (*model)->runBatches(array.asFloats().data(), numBatches, output.data()))
    return fail(toString(std::move(runError)));

  if (profile)
    if (Error profileError = (*model)->printProfile(outs()))
      return fail(toString(std::move(profileError)));

  SmallVector<int64_t> outputShape((*model)->getOutputShape());
  outputShape[0] *= numBatches;
  if (Error writeError = qnn::writeNumpyFile(outputArray, outputShape, output))
    return fail(toString(std::move(writeError)));
  return 0;
}
