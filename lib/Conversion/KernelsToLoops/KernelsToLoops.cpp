//===- KernelsToLoops.cpp - kernel-level qnn ops to loops -------*- C++ -*-===//
//
// Implements convert-qnn-kernels-to-loops: qnn.im2col, qnn.pack_bits and
// qnn.bitserial_matmul on memrefs become scf loops over vector and arith ops;
// the matmul is register-tiled around an and/xor -> ctpop -> shift -> add body.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/KernelsToLoops/KernelsToLoops.h"
#include "LowerDotMatmul.h"
#include "LowerFmaMatmul.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/BitPlanes.h"
#include "qnn/Dialect/QNN/Utils/Window.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNKERNELSTOLOOPS
#include "qnn/Conversion/KernelsToLoops/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// Largest register tile side: beyond it no target keeps the tile in
/// registers.
static constexpr int64_t kMaxTile = 8;

namespace {

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

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// Whether `op` is in its memref form, the form this pass lowers.
bool isOnBuffers(Operation *op) {
  return cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics();
}

bool hasUnitInnermostStride(Value memref) {
  return isLastMemrefDimUnitStride(cast<MemRefType>(memref.getType()));
}

/// Why the memref-form kernel op `op` cannot be lowered, or nothing.
std::optional<std::string> whyNotLowerable(Operation *op, int64_t lanes) {
  if (auto matmul = dyn_cast<BitSerialMatmulOp>(op)) {
    // The panel loop always reads rhs as vectors.
    bool panels = cast<MemRefType>(matmul.getRhs().getType()).getRank() == 4;
    if ((lanes > 1 || panels) && (!hasUnitInnermostStride(matmul.getLhs()) ||
                                  !hasUnitInnermostStride(matmul.getRhs())))
      return std::string("needs lhs and rhs with a unit innermost stride to "
                         "load vectors");
  } else if (auto pack = dyn_cast<PackBitsOp>(op)) {
    if (!hasUnitInnermostStride(pack.getInput()))
      return std::string(
          "needs an input with a unit innermost stride to load vectors");
  } else if (auto im2col = dyn_cast<Im2ColOp>(op)) {
    Type element =
        cast<MemRefType>(im2col.getInput().getType()).getElementType();
    double value = im2col.getPaddingValue().convertToDouble();
    if (!isa<FloatType>(element) &&
        !(isa<IntegerType>(element) && value == std::trunc(value))) {
      std::string reason;
      llvm::raw_string_ostream os(reason);
      os << "cannot represent padding value " << llvm::format("%g", value)
         << " as " << element;
      return reason;
    }
  }
  return std::nullopt;
}

/// Sign of plane `plane` of a code with `planes` planes: the top plane of a
/// two's-complement code weighs -2^(planes-1).
bool isNegativePlane(Encoding encoding, int64_t plane, int64_t planes) {
  return encoding == Encoding::Signed && plane == planes - 1;
}

/// Builds the ops of one kernel lowering. All ops are created with the
/// conversion's rewriter `b`, whose insertion point the loop helpers move into
/// loop bodies. Constants are shared within the kernel and placed at the
/// entry of the enclosing function, so that loop bodies hold only the
/// arithmetic (the canonicalizer later merges those of different kernels).
class KernelBuilder {
public:
  KernelBuilder(RewriterBase &b, Operation *kernel)
      : b(b), loc(kernel->getLoc()),
        constantBlock(&kernel->getParentWithTrait<OpTrait::IsIsolatedFromAbove>()
                           ->getRegion(0)
                           .front()) {}

protected:
  Value constant(TypedAttr value) {
    Value &shared = constants[value];
    if (!shared) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(constantBlock);
      shared = b.create<arith::ConstantOp>(loc, value);
    }
    return shared;
  }

  Value index(int64_t value) { return constant(b.getIndexAttr(value)); }

  /// An integer constant of `type`, a scalar or a vector splat.
  Value integer(Type type, int64_t value) {
    auto vectorType = dyn_cast<VectorType>(type);
    TypedAttr scalar = b.getIntegerAttr(
        vectorType ? vectorType.getElementType() : type, value);
    if (!vectorType)
      return constant(scalar);
    return constant(DenseElementsAttr::get(vectorType, Attribute(scalar)));
  }

  /// A vector<size x i1> whose first `active` lanes are set.
  Value prefixMask(int64_t size, int64_t active) {
    SmallVector<bool> lanes(size, false);
    std::fill_n(lanes.begin(), active, true);
    return constant(DenseElementsAttr::get(
        VectorType::get({size}, b.getI1Type()), ArrayRef<bool>(lanes)));
  }

  /// `lhs + rhs` and `lhs * rhs` on indices. Constant operands fold here,
  /// rather than by createOrFold, which would materialize the folded
  /// constant inside the loop body.
  Value addIndex(Value lhs, Value rhs) {
    std::optional<int64_t> left = getConstantIntValue(lhs);
    std::optional<int64_t> right = getConstantIntValue(rhs);
    if (left && right)
      return index(*left + *right);
    if (left == 0)
      return rhs;
    if (right == 0)
      return lhs;
    return b.create<arith::AddIOp>(loc, lhs, rhs);
  }

  Value mulIndex(Value value, int64_t factor) {
    if (std::optional<int64_t> known = getConstantIntValue(value))
      return index(*known * factor);
    if (factor == 1)
      return value;
    return b.create<arith::MulIOp>(loc, value, index(factor));
  }

  Value offsetIndex(Value value, int64_t offset) {
    return addIndex(value, index(offset));
  }

  /// `sum_i coefficient_i * value_i + offset` on indices.
  Value affineIndex(ArrayRef<std::pair<int64_t, Value>> terms,
                    int64_t offset = 0) {
    Value sum = index(0);
    for (auto [coefficient, value] : terms)
      sum = addIndex(sum, mulIndex(value, coefficient));
    return offsetIndex(sum, offset);
  }

  /// A counted loop whose body returns the values it carries to the next
  /// iteration.
  scf::ForOp loop(int64_t begin, int64_t end, int64_t step, ValueRange carried,
                  function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    return b.create<scf::ForOp>(
        loc, index(begin), index(end), index(step), carried,
        [&](OpBuilder &, Location, Value iv, ValueRange iterArgs) {
          b.create<scf::YieldOp>(loc, body(iv, iterArgs));
        });
  }

  /// Calls `body` with each of begin, begin + step, ... below end. The
  /// starts are static: a single start needs no loop.
  void forEachStart(int64_t begin, int64_t end, int64_t step,
                    function_ref<void(Value)> body) {
    int64_t count = end > begin ? llvm::divideCeil(end - begin, step) : 0;
    if (count == 1)
      body(index(begin));
    else if (count > 1)
      loop(begin, end, step, ValueRange{}, [&](Value start, ValueRange) {
        body(start);
        return SmallVector<Value>{};
      });
  }

  RewriterBase &b;
  Location loc;
  Block *constantBlock;
  DenseMap<Attribute, Value> constants;
};

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
    : KernelBuilder(b, op), op(op), lhs(op.getLhs()),
      rhs(op.getRhs()), init(op.getInit()), tiling(tiling) {
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

//===----------------------------------------------------------------------===//
// qnn.pack_bits
//===----------------------------------------------------------------------===//

/// Emits the loops of one memref-form qnn.pack_bits: per row and per word, 64
/// codes are loaded as one vector, and each plane's word is the bitcast of
/// a vector<64xi1> of code bits, so words are built in registers and stored
/// once.
class PackBitsEmitter : KernelBuilder {
public:
  PackBitsEmitter(RewriterBase &b, PackBitsOp op) : KernelBuilder(b, op), op(op) {}

  void emit() {
    auto inputShape = cast<MemRefType>(op.getInput().getType()).getShape();
    auto initType = cast<MemRefType>(op.getInit().getType());
    int64_t rows = inputShape[0];
    if (initType.getRank() == 3) {
      forEachStart(0, rows, 1, [&](Value row) {
        packRow(row, [&](Value word) { return SmallVector<Value>{row, word}; });
      });
      return;
    }
    // Panels: rows p * width + j go to [p][word][j]; the rows of the last
    // panel past the input are zero words.
    int64_t width = initType.getDimSize(3);
    auto packPanel = [&](Value panel, int64_t validRows) {
      for (int64_t lane = 0; lane < width; ++lane) {
        auto destination = [&](Value word) {
          return SmallVector<Value>{panel, word, index(lane)};
        };
        if (lane < validRows)
          packRow(affineIndex({{width, panel}}, lane), destination);
        else
          zeroRow(destination);
      }
    };
    forEachStart(0, rows / width, 1,
                 [&](Value panel) { packPanel(panel, width); });
    if (rows % width != 0)
      packPanel(index(rows / width), rows % width);
  }

private:
  /// Where word `word` of a plane of the current row goes, after the plane
  /// index.
  using Destination = function_ref<SmallVector<Value>(Value word)>;

  /// Packs the codes of input row `row`, word by word.
  void packRow(Value row, Destination destination) {
    int64_t reduction = cast<MemRefType>(op.getInput().getType()).getDimSize(1);
    int64_t fullWords = reduction / kPlaneWordBits;
    forEachStart(0, fullWords, 1, [&](Value word) {
      packWord(row, affineIndex({{kPlaneWordBits, word}}), destination(word),
               kPlaneWordBits);
    });
    if (int64_t rest = reduction - fullWords * kPlaneWordBits)
      packWord(row, index(fullWords * kPlaneWordBits),
               destination(index(fullWords)), rest);
  }

  /// Stores zero words in every plane of a padding row.
  void zeroRow(Destination destination) {
    auto initType = cast<MemRefType>(op.getInit().getType());
    Value zero = integer(b.getI64Type(), 0);
    forEachStart(0, initType.getDimSize(2), 1, [&](Value word) {
      for (int64_t plane = 0; plane < initType.getDimSize(0); ++plane) {
        SmallVector<Value> indices = {index(plane)};
        llvm::append_range(indices, destination(word));
        b.create<memref::StoreOp>(loc, zero, op.getInit(), indices);
      }
    });
  }

private:
  /// Stores bit t of the codes input[row][first, first + valid) in plane t
  /// at `destination` (the indices after the plane's), with 0 in the bits
  /// past `valid`.
  void packWord(Value row, Value first, ArrayRef<Value> destination,
                int64_t valid) {
    Type element = cast<MemRefType>(op.getInput().getType()).getElementType();
    auto codesType = VectorType::get({kPlaneWordBits}, element);
    Value mask =
        valid < kPlaneWordBits ? prefixMask(kPlaneWordBits, valid) : Value();
    SmallVector<Value> indices = {row, first};
    Value codes =
        mask ? b.create<vector::MaskedLoadOp>(loc, codesType, op.getInput(),
                                              indices, mask,
                                              integer(codesType, 0))
                   .getResult()
             : b.create<vector::LoadOp>(loc, codesType, op.getInput(), indices)
                   .getResult();

    SmallVector<Value> planeBits;
    int64_t planes = cast<MemRefType>(op.getInit().getType()).getDimSize(0);
    if (op.getEncoding() == Encoding::Bipolar) {
      // Plane 0 holds 1 for +1.
      planeBits.push_back(b.create<arith::CmpIOp>(
          loc, arith::CmpIPredicate::sgt, codes, integer(codesType, 0)));
    } else {
      // Bit t of the stored code is bit t of the k-bit code (two's
      // complement for signed codes).
      for (int64_t t = 0; t < planes; ++t) {
        Value bit = b.create<arith::AndIOp>(
            loc, codes, integer(codesType, int64_t(1) << t));
        planeBits.push_back(b.create<arith::CmpIOp>(
            loc, arith::CmpIPredicate::ne, bit, integer(codesType, 0)));
      }
    }

    auto wordType = VectorType::get({1}, b.getI64Type());
    for (auto [plane, bits] : llvm::enumerate(planeBits)) {
      if (mask)
        bits = b.create<arith::AndIOp>(loc, bits, mask);
      // Lane i of the i1 vector becomes bit i of the word.
      Value packed = b.create<vector::ExtractOp>(
          loc, b.create<vector::BitCastOp>(loc, wordType, bits),
          ArrayRef<int64_t>{0});
      SmallVector<Value> indices = {index(plane)};
      llvm::append_range(indices, destination);
      b.create<memref::StoreOp>(loc, packed, op.getInit(), indices);
    }
  }

  PackBitsOp op;
};

//===----------------------------------------------------------------------===//
// qnn.im2col
//===----------------------------------------------------------------------===//

/// Emits the loops of one memref-form qnn.im2col: per output pixel and
/// window position, C consecutive columns are copied from the input's
/// channels or filled with the padding value.
class Im2ColEmitter : KernelBuilder {
public:
  Im2ColEmitter(RewriterBase &b, Im2ColOp op) : KernelBuilder(b, op), op(op) {}

  void emit() {
    auto inputType = cast<MemRefType>(op.getInput().getType());
    Type element = inputType.getElementType();
    double paddingValue = op.getPaddingValue().convertToDouble();
    TypedAttr padding = isa<FloatType>(element)
                            ? TypedAttr(b.getFloatAttr(element, paddingValue))
                            : TypedAttr(b.getIntegerAttr(
                                  element, static_cast<int64_t>(paddingValue)));
    auto input = inputType.getShape();
    int64_t batch = input[0], channels = input[1], height = input[2],
            width = input[3];
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      pads = op.getPadding(), dilations = op.getDilations();
    int64_t outHeight = getWindowOutputSize(height, kernel[0], strides[0],
                                            dilations[0], pads[0], pads[2]);
    int64_t outWidth = getWindowOutputSize(width, kernel[1], strides[1],
                                           dilations[1], pads[1], pads[3]);

    forEachStart(0, batch, 1, [&](Value n) {
      forEachStart(0, outHeight, 1, [&](Value oh) {
        forEachStart(0, outWidth, 1, [&](Value ow) {
          Value row =
              affineIndex({{outHeight * outWidth, n}, {outWidth, oh}, {1, ow}});
          forEachStart(0, kernel[0], 1, [&](Value kh) {
            // getWindowInputIndex, built as index arithmetic.
            Value ih =
                affineIndex({{strides[0], oh}, {dilations[0], kh}}, -pads[0]);
            // Without padding along an axis every window lies inside it; a
            // null condition stands for "always inside".
            Value rowInside =
                pads[0] == 0 && pads[2] == 0 ? Value() : inRange(ih, height);
            forEachStart(0, kernel[1], 1, [&](Value kw) {
              Value iw =
                  affineIndex({{strides[1], ow}, {dilations[1], kw}}, -pads[1]);
              Value colInside =
                  pads[1] == 0 && pads[3] == 0 ? Value() : inRange(iw, width);
              Value inside = both(rowInside, colInside);
              Value firstCol =
                  affineIndex({{kernel[1] * channels, kh}, {channels, kw}});
              auto fill = [&](function_ref<Value(Value)> valueAt) {
                forEachStart(0, channels, 1, [&](Value c) {
                  // One statement each: the order of the ops must not be
                  // the compiler's order of evaluating arguments (GCC and
                  // clang differ, and the tests check the order).
                  Value col = affineIndex({{1, firstCol}, {1, c}});
                  Value value = valueAt(c);
                  b.create<memref::StoreOp>(loc, value, op.getInit(),
                                            ValueRange{row, col});
                });
              };
              auto copy = [&](Value c) -> Value {
                return b.create<memref::LoadOp>(loc, op.getInput(),
                                                ValueRange{n, c, ih, iw});
              };
              auto pad = [&](Value) { return constant(padding); };
              if (!inside)
                return fill(copy);
              auto ifOp =
                  b.create<scf::IfOp>(loc, inside, /*withElseRegion=*/true);
              OpBuilder::InsertionGuard guard(b);
              b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
              fill(copy);
              b.setInsertionPoint(ifOp.elseBlock()->getTerminator());
              fill(pad);
            });
          });
        });
      });
    });
  }

private:
  /// 0 <= value < size.
  Value inRange(Value value, int64_t size) {
    Value nonNegative = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge,
                                                value, index(0));
    Value below = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, value,
                                          index(size));
    return b.create<arith::AndIOp>(loc, nonNegative, below);
  }

  /// Both conditions; null stands for true.
  Value both(Value lhs, Value rhs) {
    if (!lhs || !rhs)
      return lhs ? lhs : rhs;
    return b.create<arith::AndIOp>(loc, lhs, rhs);
  }

  Im2ColOp op;
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Lowers a memref-form kernel op to loops; a kernel op still on tensors is
/// legal and left alone.
template <typename KernelOp, typename Emitter>
struct LowerKernel : OpConversionPattern<KernelOp> {
  LowerKernel(MLIRContext *context, const KernelTiling &tiling)
      : OpConversionPattern<KernelOp>(context), tiling(tiling) {}

  LogicalResult
  matchAndRewrite(KernelOp op, typename KernelOp::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (std::optional<std::string> reason = whyNotLowerable(op, tiling.lanes))
      return op.emitOpError() << *reason;
    if constexpr (std::is_same_v<Emitter, MatmulEmitter>)
      Emitter(rewriter, op, tiling).emit();
    else
      Emitter(rewriter, op).emit();
    rewriter.eraseOp(op);
    return success();
  }

  KernelTiling tiling;
};

/// A micro-kernel in its memref form: qnn.dot_matmul (LowerDotMatmul.cpp)
/// and qnn.fma_matmul (LowerFmaMatmul.cpp).
template <typename KernelOp, void (*Lower)(OpBuilder &, KernelOp)>
struct LowerMicroKernel : OpConversionPattern<KernelOp> {
  using OpConversionPattern<KernelOp>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(KernelOp op, typename KernelOp::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (std::optional<std::string> reason = whyNotUnitInnermostStrides(op))
      return op.emitOpError() << *reason;
    Lower(rewriter, op);
    rewriter.eraseOp(op);
    return success();
  }
};

struct ConvertQNNKernelsToLoopsPass
    : qnn::impl::ConvertQNNKernelsToLoopsBase<ConvertQNNKernelsToLoopsPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    // A bad option is a diagnostic, never an assertion in the emitters.
    if (!llvm::is_contained({0, 1, 2, 4, 8}, lanes))
      return emitError(UnknownLoc::get(context))
             << getArgument()
             << ": lanes must be 0 (the target's), 1, 2, 4 or 8, got "
             << int64_t(lanes);
    for (auto [name, value] :
         {std::pair<StringRef, int64_t>{"row-tile", rowTile},
          std::pair<StringRef, int64_t>{"col-tile", colTile}})
      if (value < 0 || value > kMaxTile)
        return emitError(UnknownLoc::get(context))
               << getArgument() << ": " << name
               << " must be 0 (chosen) or 1 to 8, got " << value;
    if (registerBudget < 0 || registerBudget > 64)
      return emitError(UnknownLoc::get(context))
             << getArgument()
             << ": register-budget must be 0 (chosen from lanes) or 1 to 64, "
                "got "
             << int64_t(registerBudget);
    return success();
  }

  /// The tiling from the options, or with lanes 0 from the module's
  /// #qnn.target (the host's when it has none).
  KernelTiling getTiling() {
    KernelTiling tiling;
    tiling.lanes = lanes;
    tiling.rowTile = rowTile;
    tiling.colTile = colTile;
    int64_t budget = registerBudget;
    if (lanes == 0) {
      auto module = getOperation()->getParentOfType<ModuleOp>();
      TargetAttr target =
          module ? module->getAttrOfType<TargetAttr>(QNNDialect::kTargetAttrName)
                 : TargetAttr();
      if (!target)
        target = TargetAttr::getHost(&getContext());
      tiling.lanes = target.getPopcountLanes();
      if (budget == 0)
        budget = target.getRegisterBudget();
    }
    tiling.registerBudget =
        budget != 0 ? budget : KernelTiling::getDefaultRegisterBudget(tiling.lanes);
    return tiling;
  }

  void runOnOperation() override {
    KernelTiling tiling = getTiling();
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // Kernel ops (the destination-style qnn ops) are lowered on buffers.
    target.addDynamicallyLegalDialect<QNNDialect>([](Operation *op) {
      auto kernel = dyn_cast<DestinationStyleOpInterface>(op);
      return !kernel || !kernel.hasPureBufferSemantics();
    });
    RewritePatternSet patterns(context);
    patterns.add<LowerKernel<BitSerialMatmulOp, MatmulEmitter>,
                 LowerKernel<PackBitsOp, PackBitsEmitter>,
                 LowerKernel<Im2ColOp, Im2ColEmitter>>(context, tiling);
    patterns.add<LowerMicroKernel<DotMatmulOp, lowerDotMatmul>,
                 LowerMicroKernel<FmaMatmulOp, lowerFmaMatmul>>(context);
    // A kernel that cannot be lowered says why, and the conversion leaves
    // the function as it was.
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
