//===- Rounding.cpp - QONNX rounding modes as math ops ----------*- C++ -*-===//
//
// Implements createRounding and createQuantizedCode.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Rounding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

Value mlir::qnn::createRounding(OpBuilder &b, Location loc, Value value,
                                RoundingMode mode) {
  switch (mode) {
  case RoundingMode::Round:
    return b.create<math::RoundEvenOp>(loc, value);
  case RoundingMode::Ceil:
    return b.create<math::CeilOp>(loc, value);
  case RoundingMode::Floor:
    return b.create<math::FloorOp>(loc, value);
  case RoundingMode::RoundToZero:
    return b.create<math::TruncOp>(loc, value);
  }
  llvm_unreachable("unknown rounding mode");
}

Value mlir::qnn::createQuantizedCode(OpBuilder &b, Location loc, Value value,
                                     Value scale, Value zeroPoint,
                                     QuantType type, RoundingMode mode,
                                     bool narrow, Value reciprocal,
                                     bool finite) {
  auto constant = [&](float number) -> Value {
    return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(number));
  };
  if (type.isBipolar()) {
    // BipolarQuant: +1 when x >= 0; NaN compares false and gives -1.
    Value positive = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE,
                                             value, constant(0.0f));
    return b.create<arith::SelectOp>(loc, positive, constant(1.0f),
                                     constant(-1.0f));
  }
  // x / scale + zero_point; a known scale of 1 or zero point of 0 costs
  // nothing.
  Value scaled = value;
  if (reciprocal)
    scaled = b.create<arith::MulFOp>(loc, scaled, reciprocal);
  else if (!matchPattern(scale, m_OneFloat()))
    scaled = b.create<arith::DivFOp>(loc, scaled, scale);
  if (!matchPattern(zeroPoint, m_AnyZeroFloat()))
    scaled = b.create<arith::AddFOp>(loc, scaled, zeroPoint);
  Value rounded = createRounding(b, loc, scaled, mode);
  if (!finite) {
    Value isNumber = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::ORD,
                                             rounded, rounded);
    rounded = b.create<arith::SelectOp>(loc, isNumber, rounded, constant(0.0f));
  }
  // No NaN is left: LLVM may clamp with plain min / max instructions.
  auto noNaN = arith::FastMathFlags::nnan;
  int64_t codeMin = type.getCodeMin() + (narrow ? 1 : 0);
  return b.create<arith::MinNumFOp>(
      loc, b.create<arith::MaxNumFOp>(loc, rounded, constant(codeMin), noNaN),
      constant(type.getCodeMax()), noNaN);
}
