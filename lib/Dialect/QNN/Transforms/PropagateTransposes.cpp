//===- PropagateTransposes.cpp - transposes down to their inverse -*- C++
//-*-===//
//
// Implements qnn-propagate-transposes: moves the layout transposes that the
// lowering of channels-last layers leaves between them down the data flow,
// through elementwise generics, constant padding and NCHW pooling, until
// two in a row compose into nothing.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNPROPAGATETRANSPOSES
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

/// `value` transposed by `permutation` (result dimension i is dimension
/// permutation[i] of `value`).
Value transpose(PatternRewriter &rewriter, Location loc, Value value,
                ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape = applyPermutation(type.getShape(), permutation);
  Value init =
      rewriter.create<tensor::EmptyOp>(loc, shape, type.getElementType());
  return rewriter.create<linalg::TransposeOp>(loc, value, init, permutation)
      ->getResult(0);
}

/// transpose(transpose(x, p), q) is x transposed by p then q: one transpose,
/// or x itself.
struct ComposeTransposes : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<linalg::TransposeOp>();
    if (!producer || !op.hasPureTensorSemantics())
      return failure();
    SmallVector<int64_t> permutation =
        applyPermutation(producer.getPermutation(), op.getPermutation());
    if (isIdentityPermutation(permutation)) {
      rewriter.replaceOp(op, producer.getInput());
      return success();
    }
    rewriter.replaceOp(
        op, transpose(rewriter, op.getLoc(), producer.getInput(), permutation));
    return success();
  }
};

/// An elementwise generic that reads a transposed tensor runs over the
/// transpose's source, and its result is transposed instead.
struct SinkThroughElementwise : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getNumResults() != 1 ||
        op.getNumParallelLoops() != op.getNumLoops())
      return failure();
    OpOperand *init = op.getDpsInitOperand(0);
    if (!op.getMatchingIndexingMap(init).isIdentity() ||
        op.payloadUsesValueFromOperand(init))
      return failure();
    // The first input transposed into this op's iteration space.
    linalg::TransposeOp transposed;
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto producer = input->get().getDefiningOp<linalg::TransposeOp>();
      if (producer && op.getMatchingIndexingMap(input).isIdentity()) {
        transposed = producer;
        break;
      }
    }
    if (!transposed)
      return failure();
    ArrayRef<int64_t> permutation = transposed.getPermutation();
    // Loop i of this op is loop permutation[i] of the new one.
    AffineMap newToOld =
        AffineMap::getPermutationMap(permutation, op.getContext());

    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *input : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(input);
      auto producer = input->get().getDefiningOp<linalg::TransposeOp>();
      if (producer && map.isIdentity() &&
          producer.getPermutation() == permutation) {
        inputs.push_back(producer.getInput());
        maps.push_back(AffineMap::getMultiDimIdentityMap(map.getNumDims(),
                                                         op.getContext()));
        continue;
      }
      inputs.push_back(input->get());
      maps.push_back(map.compose(newToOld));
    }
    auto resultType = cast<RankedTensorType>(op.getResult(0).getType());
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(transposed.getInput().getType()).getShape();
    Value empty = rewriter.create<tensor::EmptyOp>(loc, shape,
                                                   resultType.getElementType());
    maps.push_back(
        AffineMap::getMultiDimIdentityMap(shape.size(), op.getContext()));
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{empty.getType()}, inputs, ValueRange{empty}, maps,
        op.getIteratorTypesArray());
    rewriter.inlineRegionBefore(op.getRegion(), generic.getRegion(),
                                generic.getRegion().begin());
    // The moved transpose keeps its location: the profile still counts it
    // to the layer that made it.
    rewriter.replaceOp(op, transpose(rewriter, transposed.getLoc(),
                                     generic.getResult(0), permutation));
    return success();
  }
};

/// An elementwise generic that reads a transposed tensor through another
/// map than the identity reads the transpose's source through the map
/// composed with the permutation: the transpose is not needed for it.
struct FoldIntoElementwise : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() ||
        op.getNumParallelLoops() != op.getNumLoops())
      return failure();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    bool folded = false;
    rewriter.startOpModification(op);
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto producer = input->get().getDefiningOp<linalg::TransposeOp>();
      AffineMap &map = maps[input->getOperandNumber()];
      if (!producer || map.isIdentity())
        continue;
      // Source index perm[i] is index i of the transposed tensor.
      AffineMap toSource = AffineMap::getPermutationMap(
          invertPermutationVector(producer.getPermutation()), op.getContext());
      map = toSource.compose(map);
      input->set(producer.getInput());
      folded = true;
    }
    if (!folded) {
      rewriter.cancelOpModification(op);
      return failure();
    }
    op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    rewriter.finalizeOpModification(op);
    return success();
  }
};

/// Constant padding of a transposed tensor pads the source.
struct SinkThroughPad : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getSource().getDefiningOp<linalg::TransposeOp>();
    Value padding = op.getConstantPaddingValue();
    if (!producer || !padding)
      return failure();
    ArrayRef<int64_t> permutation = producer.getPermutation();
    // Dimension i of the padded tensor is dimension permutation[i] of the
    // source.
    SmallVector<OpFoldResult> low = op.getMixedLowPad(),
                              high = op.getMixedHighPad();
    SmallVector<OpFoldResult> sourceLow(low.size()), sourceHigh(high.size());
    for (auto [i, dim] : llvm::enumerate(permutation)) {
      sourceLow[dim] = low[i];
      sourceHigh[dim] = high[i];
    }
    Location loc = op.getLoc();
    Value padded = rewriter.create<tensor::PadOp>(
        loc, Type(), producer.getInput(), sourceLow, sourceHigh, padding,
        op.getNofold());
    rewriter.replaceOp(
        op, transpose(rewriter, producer.getLoc(), padded, permutation));
    return success();
  }
};

/// The value a pooling init is filled with.
Value getFillValue(Value init) {
  auto fill = init.getDefiningOp<linalg::FillOp>();
  if (!fill || !fill.hasPureTensorSemantics())
    return {};
  return fill.getInputs()[0];
}

/// NCHW pooling of an NHWC tensor transposed to NCHW pools the NHWC tensor.
template <typename NchwOp, typename NhwcOp>
struct SinkThroughPooling : OpRewritePattern<NchwOp> {
  using OpRewritePattern<NchwOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(NchwOp op,
                                PatternRewriter &rewriter) const override {
    static constexpr int64_t kToNchw[] = {0, 3, 1, 2};
    auto producer =
        op.getInputs()[0].template getDefiningOp<linalg::TransposeOp>();
    Value fillValue = getFillValue(op.getOutputs()[0]);
    if (!producer || !fillValue || !op.hasPureTensorSemantics() ||
        producer.getPermutation() != ArrayRef<int64_t>(kToNchw))
      return failure();
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    ArrayRef<int64_t> nchw = resultType.getShape();
    SmallVector<int64_t> nhwc = {nchw[0], nchw[2], nchw[3], nchw[1]};
    Value empty = rewriter.create<tensor::EmptyOp>(loc, nhwc,
                                                   resultType.getElementType());
    Value init =
        rewriter.create<linalg::FillOp>(loc, fillValue, empty).getResult(0);
    auto pooled = rewriter.create<NhwcOp>(
        loc, TypeRange{init.getType()},
        ValueRange{producer.getInput(), op.getInputs()[1]}, ValueRange{init},
        op.getStrides(), op.getDilations());
    rewriter.replaceOp(op, transpose(rewriter, producer.getLoc(),
                                     pooled->getResult(0), kToNchw));
    return success();
  }
};

struct QNNPropagateTransposesPass
    : qnn::impl::QNNPropagateTransposesBase<QNNPropagateTransposesPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<
        ComposeTransposes, SinkThroughElementwise, FoldIntoElementwise,
        SinkThroughPad,
        SinkThroughPooling<linalg::PoolingNchwMaxOp, linalg::PoolingNhwcMaxOp>,
        SinkThroughPooling<linalg::PoolingNchwSumOp, linalg::PoolingNhwcSumOp>>(
        context);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
