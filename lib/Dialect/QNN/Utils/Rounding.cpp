//===- Rounding.cpp - QONNX rounding modes as math ops ----------*- C++ -*-===//
//
// Implements createRounding.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Rounding.h"

#include "mlir/Dialect/Math/IR/Math.h"

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
