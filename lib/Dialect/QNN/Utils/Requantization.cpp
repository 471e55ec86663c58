//===- Requantization.cpp - a quantized layer's sums to codes ---*- C++ -*-===//
//
// Implements the epilogue value shared by the run-time IR and the
// compile-time thresholds, and the threshold search.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Requantization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

float ChannelEpilogue::evaluate(double sum) const {
  double value = sum * scale;
  if (offset)
    value = value + *offset;
  if (bias)
    value = value + static_cast<double>(*bias);
  return static_cast<float>(value);
}

Value mlir::qnn::emitEpilogueValue(OpBuilder &b, Location loc, Value sum,
                                   Value scale, Value offset, Value bias) {
  Value value = b.create<arith::MulFOp>(loc, sum, scale);
  if (offset)
    value = b.create<arith::AddFOp>(loc, value, offset);
  if (bias)
    value = b.create<arith::AddFOp>(
        loc, value, b.create<arith::ExtFOp>(loc, b.getF64Type(), bias));
  return b.create<arith::TruncFOp>(loc, b.getF32Type(), value);
}

SmallVector<int64_t>
mlir::qnn::findThresholds(function_ref<int64_t(int64_t)> code,
                          ArrayRef<int64_t> levels, int64_t lowest,
                          int64_t highest) {
  SmallVector<int64_t> thresholds;
  // Levels ascend, so each search starts where the previous one ended.
  int64_t from = lowest;
  for (int64_t level : levels) {
    // The first n in [from, highest + 1) with code(n) >= level.
    int64_t low = from, high = highest + 1;
    while (low < high) {
      int64_t middle = low + (high - low) / 2;
      if (code(middle) >= level)
        high = middle;
      else
        low = middle + 1;
    }
    thresholds.push_back(low);
    from = low;
  }
  return thresholds;
}

float mlir::qnn::getOrderedFloat(int64_t n) {
  auto magnitude = static_cast<uint32_t>(n < 0 ? -n : n);
  float value;
  std::memcpy(&value, &magnitude, sizeof(value));
  return n < 0 ? -value : value;
}

SmallVector<int64_t> mlir::qnn::getCodeLevels(QuantType type) {
  if (type.isBipolar())
    return {-1, 1};
  SmallVector<int64_t> levels;
  for (int64_t code = type.getCodeMin(); code <= type.getCodeMax(); ++code)
    levels.push_back(code);
  return levels;
}

std::optional<float> mlir::qnn::findExactReciprocal(QuantType type,
                                                    int64_t channel,
                                                    RoundingMode mode,
                                                    bool narrow) {
  if (type.isBipolar())
    return std::nullopt;
  SmallVector<int64_t> levels = getCodeLevels(type);
  if (narrow)
    levels.erase(levels.begin());
  ArrayRef<int64_t> above = ArrayRef<int64_t>(levels).drop_front();
  auto thresholdsOf = [&](function_ref<int64_t(float)> code) {
    return findThresholds([&](int64_t n) { return code(getOrderedFloat(n)); },
                          above, -kOrderedFloatInfinity, kOrderedFloatInfinity);
  };
  SmallVector<int64_t> exact = thresholdsOf(
      [&](float x) { return type.quantize(x, channel, mode, narrow); });
  auto scale = static_cast<float>(type.getScales()[channel]);
  auto zeroPoint = static_cast<float>(type.getZeroPoints()[channel]);
  float low = static_cast<float>(levels.front());
  float high = static_cast<float>(levels.back());
  float reciprocal = 1.0f / scale;
  for (float candidate :
       {reciprocal, std::nextafter(reciprocal, 0.0f),
        std::nextafter(reciprocal, std::numeric_limits<float>::infinity())}) {
    // QuantType::quantize with the multiplication (its NaN case is the
    // same: NaN gets code 0 either way).
    auto code = [&](float x) {
      float rounded = QuantType::round(x * candidate + zeroPoint, mode);
      if (std::isnan(rounded))
        rounded = 0;
      return static_cast<int64_t>(std::min(std::max(rounded, low), high));
    };
    if (thresholdsOf(code) == exact)
      return candidate;
  }
  return std::nullopt;
}
