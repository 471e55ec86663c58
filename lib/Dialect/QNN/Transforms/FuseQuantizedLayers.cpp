//===- FuseQuantizedLayers.cpp - float layers to quantized ones -*- C++ -*-===//
//
// Implements qnn-fuse-quantized-layers: a conv2d or dense layer whose input
// and weight are dequantized codes becomes qnn.qconv2d or qnn.qdense.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFUSEQUANTIZEDLAYERS
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The codes a value was dequantized from, or null.
Value dequantizedCodes(Value value) {
  auto dequantize = value.getDefiningOp<DequantizeOp>();
  return dequantize ? dequantize.getInput() : Value();
}

QuantType elementQuantType(Value codes) {
  return cast<QuantType>(cast<ShapedType>(codes.getType()).getElementType());
}

/// Whether the quantized op can take these codes (the verifier's rule).
bool areFusable(Value input, Value weight) {
  if (!input || !weight)
    return false;
  QuantType weights = elementQuantType(weight);
  return elementQuantType(input).isPerTensor() &&
         (weights.isPerTensor() || weights.getAxis() == 0);
}

struct FuseConv : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    Value input = dequantizedCodes(op.getInput());
    Value weight = dequantizedCodes(op.getWeight());
    if (!areFusable(input, weight))
      return rewriter.notifyMatchFailure(op, "operands are not fusable codes");
    auto fused = rewriter.replaceOpWithNewOp<QConv2DOp>(
        op, op.getType(), input, weight, op.getBias(), op.getStridesAttr(),
        op.getPaddingAttr(), op.getDilationsAttr(), op.getGroupsAttr());
    // Keep discardable attributes such as a bitwidth assignment.
    for (NamedAttribute attribute : op->getDiscardableAttrs())
      fused->setAttr(attribute.getName(), attribute.getValue());
    return success();
  }
};

struct FuseDense : OpRewritePattern<DenseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DenseOp op,
                                PatternRewriter &rewriter) const override {
    Value input = dequantizedCodes(op.getInput());
    Value weight = dequantizedCodes(op.getWeight());
    if (!areFusable(input, weight))
      return rewriter.notifyMatchFailure(op, "operands are not fusable codes");
    auto fused = rewriter.replaceOpWithNewOp<QDenseOp>(op, op.getType(), input,
                                                       weight, op.getBias());
    for (NamedAttribute attribute : op->getDiscardableAttrs())
      fused->setAttr(attribute.getName(), attribute.getValue());
    return success();
  }
};

struct QNNFuseQuantizedLayersPass
    : qnn::impl::QNNFuseQuantizedLayersBase<QNNFuseQuantizedLayersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseConv, FuseDense>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
