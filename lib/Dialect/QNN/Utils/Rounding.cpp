//===- Rounding.cpp - QONNX rounding modes as math ops ----------*- C++ -*-===//
//
// Implements createRounding and createQuantizedCode.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Rounding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/FoldUtils.h"

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
                                     QuantType type, RoundingMode mode,
                                     bool narrow, OperationFolder *folder) {
  auto constant = [&](float number) -> Value {
    TypedAttr attr = b.getF32FloatAttr(number);
    if (auto vector = dyn_cast<VectorType>(value.getType()))
      attr = DenseElementsAttr::get(vector, number);
    if (folder)
      return folder->getOrCreateConstant(
          b.getInsertionBlock(),
          b.getContext()->getLoadedDialect<arith::ArithDialect>(), attr,
          attr.getType());
    return b.create<arith::ConstantOp>(loc, attr);
  };
  float scale = static_cast<float>(type.getScales()[0]);
  float zeroPoint = static_cast<float>(type.getZeroPoints()[0]);
  Value scaled = value;
  if (scale != 1.0f)
    scaled = b.create<arith::DivFOp>(loc, scaled, constant(scale));
  if (zeroPoint != 0.0f)
    scaled = b.create<arith::AddFOp>(loc, scaled, constant(zeroPoint));
  Value rounded = createRounding(b, loc, scaled, mode);
  Value isNumber =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::ORD, rounded, rounded);
  rounded = b.create<arith::SelectOp>(loc, isNumber, rounded, constant(0.0f));
  int64_t codeMin = type.getCodeMin() + (narrow ? 1 : 0);
  return b.create<arith::MinNumFOp>(
      loc, b.create<arith::MaxNumFOp>(loc, rounded, constant(codeMin)),
      constant(type.getCodeMax()));
}
