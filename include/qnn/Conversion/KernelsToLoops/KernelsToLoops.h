//===- KernelsToLoops.h - kernel-level qnn ops to loops ---------*- C++ -*-===//
//
// Declares the lowering of qnn.im2col, qnn.pack_bits and qnn.bitserial_matmul
// on memrefs to scf/vector loops with popcounts.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_KERNELSTOLOOPS_KERNELSTOLOOPS_H
#define QNN_CONVERSION_KERNELSTOLOOPS_KERNELSTOLOOPS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

#include <cstdint>
#include <utility>

namespace mlir {
class RewritePatternSet;
namespace qnn {

#define GEN_PASS_DECL
#include "qnn/Conversion/KernelsToLoops/Passes.h.inc"

/// Vector width and register tile of the bit-serial matmul loops.
struct KernelTiling {
  /// i64 words per vector: 1, 2, 4 or 8.
  int64_t lanes = 4;
  /// Output rows and columns per register tile, 1 to 8; 0 lets
  /// chooseTile pick them.
  int64_t rowTile = 0;
  int64_t colTile = 0;
  /// Registers a tile may fill with accumulators and reused words.
  int64_t registerBudget = 11;

  /// The budget that keeps the word loop free of spills on the usual target
  /// of `lanes`: AVX-512 (8), AVX2 (4), SSE2 (2), x86-64 without POPCNT (1).
  static int64_t getDefaultRegisterBudget(int64_t lanes);

  /// The tiling for a matmul whose rows are `words` packed words long. A
  /// row shorter than one vector is done in scalar words (lanes 1, and the
  /// scalar budget if the budget was the default of `lanes`): a masked
  /// vector step would waste most of its lanes, and the horizontal sum
  /// after it would cost as much as the popcounts (docs/kernels.md).
  KernelTiling forRowLength(int64_t words) const;

  /// The tile of a matmul with `rows` x `cols` outputs and the given plane
  /// counts: the fixed sizes, and for the others the largest tile whose
  /// accumulators (rowTile x colTile) and reused words (lhsPlanes x rowTile
  /// + rhsPlanes x colTile) fit the budget; at least 1 x 1.
  std::pair<int64_t, int64_t> chooseTile(int64_t rows, int64_t cols,
                                         int64_t lhsPlanes,
                                         int64_t rhsPlanes) const;

  /// How many lhs and rhs planes one word loop of a tile handles: all of
  /// them when the tile's reused words fit the budget, else the largest
  /// blocks that fit (at least 1 x 1); each block gets its own word loop.
  std::pair<int64_t, int64_t> choosePlaneBlocks(int64_t tileRows,
                                                int64_t tileCols,
                                                int64_t lhsPlanes,
                                                int64_t rhsPlanes) const;
};

/// Adds the patterns that lower memref-form qnn.im2col, qnn.pack_bits and
/// qnn.bitserial_matmul to loops. `tiling` must be valid (see the pass).
void populateKernelsToLoopsPatterns(RewritePatternSet &patterns,
                                    const KernelTiling &tiling);

#define GEN_PASS_REGISTRATION
#include "qnn/Conversion/KernelsToLoops/Passes.h.inc"

} // namespace qnn
} // namespace mlir

#endif // QNN_CONVERSION_KERNELSTOLOOPS_KERNELSTOLOOPS_H
