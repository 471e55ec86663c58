//===- JitModel.h - a qnn model compiled in-process -------------*- C++ -*-===//
//
// Lowers a qnn module for the host and JIT-compiles it with MLIR's
// ExecutionEngine: how qnn-run and the calibration passes run models.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_EXECUTION_JITMODEL_H
#define QNN_EXECUTION_JITMODEL_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace mlir {
class ExecutionEngine;
namespace qnn {

class JitModel {
public:
  ~JitModel();

  /// Lowers `module` in place to the LLVM dialect (unless it is there
  /// already) with qnn-lower-to-llvm and JIT-compiles it for the host CPU.
  /// Errors are reported as diagnostics at the module. With `profile`,
  /// the lowering times every step (qnn-instrument-profile); a module
  /// already in the LLVM dialect is profiled if it was lowered so.
  static FailureOr<std::unique_ptr<JitModel>>
  compile(ModuleOp module, StringRef entry = "forward", bool profile = false);

  ArrayRef<int64_t> getInputShape() const { return inputShape; }
  ArrayRef<int64_t> getOutputShape() const { return outputShape; }
  int64_t getInputSize() const;
  int64_t getOutputSize() const;

  /// Runs the entry function once on one batch.
  llvm::Error run(const float *input, float *output);

  /// Runs `numBatches` consecutive batches: input and output hold
  /// `numBatches` times the model's input and output sizes.
  llvm::Error runBatches(const float *input, int64_t numBatches, float *output);

  /// Whether the model carries a profile table.
  bool hasProfile() const { return !profileRows.empty(); }

  /// Prints the profile table of the calls so far, as the C header's
  /// forward_profile_print() prints it, with the counter's frequency
  /// measured against the steady clock over 20 ms.
  llvm::Error printProfile(llvm::raw_ostream &os);

private:
  /// One row of the module's `qnn.profile`.
  struct ProfileRow {
    std::string name, step, unit;
    uint64_t macs;
  };

  JitModel() = default;
  SmallVector<ProfileRow> profileRows;
  std::unique_ptr<ExecutionEngine> engine;
  std::string entry;
  SmallVector<int64_t> inputShape, outputShape;
};

} // namespace qnn
} // namespace mlir

#endif // QNN_EXECUTION_JITMODEL_H
