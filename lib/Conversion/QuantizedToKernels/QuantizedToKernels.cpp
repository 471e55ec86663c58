//===- QuantizedToKernels.cpp - quantized level to kernels ------*- C++ -*-===//
//
// Implements convert-qnn-quantized-to-kernels: a dialect conversion whose
// type converter stores k-bit codes as i8 tensors. qnn.quantize, qnn.trunc,
// qnn.dequantize and qnn.constant become elementwise linalg and constants,
// and the ops that move codes (max pool, reshapes, transpose, concat, pad)
// the same tensor ops on the i8 storage; the layers, qnn.qconv2d and
// qnn.qdense, are lowered by the patterns of QuantizedLayers.cpp.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/QuantizedToKernels/QuantizedToKernels.h"
#include "Common.h"
#include "Requantize.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/Rounding.h"
#include "qnn/Dialect/QNN/Utils/Tensors.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNQUANTIZEDTOKERNELS
#include "qnn/Conversion/QuantizedToKernels/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::quantized_lowering;

namespace {

//===----------------------------------------------------------------------===//
// Codes as integers
//===----------------------------------------------------------------------===//

/// Codes live in i8 tensors: unsigned codes as their bit pattern, signed and
/// bipolar codes as their value.
class CodeTypeConverter : public TypeConverter {
public:
  CodeTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](RankedTensorType type) -> Type {
      if (!isa<QuantType>(type.getElementType()))
        return type;
      return RankedTensorType::get(type.getShape(),
                                   IntegerType::get(type.getContext(), 8));
    });
    auto cast = [](OpBuilder &b, Type type, ValueRange inputs,
                   Location loc) -> std::optional<Value> {
      return b.create<UnrealizedConversionCastOp>(loc, type, inputs)
          .getResult(0);
    };
    addSourceMaterialization(cast);
    addTargetMaterialization(cast);
  }
};

LogicalResult lowerQuantize(QuantizeOp op, QuantizeOp::Adaptor adaptor,
                            ConversionPatternRewriter &rewriter,
                            const TypeConverter &converter) {
  QuantType type = getQuantElement(op.getOutput());
  // Codes of few bits: compare with each level's smallest float.
  if (Value codes = emitQuantizeByThresholds(
          rewriter, op.getLoc(), adaptor.getInput(), type, op.getRoundingMode(),
          op.getNarrow())) {
    rewriter.replaceOp(op, codes);
    return success();
  }
  auto quantize = [&](OpBuilder &b, Location l, Value x, Value scale,
                      Value zeroPoint) {
    return storeQuantizedCode(
        b, l, x, scale, zeroPoint, type, op.getRoundingMode(), op.getNarrow(),
        getExactReciprocal(b, l, type, op.getRoundingMode(), op.getNarrow()));
  };
  rewriter.replaceOp(
      op, mapWithQuantParameters(rewriter, op.getLoc(), adaptor.getInput(),
                                 type, rewriter.getI8Type(), quantize));
  return success();
}

/// QONNX's Trunc: the input on its own grid, then `shift` bits dropped by
/// the quantization of that grid value with scale 2^shift.
LogicalResult lowerTrunc(TruncOp op, TruncOp::Adaptor adaptor,
                         ConversionPatternRewriter &rewriter,
                         const TypeConverter &converter) {
  QuantType type = getQuantElement(op.getOutput());
  float inputScale = op.getInputScale().convertToFloat();
  float inputZero = op.getInputZeroPoint().convertToFloat();
  float divisor = std::ldexp(1.0f, static_cast<int>(op.getShift()));
  Value codes = mapElements(
      rewriter, op.getLoc(), adaptor.getInput(), {}, op.getType().getShape(),
      rewriter.getI8Type(),
      [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        auto constant = [&](float value) -> Value {
          return b.create<arith::ConstantOp>(l, b.getF32FloatAttr(value));
        };
        Value onGrid = b.create<arith::AddFOp>(
            l, b.create<arith::DivFOp>(l, args[0], constant(inputScale)),
            constant(inputZero));
        onGrid = createRounding(b, l, onGrid, RoundingMode::Round);
        return storeQuantizedCode(b, l, onGrid, constant(divisor),
                                  constant(0.0f), type, op.getRoundingMode(),
                                  /*narrow=*/false);
      });
  rewriter.replaceOp(op, codes);
  return success();
}

LogicalResult lowerDequantize(DequantizeOp op, DequantizeOp::Adaptor adaptor,
                              ConversionPatternRewriter &rewriter,
                              const TypeConverter &converter) {
  QuantType type = getQuantElement(op.getInput());
  Value values = mapWithQuantParameters(
      rewriter, op.getLoc(), adaptor.getInput(), type, rewriter.getF32Type(),
      [&](OpBuilder &b, Location l, Value stored, Value scale,
          Value zeroPoint) -> Value {
        Value code =
            widenCode(b, l, stored, type.getEncoding(), b.getF32Type());
        // QONNX's (q - zero_point) * scale, in f32.
        return b.create<arith::MulFOp>(
            l, b.create<arith::SubFOp>(l, code, zeroPoint), scale);
      });
  rewriter.replaceOp(op, values);
  return success();
}

LogicalResult lowerConstant(ConstantOp op, ConstantOp::Adaptor,
                            ConversionPatternRewriter &rewriter,
                            const TypeConverter &converter) {
  rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getValue());
  return success();
}

//===----------------------------------------------------------------------===//
// Ops that move codes
//===----------------------------------------------------------------------===//

// These ops are illegal only on codes (the conversion target leaves them
// alone on floats), so their patterns see codes only.

/// Max pooling of codes: the largest code of each window, compared as the
/// encoding orders codes (unsigned ones by their bit pattern); padded
/// positions hold the smallest code, which never wins over a real one.
LogicalResult lowerCodeMaxPool(MaxPool2DOp op, MaxPool2DOp::Adaptor adaptor,
                               ConversionPatternRewriter &rewriter,
                               const TypeConverter &converter) {
  auto type = cast<QuantType>(op.getType().getElementType());
  Location loc = op.getLoc();
  bool isUnsigned = type.getEncoding() == Encoding::Unsigned;
  Type i8 = rewriter.getI8Type();
  Value lowest = rewriter.create<arith::ConstantOp>(
      loc, rewriter.getIntegerAttr(i8, isUnsigned ? 0 : type.getCodeMin()));
  Value input =
      padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), lowest);
  ArrayRef<int64_t> shape = op.getType().getShape();
  Value empty = rewriter.create<tensor::EmptyOp>(loc, shape, i8);
  Value init = rewriter.create<linalg::FillOp>(loc, lowest, empty).getResult(0);
  Value window = rewriter.create<tensor::EmptyOp>(loc, op.getKernel(), i8);
  // (n, c, oh, ow, kh, kw): the input at the window position, the window
  // for its extent, the result at the output pixel.
  MLIRContext *context = rewriter.getContext();
  auto d = [&](unsigned i) { return rewriter.getAffineDimExpr(i); };
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0,
                     {d(0), d(1), d(2) * strides[0] + d(4) * dilations[0],
                      d(3) * strides[1] + d(5) * dilations[1]},
                     context),
      AffineMap::get(6, 0, {d(4), d(5)}, context),
      AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, context)};
  using utils::IteratorType;
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.append(2, IteratorType::reduction);
  rewriter.replaceOpWithNewOp<linalg::GenericOp>(
      op, TypeRange{init.getType()}, ValueRange{input, window},
      ValueRange{init}, maps, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value larger =
            isUnsigned
                ? b.create<arith::MaxUIOp>(l, args[0], args[2]).getResult()
                : b.create<arith::MaxSIOp>(l, args[0], args[2]).getResult();
        b.create<linalg::YieldOp>(l, larger);
      });
  return success();
}

/// Flatten and reshape of codes: the i8 tensor reinterpreted.
template <typename ReshapeLikeOp>
LogicalResult lowerCodeReshape(ReshapeLikeOp op,
                               typename ReshapeLikeOp::Adaptor adaptor,
                               ConversionPatternRewriter &rewriter,
                               const TypeConverter &converter) {
  auto type = cast<RankedTensorType>(converter.convertType(op.getType()));
  rewriter.replaceOp(
      op, reshapeTo(rewriter, op.getLoc(), adaptor.getInput(), type));
  return success();
}

/// Transpose, concat and pad of codes: the same tensor ops on the i8
/// storage; a pad writes the stored code of its value.
LogicalResult lowerCodeTranspose(TransposeOp op, TransposeOp::Adaptor adaptor,
                                 ConversionPatternRewriter &rewriter,
                                 const TypeConverter &converter) {
  rewriter.replaceOp(op,
                     transposeTensor(rewriter, op.getLoc(), adaptor.getInput(),
                                     op.getPermutation()));
  return success();
}

LogicalResult lowerCodeConcat(ConcatOp op, ConcatOp::Adaptor adaptor,
                              ConversionPatternRewriter &rewriter,
                              const TypeConverter &converter) {
  auto type = cast<RankedTensorType>(converter.convertType(op.getType()));
  rewriter.replaceOp(op,
                     concatTensors(rewriter, op.getLoc(), adaptor.getInputs(),
                                   type, op.getAxis()));
  return success();
}

LogicalResult lowerCodePad(PadOp op, PadOp::Adaptor adaptor,
                           ConversionPatternRewriter &rewriter,
                           const TypeConverter &converter) {
  std::optional<int64_t> code = op.getPaddingCode();
  if (!code)
    return rewriter.notifyMatchFailure(op, "not codes with a padding code");
  Location loc = op.getLoc();
  Value stored = rewriter.create<arith::ConstantOp>(
      loc, rewriter.getIntegerAttr(rewriter.getI8Type(),
                                   static_cast<int8_t>(*code & 0xff)));
  rewriter.replaceOp(op, padTensor(rewriter, loc, adaptor.getInput(),
                                   op.getLow(), op.getHigh(), stored));
  return success();
}

struct ConvertQNNQuantizedToKernelsPass
    : qnn::impl::ConvertQNNQuantizedToKernelsBase<
          ConvertQNNQuantizedToKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // Constant weights become code constants first (qnn.quantize folds).
    RewritePatternSet folding(context);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(folding))))
      return signalPassFailure();

    CodeTypeConverter converter;
    ConversionTarget target(*context);
    target.addIllegalOp<QuantizeOp, TruncOp, DequantizeOp, ConstantOp, QConv2DOp,
                        QDenseOp>();
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      return converter.isLegal(op->getOperandTypes()) &&
             converter.isLegal(op->getResultTypes());
    });
    RewritePatternSet patterns(context);
    addConversions(patterns, converter, lowerQuantize, lowerTrunc,
                   lowerDequantize, lowerConstant, lowerCodeMaxPool,
                   lowerCodeReshape<FlattenOp>, lowerCodeReshape<ReshapeOp>,
                   lowerCodeTranspose, lowerCodeConcat, lowerCodePad);
    populateQuantizedLayerPatterns(converter, patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
