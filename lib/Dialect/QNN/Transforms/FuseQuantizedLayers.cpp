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

struct QNNFuseQuantizedLayersPass
    : qnn::impl::QNNFuseQuantizedLayersBase<QNNFuseQuantizedLayersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseQuantizedLayersPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
