//===- FuseQuantizedLayers.cpp - float layers to quantized ones -*- C++ -*-===//
//
// Implements qnn-fuse-quantized-layers: a conv2d or dense layer whose input
// and weight are dequantized codes becomes qnn.qconv2d or qnn.qdense.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/QuantizedLayers.h"

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

/// conv2d or dense on dequantized codes -> its quantized form on the codes.
template <typename LayerOp>
struct FuseLayer : OpRewritePattern<LayerOp> {
  using OpRewritePattern<LayerOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerOp op,
                                PatternRewriter &rewriter) const override {
    Value input = dequantizedCodes(op.getInput());
    Value weight = dequantizedCodes(op.getWeight());
    if (!areFusable(input, weight))
      return rewriter.notifyMatchFailure(op, "operands are not fusable codes");
    replaceWithQuantizedLayer(rewriter, op, input, weight);
    return success();
  }
};

struct QNNFuseQuantizedLayersPass
    : qnn::impl::QNNFuseQuantizedLayersBase<QNNFuseQuantizedLayersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseLayer<Conv2DOp>, FuseLayer<DenseOp>>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
