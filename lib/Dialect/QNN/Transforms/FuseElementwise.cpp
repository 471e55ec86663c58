//===- FuseElementwise.cpp - elementwise fusion, not into GEMMs -*- C++ -*-===//
//
// Implements qnn-fuse-elementwise: upstream's elementwise op fusion whose
// control function keeps producers out of consumers with reduction loops.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFUSEELEMENTWISE
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

struct QNNFuseElementwisePass
    : qnn::impl::QNNFuseElementwiseBase<QNNFuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    linalg::ControlFusionFn control = [](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
      return producer && producer->hasOneUse() && consumer &&
             consumer.getNumReductionLoops() == 0;
    };
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    // A GEMM's epilogue works on rows x channels, what follows it on the
    // expanded N x H x W x C: expanding the epilogue (an elementwise
    // generic of one use) lets it fuse with the ReLU and the next layer's
    // quantizer.
    linalg::ControlFusionFn expand = [](OpOperand *operand) {
      auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
      return producer && producer->hasOneUse() &&
             producer.getNumReductionLoops() == 0 &&
             isa<tensor::ExpandShapeOp>(operand->getOwner());
    };
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, expand);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
