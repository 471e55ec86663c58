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
  /// Errors are reported as diagnostics at the module.
  static FailureOr<std::unique_ptr<JitModel>> compile(ModuleOp module,
                                                      StringRef entry = "forward");

  ArrayRef<int64_t> getInputShape() const { return inputShape; }
  ArrayRef<int64_t> getOutputShape() const { return outputShape; }
  int64_t getInputSize() const;
  int64_t getOutputSize() const;

  /// Runs the entry function once on one batch.
  llvm::Error run(const float *input, float *output);

  /// Runs `numBatches` consecutive batches: input and output hold
  /// `numBatches` times the model's input and output sizes.
  llvm::Error runBatches(const float *input, int64_t numBatches, float *output);

private:
  JitModel() = default;
  std::unique_ptr<ExecutionEngine> engine;
  std::string entry;
  SmallVector<int64_t> inputShape, outputShape;
};

} // namespace qnn
} // namespace mlir

#endif // QNN_EXECUTION_JITMODEL_H
