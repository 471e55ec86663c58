//===- Requantize.cpp - a quantized layer's epilogue to codes ---*- C++ -*-===//
//
// Implements the thresholds epilogue and the stored codes of Requantize.h.
//
//===----------------------------------------------------------------------===//

#include "Requantize.h"
#include "Common.h"
#include "qnn/Dialect/QNN/Utils/Rounding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

namespace mlir::qnn::quantized_lowering {

Value emitThresholdCodes(OpBuilder &b, Location loc, Value sums,
                         int64_t channelDim, ArrayRef<ChannelEpilogue> channels,
                         QuantType type, SumGrid grid) {
  auto sumsType = cast<RankedTensorType>(sums.getType());
  Type sumElement = sumsType.getElementType();
  bool floatSums = sumElement.isF32();
  SmallVector<int64_t> levels = getCodeLevels(type);
  // A threshold is at most (bound + 1) steps from 0, and must be exact in
  // the sums' type: below 2^31 for i32, 2^24 steps of a power of two for
  // f32.
  uint64_t limit = floatSums ? (uint64_t(1) << 24) : (uint64_t(1) << 31) - 1;
  if (!type.isPerTensor() || int64_t(levels.size()) > kMaxThresholdLevels ||
      !(floatSums || sumElement.isInteger(32)) || grid.bound >= limit ||
      (floatSums && std::exp2(std::round(std::log2(grid.step))) != grid.step))
    return Value();

  int64_t out = channels.size();
  int64_t thresholdCount = levels.size() - 1;
  auto highest = static_cast<int64_t>(grid.bound);
  SmallVector<double> table(thresholdCount * out);
  for (auto [o, channel] : llvm::enumerate(channels)) {
    auto code = [&, &channel = channel](double sum) {
      return type.quantize(channel.evaluate(sum), 0, RoundingMode::Round,
                           /*narrow=*/false);
    };
    SmallVector<double> thresholds =
        findThresholds(code, ArrayRef<int64_t>(levels).drop_front(), -highest,
                       highest, grid.step);
    for (int64_t k = 0; k < thresholdCount; ++k)
      table[k * out + o] = thresholds[k];
  }
  // One 1-D constant per threshold, read at the output channel: maps that
  // are projected permutations, so that the generic still folds through
  // reshapes and fuses with its consumers (qnn-fuse-elementwise).
  int64_t rank = sumsType.getRank();
  auto rowType = RankedTensorType::get({out}, sumElement);
  SmallVector<Value> inputs = {sums};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  for (int64_t k = 0; k < thresholdCount; ++k) {
    ArrayRef<double> row = ArrayRef<double>(table).slice(k * out, out);
    DenseElementsAttr values;
    if (floatSums) {
      SmallVector<float> floats(row.begin(), row.end());
      values = DenseElementsAttr::get(rowType, ArrayRef<float>(floats));
    } else {
      SmallVector<int32_t> integers;
      for (double value : row)
        integers.push_back(static_cast<int32_t>(value));
      values = DenseElementsAttr::get(rowType, ArrayRef<int32_t>(integers));
    }
    inputs.push_back(b.create<arith::ConstantOp>(loc, values));
    maps.push_back(AffineMap::get(rank, 0, b.getAffineDimExpr(channelDim),
                                  b.getContext()));
  }
  return mapElements(
      b, loc, inputs, maps, sumsType.getShape(), b.getI8Type(),
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        Type i32 = nb.getI32Type();
        auto constant = [&](int64_t value) -> Value {
          return nb.create<arith::ConstantOp>(nl,
                                              nb.getIntegerAttr(i32, value));
        };
        Value code = constant(levels[0]);
        for (int64_t k = 0; k < thresholdCount; ++k) {
          Value reached =
              floatSums
                  ? nb.create<arith::CmpFOp>(nl, arith::CmpFPredicate::OGE,
                                             args[0], args[k + 1])
                        .getResult()
                  : nb.create<arith::CmpIOp>(nl, arith::CmpIPredicate::sge,
                                             args[0], args[k + 1])
                        .getResult();
          int64_t rise = levels[k + 1] - levels[k];
          Value step =
              rise == 1
                  ? nb.create<arith::ExtUIOp>(nl, i32, reached).getResult()
                  : nb.create<arith::SelectOp>(nl, reached, constant(rise),
                                               constant(0))
                        .getResult();
          code = nb.create<arith::AddIOp>(nl, code, step);
        }
        // Unsigned codes above 127 keep their low 8 bits, as stored.
        return nb.create<arith::TruncIOp>(nl, nb.getI8Type(), code);
      });
}

Value storeQuantizedCode(OpBuilder &b, Location loc, Value value, Value scale,
                         Value zeroPoint, QuantType type, RoundingMode rounding,
                         bool narrow) {
  // A code (an integer-valued f32) as its i8 storage: through i32, since an
  // unsigned 8-bit code above 127 does not fit i8's signed range, but its
  // low 8 bits are its stored pattern.
  Value code = createQuantizedCode(b, loc, value, scale, zeroPoint, type,
                                   rounding, narrow);
  return b.create<arith::TruncIOp>(
      loc, b.getI8Type(), b.create<arith::FPToSIOp>(loc, b.getI32Type(), code));
}

Value storeResultCode(OpBuilder &b, Location loc, Value value, QuantType type) {
  auto constant = [&](double number) -> Value {
    return b.create<arith::ConstantOp>(
        loc, b.getF32FloatAttr(static_cast<float>(number)));
  };
  return storeQuantizedCode(b, loc, value, constant(type.getScales()[0]),
                            constant(type.getZeroPoints()[0]), type,
                            RoundingMode::Round, /*narrow=*/false);
}

} // namespace mlir::qnn::quantized_lowering
