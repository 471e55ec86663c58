//===- QuantizedLayers.cpp - float layers to quantized layers ---*- C++ -*-===//
//
// Implements replaceWithQuantizedLayer.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/QuantizedLayers.h"

using namespace mlir;
using namespace mlir::qnn;

Operation *mlir::qnn::replaceWithQuantizedLayer(RewriterBase &rewriter,
                                                Operation *layer, Value input,
                                                Value weight) {
  rewriter.setInsertionPoint(layer);
  Operation *quantized;
  if (auto conv = dyn_cast<Conv2DOp>(layer))
    quantized = rewriter.create<QConv2DOp>(
        conv.getLoc(), conv.getType(), input, weight, conv.getBias(),
        conv.getStridesAttr(), conv.getPaddingAttr(), conv.getDilationsAttr(),
        conv.getGroupsAttr());
  else
    quantized = rewriter.create<QDenseOp>(
        layer->getLoc(), layer->getResult(0).getType(), input, weight,
        cast<DenseOp>(layer).getBias());
  for (NamedAttribute attribute : layer->getDiscardableAttrs())
    quantized->setAttr(attribute.getName(), attribute.getValue());
  rewriter.replaceOp(layer, quantized->getResults());
  return quantized;
}
