//===- MemoryReport.h - per-layer memory report -----------------*- C++ -*-===//
//
// The memory report of qnn-memory-report, as data: qnn-compile builds it
// before lowering and prints it after, with the workspace the lowering
// planned next to the weights.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_MEMORYREPORT_H
#define QNN_DIALECT_QNN_TRANSFORMS_MEMORYREPORT_H

#include "qnn/Analysis/LayerGraph.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Operation.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace mlir::qnn {

struct MemoryReportLayer {
  std::string name;
  std::string op;
  int64_t params;
  LayerBits bits;
  uint64_t packedBytes;
  uint64_t homogeneousBytes;
  /// The layer's qnn.kernel and the bytes its weight storage takes in the
  /// object; null and 0 before qnn-select-kernels.
  KernelAttr kernel;
  uint64_t storedBytes;
  /// Null when the layer's separability was not measured.
  SeparabilityAttr separability;
};

struct MemoryReport {
  SmallVector<MemoryReportLayer> layers;
  int64_t totalParams = 0;
  uint64_t totalPackedBytes = 0;
  unsigned homogeneousBits = 0;
  uint64_t homogeneousPackedBytes = 0;
  /// Bytes of every layer's weights as stored, when all have a kernel.
  std::optional<uint64_t> totalStoredBytes = 0;
  /// Bytes of the workspace of one call (qnn.workspace_bytes), once the
  /// model is lowered.
  std::optional<uint64_t> workspaceBytes;

  double saving() const {
    return homogeneousPackedBytes == 0
               ? 0.0
               : 1.0 -
                     double(totalPackedBytes) / double(homogeneousPackedBytes);
  }
};

/// The report of the layers nested in `root`, in data-flow order; an error
/// at each layer without bitwidths or a static weight shape.
FailureOr<MemoryReport> buildMemoryReport(Operation *root);

/// Prints `report` as the text table of qnn-memory-report.
void printMemoryReportText(const MemoryReport &report, llvm::raw_ostream &os);

/// Prints `report` as the report JSON of docs/architecture.md section 4.
void printMemoryReportJson(const MemoryReport &report, llvm::raw_ostream &os);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_MEMORYREPORT_H
