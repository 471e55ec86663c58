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

/// The i8 codes of `input` (i32 or f32) by thresholds: `thresholds[c][k]`
/// is channel c's threshold of `levels[k + 1]` (c along `channelDim`; one
/// channel and constants in the body when `channelDim` is -1). A NaN input
/// gets `nanCode`: the levels up to it compare unordered-or-greater.
static Value emitThresholdGeneric(OpBuilder &b, Location loc, Value input,
                                  int64_t channelDim,
                                  ArrayRef<SmallVector<double>> thresholds,
                                  ArrayRef<int64_t> levels,
                                  std::optional<int64_t> nanCode) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type element = inputType.getElementType();
  bool isFloat = element.isF32();
  int64_t rank = inputType.getRank();
  int64_t count = levels.size() - 1;
  auto constantOf = [&](OpBuilder &nb, Location nl, double value) -> Value {
    if (isFloat)
      return nb.create<arith::ConstantOp>(
          nl, nb.getF32FloatAttr(static_cast<float>(value)));
    return nb.create<arith::ConstantOp>(
        nl, nb.getI32IntegerAttr(static_cast<int32_t>(value)));
  };
  // Per channel: one 1-D constant per threshold, read at the channel; maps
  // that are projected permutations, so that the generic still folds
  // through reshapes and fuses with its consumers (qnn-fuse-elementwise).
  SmallVector<Value> inputs = {input};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  if (channelDim >= 0) {
    auto rowType = RankedTensorType::get({int64_t(thresholds.size())}, element);
    for (int64_t k = 0; k < count; ++k) {
      SmallVector<Attribute> row;
      for (const SmallVector<double> &channel : thresholds)
        row.push_back(
            isFloat
                ? Attribute(b.getF32FloatAttr(static_cast<float>(channel[k])))
                : Attribute(
                      b.getI32IntegerAttr(static_cast<int32_t>(channel[k]))));
      inputs.push_back(b.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(rowType, row)));
      maps.push_back(AffineMap::get(rank, 0, b.getAffineDimExpr(channelDim),
                                    b.getContext()));
    }
  }
  return mapElements(
      b, loc, inputs, maps, inputType.getShape(), b.getI8Type(),
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        Type i32 = nb.getI32Type();
        auto constant = [&](int64_t value) -> Value {
          return nb.create<arith::ConstantOp>(nl,
                                              nb.getIntegerAttr(i32, value));
        };
        Value code = constant(levels[0]);
        for (int64_t k = 0; k < count; ++k) {
          Value threshold = channelDim >= 0
                                ? args[k + 1]
                                : constantOf(nb, nl, thresholds[0][k]);
          Value reached;
          if (isFloat)
            reached =
                nb.create<arith::CmpFOp>(nl,
                                         nanCode && levels[k + 1] <= *nanCode
                                             ? arith::CmpFPredicate::UGE
                                             : arith::CmpFPredicate::OGE,
                                         args[0], threshold);
          else
            reached = nb.create<arith::CmpIOp>(nl, arith::CmpIPredicate::sge,
                                               args[0], threshold);
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

Value emitThresholdCodes(OpBuilder &b, Location loc, Value sums,
                         int64_t channelDim, ArrayRef<ChannelEpilogue> channels,
                         QuantType type, SumGrid grid) {
  Type sumElement = cast<RankedTensorType>(sums.getType()).getElementType();
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

  auto highest = static_cast<int64_t>(grid.bound);
  SmallVector<SmallVector<double>> thresholds;
  for (const ChannelEpilogue &channel : channels) {
    auto code = [&](int64_t n) {
      return type.quantize(channel.evaluate(double(n) * grid.step), 0,
                           RoundingMode::Round, /*narrow=*/false);
    };
    SmallVector<double> sums;
    for (int64_t n : findThresholds(
             code, ArrayRef<int64_t>(levels).drop_front(), -highest, highest))
      sums.push_back(double(n) * grid.step);
    thresholds.push_back(std::move(sums));
  }
  return emitThresholdGeneric(b, loc, sums, channelDim, thresholds, levels,
                              std::nullopt);
}

Value emitQuantizeByThresholds(OpBuilder &b, Location loc, Value input,
                               QuantType type, RoundingMode rounding,
                               bool narrow) {
  SmallVector<int64_t> levels = getCodeLevels(type);
  if (narrow)
    levels.erase(levels.begin());
  if (int64_t(levels.size()) > kMaxThresholdLevels)
    return Value();
  SmallVector<SmallVector<double>> thresholds;
  for (int64_t channel = 0; channel < type.getNumChannels(); ++channel) {
    auto code = [&](int64_t n) {
      return type.quantize(getOrderedFloat(n), channel, rounding, narrow);
    };
    SmallVector<double> values;
    for (int64_t n :
         findThresholds(code, ArrayRef<int64_t>(levels).drop_front(),
                        -kOrderedFloatInfinity, kOrderedFloatInfinity))
      // Past +inf: a level no float reaches, which NaN does not either.
      values.push_back(n > kOrderedFloatInfinity
                           ? std::numeric_limits<double>::quiet_NaN()
                           : double(getOrderedFloat(n)));
    thresholds.push_back(std::move(values));
  }
  int64_t nanCode = type.quantize(std::numeric_limits<float>::quiet_NaN(), 0,
                                  rounding, narrow);
  return emitThresholdGeneric(b, loc, input,
                              type.isPerTensor() ? -1 : type.getAxis(),
                              thresholds, levels, nanCode);
}

Value storeQuantizedCode(OpBuilder &b, Location loc, Value value, Value scale,
                         Value zeroPoint, QuantType type, RoundingMode rounding,
                         bool narrow, Value reciprocal, bool finite) {
  // A code (an integer-valued f32) as its i8 storage: through i32, since an
  // unsigned 8-bit code above 127 does not fit i8's signed range, but its
  // low 8 bits are its stored pattern.
  Value code = createQuantizedCode(b, loc, value, scale, zeroPoint, type,
                                   rounding, narrow, reciprocal, finite);
  return b.create<arith::TruncIOp>(
      loc, b.getI8Type(), b.create<arith::FPToSIOp>(loc, b.getI32Type(), code));
}

Value getExactReciprocal(OpBuilder &b, Location loc, QuantType type,
                         RoundingMode rounding, bool narrow) {
  if (!type.isPerTensor())
    return Value();
  std::optional<float> reciprocal =
      findExactReciprocal(type, 0, rounding, narrow);
  if (!reciprocal)
    return Value();
  return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(*reciprocal));
}

Value storeResultCode(OpBuilder &b, Location loc, Value value, QuantType type) {
  auto constant = [&](double number) -> Value {
    return b.create<arith::ConstantOp>(
        loc, b.getF32FloatAttr(static_cast<float>(number)));
  };
  // The value of exact sums and constants is never NaN.
  return storeQuantizedCode(
      b, loc, value, constant(type.getScales()[0]),
      constant(type.getZeroPoints()[0]), type, RoundingMode::Round,
      /*narrow=*/false,
      getExactReciprocal(b, loc, type, RoundingMode::Round, /*narrow=*/false),
      /*finite=*/true);
}

} // namespace mlir::qnn::quantized_lowering
