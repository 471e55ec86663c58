//===- FoldBatchNorm.cpp - fold batch norm into the layer before -*- C++ -*-===//
//
// Implements qnn-fold-batch-norm: inference batch norm after a convolution or
// dense layer with constant parameters becomes part of its weights and bias.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFOLDBATCHNORM
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Reads a constant f32 tensor, or fails.
static FailureOr<SmallVector<float>> readConstant(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return failure();
  auto values = attr.getValues<float>();
  return SmallVector<float>(values.begin(), values.end());
}

static Value createConstant(PatternRewriter &rewriter, Location loc,
                            ShapedType type, ArrayRef<float> values) {
  auto tensorType = RankedTensorType::get(type.getShape(), type.getElementType());
  return rewriter.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(tensorType, values));
}

/// Folds batch norm into the convolution or dense layer `LayerOp` that feeds
/// it. Output channels are dimension 0 of the weight.
template <typename LayerOp>
struct FoldIntoLayer : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp batchNorm,
                                PatternRewriter &rewriter) const override {
    auto layer = batchNorm.getInput().template getDefiningOp<LayerOp>();
    if (!layer || !layer->hasOneUse())
      return rewriter.notifyMatchFailure(batchNorm, "no single-use layer before");
    auto weight = readConstant(layer.getWeight());
    auto gamma = readConstant(batchNorm.getScale());
    auto beta = readConstant(batchNorm.getBias());
    auto mean = readConstant(batchNorm.getMean());
    auto variance = readConstant(batchNorm.getVariance());
    if (failed(weight) || failed(gamma) || failed(beta) || failed(mean) ||
        failed(variance))
      return rewriter.notifyMatchFailure(batchNorm, "parameters not constant");
    size_t channels = gamma->size();
    SmallVector<float> bias(channels, 0.0f);
    if (layer.getBias()) {
      auto layerBias = readConstant(layer.getBias());
      if (failed(layerBias))
        return rewriter.notifyMatchFailure(batchNorm, "bias not constant");
      bias = *layerBias;
    }

    float epsilon = batchNorm.getEpsilon().convertToFloat();
    size_t perChannel = weight->size() / channels;
    SmallVector<float> newBias(channels);
    for (size_t channel = 0; channel < channels; ++channel) {
      float scale = (*gamma)[channel] / std::sqrt((*variance)[channel] + epsilon);
      for (size_t i = 0; i < perChannel; ++i)
        (*weight)[channel * perChannel + i] *= scale;
      newBias[channel] =
          (bias[channel] - (*mean)[channel]) * scale + (*beta)[channel];
    }

    Location loc = batchNorm.getLoc();
    rewriter.setInsertionPoint(layer);
    Value newWeight = createConstant(
        rewriter, loc, cast<ShapedType>(layer.getWeight().getType()), *weight);
    Value biasValue = createConstant(
        rewriter, loc, RankedTensorType::get({int64_t(channels)}, rewriter.getF32Type()),
        newBias);
    rewriter.modifyOpInPlace(layer, [&] {
      layer.getWeightMutable().assign(newWeight);
      if (layer.getBias())
        layer.getBiasMutable().assign(biasValue);
      else
        layer.getBiasMutable().append(biasValue);
    });
    rewriter.replaceOp(batchNorm, layer.getResult());
    return success();
  }
};

struct QNNFoldBatchNormPass
    : qnn::impl::QNNFoldBatchNormBase<QNNFoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoLayer<Conv2DOp>, FoldIntoLayer<DenseOp>>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
