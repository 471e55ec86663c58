//===- LowerFmaMatmul.cpp - qnn.fma_matmul to FMA loops ---------*- C++ -*-===//
//
// Lowers qnn.fma_matmul on memrefs to the f32 micro-kernel of
// docs/kernels.md: per MR x NR output tile, MR x NR/L accumulators of
// vector<L x f32> live in registers (scf.for iter_args) over a block of
// the K loop; each k loads NR/L vectors of an rhs row once and broadcasts
// one lhs element per row. The bias starts the accumulators of the first
// block, the partial sums in the output those of the others, and the clamp
// (a fused ReLU) is applied before the last block's store. The same loops
// serve both forms of the op: NCHW (weights broadcast, pixels as vectors)
// and channels-last (pixels broadcast, output channels as vectors).
//
//===----------------------------------------------------------------------===//

#include "LowerFmaMatmul.h"
#include "LoopBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

int64_t mlir::qnn::getFmaReductionBlock(FmaISA isa, int64_t rows,
                                        int64_t reduction, int64_t columns,
                                        bool channelsLast) {
  // The weights of a block within 256 KiB of L2: M x KC floats broadcast
  // in the NCHW form, KC x N in panels channels-last. In the NCHW form the
  // rhs panel of a column tile (KC x NR floats) also stays within half of
  // a 32 KiB L1. At least 64 steps, so that reloading the partial sums
  // stays a few percent of the FMAs.
  int64_t weightsPerStep = std::max<int64_t>(channelsLast ? columns : rows, 1);
  int64_t depth = (256 << 10) / (4 * weightsPerStep);
  if (!channelsLast)
    depth = std::min<int64_t>(
        depth, (16 << 10) / (4 * getFmaTile(isa, columns).width()));
  return std::min(std::max<int64_t>(depth, 64),
                  std::max<int64_t>(reduction, 1));
}

namespace {

/// Emits the loops of one qnn.fma_matmul.
class FmaMatmulEmitter : LoopBuilder {
public:
  FmaMatmulEmitter(OpBuilder &b, FmaMatmulOp op)
      : LoopBuilder(b, op.getLoc()), op(op) {
    auto lhsType = cast<MemRefType>(op.getLhs().getType());
    auto rhsType = cast<MemRefType>(op.getRhs().getType());
    channelsLast = op.getChannelsLast();
    rows = lhsType.getDimSize(0);
    reduction = lhsType.getDimSize(1);
    batch = channelsLast ? 1 : rhsType.getDimSize(0);
    columns = cast<MemRefType>(op.getInit().getType()).getShape().back();
    // Channels last, the tile is as wide as the panels the weights were
    // packed in.
    tile = channelsLast ? getFmaTileOfVectors(
                              op.getIsa(), rhsType.getDimSize(2) /
                                               getFmaTile(op.getIsa(), 1).lanes)
                        : getFmaTile(op.getIsa(), columns);
    vectorType = VectorType::get({tile.lanes}, b.getF32Type());
  }

  void emit() {
    // The reduction in blocks of at most `depth` steps: the first starts
    // the accumulators from the bias (and residual), the later ones from
    // the partial sums stored by the one before, and only the last clamps.
    int64_t depth = getFmaReductionBlock(op.getIsa(), rows, reduction, columns,
                                         channelsLast);
    int64_t blocks = llvm::divideCeil(reduction, depth);
    depth = llvm::divideCeil(reduction, blocks);
    int64_t lastStart = (blocks - 1) * depth;
    forTiles(0, batch, 1, [&](Value image) {
      emitBlock(image, index(0), blocks == 1 ? reduction : depth,
                /*first=*/true, /*last=*/blocks == 1);
      if (blocks > 2)
        forLoop(depth, lastStart, depth, [&](Value start) {
          emitBlock(image, start, depth, /*first=*/false, /*last=*/false);
        });
      if (blocks > 1)
        emitBlock(image, index(lastStart), reduction - lastStart,
                  /*first=*/false, /*last=*/true);
    });
  }

private:
  /// forLoop, or its one iteration inline when there is only one.
  void forTiles(int64_t lower, int64_t upper, int64_t step,
                function_ref<void(Value)> body) {
    if (upper - lower <= step)
      body(index(lower));
    else
      forLoop(lower, upper, step, body);
  }

  Value mask(int64_t count) {
    return b.create<vector::ConstantMaskOp>(
        loc, VectorType::get({tile.lanes}, b.getI1Type()),
        b.getI64ArrayAttr({count}));
  }

  Value splat(float value) {
    return b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(vectorType, b.getF32FloatAttr(value)));
  }

  /// `count` lanes of `memref` at `indices`, 0 past them.
  Value load(Value memref, ValueRange indices, int64_t count) {
    if (count == tile.lanes)
      return b.create<vector::LoadOp>(loc, vectorType, memref, indices);
    return b.create<vector::MaskedLoadOp>(loc, vectorType, memref, indices,
                                          mask(count), splat(0.0f));
  }

  /// The indices of an element of the batched operands (rhs, residual,
  /// init): with the image first in the NCHW form, without it in the
  /// channels-last one.
  SmallVector<Value> at(Value image, Value i, Value j) {
    if (channelsLast)
      return {i, j};
    return {image, i, j};
  }

  /// The reduction steps of one block, and whether it is the first or the
  /// last.
  struct Step {
    Value start;
    int64_t depth;
    bool first, last;
  };

  /// All tiles of the reduction steps [`start`, `start` + `depth`) of
  /// image `image`, with the weights' loop inside: in the NCHW form the
  /// column tiles outside, so that the rhs panel of one (`depth` x NR
  /// floats) stays in L1 for all its row tiles; channels-last the row tiles
  /// outside, so that their lhs rows stay in L1 for all the panels.
  void emitBlock(Value image, Value start, int64_t depth, bool first,
                 bool last) {
    Step step{start, depth, first, last};
    auto columnTiles = [&](function_ref<void(Value, int64_t)> body) {
      int64_t width = tile.width();
      int64_t fullTiles = columns / width, tailColumns = columns % width;
      if (fullTiles > 0)
        forTiles(0, fullTiles * width, width,
                 [&](Value column) { body(column, width); });
      if (tailColumns > 0)
        body(index(fullTiles * width), tailColumns);
    };
    auto rowTiles = [&](function_ref<void(Value, int64_t)> body) {
      int64_t fullTiles = rows / tile.rows, tailRows = rows % tile.rows;
      if (fullTiles > 0)
        forTiles(0, fullTiles * tile.rows, tile.rows,
                 [&](Value row) { body(row, tile.rows); });
      if (tailRows > 0)
        body(index(fullTiles * tile.rows), tailRows);
    };
    if (channelsLast)
      rowTiles([&](Value row, int64_t tileRows) {
        columnTiles([&](Value column, int64_t tileColumns) {
          emitTile(image, row, column, tileRows, tileColumns, step);
        });
      });
    else
      columnTiles([&](Value column, int64_t tileColumns) {
        rowTiles([&](Value row, int64_t tileRows) {
          emitTile(image, row, column, tileRows, tileColumns, step);
        });
      });
  }

  /// One tile of `tileRows` rows from `row` and `tileColumns` columns from
  /// `column`, over the reduction steps of `step`.
  void emitTile(Value image, Value row, Value column, int64_t tileRows,
                int64_t tileColumns, const Step &step) {
    int64_t vectors = llvm::divideCeil(tileColumns, tile.lanes);
    auto lanesOf = [&](int64_t v) {
      return std::min(tile.lanes, tileColumns - v * tile.lanes);
    };
    SmallVector<Value> columnStarts;
    for (int64_t v = 0; v < vectors; ++v)
      columnStarts.push_back(add(column, v * tile.lanes));
    Value panel;
    if (channelsLast)
      panel = b.create<arith::DivUIOp>(loc, column, index(tile.width()));

    // The bias (plus the residual) starts the accumulators of the first
    // block, the partial sums in `init` those of the others. The bias is
    // one per row (broadcast) in the NCHW form, one per column (loaded
    // with the columns) in the channels-last one.
    SmallVector<Value> biasVectors;
    if (step.first && channelsLast)
      for (int64_t v = 0; v < vectors; ++v)
        biasVectors.push_back(
            load(op.getBias(), ValueRange{columnStarts[v]}, lanesOf(v)));
    SmallVector<Value> accumulators;
    for (int64_t i = 0; i < tileRows; ++i) {
      Value rowBias;
      if (step.first && !channelsLast)
        rowBias = b.create<vector::BroadcastOp>(
            loc, vectorType,
            b.create<memref::LoadOp>(loc, op.getBias(),
                                     ValueRange{add(row, i)}));
      for (int64_t v = 0; v < vectors; ++v) {
        SmallVector<Value> indices = at(image, add(row, i), columnStarts[v]);
        if (!step.first) {
          accumulators.push_back(load(op.getInit(), indices, lanesOf(v)));
          continue;
        }
        Value bias = channelsLast ? biasVectors[v] : rowBias;
        accumulators.push_back(
            op.getResidual()
                ? b.create<arith::AddFOp>(
                      loc, bias, load(op.getResidual(), indices, lanesOf(v)))
                : bias);
      }
    }

    Value end = add(step.start, step.depth);
    auto loop =
        b.create<scf::ForOp>(loc, step.start, end, index(1), accumulators);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value k = loop.getInductionVar();
      ValueRange current = loop.getRegionIterArgs();
      SmallVector<Value> inputs;
      for (int64_t v = 0; v < vectors; ++v)
        inputs.push_back(
            channelsLast
                // Panels are zero past the columns: whole vectors.
                ? b.create<vector::LoadOp>(
                      loc, vectorType, op.getRhs(),
                      ValueRange{panel, k, index(v * tile.lanes)})
                : load(op.getRhs(), at(image, k, columnStarts[v]), lanesOf(v)));
      SmallVector<Value> next;
      for (int64_t i = 0; i < tileRows; ++i) {
        Value weight = b.create<vector::BroadcastOp>(
            loc, vectorType,
            b.create<memref::LoadOp>(loc, op.getLhs(),
                                     ValueRange{add(row, i), k}));
        for (int64_t v = 0; v < vectors; ++v)
          next.push_back(b.create<vector::FMAOp>(
              loc, weight, inputs[v], current[i * vectors + v]));
      }
      b.create<scf::YieldOp>(loc, next);
    }

    std::optional<APFloat> lower, upper;
    if (step.last) {
      lower = op.getClampMin();
      upper = op.getClampMax();
    }
    Value lowerSplat = lower ? splat(lower->convertToFloat()) : Value();
    Value upperSplat = upper ? splat(upper->convertToFloat()) : Value();
    for (int64_t i = 0; i < tileRows; ++i)
      for (int64_t v = 0; v < vectors; ++v) {
        Value value = loop.getResult(i * vectors + v);
        if (lowerSplat)
          value = b.create<arith::MaximumFOp>(loc, value, lowerSplat);
        if (upperSplat)
          value = b.create<arith::MinimumFOp>(loc, value, upperSplat);
        SmallVector<Value> indices = at(image, add(row, i), columnStarts[v]);
        if (lanesOf(v) == tile.lanes)
          b.create<vector::StoreOp>(loc, value, op.getInit(), indices);
        else
          b.create<vector::MaskedStoreOp>(loc, op.getInit(), indices,
                                          mask(lanesOf(v)), value);
      }
  }

  FmaMatmulOp op;
  bool channelsLast = false;
  int64_t rows = 0, reduction = 0, batch = 0, columns = 0;
  FmaTile tile;
  VectorType vectorType;
};

} // namespace

void mlir::qnn::lowerFmaMatmul(OpBuilder &b, FmaMatmulOp op) {
  FmaMatmulEmitter(b, op).emit();
}
