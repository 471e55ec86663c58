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
    forTiles(0, batch, 1, [&](Value image) {
      int64_t width = tile.vectors * tile.lanes;
      int64_t fullTiles = columns / width, tailColumns = columns % width;
      if (fullTiles > 0)
        forTiles(0, fullTiles * width, width, [&](Value column) {
          emitColumns(image, column, width);
        });
      if (tailColumns > 0)
        emitColumns(image, index(fullTiles * width), tailColumns);
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

  /// The row tiles of `tileColumns` columns from `column` of image `image`.
  void emitColumns(Value image, Value column, int64_t tileColumns) {
    int64_t fullTiles = rows / tile.rows, tailRows = rows % tile.rows;
    if (fullTiles > 0)
      forTiles(0, fullTiles * tile.rows, tile.rows, [&](Value row) {
        emitTile(image, row, column, tile.rows, tileColumns);
      });
    if (tailRows > 0)
      emitTile(image, index(fullTiles * tile.rows), column, tailRows,
               tileColumns);
  }

  /// One tile of `tileRows` rows from `row` and `tileColumns` columns from
  /// `column`.
  void emitTile(Value image, Value row, Value column, int64_t tileRows,
                int64_t tileColumns) {
    int64_t vectors = llvm::divideCeil(tileColumns, tile.lanes);
    auto lanesOf = [&](int64_t v) {
      return std::min(tile.lanes, tileColumns - v * tile.lanes);
    };
    SmallVector<Value> columnStarts;
    for (int64_t v = 0; v < vectors; ++v)
      columnStarts.push_back(add(column, v * tile.lanes));

    // The bias of each row (plus the residual) starts its accumulators.
    SmallVector<Value> accumulators;
    for (int64_t i = 0; i < tileRows; ++i) {
      Value bias = b.create<vector::BroadcastOp>(
          loc, vectorType,
          b.create<memref::LoadOp>(loc, op.getBias(), ValueRange{add(row, i)}));
      for (int64_t v = 0; v < vectors; ++v)
        accumulators.push_back(
            op.getResidual()
                ? b.create<arith::AddFOp>(
                      loc, bias,
                      load(op.getResidual(), {image, add(row, i), columnStarts[v]},
                           lanesOf(v)))
                : bias);
    }

    auto loop = b.create<scf::ForOp>(loc, index(0), index(reduction), index(1),
                                     accumulators);
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

    std::optional<APFloat> lower = op.getClampMin(), upper = op.getClampMax();
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
