//===- CompileONNX.h - the one-shot ONNX-to-object driver -------*- C++ -*-===//
//
// What qnn-compile does, in one process: import, assign bitwidths, quantize,
// report, lower, and write the object file and its C header.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DRIVER_COMPILEONNX_H
#define QNN_DRIVER_COMPILEONNX_H

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Support/LogicalResult.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
namespace qnn {

struct CompileONNXOptions {
  std::string input;
  std::string output;
  /// Empty: beside the object, with the extension `.h`.
  std::string header;
  std::string triple, cpu, features;
  std::string calibrationInputs, calibrationLabels;
  /// None: keep a QONNX model's own bitwidths, or `uniform` for a float model.
  std::optional<BitwidthStrategy> strategy;
  std::string budget;
  std::vector<unsigned> schedule;
  /// Candidate bitwidths of the separability and budget strategies; empty:
  /// the pass's default.
  std::vector<unsigned> candidates;
  /// Compile a float model as it is, without quantizing it: the float
  /// baseline a quantized build is compared with.
  bool keepFloat = false;
  /// qnn-lower-to-llvm's keep-weights-packed.
  bool keepWeightsPacked = true;
  /// qnn-lower-to-llvm's small-weights.
  bool smallWeights = false;
  /// qnn-lower-to-llvm's fma-float-convolutions.
  bool fmaFloatConvolutions = true;
  bool channelsLast = true;
  /// qnn-select-kernels' force: every quantized layer takes this kernel
  /// (tests, the differential test of docs/robustness.md).
  ForcedKernel force = ForcedKernel::None;
  /// Time every step with the cycle counter (qnn-lower-to-llvm's
  /// profile): the object gets the table, the header its printer.
  bool profile = false;
  /// JSON memory report path; empty: none.
  std::string report;
  /// Stop after the assignment: write --report (and print it) from the
  /// float model, no quantization, no object.
  bool assignOnly = false;
  /// strategy=budget: a fractional budget is of the network with the
  /// unpinned layers at these bits (0: the pass's default).
  unsigned budgetReferenceBits = 0;
  int64_t onnxBatch = 0;
  /// Print the wall time of each stage (import, every pass, LLVM's
  /// optimization and code generation) to stderr, as MLIR's --mlir-timing.
  bool timeReport = false;
};

/// Compiles `options.input` (ONNX or QONNX) to an object file and header.
/// Prints the per-layer bitwidth and memory report, with the workspace of
/// one call, to stdout. On failure, diagnostics are printed and no output
/// file is left.
LogicalResult compileONNX(MLIRContext &context, const CompileONNXOptions &options);

} // namespace qnn
} // namespace mlir

#endif // QNN_DRIVER_COMPILEONNX_H
