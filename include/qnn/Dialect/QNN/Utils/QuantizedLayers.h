//===- QuantizedLayers.h - float layers to quantized layers -----*- C++ -*-===//
//
// Builds the quantized form of a graph-level layer, shared by the passes that
// quantize (qnn-fuse-quantized-layers, qnn-quantize).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_QUANTIZEDLAYERS_H
#define QNN_DIALECT_QNN_UTILS_QUANTIZEDLAYERS_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::qnn {

/// Replaces `layer` (qnn.conv2d or qnn.dense) with qnn.qconv2d or qnn.qdense
/// on the codes `input` and `weight`, keeping its bias, window attributes and
/// discardable attributes (such as a bitwidth assignment). Returns the new op.
Operation *replaceWithQuantizedLayer(RewriterBase &rewriter, Operation *layer,
                                     Value input, Value weight);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_QUANTIZEDLAYERS_H
