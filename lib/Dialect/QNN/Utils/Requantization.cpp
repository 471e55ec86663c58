//===- Requantization.cpp - a quantized layer's sums to codes ---*- C++ -*-===//
//
// Implements the epilogue value shared by the run-time IR and the
// compile-time thresholds, and the threshold search.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Requantization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cstring>

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
