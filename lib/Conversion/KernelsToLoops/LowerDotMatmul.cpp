//===- LowerDotMatmul.cpp - qnn.dot_matmul to VNNI loops --------*- C++ -*-===//
//
// Lowers qnn.dot_matmul on memrefs to the int8 micro-kernel of
// docs/kernels.md: per MR x NR output tile, MR x NR/L accumulators of
// vector<L x i32> live in registers (scf.for iter_args) over the whole K
// loop; each group of 4 k loads NR/L panel vectors once and broadcasts 4
// activation bytes per row, and `vpdpbusd` adds 4 u8 x s8 products per lane
// (AArch64 `sdot`: s8 x s8). On AVX2 without VNNI, `vpmaddwd` multiplies i16
// pairs: each 32-byte panel piece (8 channels x 4 k) is sign-extended into
// two vectors of 4 channels x 4 k, the broadcast bytes zero-extended by a
// `vpshufb` into the pattern (a0, a1), (a2, a3) per pair of i32 lanes, and
// two accumulators per vector hold the two halves of each channel's sum,
// added pairwise after the K loop. With AArch64 i8mm, `smmla` / `usmmla`
// multiply a 2 x 8 block of activations (two rows, 8 k) by a 2 x 8 block of
// weights (two channels, 8 k) into a 2 x 2 tile of i32 sums: panels hold 8 k
// per group, and the tiles are split back into rows after the K loop.
// On AVX2 with `i16_groups` (products small enough), `vpmaddubsw` multiplies
// the broadcast bytes by the panel bytes as they are into i16 pair sums,
// `i16_groups` groups add up in i16, and one `vpmaddwd` by ones widens them
// into the i32 accumulators.
//
//===----------------------------------------------------------------------===//

#include "LowerDotMatmul.h"
#include "LoopBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Emits the loops of one qnn.dot_matmul.
class DotMatmulEmitter : LoopBuilder {
public:
  DotMatmulEmitter(OpBuilder &b, DotMatmulOp op)
      : LoopBuilder(b, op.getLoc()), op(op) {
    DotISA isa = op.getIsa();
    sdot = isa == DotISA::NeonSdot;
    madd = isa == DotISA::AVX2;
    mmla = isa == DotISA::NeonI8mm;
    neon = sdot || mmla;
    i16Groups = op.getI16Groups().value_or(0);
    ubsw = madd && i16Groups > 0;
    bool unsignedCodes = op.getLhsEncoding() == Encoding::Unsigned;
    lanes = getDotLanes(isa);
    intrinsic = isa == DotISA::AVX512VNNI ? "llvm.x86.avx512.vpdpbusd.512"
                : sdot                    ? "llvm.aarch64.neon.sdot.v4i32.v16i8"
                : madd                    ? "llvm.x86.avx2.pmadd.wd"
                : mmla ? (unsignedCodes ? "llvm.aarch64.neon.usmmla.v4i32.v16i8"
                                        : "llvm.aarch64.neon.smmla.v4i32.v16i8")
                       : "llvm.x86.avx512.vpdpbusd.256";
    int64_t registers = isa == DotISA::AVX512VNNI || neon ? 32 : 16;
    auto lhsType = cast<MemRefType>(op.getLhs().getType());
    auto rhsType = cast<MemRefType>(op.getRhs().getType());
    rows = lhsType.getDimSize(0);
    reduction = lhsType.getDimSize(1);
    columns = cast<MemRefType>(op.getInit().getType()).getDimSize(1);
    panelWidth = rhsType.getDimSize(2) / getDotGroupSize(isa);
    int64_t vectors = panelWidth / lanes;
    // Accumulators, the panel vectors of one group, one broadcast and the
    // sign-flip constant fill the vector registers; at most 8 rows. With
    // vpmaddwd each vector takes two accumulators and two widened panel
    // vectors, and the product and the shuffle control one register more.
    // With smmla, 2 x 2 tiles: 4 row pairs x NR / 2 channel pairs of
    // accumulators (16 for NR = 8), NR / 2 weight blocks and one activation
    // block.
    // With vpmaddubsw each vector takes an i32 accumulator and an i16
    // partial sum; the panel vector, the broadcast, the ones and the
    // product take 4 more.
    rowTile =
        mmla   ? 8
        : ubsw ? std::clamp<int64_t>((registers - 4) / (2 * vectors), 1, 8)
        : madd ? std::clamp<int64_t>(
                     (registers - 2 * vectors - 3) / (2 * vectors), 1, 8)
               : std::clamp<int64_t>((registers - vectors - 2) / vectors, 1, 8);
    // vpdpbusd reads the activations as unsigned bytes, sdot as signed
    // ones: codes of the other kind enter with their sign bit flipped.
    // smmla and usmmla take either kind as it is.
    flipSign = mmla ? false : sdot ? unsignedCodes : !unsignedCodes;
    accumulatorType = VectorType::get({lanes}, b.getI32Type());
  }

  /// Blocks of rows whose activations (rows x K bytes) stay in L2, a whole
  /// number of row tiles: within a block every panel passes over the same
  /// rows (before: each panel streamed all of M x K from L3, 1.9x slower at
  /// ResNet-18's 784 x 1152 on AVX2). Activations of up to 2 x kBlockBytes
  /// stay one block: splitting them would stream the weights from L3 once
  /// per block instead (1.5x slower at 49 x 4608 x 512).
  void emit() {
    int64_t blockRows =
        rows * reduction <= 2 * kBlockBytes
            ? rows
            : std::max<int64_t>(rowTile,
                                kBlockBytes / reduction / rowTile * rowTile);
    int64_t fullBlocks = rows / blockRows, tailRows = rows % blockRows;
    if (fullBlocks > 1)
      forLoop(0, fullBlocks * blockRows, blockRows,
              [&](Value first) { emitBlock(first, blockRows); });
    else if (fullBlocks == 1)
      emitBlock(index(0), blockRows);
    if (tailRows > 0)
      emitBlock(index(fullBlocks * blockRows), tailRows);
  }

private:
  /// A constant mask of the first `count` of `size` lanes.
  Value mask(int64_t size, int64_t count) {
    return b.create<vector::ConstantMaskOp>(
        loc, VectorType::get({size}, b.getI1Type()),
        b.getI64ArrayAttr({count}));
  }

  Value splat(VectorType type, int64_t value) {
    return b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(
                 type, b.getIntegerAttr(type.getElementType(), value)));
  }

  /// `count` lanes (of `type`) of `memref` at `indices`, 0 past them.
  Value load(VectorType type, Value memref, ValueRange indices, int64_t count) {
    if (count == type.getNumElements())
      return b.create<vector::LoadOp>(loc, type, memref, indices);
    if (!neon)
      return b.create<vector::MaskedLoadOp>(loc, type, memref, indices,
                                            mask(type.getNumElements(), count),
                                            splat(type, 0));
    // NEON has no masked loads or stores, which LLVM expands lane by lane;
    // its O3 result for the lane-0 accesses of a one-channel layer's rows,
    // 4 bytes apart, crashes LLVM 19's AArch64 instruction selection
    // (docs/robustness.md). Lane by lane here, O3 sees plain scalars.
    Value vector = splat(type, 0);
    for (int64_t lane = 0; lane < count; ++lane)
      vector = b.create<vector::InsertOp>(
          loc, b.create<memref::LoadOp>(loc, memref, laneIndices(indices, lane)),
          vector, lane);
    return vector;
  }

  /// Stores the first `count` lanes of `value` to `memref` at `indices`.
  void store(Value value, Value memref, ValueRange indices, int64_t count) {
    if (count == lanes)
      b.create<vector::StoreOp>(loc, value, memref, indices);
    else if (!neon)
      b.create<vector::MaskedStoreOp>(loc, memref, indices, mask(lanes, count),
                                      value);
    else
      for (int64_t lane = 0; lane < count; ++lane)
        b.create<memref::StoreOp>(
            loc, b.create<vector::ExtractOp>(loc, value, lane), memref,
            laneIndices(indices, lane));
  }

  /// `indices` moved `lane` elements along the innermost dimension.
  SmallVector<Value> laneIndices(ValueRange indices, int64_t lane) {
    SmallVector<Value> moved(indices);
    moved.back() = add(moved.back(), lane);
    return moved;
  }

  /// Every panel over the `blockRows` rows from `first`.
  void emitBlock(Value first, int64_t blockRows) {
    int64_t fullPanels = columns / panelWidth;
    int64_t tailColumns = columns % panelWidth;
    if (fullPanels > 0)
      forLoop(0, fullPanels, 1, [&](Value panel) {
        emitPanel(panel, panelWidth, first, blockRows);
      });
    if (tailColumns > 0)
      emitPanel(index(fullPanels), tailColumns, first, blockRows);
  }

  void emitPanel(Value panel, int64_t panelColumns, Value first,
                 int64_t blockRows) {
    int64_t fullTiles = blockRows / rowTile, tailRows = blockRows % rowTile;
    if (fullTiles > 0)
      forLoop(0, fullTiles * rowTile, rowTile, [&](Value row) {
        emitTile(b.create<arith::AddIOp>(loc, first, row), panel, rowTile,
                 panelColumns);
      });
    if (tailRows > 0)
      emitTile(add(first, fullTiles * rowTile), panel, tailRows, panelColumns);
  }

  /// One tile of `tileRows` rows from `row` and `tileColumns` columns of
  /// panel `panel`.
  void emitTile(Value row, Value panel, int64_t tileRows, int64_t tileColumns) {
    if (mmla)
      return emitMmlaTile(row, panel, tileRows, tileColumns);
    int64_t vectors = llvm::divideCeil(tileColumns, lanes);
    auto lanesOf = [&](int64_t v) {
      return std::min(lanes, tileColumns - v * lanes);
    };
    Value firstColumn = b.create<arith::MulIOp>(loc, panel, index(panelWidth));
    SmallVector<Value> columnStarts;
    for (int64_t v = 0; v < vectors; ++v)
      columnStarts.push_back(add(firstColumn, v * lanes));

    // Accumulators start from init; a flipped sign bit adds 128 to every
    // signed activation code (vpdpbusd) or takes 128 off every unsigned
    // one (sdot), so 128 times the column sum comes off (goes on) first.
    SmallVector<Value> accumulators;
    SmallVector<Value> offsets;
    if (flipSign)
      for (int64_t v = 0; v < vectors; ++v)
        offsets.push_back(b.create<arith::MulIOp>(
            loc,
            load(accumulatorType, op.getColumnSums(), {columnStarts[v]},
                 lanesOf(v)),
            splat(accumulatorType, sdot ? 128 : -128)));
    auto start = [&](int64_t i, int64_t v) {
      Value value = load(accumulatorType, op.getInit(),
                         {add(row, i), columnStarts[v]}, lanesOf(v));
      if (flipSign)
        value = b.create<arith::AddIOp>(loc, value, offsets[v]);
      return value;
    };
    // vpmaddwd's two half sums per vector start from 0; init joins them
    // after the loop.
    for (int64_t i = 0; i < tileRows; ++i)
      for (int64_t v = 0; v < vectors; ++v) {
        if (!madd || ubsw)
          accumulators.push_back(start(i, v));
        else
          accumulators.append(2, splat(accumulatorType, 0));
      }

    if (ubsw)
      accumulators =
          reduce(accumulators, 4 * i16Groups,
                 [&](Value chunk, int64_t codes, ValueRange accumulators) {
                   return emitUbswChunk(chunk, row, panel, tileRows, vectors,
                                        codes, accumulators);
                 });
    else
      accumulators =
          reduce(accumulators, getDotGroupSize(op.getIsa()),
                 [&](Value group, int64_t codes, ValueRange accumulators) {
                   return emitGroup(group, row, panel, tileRows, vectors, codes,
                                    accumulators);
                 });

    for (int64_t i = 0; i < tileRows; ++i)
      for (int64_t v = 0; v < vectors; ++v) {
        Value value = accumulators[i * vectors + v];
        if (madd && !ubsw) {
          Value init = start(i, v);
          value = b.create<arith::AddIOp>(
              loc, init,
              addPairs(accumulators[2 * (i * vectors + v)],
                       accumulators[2 * (i * vectors + v) + 1]));
        }
        store(value, op.getInit(), {add(row, i), columnStarts[v]},
              lanesOf(v));
      }
  }

  /// The accumulators after the whole reduction, `groupSize` k per step:
  /// an scf.for over the full groups that keeps them in registers
  /// (iter_args), then one group of the last K % groupSize codes (the
  /// activation loads read 0 past K, and the panels hold 0 there).
  SmallVector<Value>
  reduce(SmallVector<Value> accumulators, int64_t groupSize,
         function_ref<SmallVector<Value>(Value, int64_t, ValueRange)> group) {
    return reduce(std::move(accumulators), groupSize, reduction, group);
  }

  /// reduce over `codes` k (a chunk of them).
  SmallVector<Value>
  reduce(SmallVector<Value> accumulators, int64_t groupSize, int64_t codes,
         function_ref<SmallVector<Value>(Value, int64_t, ValueRange)> group) {
    int64_t fullGroups = codes / groupSize;
    int64_t tailCodes = codes % groupSize;
    if (fullGroups > 0) {
      auto loop = b.create<scf::ForOp>(loc, index(0), index(fullGroups),
                                       index(1), accumulators);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      b.create<scf::YieldOp>(loc, group(loop.getInductionVar(), groupSize,
                                        loop.getRegionIterArgs()));
      b.setInsertionPointAfter(loop);
      accumulators.assign(loop.getResults().begin(), loop.getResults().end());
    }
    if (tailCodes > 0)
      accumulators = group(index(fullGroups), tailCodes, accumulators);
    return accumulators;
  }

  /// The sums of channels 0-3 (`low`, two i32 halves each) and 4-7
  /// (`high`) as one vector of 8 channels: lanes 2c and 2c + 1 added.
  Value addPairs(Value low, Value high) {
    auto pick = [&](int64_t first) {
      SmallVector<int64_t> mask;
      for (int64_t lane = 0; lane < 8; ++lane)
        mask.push_back(2 * lane + first);
      return b.create<vector::ShuffleOp>(loc, low, high, mask);
    };
    // Sequenced: arguments are evaluated in no set order, and the IR (the
    // tests) must not depend on the compiler.
    Value even = pick(0);
    Value odd = pick(1);
    return b.create<arith::AddIOp>(loc, even, odd);
  }

  /// The accumulators after group `group` (4 k, or `codes` < 4 at the end).
  SmallVector<Value> emitGroup(Value group, Value row, Value panel,
                               int64_t tileRows, int64_t vectors, int64_t codes,
                               ValueRange accumulators) {
    auto bytes = VectorType::get({4 * lanes}, b.getI8Type());
    if (madd)
      return emitMaddGroup(group, row, panel, tileRows, vectors, codes,
                           accumulators);
    SmallVector<Value> weights;
    for (int64_t v = 0; v < vectors; ++v) {
      Value packed = b.create<vector::LoadOp>(
          loc, bytes, op.getRhs(),
          ValueRange{panel, group, index(v * 4 * lanes)});
      weights.push_back(sdot ? packed
                             : b.create<vector::BitCastOp>(loc, accumulatorType,
                                                           packed)
                                   .getResult());
    }
    Value k = b.create<arith::MulIOp>(loc, group, index(4));
    SmallVector<Value> next;
    for (int64_t i = 0; i < tileRows; ++i) {
      Value broadcast = broadcastBytes(add(row, i), k, codes);
      if (sdot) // sdot takes its byte operands as vector<16xi8>
        broadcast = b.create<vector::BitCastOp>(loc, bytes, broadcast);
      for (int64_t v = 0; v < vectors; ++v)
        next.push_back(
            b.create<LLVM::CallIntrinsicOp>(
                 loc, accumulatorType, intrinsic,
                 ValueRange{accumulators[i * vectors + v], broadcast, weights[v]})
                .getResult(0));
    }
    return next;
  }

  /// 4 activation bytes of `row` from `k` (`codes` of them, 0 past) as one
  /// i32 in every lane, sign bits flipped where the codes need it.
  Value broadcastBytes(Value row, Value k, int64_t codes) {
    auto quad = VectorType::get({4}, b.getI8Type());
    Value four = load(quad, op.getLhs(), {row, k}, codes);
    Value word = b.create<vector::ExtractOp>(
        loc,
        b.create<vector::BitCastOp>(loc, VectorType::get({1}, b.getI32Type()),
                                    four),
        ArrayRef<int64_t>{0});
    Value broadcast = b.create<vector::BroadcastOp>(loc, accumulatorType, word);
    if (flipSign) // a + 128 as an unsigned byte, or a - 128 as a signed one
      broadcast = b.create<arith::XOrIOp>(
          loc, broadcast, splat(accumulatorType, int32_t(0x80808080)));
    return broadcast;
  }

  /// emitGroup with vpmaddwd: accumulators 2 (i V + v) and 2 (i V + v) + 1
  /// hold channels 0-3 and 4-7 of vector v of row i, as two i32 halves per
  /// channel (k 0-1 in the even lane, k 2-3 in the odd one).
  SmallVector<Value> emitMaddGroup(Value group, Value row, Value panel,
                                   int64_t tileRows, int64_t vectors,
                                   int64_t codes, ValueRange accumulators) {
    auto half = VectorType::get({16}, b.getI8Type());
    auto words = VectorType::get({16}, b.getI16Type());
    SmallVector<Value> weights;
    for (int64_t v = 0; v < 2 * vectors; ++v)
      weights.push_back(b.create<arith::ExtSIOp>(
          loc, words,
          b.create<vector::LoadOp>(loc, half, op.getRhs(),
                                   ValueRange{panel, group, index(16 * v)})));
    // vpshufb control: bytes 0, 1 | 2, 3 of each 4 zero-extended to i16.
    auto bytes = VectorType::get({32}, b.getI8Type());
    SmallVector<int8_t> control;
    for (int64_t i = 0; i < 32; ++i)
      control.push_back(i % 2 ? int8_t(0x80) : int8_t(i / 2 % 4));
    Value shuffle = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(bytes, ArrayRef<int8_t>(control)));
    Value k = b.create<arith::MulIOp>(loc, group, index(4));
    SmallVector<Value> next;
    for (int64_t i = 0; i < tileRows; ++i) {
      Value broadcast = b.create<vector::BitCastOp>(
          loc, bytes, broadcastBytes(add(row, i), k, codes));
      Value pairs = b.create<vector::BitCastOp>(
          loc, words,
          b.create<LLVM::CallIntrinsicOp>(loc, bytes, "llvm.x86.avx2.pshuf.b",
                                          ValueRange{broadcast, shuffle})
              .getResult(0));
      for (int64_t v = 0; v < 2 * vectors; ++v) {
        Value product =
            b.create<LLVM::CallIntrinsicOp>(loc, accumulatorType, intrinsic,
                                            ValueRange{pairs, weights[v]})
                .getResult(0);
        next.push_back(b.create<arith::AddIOp>(
            loc, accumulators[2 * i * vectors + v], product));
      }
    }
    return next;
  }

  /// The accumulators after chunk `chunk` of `codes` k (i16Groups groups of
  /// 4, fewer at the end) with vpmaddubsw: the i16 pair sums of the chunk
  /// start at 0 in registers (an scf.for over its full groups), and one
  /// vpmaddwd by ones adds each pair into the i32 accumulator.
  SmallVector<Value> emitUbswChunk(Value chunk, Value row, Value panel,
                                   int64_t tileRows, int64_t vectors,
                                   int64_t codes, ValueRange accumulators) {
    auto words = VectorType::get({16}, b.getI16Type());
    Value firstGroup = b.create<arith::MulIOp>(loc, chunk, index(i16Groups));
    SmallVector<Value> partials = reduce(
        SmallVector<Value>(tileRows * vectors, splat(words, 0)), 4, codes,
        [&](Value group, int64_t codes, ValueRange partials) {
          return emitUbswGroup(b.create<arith::AddIOp>(loc, firstGroup, group),
                               row, panel, tileRows, vectors, codes, partials);
        });
    Value ones = splat(words, 1);
    SmallVector<Value> next;
    for (auto [accumulator, partial] : llvm::zip(accumulators, partials)) {
      Value widened =
          b.create<LLVM::CallIntrinsicOp>(loc, accumulatorType, intrinsic,
                                          ValueRange{partial, ones})
              .getResult(0);
      next.push_back(b.create<arith::AddIOp>(loc, accumulator, widened));
    }
    return next;
  }

  /// The i16 pair sums after group `group` (4 k, or `codes` < 4 at the
  /// end): per row, the 4 broadcast activation bytes by each panel vector
  /// of 8 channels x 4 k, with vpmaddubsw.
  SmallVector<Value> emitUbswGroup(Value group, Value row, Value panel,
                                   int64_t tileRows, int64_t vectors,
                                   int64_t codes, ValueRange partials) {
    auto bytes = VectorType::get({32}, b.getI8Type());
    auto words = VectorType::get({16}, b.getI16Type());
    SmallVector<Value> weights;
    for (int64_t v = 0; v < vectors; ++v)
      weights.push_back(b.create<vector::LoadOp>(
          loc, bytes, op.getRhs(), ValueRange{panel, group, index(32 * v)}));
    Value k = b.create<arith::MulIOp>(loc, group, index(4));
    SmallVector<Value> next;
    for (int64_t i = 0; i < tileRows; ++i) {
      Value broadcast = b.create<vector::BitCastOp>(
          loc, bytes, broadcastBytes(add(row, i), k, codes));
      for (int64_t v = 0; v < vectors; ++v) {
        Value product = b.create<LLVM::CallIntrinsicOp>(
                             loc, words, "llvm.x86.avx2.pmadd.ub.sw",
                             ValueRange{broadcast, weights[v]})
                            .getResult(0);
        next.push_back(
            b.create<arith::AddIOp>(loc, partials[i * vectors + v], product));
      }
    }
    return next;
  }

  /// emitTile with smmla: accumulator rp * C + c is the 2 x 2 tile of rows
  /// row + 2 rp, + 1 and channels 2 c, 2 c + 1 of the panel (C channel
  /// pairs), lanes in row-major order. They start at 0; init joins them
  /// after the K loop, where two tiles side by side make 4 channels of each
  /// of their two rows.
  void emitMmlaTile(Value row, Value panel, int64_t tileRows,
                    int64_t tileColumns) {
    int64_t rowPairs = llvm::divideCeil(tileRows, 2);
    int64_t channelPairs = llvm::divideCeil(tileColumns, 2);
    Value zero = splat(accumulatorType, 0);
    SmallVector<Value> accumulators(rowPairs * channelPairs, zero);
    accumulators =
        reduce(accumulators, getDotGroupSize(op.getIsa()),
               [&](Value group, int64_t codes, ValueRange accumulators) {
                 return emitMmlaGroup(group, row, panel, tileRows, channelPairs,
                                      codes, accumulators);
               });

    Value firstColumn = b.create<arith::MulIOp>(loc, panel, index(panelWidth));
    for (int64_t rp = 0; rp < rowPairs; ++rp)
      for (int64_t c = 0; c < channelPairs; c += 2) {
        Value left = accumulators[rp * channelPairs + c];
        Value right = c + 1 < channelPairs
                          ? accumulators[rp * channelPairs + c + 1]
                          : zero;
        Value column = add(firstColumn, 2 * c);
        int64_t count = std::min<int64_t>(4, tileColumns - 2 * c);
        for (int64_t half = 0; half < 2 && 2 * rp + half < tileRows; ++half) {
          Value sums = b.create<vector::ShuffleOp>(
              loc, left, right,
              ArrayRef<int64_t>{2 * half, 2 * half + 1, 2 * half + 4,
                                2 * half + 5});
          Value at = add(row, 2 * rp + half);
          Value init = load(accumulatorType, op.getInit(), {at, column}, count);
          store(b.create<arith::AddIOp>(loc, init, sums), op.getInit(),
                {at, column}, count);
        }
      }
  }

  /// The smmla accumulators after group `group` (8 k, or `codes` < 8 at
  /// the end).
  SmallVector<Value> emitMmlaGroup(Value group, Value row, Value panel,
                                   int64_t tileRows, int64_t channelPairs,
                                   int64_t codes, ValueRange accumulators) {
    auto block = VectorType::get({16}, b.getI8Type());
    auto eight = VectorType::get({8}, b.getI8Type());
    SmallVector<Value> weights;
    for (int64_t c = 0; c < channelPairs; ++c)
      weights.push_back(b.create<vector::LoadOp>(
          loc, block, op.getRhs(), ValueRange{panel, group, index(16 * c)}));
    Value k = b.create<arith::MulIOp>(loc, group, index(8));
    SmallVector<Value> next;
    int64_t rowPairs = llvm::divideCeil(tileRows, 2);
    for (int64_t rp = 0; rp < rowPairs; ++rp) {
      // Rows 2 rp and 2 rp + 1 (0 past the tile), 8 bytes each.
      Value first = load(eight, op.getLhs(), {add(row, 2 * rp), k}, codes);
      Value second =
          2 * rp + 1 < tileRows
              ? load(eight, op.getLhs(), {add(row, 2 * rp + 1), k}, codes)
              : splat(eight, 0);
      SmallVector<int64_t> both(16);
      std::iota(both.begin(), both.end(), 0);
      Value activations = b.create<vector::ShuffleOp>(loc, first, second, both);
      for (int64_t c = 0; c < channelPairs; ++c)
        next.push_back(b.create<LLVM::CallIntrinsicOp>(
                            loc, accumulatorType, intrinsic,
                            ValueRange{accumulators[rp * channelPairs + c],
                                       activations, weights[c]})
                           .getResult(0));
    }
    return next;
  }

  static constexpr int64_t kBlockBytes = 128 * 1024;
  DotMatmulOp op;
  int64_t lanes = 16;
  StringRef intrinsic;
  int64_t rows = 0, reduction = 0, columns = 0, panelWidth = 0, rowTile = 1;
  int64_t i16Groups = 0;
  bool flipSign = false;
  bool sdot = false, madd = false, mmla = false, neon = false, ubsw = false;
  VectorType accumulatorType;
};

} // namespace

std::optional<std::string>
mlir::qnn::whyNotUnitInnermostStrides(Operation *op) {
  for (Value operand : op->getOperands()) {
    auto type = cast<MemRefType>(operand.getType());
    int64_t offset;
    SmallVector<int64_t> strides;
    if (failed(getStridesAndOffset(type, strides, offset)) || strides.back() != 1)
      return std::string("expects unit innermost strides on every operand");
  }
  return std::nullopt;
}

void mlir::qnn::lowerDotMatmul(OpBuilder &b, DotMatmulOp op) {
  DotMatmulEmitter(b, op).emit();
}
