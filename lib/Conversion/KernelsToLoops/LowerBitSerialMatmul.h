//===- LowerBitSerialMatmul.h - qnn.bitserial_matmul to loops ---*- C++ -*-===//
//
// The part of convert-qnn-kernels-to-loops that lowers qnn.bitserial_matmul:
// its tiling (vector width, register tile, register budget) and the emitter.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERBITSERIALMATMUL_H
#define QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERBITSERIALMATMUL_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/PatternMatch.h"

#include <cstdint>
#include <utility>

namespace mlir::qnn {

/// Largest register tile side: beyond it no target keeps the tile in
/// registers.
static constexpr int64_t kMaxTile = 8;

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

  /// The budget of the panel loop: its tile keeps no words of the
  /// broadcast side beyond the row it works on (docs/kernels.md).
  int64_t getPanelBudget() const;

  /// Registers a tile takes, from its size and the planes of a block.
  using TileCost = function_ref<int64_t(int64_t, int64_t)>;

  /// The tile of a matmul with `rows` x `cols` outputs (columns or panels):
  /// the fixed sizes, and for the others the largest tile whose `cost`
  /// fits the budget (of the panel loop with `panels`); at least 1 x 1.
  std::pair<int64_t, int64_t> chooseTile(int64_t rows, int64_t cols,
                                         TileCost cost,
                                         bool panels = false) const;

  /// How many lhs and rhs planes one word loop of a tile handles: all of
  /// them when `cost(lhsPlanes, rhsPlanes)` fits the budget, else the largest
  /// blocks that fit (at least 1 x 1); each block gets its own word loop.
  std::pair<int64_t, int64_t> choosePlaneBlocks(int64_t lhsPlanes,
                                                int64_t rhsPlanes,
                                                TileCost cost,
                                                bool panels = false) const;
};

/// Lowers the memref-form `op` at the rewriter's insertion point to
/// register-tiled loops around an and/xor -> ctpop -> shift -> add body; the
/// caller erases `op`.
void lowerBitSerialMatmul(RewriterBase &b, BitSerialMatmulOp op,
                          const KernelTiling &tiling);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERBITSERIALMATMUL_H
