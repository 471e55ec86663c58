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
    auto initType = cast<MemRefType>(op.getInit().getType());
    channelsLast = op.getChannelsLast();
    rows = initType.getDimSize(initType.getRank() - 2);
    reduction = op.getReductionLength();
    batch = channelsLast ? 1 : rhsType.getDimSize(0);
    columns = initType.getShape().back();
    // Channels last, the tile is as wide as the panels the weights were
    // packed in.
    tile = channelsLast ? getFmaTileOfVectors(
                              op.getIsa(), rhsType.getDimSize(2) /
                                               getFmaTile(op.getIsa(), 1).lanes)
                        : getFmaTile(op.getIsa(), columns);
    vectorType = VectorType::get({tile.lanes}, b.getF32Type());
    lhs = op.getLhs();
    positions = 1;
    run = reduction;
    if (op.readsWindows()) {
      ArrayRef<int64_t> shape = lhsType.getShape(), kernel = *op.getKernel();
      window = Window{kernel[0],
                      kernel[1],
                      op.getStrides()[0],
                      op.getStrides()[1],
                      op.getDilations()[0],
                      op.getDilations()[1],
                      shape[1],
                      shape[3]};
      window->outH = (shape[1] - (kernel[0] - 1) * window->dilationH - 1) /
                         window->strideH +
                     1;
      window->outW = (shape[2] - (kernel[1] - 1) * window->dilationW - 1) /
                         window->strideW +
                     1;
      // The (kw, c) of a window row are consecutive in the input when
      // DW = 1: one run of KW C floats along a (N H) x (W C) view.
      // Depthwise, a window position is one step.
      SmallVector<ReassociationIndices> rowsAndRuns = {{0, 1}, {2, 3}};
      depthwise = op.getDepthwise();
      window->rowRuns =
          !depthwise && (window->dilationW == 1 || window->kernelW == 1) &&
          memref::CollapseShapeOp::isGuaranteedCollapsible(lhsType,
                                                           rowsAndRuns);
      positions =
          window->rowRuns ? window->kernelH : window->kernelH * window->kernelW;
      run = window->rowRuns ? window->kernelW * window->channels
            : depthwise     ? 1
                            : window->channels;
      if (window->rowRuns)
        lhs = b.create<memref::CollapseShapeOp>(loc, lhs, rowsAndRuns);
      // Each row keeps its own pointer into the input: at most 8 of them.
      tile.rows = std::min<int64_t>(tile.rows, 8);
    }
  }

  void emit() {
    // The reduction in blocks of at most `depth` steps: the first starts
    // the accumulators from the bias (and residual), the later ones from
    // the partial sums stored by the one before, and only the last clamps.
    // A block is whole runs of window positions, or part of one run.
    int64_t depth = getFmaReductionBlock(op.getIsa(), rows, reduction, columns,
                                         channelsLast);
    if (depth >= run) {
      blockPositions = std::min(positions, depth / run);
      blockPositions = llvm::divideCeil(
          positions, llvm::divideCeil(positions, blockPositions));
      blockRun = run;
    } else {
      blockPositions = 1;
      blockRun = llvm::divideCeil(run, llvm::divideCeil(run, depth));
    }
    runBlocks = llvm::divideCeil(run, blockRun);
    int64_t blocks = llvm::divideCeil(positions, blockPositions) * runBlocks;
    forTiles(0, batch, 1, [&](Value image) {
      emitBlock(image, index(0), /*first=*/true, /*last=*/blocks == 1);
      if (blocks > 2)
        forLoop(1, blocks - 1, 1, [&](Value block) {
          emitBlock(image, block, /*first=*/false, /*last=*/false);
        });
      if (blocks > 1)
        emitBlock(image, index(blocks - 1), /*first=*/false, /*last=*/true);
    });
  }

private:
  /// The geometry of windows read in place from a padded NHWC input.
  struct Window {
    int64_t kernelH, kernelW, strideH, strideW, dilationH, dilationW;
    int64_t height, channels;
    int64_t outH = 0, outW = 0;
    /// Whether lhs is the (N H) x (W C) view, a position being a window row.
    bool rowRuns = false;
  };

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

  Value mul(Value lhs, int64_t rhs) {
    return rhs == 1 ? lhs
                    : b.create<arith::MulIOp>(loc, lhs, index(rhs)).getResult();
  }
  Value add(Value lhs, Value rhs) {
    return b.create<arith::AddIOp>(loc, lhs, rhs);
  }
  using LoopBuilder::add;
  Value min(Value lhs, int64_t rhs) {
    return b.create<arith::MinSIOp>(loc, lhs, index(rhs));
  }

  /// The indices of an element of the batched operands (rhs, residual,
  /// init): with the image first in the NCHW form, without it in the
  /// channels-last one.
  SmallVector<Value> at(Value image, Value i, Value j) {
    if (channelsLast)
      return {i, j};
    return {image, i, j};
  }

  /// The reduction steps of one block: window positions [p0, p1), and in
  /// each the run [j0, j1) (k = p run + j); whether it is the first or
  /// the last block.
  struct Step {
    Value p0, p1, j0, j1;
    bool first, last;
  };

  /// All tiles of reduction block `block` of image `image`, with the
  /// weights' loop inside: in the NCHW form the column tiles outside, so
  /// that the rhs panel of one (a block x NR floats) stays in L1 for all
  /// its row tiles; channels-last the row tiles outside, so that their lhs
  /// rows stay in L1 for all the panels.
  void emitBlock(Value image, Value block, bool first, bool last) {
    Value positionBlock =
        b.create<arith::DivUIOp>(loc, block, index(runBlocks));
    Value runBlock = b.create<arith::RemUIOp>(loc, block, index(runBlocks));
    Value p0 = mul(positionBlock, blockPositions);
    Value j0 = mul(runBlock, blockRun);
    Step step{p0,
              positions % blockPositions
                  ? min(add(p0, blockPositions), positions)
                  : add(p0, blockPositions),
              j0,
              run % blockRun ? min(add(j0, blockRun), run) : add(j0, blockRun),
              first,
              last};
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
        SmallVector<SmallVector<Value>> starts = rowStarts(row, tileRows);
        columnTiles([&](Value column, int64_t tileColumns) {
          emitTile(image, row, starts, column, tileRows, tileColumns, step);
        });
      });
    else
      columnTiles([&](Value column, int64_t tileColumns) {
        rowTiles([&](Value row, int64_t tileRows) {
          emitTile(image, row, rowStarts(row, tileRows), column, tileRows,
                   tileColumns, step);
        });
      });
  }

  /// Per row of the tile from `row`, where its lhs row starts: {row} for
  /// a matrix; for windows of output pixel (n, oh, ow), {n H + oh SH,
  /// ow SW C} along the (N H) x (W C) view, else {n, oh SH, ow SW}.
  SmallVector<SmallVector<Value>> rowStarts(Value row, int64_t tileRows) {
    SmallVector<SmallVector<Value>> starts;
    for (int64_t i = 0; i < tileRows; ++i) {
      Value m = add(row, i);
      if (!window) {
        starts.push_back({m});
        continue;
      }
      int64_t pixels = window->outH * window->outW;
      Value n = b.create<arith::DivUIOp>(loc, m, index(pixels));
      Value pixel = b.create<arith::RemUIOp>(loc, m, index(pixels));
      Value h = mul(b.create<arith::DivUIOp>(loc, pixel, index(window->outW)),
                    window->strideH);
      Value w = mul(b.create<arith::RemUIOp>(loc, pixel, index(window->outW)),
                    window->strideW);
      if (window->rowRuns)
        starts.push_back(
            {add(mul(n, window->height), h), mul(w, window->channels)});
      else
        starts.push_back({n, h, w});
    }
    return starts;
  }

  /// The lhs indices of row start `start` at window position `p` (kernel
  /// row `kh`, column `kw`) but the last, and what the last adds the run's
  /// index to (none: the index itself).
  std::pair<SmallVector<Value>, Value> positionIndices(ArrayRef<Value> start,
                                                       Value kh, Value kw) {
    if (!window)
      return {{start[0]}, Value()};
    if (window->rowRuns)
      return {{add(start[0], mul(kh, window->dilationH))}, start[1]};
    return {{start[0], add(start[1], mul(kh, window->dilationH)),
             add(start[2], mul(kw, window->dilationW))},
            Value()};
  }

  /// One tile of `tileRows` rows from `row` (whose lhs rows start at
  /// `starts`) and `tileColumns` columns from `column`, over the reduction
  /// steps of `step`.
  void emitTile(Value image, Value row, ArrayRef<SmallVector<Value>> starts,
                Value column, int64_t tileRows, int64_t tileColumns,
                const Step &step) {
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

    // Per window position, the rows' lhs indices; inside, along the run.
    auto positionLoop = [&](Value p, ValueRange start) {
      // Window position p is kernel row p (a run is the whole row) or
      // (p / KW, p % KW).
      Value kh = p, kw;
      if (window && !window->rowRuns) {
        kh = b.create<arith::DivUIOp>(loc, p, index(window->kernelW));
        kw = b.create<arith::RemUIOp>(loc, p, index(window->kernelW));
      }
      SmallVector<std::pair<SmallVector<Value>, Value>> rowIndices;
      for (int64_t i = 0; i < tileRows; ++i)
        rowIndices.push_back(positionIndices(starts[i], kh, kw));
      Value runStart = positions == 1 ? Value() : mul(p, run);
      auto loop = b.create<scf::ForOp>(loc, step.j0, step.j1, index(1), start);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value j = loop.getInductionVar();
      ValueRange current = loop.getRegionIterArgs();
      Value k = runStart ? add(runStart, j) : j;
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
        auto [indices, runBase] = rowIndices[i];
        if (depthwise) {
          // The input's channels of the tile's columns, not one broadcast.
          for (int64_t v = 0; v < vectors; ++v) {
            SmallVector<Value> channels = indices;
            channels.push_back(columnStarts[v]);
            next.push_back(
                b.create<vector::FMAOp>(loc, load(lhs, channels, lanesOf(v)),
                                        inputs[v], current[i * vectors + v]));
          }
          continue;
        }
        indices.push_back(runBase ? add(runBase, j) : j);
        Value weight = b.create<vector::BroadcastOp>(
            loc, vectorType, b.create<memref::LoadOp>(loc, lhs, indices));
        for (int64_t v = 0; v < vectors; ++v)
          next.push_back(b.create<vector::FMAOp>(
              loc, weight, inputs[v], current[i * vectors + v]));
      }
      b.create<scf::YieldOp>(loc, next);
      return loop.getResults();
    };
    SmallVector<Value> results;
    if (blockPositions == 1) {
      results = positionLoop(step.p0, accumulators);
    } else if (depthwise && blockPositions == positions) {
      // A depthwise window is a few steps of one FMA per accumulator: its
      // positions unrolled, so that each row's loads are at constant
      // offsets from its start.
      results = accumulators;
      for (int64_t p = 0; p < positions; ++p)
        results = positionLoop(index(p), results);
    } else {
      auto loop =
          b.create<scf::ForOp>(loc, step.p0, step.p1, index(1), accumulators);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      b.create<scf::YieldOp>(
          loc, positionLoop(loop.getInductionVar(), loop.getRegionIterArgs()));
      results = loop.getResults();
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
        Value value = results[i * vectors + v];
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
  /// The lhs the loads read (the op's, or its (N H) x (W C) view).
  Value lhs;
  std::optional<Window> window;
  /// Whether the windows are a depthwise convolution's (the lhs channels
  /// are the columns).
  bool depthwise = false;
  /// The reduction as `positions` runs of `run` steps (one run of K for a
  /// matrix lhs), and a block as `blockPositions` runs or `blockRun` steps
  /// of one (`runBlocks` per run).
  int64_t positions = 1, run = 0, blockPositions = 1, blockRun = 0,
          runBlocks = 1;
};

} // namespace

void mlir::qnn::lowerFmaMatmul(OpBuilder &b, FmaMatmulOp op) {
  FmaMatmulEmitter(b, op).emit();
}
