//===- QuantizedLayers.cpp - float layers to quantized layers ---*- C++ -*-===//
//
// Implements replaceWithQuantizedLayer and the fusion of float layers on
// dequantized codes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/QuantizedLayers.h"

#include <cmath>

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

/// One of this file's rewrites of `op`, as a pattern.
template <typename OpT, bool (*rewrite)(RewriterBase &, Operation *)>
struct RewriteOp : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    if (!rewrite(rewriter, op))
      return rewriter.notifyMatchFailure(op, "operands are not such codes");
    return success();
  }
};

} // namespace

bool mlir::qnn::moveDequantizeAfter(RewriterBase &rewriter, Operation *op) {
  if (!isa<MaxPool2DOp, FlattenOp, ReshapeOp, TransposeOp, PadOp, ConcatOp>(op))
    return false;
  // Every operand dequantizes codes of one type (a concat joins equal
  // scales only).
  SmallVector<Value> codes;
  for (Value operand : op->getOperands()) {
    Value operandCodes = dequantizedCodes(operand);
    if (!operandCodes ||
        (!codes.empty() &&
         elementQuantType(operandCodes) != elementQuantType(codes.front())))
      return false;
    codes.push_back(operandCodes);
  }
  // Per-channel parameters follow the channels through a max pool only.
  QuantType type = elementQuantType(codes.front());
  if (!type.isPerTensor() && !(isa<MaxPool2DOp>(op) && type.getAxis() == 1))
    return false;
  // A pad is exact on codes only where its value has a code.
  if (auto pad = dyn_cast<PadOp>(op)) {
    double code = pad.getValue().convertToDouble() / type.getScales()[0] +
                  type.getZeroPoints()[0];
    if (type.isBipolar() || code != std::floor(code) ||
        code < type.getCodeMin() || code > type.getCodeMax())
      return false;
  }
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  rewriter.setInsertionPoint(op);
  Operation *moved = rewriter.clone(*op);
  moved->setOperands(codes);
  moved->getResult(0).setType(resultType.clone(type));
  Value dequantized = rewriter.create<DequantizeOp>(
      op->getLoc(), resultType, moved->getResult(0));
  rewriter.replaceOp(op, dequantized);
  return true;
}

bool mlir::qnn::moveQuantizeBefore(RewriterBase &rewriter, Operation *op) {
  auto quantize = dyn_cast<QuantizeOp>(op);
  if (!quantize)
    return false;
  auto pool = quantize.getInput().getDefiningOp<MaxPool2DOp>();
  if (!pool || !pool->hasOneUse())
    return false;
  QuantType type = elementQuantType(quantize.getOutput());
  if (type.isBipolar() || (!type.isPerTensor() && type.getAxis() != 1))
    return false;
  auto inputType = cast<RankedTensorType>(pool.getInput().getType());
  rewriter.setInsertionPoint(pool);
  Value codes = rewriter.create<QuantizeOp>(
      quantize.getLoc(), inputType.clone(type), pool.getInput(),
      quantize.getRoundingModeAttr(), quantize.getNarrowAttr());
  Operation *moved = rewriter.clone(*pool);
  moved->setOperands(codes);
  moved->getResult(0).setType(quantize.getOutput().getType());
  rewriter.replaceOp(quantize, moved->getResults());
  rewriter.eraseOp(pool);
  return true;
}

/// The codes `layer` can take for its input: those its input dequantizes
/// when they are per tensor (or, for a convolution, per channel alike within
/// each group); else null.
static Value getFusableInputCodes(Operation *layer) {
  Value codes = dequantizedCodes(layer->getOperand(0));
  if (!codes)
    return Value();
  int64_t groups = 1;
  if (auto conv = dyn_cast<Conv2DOp>(layer))
    groups = static_cast<int64_t>(conv.getGroups());
  if (auto conv = dyn_cast<QConv2DOp>(layer))
    groups = static_cast<int64_t>(conv.getGroups());
  QuantType activation = elementQuantType(codes);
  if (activation.isPerTensor() ||
      (activation.getAxis() == 1 && activation.isUniformWithinGroups(groups)))
    return codes;
  return Value();
}

bool mlir::qnn::fuseQuantizedLayer(RewriterBase &rewriter, Operation *layer) {
  // A weight-only quantized layer whose input has become codes since (a
  // dequantize moved after a max pool, say) takes them.
  if (isa<QConv2DOp, QDenseOp>(layer)) {
    Value codes = getFusableInputCodes(layer);
    if (!codes)
      return false;
    rewriter.modifyOpInPlace(layer, [&] { layer->setOperand(0, codes); });
    return true;
  }
  if (!isa<Conv2DOp, DenseOp>(layer))
    return false;
  Value weight = dequantizedCodes(layer->getOperand(1));
  if (!weight)
    return false;
  QuantType weights = elementQuantType(weight);
  if (!weights.isPerTensor() && weights.getAxis() != 0)
    return false;
  // The codes where the scales factor out of each group's integer sum; else
  // the float values (a weight-only quantized layer).
  Value input = getFusableInputCodes(layer);
  replaceWithQuantizedLayer(rewriter, layer, input ? input : layer->getOperand(0),
                            weight);
  return true;
}

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

void mlir::qnn::populateFuseQuantizedLayersPatterns(RewritePatternSet &patterns) {
  patterns.add<RewriteOp<Conv2DOp, fuseQuantizedLayer>,
               RewriteOp<DenseOp, fuseQuantizedLayer>,
               RewriteOp<QConv2DOp, fuseQuantizedLayer>,
               RewriteOp<QDenseOp, fuseQuantizedLayer>,
               RewriteOp<MaxPool2DOp, moveDequantizeAfter>,
               RewriteOp<FlattenOp, moveDequantizeAfter>,
               RewriteOp<ReshapeOp, moveDequantizeAfter>,
               RewriteOp<TransposeOp, moveDequantizeAfter>,
               RewriteOp<PadOp, moveDequantizeAfter>,
               RewriteOp<ConcatOp, moveDequantizeAfter>,
               RewriteOp<QuantizeOp, moveQuantizeBefore>>(
      patterns.getContext());
}
