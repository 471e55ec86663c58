//===- LowerBitSerialMatmul.cpp - qnn.bitserial_matmul to loops -*- C++ -*-===//
//
// Lowers qnn.bitserial_matmul on memrefs to scf loops over vector and arith
// ops: register tiles of accumulators carried through the word loop, over
// weights in rows or in panels (docs/kernels.md).
//
//===----------------------------------------------------------------------===//

#include "LowerBitSerialMatmul.h"
#include "KernelBuilder.h"
#include "qnn/Dialect/QNN/Utils/BitPlanes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

int64_t KernelTiling::getDefaultRegisterBudget(int64_t lanes) {
  // The largest budgets for which llc 19 compiled the word loops of every
  // plane count from 1 x 1 to 8 x 8 without a spill (docs/kernels.md). The
  // popcount needs registers besides the tile's: the constants and
  // temporaries of the shuffle-table count on AVX2 and of the bit-twiddling
  // count on SSE2 and on x86-64 without POPCNT. AVX-512 has 32 vector
  // registers, AVX2 and SSE2 16, x86-64 16 general-purpose ones.
  switch (lanes) {
  case 8:
    return 24;
  case 4:
    return 11;
  case 2:
    return 10;
  default:
    return 7;
  }
}

KernelTiling KernelTiling::forRowLength(int64_t words) const {
  if (lanes == 1 || words >= lanes)
    return *this;
  KernelTiling scalar = *this;
  scalar.lanes = 1;
  if (registerBudget == getDefaultRegisterBudget(lanes))
    scalar.registerBudget = getDefaultRegisterBudget(1);
  return scalar;
}

int64_t KernelTiling::getPanelBudget() const {
  // llc 19 kept a 6 x 4 tile of zmm accumulators (24), the 4 panel words and
  // the broadcast word in registers (docs/kernels.md); elsewhere the budget
  // of the rows layout.
  if (lanes == 8 && registerBudget == getDefaultRegisterBudget(8))
    return 29;
  return registerBudget;
}

/// Registers of a rows-layout tile: its accumulators and each loaded word
/// of a plane, live while the tile uses it.
static int64_t getRowTileCost(int64_t tileRows, int64_t tileCols,
                              int64_t lhsPlanes, int64_t rhsPlanes) {
  return tileRows * tileCols + lhsPlanes * tileRows + rhsPlanes * tileCols;
}

/// Registers of a panel tile: its accumulators (`classes` per output), the
/// panel words of every rhs plane and the broadcast words of one row.
static int64_t getPanelTileCost(int64_t tileRows, int64_t tilePanels,
                                int64_t lhsPlanes, int64_t rhsPlanes,
                                int64_t classes = 1) {
  return classes * tileRows * tilePanels + rhsPlanes * tilePanels + lhsPlanes;
}

std::pair<int64_t, int64_t> KernelTiling::chooseTile(int64_t rows, int64_t cols,
                                                     TileCost cost,
                                                     bool panels) const {
  auto candidates = [](int64_t fixed, int64_t extent) {
    if (fixed != 0)
      return std::make_pair(fixed, fixed);
    return std::make_pair(int64_t(1),
                          std::max<int64_t>(1, std::min(kMaxTile, extent)));
  };
  int64_t budget = panels ? getPanelBudget() : registerBudget;
  auto [rowLow, rowHigh] = candidates(rowTile, rows);
  auto [colLow, colHigh] = candidates(colTile, cols);
  std::pair<int64_t, int64_t> best = {rowLow, colLow};
  for (int64_t tileRows = rowLow; tileRows <= rowHigh; ++tileRows) {
    for (int64_t tileCols = colLow; tileCols <= colHigh; ++tileCols) {
      bool fixed = rowTile != 0 && colTile != 0;
      if (cost(tileRows, tileCols) > budget && !fixed)
        continue;
      // More outputs per loaded word first, then the squarer tile, which
      // loads fewer words for the same outputs.
      int64_t area = tileRows * tileCols, bestArea = best.first * best.second;
      if (area > bestArea ||
          (area == bestArea && tileRows + tileCols < best.first + best.second))
        best = {tileRows, tileCols};
    }
  }
  return best;
}

std::pair<int64_t, int64_t> KernelTiling::choosePlaneBlocks(int64_t lhsPlanes,
                                                            int64_t rhsPlanes,
                                                            TileCost cost,
                                                            bool panels) const {
  int64_t budget = panels ? getPanelBudget() : registerBudget;
  if (cost(lhsPlanes, rhsPlanes) <= budget)
    return {lhsPlanes, rhsPlanes};
  // Most plane pairs per pass over the words, then the fewest words loaded
  // per pair.
  std::pair<int64_t, int64_t> best = {1, 1};
  for (int64_t lhsBlock = 1; lhsBlock <= lhsPlanes; ++lhsBlock) {
    for (int64_t rhsBlock = 1; rhsBlock <= rhsPlanes; ++rhsBlock) {
      if (cost(lhsBlock, rhsBlock) > budget)
        continue;
      int64_t count = lhsBlock * rhsBlock;
      int64_t bestCount = best.first * best.second;
      if (count > bestCount ||
          (count == bestCount &&
           cost(lhsBlock, rhsBlock) < cost(best.first, best.second)))
        best = {lhsBlock, rhsBlock};
    }
  }
  return best;
}

namespace {

/// Sign of plane `plane` of a code with `planes` planes: the top plane of a
/// two's-complement code weighs -2^(planes-1).
bool isNegativePlane(Encoding encoding, int64_t plane, int64_t planes) {
  return encoding == Encoding::Signed && plane == planes - 1;
}

//===----------------------------------------------------------------------===//
// qnn.bitserial_matmul
//===----------------------------------------------------------------------===//

/// One (lhs plane, rhs plane) term of the popcount sum:
/// `(negate ? -1 : 1) * 2^shift * popcount(lhs plane op rhs plane)`.
struct PlanePair {
  int64_t lhsPlane;
  int64_t rhsPlane;
  int64_t shift;
  bool negate;
};

/// Emits the loops of one memref-form qnn.bitserial_matmul.
///
/// For a tile of `rowTile` x `colTile` outputs the accumulators are the
/// loop-carried values of the word loop, so they stay in registers, and each
/// loaded group of `lanes` words of a row or column serves a whole column or
/// row of the tile.
class MatmulEmitter : KernelBuilder {
public:
  MatmulEmitter(RewriterBase &b, BitSerialMatmulOp op,
                const KernelTiling &tiling);
  void emit();

private:
  Type groupType() const;
  Value loadGroup(Value planes, int64_t plane, Value row, Value word,
                  Value mask);
  SmallVector<Value> emitWordStep(ArrayRef<PlanePair> stepPairs,
                                  ArrayRef<Value> rowIndices,
                                  ArrayRef<Value> colIndices, Value word,
                                  Value mask, ArrayRef<Value> accumulators);
  SmallVector<Value> emitWordLoop(ArrayRef<PlanePair> loopPairs,
                                  ArrayRef<Value> rowIndices,
                                  ArrayRef<Value> colIndices,
                                  ArrayRef<Value> accumulators);
  void accumulate(Value &accumulator, const PlanePair &pair, Value lhsWord,
                  Value rhsWord);
  Value finish(Value sum, Value codeSum);
  void forEachPlaneBlock(int64_t lhsBlock, int64_t rhsBlock,
                         function_ref<void(ArrayRef<PlanePair>)> body);
  void emitTile(Value rowStart, int64_t tileRows, Value colStart,
                int64_t tileCols);
  Value emitCodeSums(Value planes, int64_t numPlanes, int64_t numRows,
                     Encoding encoding, int64_t width = 0);

  // The panel layout of rhs (rhs planes x panels x words x width).
  SmallVector<Value> emitPanelStep(ArrayRef<PlanePair> stepPairs,
                                   ArrayRef<Value> rowIndices,
                                   ArrayRef<Value> panelIndices, Value word,
                                   ArrayRef<Value> accumulators);
  void emitPanelTile(Value rowStart, int64_t tileRows, Value panelStart,
                     int64_t tilePanels);

  BitSerialMatmulOp op;
  Value lhs, rhs, init;
  KernelTiling tiling;
  int64_t lhsPlanes, rhsPlanes, rows, cols, words;
  /// Rows per rhs panel (the vector width of the panel loop), or 0 for the
  /// rows layout.
  int64_t panelWidth = 0;
  /// The panel loop's shift classes: the distinct shifts of the plane
  /// pairs, one accumulator each per output, which take their popcounts
  /// unshifted (added or subtracted) and are shifted once in `finish`.
  /// Empty: one accumulator per output, every popcount shifted in the loop.
  SmallVector<int64_t> shiftClasses;
  Type accumulatorType;
  SmallVector<PlanePair> pairs;
  /// Bipolar x bipolar: `xor`, and the result is `K - 2 popcount`.
  bool bipolarProduct = false;
  /// Code sums of the rows of the non-bipolar side when the other side is
  /// bipolar (memref<rows x i64>), or null.
  Value lhsCodeSums, rhsCodeSums;
};

MatmulEmitter::MatmulEmitter(RewriterBase &b, BitSerialMatmulOp op,
                             const KernelTiling &tiling)
    : KernelBuilder(b, op), op(op), lhs(op.getLhs()), rhs(op.getRhs()),
      init(op.getInit()), tiling(tiling) {
  auto lhsShape = cast<MemRefType>(lhs.getType()).getShape();
  auto rhsShape = cast<MemRefType>(rhs.getType()).getShape();
  lhsPlanes = lhsShape[0];
  rhsPlanes = rhsShape[0];
  rows = lhsShape[1];
  cols = cast<MemRefType>(init.getType()).getDimSize(1);
  words = lhsShape[2];
  if (rhsShape.size() == 4) {
    // The panel width is the vector width; a default budget follows it.
    panelWidth = rhsShape[3];
    if (tiling.registerBudget ==
        KernelTiling::getDefaultRegisterBudget(tiling.lanes))
      this->tiling.registerBudget =
          KernelTiling::getDefaultRegisterBudget(panelWidth);
    this->tiling.lanes = panelWidth;
  } else {
    this->tiling = tiling.forRowLength(words);
  }
  accumulatorType = cast<MemRefType>(init.getType()).getElementType();

  Encoding lhsEncoding = op.getLhsEncoding(), rhsEncoding = op.getRhsEncoding();
  bool lhsBipolar = lhsEncoding == Encoding::Bipolar;
  bool rhsBipolar = rhsEncoding == Encoding::Bipolar;
  if (lhsBipolar && rhsBipolar) {
    // sum a*b = K - 2 popcount(A xor B): padding bits are 0 on both sides,
    // so they never count as a mismatch.
    bipolarProduct = true;
    pairs.push_back({0, 0, 0, false});
    return;
  }
  // With a = 2A - 1 on a bipolar side, sum a*b_t = 2 popcount(A and B_t) -
  // popcount(B_t): the factor 2 joins the plane's shift, and the second
  // term, summed over the planes, is the code sum of the other side's row.
  for (int64_t s = 0; s < lhsPlanes; ++s)
    for (int64_t t = 0; t < rhsPlanes; ++t)
      pairs.push_back({s, t, s + t + (lhsBipolar || rhsBipolar ? 1 : 0),
                       isNegativePlane(lhsEncoding, s, lhsPlanes) !=
                           isNegativePlane(rhsEncoding, t, rhsPlanes)});
}

Type MatmulEmitter::groupType() const {
  if (tiling.lanes == 1)
    return b.getI64Type();
  return VectorType::get({tiling.lanes}, b.getI64Type());
}

/// Loads `lanes` words of row `row` of plane `plane`. With `mask`, lanes off
/// the mask read as 0, which adds nothing to any popcount.
Value MatmulEmitter::loadGroup(Value planes, int64_t plane, Value row,
                               Value word, Value mask) {
  SmallVector<Value> indices = {index(plane), row, word};
  if (tiling.lanes == 1)
    return b.create<memref::LoadOp>(loc, planes, indices);
  Type type = groupType();
  if (!mask)
    return b.create<vector::LoadOp>(loc, type, planes, indices);
  return b.create<vector::MaskedLoadOp>(loc, type, planes, indices, mask,
                                        integer(type, 0));
}

/// One step of the word loop: for every plane pair and every output of the
/// tile, accumulator +-= popcount(lhs words op rhs words) << shift. A null
/// accumulator stands for zero.
SmallVector<Value> MatmulEmitter::emitWordStep(ArrayRef<PlanePair> stepPairs,
                                               ArrayRef<Value> rowIndices,
                                               ArrayRef<Value> colIndices,
                                               Value word, Value mask,
                                               ArrayRef<Value> accumulators) {
  int64_t tileCols = colIndices.size();
  SmallVector<Value> result(accumulators);
  // The words of each row and column are loaded once per step and reused
  // across the tile.
  DenseMap<int64_t, SmallVector<Value>> lhsGroups, rhsGroups;
  auto groupsOf = [&](DenseMap<int64_t, SmallVector<Value>> &cache,
                      Value planes, int64_t plane,
                      ArrayRef<Value> indices) -> ArrayRef<Value> {
    auto [it, inserted] = cache.try_emplace(plane);
    if (inserted)
      for (Value row : indices)
        it->second.push_back(loadGroup(planes, plane, row, word, mask));
    return it->second;
  };
  for (const PlanePair &pair : stepPairs) {
    ArrayRef<Value> lhsWords =
        groupsOf(lhsGroups, lhs, pair.lhsPlane, rowIndices);
    ArrayRef<Value> rhsWords =
        groupsOf(rhsGroups, rhs, pair.rhsPlane, colIndices);
    for (auto [i, lhsWord] : llvm::enumerate(lhsWords))
      for (auto [j, rhsWord] : llvm::enumerate(rhsWords))
        accumulate(result[i * tileCols + j], pair, lhsWord, rhsWord);
  }
  return result;
}

/// accumulator +-= popcount(lhsWord op rhsWord) << shift for one plane pair.
void MatmulEmitter::accumulate(Value &accumulator, const PlanePair &pair,
                               Value lhsWord, Value rhsWord) {
  Type type = lhsWord.getType();
  Value bits = bipolarProduct
                   ? b.create<arith::XOrIOp>(loc, lhsWord, rhsWord).getResult()
                   : b.create<arith::AndIOp>(loc, lhsWord, rhsWord).getResult();
  Value count = b.create<math::CtPopOp>(loc, bits);
  if (pair.shift != 0)
    count = b.create<arith::ShLIOp>(loc, count, integer(type, pair.shift));
  if (pair.negate)
    accumulator = b.create<arith::SubIOp>(
        loc, accumulator ? accumulator : integer(type, 0), count);
  else
    accumulator =
        accumulator ? b.create<arith::AddIOp>(loc, accumulator, count) : count;
}

/// Adds the products of `loopPairs` over all words to the accumulators:
/// whole groups of `lanes` words in a loop, then the remaining words in one
/// step whose masked loads read zeros past the end of the row.
SmallVector<Value> MatmulEmitter::emitWordLoop(ArrayRef<PlanePair> loopPairs,
                                               ArrayRef<Value> rowIndices,
                                               ArrayRef<Value> colIndices,
                                               ArrayRef<Value> accumulators) {
  int64_t lanes = tiling.lanes;
  SmallVector<Value> result(accumulators);
  int64_t fullWords = words / lanes * lanes;
  if (fullWords == lanes) {
    result = emitWordStep(loopPairs, rowIndices, colIndices, index(0), nullptr,
                          result);
  } else if (fullWords > lanes) {
    SmallVector<Value> initial;
    for (Value accumulator : result)
      initial.push_back(accumulator ? accumulator : integer(groupType(), 0));
    auto wordLoop =
        loop(0, fullWords, lanes, initial, [&](Value word, ValueRange carried) {
          return emitWordStep(loopPairs, rowIndices, colIndices, word, nullptr,
                              llvm::to_vector(carried));
        });
    result.assign(wordLoop.getResults().begin(), wordLoop.getResults().end());
  }
  if (fullWords < words)
    result = emitWordStep(loopPairs, rowIndices, colIndices, index(fullWords),
                          prefixMask(lanes, words - fullWords), result);
  return result;
}

/// Computes the outputs [rowStart, rowStart + tileRows) x [colStart,
/// colStart + tileCols) and adds them to `init`.
void MatmulEmitter::emitTile(Value rowStart, int64_t tileRows, Value colStart,
                             int64_t tileCols) {
  SmallVector<Value> rowIndices, colIndices;
  for (int64_t i = 0; i < tileRows; ++i)
    rowIndices.push_back(offsetIndex(rowStart, i));
  for (int64_t j = 0; j < tileCols; ++j)
    colIndices.push_back(offsetIndex(colStart, j));

  SmallVector<Value> accumulators(tileRows * tileCols, Value());
  auto [lhsBlock, rhsBlock] = tiling.choosePlaneBlocks(
      lhsPlanes, rhsPlanes, [&](int64_t lhsBlock, int64_t rhsBlock) {
        return getRowTileCost(tileRows, tileCols, lhsBlock, rhsBlock);
      });
  forEachPlaneBlock(lhsBlock, rhsBlock, [&](ArrayRef<PlanePair> blockPairs) {
    accumulators =
        emitWordLoop(blockPairs, rowIndices, colIndices, accumulators);
  });

  for (int64_t i = 0; i < tileRows; ++i) {
    for (int64_t j = 0; j < tileCols; ++j) {
      Value sum = accumulators[i * tileCols + j];
      if (tiling.lanes > 1)
        sum =
            b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, sum);
      Value codeSum;
      if (rhsCodeSums)
        codeSum = b.create<memref::LoadOp>(loc, rhsCodeSums, colIndices[j]);
      else if (lhsCodeSums)
        codeSum = b.create<memref::LoadOp>(loc, lhsCodeSums, rowIndices[i]);
      sum = finish(sum, codeSum);
      SmallVector<Value> outputIndex = {rowIndices[i], colIndices[j]};
      Value old = b.create<memref::LoadOp>(loc, init, outputIndex);
      b.create<memref::StoreOp>(loc, b.create<arith::AddIOp>(loc, old, sum),
                                init, outputIndex);
    }
  }
}

/// Calls `body` with the pairs of each block of `lhsBlock` x `rhsBlock`
/// planes in turn; each block gets its own word loop, and the accumulators
/// carry over from block to block.
void MatmulEmitter::forEachPlaneBlock(
    int64_t lhsBlock, int64_t rhsBlock,
    function_ref<void(ArrayRef<PlanePair>)> body) {
  for (int64_t s0 = 0; s0 < lhsPlanes; s0 += lhsBlock) {
    for (int64_t t0 = 0; t0 < rhsPlanes; t0 += rhsBlock) {
      SmallVector<PlanePair> blockPairs;
      for (const PlanePair &pair : pairs)
        if (pair.lhsPlane >= s0 && pair.lhsPlane < s0 + lhsBlock &&
            pair.rhsPlane >= t0 && pair.rhsPlane < t0 + rhsBlock)
          blockPairs.push_back(pair);
      body(blockPairs);
    }
  }
}

/// The exact sum of code products from the popcount sum `sum` (i64, or a
/// vector of them): `K - 2 sum` for bipolar x bipolar, `sum - codeSum` when
/// one side is bipolar; truncated to the accumulator type.
Value MatmulEmitter::finish(Value sum, Value codeSum) {
  Type type = sum.getType();
  if (bipolarProduct) {
    Value twice = b.create<arith::ShLIOp>(loc, sum, integer(type, 1));
    sum = b.create<arith::SubIOp>(loc, integer(type, op.getReductionLength()),
                                  twice);
  } else if (codeSum) {
    sum = b.create<arith::SubIOp>(loc, sum, codeSum);
  }
  // The verifier guarantees that the exact sum fits the accumulator.
  if (accumulatorType == b.getI64Type())
    return sum;
  Type truncated = accumulatorType;
  if (auto vectorType = dyn_cast<VectorType>(type))
    truncated = vectorType.clone(accumulatorType);
  return b.create<arith::TruncIOp>(loc, truncated, sum);
}

/// Sums the codes of every row of `planes`, `sum_t c_t 2^t popcount(P_t[row])`,
/// into a new memref<numRows x i64>. With `width` rows per panel (the panel
/// layout), a vector of `width` sums per panel, and numRows rounded up to
/// whole panels. The buffer lives on the stack, allocated at the start of
/// the enclosing allocation scope so that a matmul inside a loop does not
/// grow the stack.
Value MatmulEmitter::emitCodeSums(Value planes, int64_t numPlanes,
                                  int64_t numRows, Encoding encoding,
                                  int64_t width) {
  int64_t items = width ? getPanelCount(numRows, width) : numRows;
  Value sums;
  {
    OpBuilder::InsertionGuard guard(b);
    if (Operation *scope =
            op->getParentWithTrait<OpTrait::AutomaticAllocationScope>())
      b.setInsertionPointToStart(&scope->getRegion(0).front());
    sums = b.create<memref::AllocaOp>(
        loc,
        MemRefType::get({width ? items * width : numRows}, b.getI64Type()));
  }
  Type type =
      width ? Type(VectorType::get({width}, b.getI64Type())) : b.getI64Type();
  forEachStart(0, items, 1, [&](Value item) {
    auto wordLoop =
        loop(0, words, 1, ValueRange{integer(type, 0)},
             [&](Value word, ValueRange carried) {
               Value sum = carried.front();
               for (int64_t t = 0; t < numPlanes; ++t) {
                 Value planeWords =
                     width ? b.create<vector::LoadOp>(
                                  loc, type, planes,
                                  ValueRange{index(t), item, word, index(0)})
                                 .getResult()
                           : b.create<memref::LoadOp>(
                                  loc, planes, ValueRange{index(t), item, word})
                                 .getResult();
                 Value count = b.create<math::CtPopOp>(loc, planeWords);
                 if (t != 0)
                   count =
                       b.create<arith::ShLIOp>(loc, count, integer(type, t));
                 if (isNegativePlane(encoding, t, numPlanes))
                   sum = b.create<arith::SubIOp>(loc, sum, count);
                 else
                   sum = b.create<arith::AddIOp>(loc, sum, count);
               }
               return SmallVector<Value>{sum};
             });
    if (width)
      b.create<vector::StoreOp>(loc, wordLoop.getResult(0), sums,
                                mulIndex(item, width));
    else
      b.create<memref::StoreOp>(loc, wordLoop.getResult(0), sums, item);
  });
  return sums;
}

void MatmulEmitter::emit() {
  Encoding lhsEncoding = op.getLhsEncoding(), rhsEncoding = op.getRhsEncoding();
  if (lhsEncoding == Encoding::Bipolar && rhsEncoding != Encoding::Bipolar)
    rhsCodeSums = emitCodeSums(rhs, rhsPlanes, cols, rhsEncoding, panelWidth);
  if (rhsEncoding == Encoding::Bipolar && lhsEncoding != Encoding::Bipolar)
    lhsCodeSums = emitCodeSums(lhs, lhsPlanes, rows, lhsEncoding);

  // A tile is rowTile rows x colTile columns (rows layout) or panels (panel
  // layout). Full tiles, then the rows and columns past the last full tile
  // with smaller tiles: every output is computed once. With panels the full
  // tiles hold complete panels only, so that a partial last panel, whose
  // stores are masked, is at a static position.
  int64_t rowTile, colTile, colItems, fullCols;
  if (panelWidth) {
    colItems = getPanelCount(cols, panelWidth);
    std::tie(rowTile, colTile) = tiling.chooseTile(
        rows, colItems,
        [&](int64_t tileRows, int64_t tilePanels) {
          return getPanelTileCost(tileRows, tilePanels, lhsPlanes, rhsPlanes);
        },
        /*panels=*/true);
    // With several shifts, an accumulator per shift class saves the shift
    // and the adds that merge the pairs of one step (per output, 3 vector
    // ops per pair instead of about 4 at 2 x 2 planes) where a tile of at
    // least 2 outputs keeps them in registers.
    SmallVector<int64_t> shifts;
    for (const PlanePair &pair : pairs)
      if (!llvm::is_contained(shifts, pair.shift))
        shifts.push_back(pair.shift);
    auto classCost = [&](int64_t tileRows, int64_t tilePanels) {
      return getPanelTileCost(tileRows, tilePanels, lhsPlanes, rhsPlanes,
                              shifts.size());
    };
    if (shifts.size() > 1) {
      auto [classRows, classPanels] =
          tiling.chooseTile(rows, colItems, classCost, /*panels=*/true);
      if (classCost(classRows, classPanels) <= tiling.getPanelBudget() &&
          classRows * classPanels >= std::min<int64_t>(2, rows * colItems)) {
        shiftClasses = shifts;
        rowTile = classRows;
        colTile = classPanels;
      }
    }
    fullCols = cols / panelWidth / colTile * colTile;
  } else {
    colItems = cols;
    std::tie(rowTile, colTile) =
        tiling.chooseTile(rows, cols, [&](int64_t tileRows, int64_t tileCols) {
          return getRowTileCost(tileRows, tileCols, lhsPlanes, rhsPlanes);
        });
    fullCols = cols / colTile * colTile;
  }
  auto tile = [&](Value rowStart, int64_t tileRows, Value colStart,
                  int64_t tileCols) {
    if (panelWidth)
      emitPanelTile(rowStart, tileRows, colStart, tileCols);
    else
      emitTile(rowStart, tileRows, colStart, tileCols);
  };
  int64_t fullRows = rows / rowTile * rowTile;
  auto emitRowBlock = [&](Value rowStart, int64_t tileRows) {
    forEachStart(0, fullCols, colTile, [&](Value colStart) {
      tile(rowStart, tileRows, colStart, colTile);
    });
    if (fullCols < colItems)
      tile(rowStart, tileRows, index(fullCols), colItems - fullCols);
  };
  forEachStart(0, fullRows, rowTile,
               [&](Value rowStart) { emitRowBlock(rowStart, rowTile); });
  if (fullRows < rows)
    emitRowBlock(index(fullRows), rows - fullRows);
}

/// One word of the panel loop: rhs word `word` of `width` columns is one
/// vector load per panel and plane, the lhs word of each row is broadcast,
/// and every (row, panel) accumulator holds `width` columns' sums.
SmallVector<Value> MatmulEmitter::emitPanelStep(ArrayRef<PlanePair> stepPairs,
                                                ArrayRef<Value> rowIndices,
                                                ArrayRef<Value> panelIndices,
                                                Value word,
                                                ArrayRef<Value> accumulators) {
  int64_t tilePanels = panelIndices.size();
  auto type = VectorType::get({panelWidth}, b.getI64Type());
  SmallVector<Value> result(accumulators);
  DenseMap<int64_t, SmallVector<Value>> rhsGroups;
  for (const PlanePair &pair : stepPairs) {
    auto [it, inserted] = rhsGroups.try_emplace(pair.rhsPlane);
    if (inserted)
      for (Value panel : panelIndices)
        it->second.push_back(b.create<vector::LoadOp>(
            loc, type, rhs,
            ValueRange{index(pair.rhsPlane), panel, word, index(0)}));
  }
  // Row by row, so that each broadcast word is live for one row only.
  for (auto [i, row] : llvm::enumerate(rowIndices)) {
    DenseMap<int64_t, Value> lhsWords;
    for (const PlanePair &pair : stepPairs) {
      Value &lhsWord = lhsWords[pair.lhsPlane];
      if (!lhsWord)
        lhsWord = b.create<vector::BroadcastOp>(
            loc, type,
            b.create<memref::LoadOp>(
                loc, lhs, ValueRange{index(pair.lhsPlane), row, word}));
      // In a shift class, the popcount enters unshifted.
      int64_t classes = std::max<size_t>(1, shiftClasses.size());
      int64_t shiftClass = 0;
      PlanePair term = pair;
      if (!shiftClasses.empty()) {
        shiftClass =
            llvm::find(shiftClasses, pair.shift) - shiftClasses.begin();
        term.shift = 0;
      }
      for (auto [v, rhsWords] : llvm::enumerate(rhsGroups[pair.rhsPlane]))
        accumulate(result[(i * tilePanels + v) * classes + shiftClass], term,
                   lhsWord, rhsWords);
    }
  }
  return result;
}

/// Computes rows [rowStart, rowStart + tileRows) x the columns of panels
/// [panelStart, panelStart + tilePanels) and adds them to `init`; columns
/// past N (the padding rows of the last panel) are not stored.
void MatmulEmitter::emitPanelTile(Value rowStart, int64_t tileRows,
                                  Value panelStart, int64_t tilePanels) {
  SmallVector<Value> rowIndices, panelIndices;
  for (int64_t i = 0; i < tileRows; ++i)
    rowIndices.push_back(offsetIndex(rowStart, i));
  for (int64_t v = 0; v < tilePanels; ++v)
    panelIndices.push_back(offsetIndex(panelStart, v));
  auto type = VectorType::get({panelWidth}, b.getI64Type());

  int64_t classes = std::max<size_t>(1, shiftClasses.size());
  SmallVector<Value> accumulators(tileRows * tilePanels * classes, Value());
  auto [lhsBlock, rhsBlock] = tiling.choosePlaneBlocks(
      lhsPlanes, rhsPlanes,
      [&](int64_t lhsBlock, int64_t rhsBlock) {
        return getPanelTileCost(tileRows, tilePanels, lhsBlock, rhsBlock,
                                classes);
      },
      /*panels=*/true);
  forEachPlaneBlock(lhsBlock, rhsBlock, [&](ArrayRef<PlanePair> blockPairs) {
    auto step = [&](Value word, ArrayRef<Value> carried) {
      return emitPanelStep(blockPairs, rowIndices, panelIndices, word, carried);
    };
    if (words == 1) {
      accumulators = step(index(0), accumulators);
      return;
    }
    SmallVector<Value> initial;
    for (Value accumulator : accumulators)
      initial.push_back(accumulator ? accumulator : integer(type, 0));
    auto wordLoop =
        loop(0, words, 1, initial, [&](Value word, ValueRange carried) {
          return step(word, llvm::to_vector(carried));
        });
    accumulators.assign(wordLoop.getResults().begin(),
                        wordLoop.getResults().end());
  });

  for (int64_t v = 0; v < tilePanels; ++v) {
    // Only the last panel can be partial, and it is at a static position.
    std::optional<int64_t> panel = getConstantIntValue(panelIndices[v]);
    int64_t valid =
        panel ? std::min(panelWidth, cols - *panel * panelWidth) : panelWidth;
    Value col = mulIndex(panelIndices[v], panelWidth);
    Value codeSum;
    if (rhsCodeSums)
      codeSum = b.create<vector::LoadOp>(loc, type, rhsCodeSums, col);
    for (int64_t i = 0; i < tileRows; ++i) {
      if (lhsCodeSums)
        codeSum = b.create<vector::BroadcastOp>(
            loc, type,
            b.create<memref::LoadOp>(loc, lhsCodeSums, rowIndices[i]));
      Value sum;
      for (int64_t c = 0; c < classes; ++c) {
        Value term = accumulators[(i * tilePanels + v) * classes + c];
        if (!shiftClasses.empty() && shiftClasses[c] != 0)
          term = b.create<arith::ShLIOp>(loc, term,
                                         integer(type, shiftClasses[c]));
        sum = sum ? b.create<arith::AddIOp>(loc, sum, term) : term;
      }
      sum = finish(sum, codeSum);
      auto outputType = cast<VectorType>(sum.getType());
      SmallVector<Value> outputIndex = {rowIndices[i], col};
      if (valid == panelWidth) {
        Value old =
            b.create<vector::LoadOp>(loc, outputType, init, outputIndex);
        b.create<vector::StoreOp>(loc, b.create<arith::AddIOp>(loc, old, sum),
                                  init, outputIndex);
        continue;
      }
      Value mask = prefixMask(panelWidth, valid);
      Value old = b.create<vector::MaskedLoadOp>(
          loc, outputType, init, outputIndex, mask, integer(outputType, 0));
      b.create<vector::MaskedStoreOp>(loc, init, outputIndex, mask,
                                      b.create<arith::AddIOp>(loc, old, sum));
    }
  }
}

} // namespace

void mlir::qnn::lowerBitSerialMatmul(RewriterBase &b, BitSerialMatmulOp op,
                                     const KernelTiling &tiling) {
  MatmulEmitter(b, op, tiling).emit();
}
