//===- FuseRequantization.cpp - layers that write their codes ---*- C++ -*-===//
//
// Implements qnn-fuse-requantization: a qnn.qconv2d or qnn.qdense whose only
// user is a qnn.quantize (possibly through a ReLU the quantizer makes
// redundant) takes that quantizer's result type, so that its lowering
// requantizes the exact sums into the next layer's codes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFUSEREQUANTIZATION
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Whether quantizing as `type` maps every x < 0 to the code of 0: the
/// smallest code is not below the zero point, which is an integer, so that
/// `round(x / s + z) <= z` clamps to the same code `round(0 / s + z)` does.
bool absorbsRelu(QuantType type) {
  if (type.isBipolar())
    return false;
  double zeroPoint = type.getZeroPoints()[0];
  return zeroPoint == std::round(zeroPoint) &&
         double(type.getCodeMin()) >= zeroPoint;
}

template <typename LayerOp>
struct FuseIntoLayer : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern<QuantizeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto type = cast<QuantType>(quantize.getType().getElementType());
    if (quantize.getRoundingMode() != RoundingMode::Round ||
        quantize.getNarrow() || !type.isPerTensor())
      return rewriter.notifyMatchFailure(
          quantize, "not a per-tensor quantizer with default rounding");
    Value value = quantize.getInput();
    if (auto relu = value.getDefiningOp<ReluOp>()) {
      if (!relu->hasOneUse() || !absorbsRelu(type))
        return rewriter.notifyMatchFailure(quantize,
                                           "a ReLU the codes do not absorb");
      value = relu.getInput();
    }
    auto layer = value.getDefiningOp<LayerOp>();
    if (!layer || !layer->hasOneUse() ||
        isa<QuantType>(layer.getType().getElementType()))
      return rewriter.notifyMatchFailure(quantize, "no single-use float layer");
    // The layer keeps its own location: profile rows and diagnostics name
    // the layer.
    rewriter.modifyOpInPlace(
        layer, [&] { layer.getResult().setType(quantize.getType()); });
    rewriter.replaceOp(quantize, layer.getResult());
    return success();
  }
};

struct QNNFuseRequantizationPass
    : qnn::impl::QNNFuseRequantizationBase<QNNFuseRequantizationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseIntoLayer<QConv2DOp>, FuseIntoLayer<QDenseOp>>(
        &getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
