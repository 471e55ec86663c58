//===- LowerFmaMatmul.cpp - qnn.fma_matmul to FMA loops ---------*- C++ -*-===//
//
// Lowers qnn.fma_matmul on memrefs to the f32 micro-kernel of
// docs/kernels.md: per MR x NR output tile, MR x NR/L accumulators of
// vector<L x f32> live in registers (scf.for iter_args) over the whole K
// loop; each k loads NR/L vectors of an rhs row once and broadcasts one lhs
// element per row. The bias starts the accumulators and the clamp (a fused
// ReLU) is applied before the single store of each output.
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

FmaTile mlir::qnn::getFmaTile(FmaISA isa, int64_t columns) {
  FmaTile tile;
  tile.lanes = isa == FmaISA::AVX512 ? 16 : isa == FmaISA::AVX2 ? 8 : 4;
  int64_t registers = isa == FmaISA::AVX2 ? 16 : 32;
  // Four vectors along the columns where 32 registers hold a 6-row tile
  // (24 accumulators), two with AVX2's 16 (12); fewer for narrow matrices.
  int64_t widest = registers == 32 ? 4 : 2;
  tile.vectors = std::clamp<int64_t>(llvm::divideCeil(columns, tile.lanes), 1,
                                     widest);
  // Accumulators, the rhs vectors of one k and one broadcast fill the
  // registers; at most 14 rows.
  tile.rows = std::clamp<int64_t>((registers - tile.vectors - 1) / tile.vectors,
                                  1, 14);
  return tile;
}

int64_t mlir::qnn::getFmaReductionBlock(FmaISA isa, int64_t rows,
                                        int64_t reduction, int64_t columns) {
  FmaTile tile = getFmaTile(isa, columns);
  int64_t panelRow = tile.vectors * tile.lanes * 4;
  // The rhs panel of a column tile within half of a 32 KiB L1, and the
  // weights of a block within 256 KiB of L2; at least 64 steps, so that
  // reloading the partial sums stays a few percent of the FMAs.
  int64_t depth = std::min<int64_t>(
      (16 << 10) / panelRow, (256 << 10) / (4 * std::max<int64_t>(rows, 1)));
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
    rows = lhsType.getDimSize(0);
    reduction = lhsType.getDimSize(1);
    batch = rhsType.getDimSize(0);
    columns = rhsType.getDimSize(2);
    tile = getFmaTile(op.getIsa(), columns);
    vectorType = VectorType::get({tile.lanes}, b.getF32Type());
  }

  void emit() {
    // The reduction in blocks of at most `depth` steps: the first starts
    // the accumulators from the bias (and residual), the later ones from
    // the partial sums stored by the one before, and only the last clamps.
    int64_t depth = getFmaReductionBlock(op.getIsa(), rows, reduction, columns);
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

  /// The reduction steps of one block, and whether it is the first or the
  /// last.
  struct Step {
    Value start;
    int64_t depth;
    bool first, last;
  };

  /// All tiles of the reduction steps [`start`, `start` + `depth`) of
  /// image `image`: the column tiles outside, so that the rhs panel of one
  /// (`depth` x NR floats) stays in L1 for all its row tiles.
  void emitBlock(Value image, Value start, int64_t depth, bool first,
                 bool last) {
    int64_t width = tile.vectors * tile.lanes;
    int64_t fullTiles = columns / width, tailColumns = columns % width;
    Step step{start, depth, first, last};
    if (fullTiles > 0)
      forTiles(0, fullTiles * width, width,
               [&](Value column) { emitColumns(image, column, width, step); });
    if (tailColumns > 0)
      emitColumns(image, index(fullTiles * width), tailColumns, step);
  }

  /// The row tiles of `tileColumns` columns from `column` of image `image`.
  void emitColumns(Value image, Value column, int64_t tileColumns,
                   const Step &step) {
    int64_t fullTiles = rows / tile.rows, tailRows = rows % tile.rows;
    if (fullTiles > 0)
      forTiles(0, fullTiles * tile.rows, tile.rows, [&](Value row) {
        emitTile(image, row, column, tile.rows, tileColumns, step);
      });
    if (tailRows > 0)
      emitTile(image, index(fullTiles * tile.rows), column, tailRows,
               tileColumns, step);
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

    // The bias of each row (plus the residual) starts the accumulators of
    // the first block, the partial sums in `init` those of the others.
    SmallVector<Value> accumulators;
    for (int64_t i = 0; i < tileRows; ++i) {
      Value bias;
      if (step.first)
        bias = b.create<vector::BroadcastOp>(
            loc, vectorType,
            b.create<memref::LoadOp>(loc, op.getBias(),
                                     ValueRange{add(row, i)}));
      for (int64_t v = 0; v < vectors; ++v) {
        SmallVector<Value> indices = {image, add(row, i), columnStarts[v]};
        if (!step.first)
          accumulators.push_back(load(op.getInit(), indices, lanesOf(v)));
        else if (op.getResidual())
          accumulators.push_back(b.create<arith::AddFOp>(
              loc, bias, load(op.getResidual(), indices, lanesOf(v))));
        else
          accumulators.push_back(bias);
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
            load(op.getRhs(), {image, k, columnStarts[v]}, lanesOf(v)));
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
        SmallVector<Value> indices = {image, add(row, i), columnStarts[v]};
        if (lanesOf(v) == tile.lanes)
          b.create<vector::StoreOp>(loc, value, op.getInit(), indices);
        else
          b.create<vector::MaskedStoreOp>(loc, op.getInit(), indices,
                                          mask(lanesOf(v)), value);
      }
  }

  FmaMatmulOp op;
  int64_t rows = 0, reduction = 0, batch = 0, columns = 0;
  FmaTile tile;
  VectorType vectorType;
};

} // namespace

void mlir::qnn::lowerFmaMatmul(OpBuilder &b, FmaMatmulOp op) {
  FmaMatmulEmitter(b, op).emit();
}
