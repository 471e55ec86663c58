//===- QuantizedLayers.h - float layers to quantized layers -----*- C++ -*-===//
//
// Builds the quantized form of a graph-level layer, shared by the passes that
// quantize (the ONNX importer, qnn-fuse-quantized-layers, qnn-quantize).
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

/// Patterns rewriting qnn.conv2d / qnn.dense whose input and weight are both
/// `qnn.dequantize` of codes the quantized op accepts (per-tensor
/// activations; weights per tensor or per output channel) into
/// qnn.qconv2d / qnn.qdense on those codes. Used by the ONNX importer on
/// QONNX graphs and by qnn-fuse-quantized-layers.
void populateFuseQuantizedLayersPatterns(RewritePatternSet &patterns);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_QUANTIZEDLAYERS_H
