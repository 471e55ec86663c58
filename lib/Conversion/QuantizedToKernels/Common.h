//===- Common.h - shared builders of the quantized lowering ------*- C++ -*-===//
//
// Private to convert-qnn-quantized-to-kernels: the elementwise builders that
// the lowering of values (QuantizedToKernels.cpp) and of layers
// (QuantizedLayers.cpp) share, and the layers' pattern set.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_COMMON_H
#define QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_COMMON_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qnn::quantized_lowering {

/// The !qnn.quant element of a tensor value.
QuantType getQuantElement(Value value);

/// The codes' type of a layer's input; null for the float input of a
/// weight-only quantized layer.
QuantType getActivationType(Value input);

/// A stored i8 code widened to `type` (an integer or f32) under `encoding`.
Value widenCode(OpBuilder &b, Location loc, Value code, Encoding encoding,
                Type type);

/// An elementwise linalg.generic over `inputs` (identity maps unless given)
/// into a new tensor of `shape` x `elementType`.
Value mapElements(OpBuilder &b, Location loc, ValueRange inputs,
                  ArrayRef<AffineMap> inputMaps, ArrayRef<int64_t> shape,
                  Type elementType,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// Codes of an i8 tensor widened to `type` element by element.
Value widenCodes(OpBuilder &b, Location loc, Value codes, Encoding encoding,
                 Type type);

/// 1-D constants of f32 and f64.
Value f32Vector(OpBuilder &b, Location loc, ArrayRef<double> values);
Value f64Vector(OpBuilder &b, Location loc, ArrayRef<double> values);

/// An elementwise map of `input` to a tensor of `element`, whose body also
/// gets the scale and zero point of `type` at the current element, as f32
/// scalars: constants for a per-tensor type, else read from per-channel
/// vectors along the type's axis.
Value mapWithQuantParameters(
    OpBuilder &b, Location loc, Value input, QuantType type, Type element,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body);

/// A zero-filled tensor.
Value zeroFilled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 Type elementType);

/// The patterns of qnn.qconv2d and qnn.qdense (QuantizedLayers.cpp).
/// A conversion pattern that calls a function: the conversion counterpart
/// of RewritePatternSet::add(LogicalResult (*)(OpTy, PatternRewriter &)).
template <typename SourceOp>
class FunctionConversionPattern : public OpConversionPattern<SourceOp> {
public:
  using Adaptor = typename SourceOp::Adaptor;
  using Function = LogicalResult (*)(SourceOp, Adaptor,
                                     ConversionPatternRewriter &,
                                     const TypeConverter &);

  FunctionConversionPattern(const TypeConverter &converter,
                            MLIRContext *context, Function function)
      : OpConversionPattern<SourceOp>(converter, context), function(function) {}

  LogicalResult
  matchAndRewrite(SourceOp op, Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return function(op, adaptor, rewriter, *this->getTypeConverter());
  }

private:
  Function function;
};

/// Adds the conversion pattern that calls `function`.
template <typename SourceOp>
void addConversion(RewritePatternSet &patterns, const TypeConverter &converter,
                   LogicalResult (*function)(SourceOp,
                                             typename SourceOp::Adaptor,
                                             ConversionPatternRewriter &,
                                             const TypeConverter &)) {
  patterns.add<FunctionConversionPattern<SourceOp>>(
      converter, patterns.getContext(), function);
}

/// Adds the conversion pattern of each of `functions`.
template <typename... Functions>
void addConversions(RewritePatternSet &patterns, const TypeConverter &converter,
                    Functions... functions) {
  (addConversion(patterns, converter, functions), ...);
}

void populateQuantizedLayerPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);

} // namespace mlir::qnn::quantized_lowering

#endif // QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_COMMON_H
