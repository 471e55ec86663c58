//===- Common.cpp - shared builders of the quantized lowering ---*- C++ -*-===//
//
// Implements the builders of Common.h.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;

namespace mlir::qnn::quantized_lowering {

QuantType getQuantElement(Value value) {
  return cast<QuantType>(cast<ShapedType>(value.getType()).getElementType());
}

QuantType getActivationType(Value input) {
  return dyn_cast<QuantType>(cast<ShapedType>(input.getType()).getElementType());
}

Value widenCode(OpBuilder &b, Location loc, Value code, Encoding encoding,
                Type type) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    if (encoding == Encoding::Unsigned)
      return b.create<arith::UIToFPOp>(loc, floatType, code);
    return b.create<arith::SIToFPOp>(loc, floatType, code);
  }
  if (encoding == Encoding::Unsigned)
    return b.create<arith::ExtUIOp>(loc, type, code);
  return b.create<arith::ExtSIOp>(loc, type, code);
}

Value mapElements(OpBuilder &b, Location loc, ValueRange inputs,
                  ArrayRef<AffineMap> inputMaps, ArrayRef<int64_t> shape,
                  Type elementType,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = b.create<tensor::EmptyOp>(loc, shape, elementType);
  SmallVector<AffineMap> maps(inputMaps);
  AffineMap identity = b.getMultiDimIdentityMap(shape.size());
  maps.resize(inputs.size(), identity);
  maps.push_back(identity);
  SmallVector<utils::IteratorType> iterators(shape.size(),
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
          iterators,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            nb.create<linalg::YieldOp>(nl, body(nb, nl, args));
          })
      .getResult(0);
}

Value widenCodes(OpBuilder &b, Location loc, Value codes, Encoding encoding,
                 Type type) {
  return mapElements(b, loc, codes, {},
                     cast<ShapedType>(codes.getType()).getShape(), type,
                     [&](OpBuilder &nb, Location nl, ValueRange args) {
                       return widenCode(nb, nl, args[0], encoding, type);
                     });
}

Value f32Vector(OpBuilder &b, Location loc, ArrayRef<double> values) {
  SmallVector<float> floats(values.begin(), values.end());
  auto type = RankedTensorType::get({int64_t(floats.size())}, b.getF32Type());
  return b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(type, ArrayRef<float>(floats)));
}

Value f64Vector(OpBuilder &b, Location loc, ArrayRef<double> values) {
  auto type = RankedTensorType::get({int64_t(values.size())}, b.getF64Type());
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

Value mapWithQuantParameters(
    OpBuilder &b, Location loc, Value input, QuantType type, Type element,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  ArrayRef<int64_t> shape = cast<ShapedType>(input.getType()).getShape();
  int64_t rank = shape.size();
  SmallVector<Value> inputs = {input};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  if (!type.isPerTensor()) {
    inputs.push_back(f32Vector(b, loc, type.getScales()));
    inputs.push_back(f32Vector(b, loc, type.getZeroPoints()));
    AffineMap axis = AffineMap::get(rank, 0, b.getAffineDimExpr(type.getAxis()));
    maps.append({axis, axis});
  }
  return mapElements(
      b, loc, inputs, maps, shape, element,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        if (!type.isPerTensor())
          return body(nb, nl, args[0], args[1], args[2]);
        auto constant = [&](double value) -> Value {
          return nb.create<arith::ConstantOp>(
              nl, nb.getF32FloatAttr(static_cast<float>(value)));
        };
        return body(nb, nl, args[0], constant(type.getScales()[0]),
                    constant(type.getZeroPoints()[0]));
      });
}

Value zeroFilled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 Type elementType) {
  Value empty = b.create<tensor::EmptyOp>(loc, shape, elementType);
  Value zero = b.create<arith::ConstantOp>(loc, b.getZeroAttr(elementType));
  return b.create<linalg::FillOp>(loc, zero, empty).getResult(0);
}

} // namespace mlir::qnn::quantized_lowering
