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

/// Replaces `layer` by its quantized form when it is a qnn.conv2d or
/// qnn.dense whose weight is `qnn.dequantize` of codes per tensor or per
/// output channel. It takes its input's codes where it is `qnn.dequantize`
/// of codes per tensor (or, for a convolution, per channel alike within each
/// group), else the float input (a weight-only quantized layer). A
/// weight-only quantized qnn.qconv2d or qnn.qdense whose input has become
/// such a dequantize takes its codes. Returns whether it did.
bool fuseQuantizedLayer(RewriterBase &rewriter, Operation *layer);

/// Rewrites `op(dequantize(codes))` to `dequantize(op(codes))` when `op`
/// commutes with quantizers exactly (qnn.max_pool2d; qnn.flatten,
/// qnn.reshape, qnn.transpose of per-tensor codes; qnn.pad whose value has
/// an exact code; qnn.concat of codes of one type), so that a layer after a
/// quantizer and such ops still takes codes. Returns whether it did.
bool moveDequantizeAfter(RewriterBase &rewriter, Operation *op);

/// Rewrites `quantize(max_pool2d(x))` to `max_pool2d(quantize(x))` when the
/// pool has no other user: quantizing is monotonic (the rounding, the
/// clamp), so the max of codes is the code of the max, and the pool runs on
/// codes of a byte, which the layer before it can write directly. Not for
/// bipolar codes, nor per-channel codes on another axis than channels.
/// Returns whether it did.
bool moveQuantizeBefore(RewriterBase &rewriter, Operation *op);

/// fuseQuantizedLayer, moveDequantizeAfter and moveQuantizeBefore as
/// patterns, for qnn-fuse-quantized-layers.
void populateFuseQuantizedLayersPatterns(RewritePatternSet &patterns);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_QUANTIZEDLAYERS_H
