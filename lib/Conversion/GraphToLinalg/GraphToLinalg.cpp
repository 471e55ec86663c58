//===- GraphToLinalg.cpp - graph-level qnn ops to linalg --------*- C++ -*-===//
//
// Implements convert-qnn-graph-to-linalg: float graph-level ops become
// upstream linalg/tensor/arith/math ops on tensors, ready for bufferization.
//
//===----------------------------------------------------------------------===//

#include "FmaConvolution.h"

#include "qnn/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/Matmul.h"
#include "qnn/Dialect/QNN/Utils/Tensors.h"
#include "qnn/Dialect/QNN/Utils/Window.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>
#include <type_traits>

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNGRAPHTOLINALG
#include "qnn/Conversion/GraphToLinalg/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

using BodyBuilder = function_ref<Value(OpBuilder &, Location, ValueRange)>;

//===----------------------------------------------------------------------===//
// Builders shared by the patterns
//===----------------------------------------------------------------------===//

Value f32Constant(OpBuilder &b, Location loc, float value) {
  return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(value));
}

Value emptyF32(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  return b.create<tensor::EmptyOp>(loc, shape, b.getF32Type());
}

Value filledF32(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                float value) {
  return b
      .create<linalg::FillOp>(loc, f32Constant(b, loc, value),
                              emptyF32(b, loc, shape))
      .getResult(0);
}

/// Pads the spatial axes of an NCHW tensor; `padding` is (top, left, bottom,
/// right).
/// padSpatial with a float padding value.
Value padSpatialF32(OpBuilder &b, Location loc, Value input,
                    ArrayRef<int64_t> padding, float value) {
  return qnn::padSpatial(b, loc, input, padding, f32Constant(b, loc, value));
}

/// A tensor of `shape` holding `bias` broadcast along every dimension but
/// `channelDim`, or zeros without a bias: the init of a layer's accumulation.
Value broadcastChannels(OpBuilder &b, Location loc, Value bias,
                        ArrayRef<int64_t> shape, int64_t channelDim) {
  if (!bias)
    return filledF32(b, loc, shape, 0.0f);
  SmallVector<int64_t> addedDims;
  for (int64_t dim = 0, rank = shape.size(); dim < rank; ++dim)
    if (dim != channelDim)
      addedDims.push_back(dim);
  return b
      .create<linalg::BroadcastOp>(loc, bias, emptyF32(b, loc, shape),
                                   addedDims)
      ->getResult(0);
}

/// The map from the iteration space of a rank-`rank` elementwise op to a
/// one-dimensional per-channel operand indexed by dimension `dim`.
AffineMap channelMap(MLIRContext *context, int64_t rank, int64_t dim) {
  return AffineMap::get(rank, 0, getAffineDimExpr(dim, context));
}

/// Builds a linalg.generic over a tensor of `shape`: every iterator is
/// parallel and the body computes one output element from the elements of
/// `inputs` (each read through its map in `inputMaps`).
Value elementwise(OpBuilder &b, Location loc, ValueRange inputs,
                  ArrayRef<AffineMap> inputMaps, ArrayRef<int64_t> shape,
                  BodyBuilder body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(shape.size()));
  SmallVector<utils::IteratorType> iterators(shape.size(),
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{RankedTensorType::get(shape, b.getF32Type())}, inputs,
      ValueRange{emptyF32(b, loc, shape)}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        nested.create<linalg::YieldOp>(nestedLoc, result);
      });
  return generic.getResult(0);
}

/// Elementwise op with identity maps for every input.
Value elementwise(OpBuilder &b, Location loc, ValueRange inputs,
                  ArrayRef<int64_t> shape, BodyBuilder body) {
  SmallVector<AffineMap> maps(inputs.size(),
                              b.getMultiDimIdentityMap(shape.size()));
  return elementwise(b, loc, inputs, maps, shape, body);
}

/// Reduces `input` along `axes` with `combine`, starting from `initValue`;
/// the result drops the reduced axes.
Value reduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
             float initValue,
             function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> keptShape;
  SmallVector<AffineExpr> keptDims;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool reduced = llvm::is_contained(axes, dim);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced) {
      keptShape.push_back(type.getDimSize(dim));
      keptDims.push_back(b.getAffineDimExpr(dim));
    }
  }
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, keptDims, b.getContext())};
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{RankedTensorType::get(keptShape, b.getF32Type())},
      ValueRange{input}, ValueRange{filledF32(b, loc, keptShape, initValue)},
      maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(
            nestedLoc, combine(nested, nestedLoc, args[1], args[0]));
      });
  return generic.getResult(0);
}

/// The sum of `input` along `axes`, or its mean: the sum divided by the
/// number of elements reduced. The result drops the axes.
Value sumOrMean(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
                bool isMean) {
  Value sum = reduce(b, loc, input, axes, 0.0f,
                     [](OpBuilder &b, Location loc, Value acc, Value x) {
                       return b.create<arith::AddFOp>(loc, acc, x);
                     });
  if (!isMean)
    return sum;
  auto type = cast<RankedTensorType>(input.getType());
  int64_t count = 1;
  for (int64_t axis : axes)
    count *= type.getDimSize(axis);
  Value divisor = f32Constant(b, loc, static_cast<float>(count));
  return elementwise(b, loc, sum,
                     cast<RankedTensorType>(sum.getType()).getShape(),
                     [&](OpBuilder &b, Location loc, ValueRange args) {
                       return b.create<arith::DivFOp>(loc, args[0], divisor);
                     });
}

/// Reinterprets a static tensor with another shape of the same size, through
/// a one-dimensional collapse and expand.
DenseIntElementsAttr pairAttr(OpBuilder &b, ArrayRef<int64_t> values) {
  return DenseIntElementsAttr::get(RankedTensorType::get({2}, b.getI64Type()),
                                   values);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// A grouped float convolution channels last (its kernel direct_conv, nhwc):
/// one linalg.generic over (n, oh, ow, kh, kw, cg, og, g) of the padded
/// NHWC input split into groups (N x H x W x G x Cg), the weights as
/// KH x KW x Cg x Og x G (reordered at compile time when constant) and the
/// bias broadcast into N x OH x OW x G x Og, so that its innermost loop
/// walks consecutive channels (a depthwise layer's groups); the result back
/// to NCHW, whose transposes cancel with the neighbours'.
Value lowerGroupedChannelsLast(Conv2DOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *context = rewriter.getContext();
  Type f32 = rewriter.getF32Type();
  ArrayRef<int64_t> outputShape = op.getType().getShape();
  auto weightType = cast<RankedTensorType>(op.getWeight().getType());
  auto groups = static_cast<int64_t>(op.getGroups());
  int64_t batch = outputShape[0], out = outputShape[1], outH = outputShape[2],
          outW = outputShape[3];
  int64_t groupChannels = weightType.getDimSize(1),
          kernelH = weightType.getDimSize(2),
          kernelW = weightType.getDimSize(3);
  int64_t groupOut = out / groups;
  ArrayRef<int64_t> padding = op.getPadding();
  Value nhwc = transposeTensor(rewriter, loc, op.getInput(), {0, 2, 3, 1});
  Value padded = padTensor(rewriter, loc, nhwc, {0, padding[0], padding[1], 0},
                           {0, padding[2], padding[3], 0},
                           f32Constant(rewriter, loc, 0.0f));
  ArrayRef<int64_t> paddedShape =
      cast<RankedTensorType>(padded.getType()).getShape();
  Value grouped = rewriter.create<tensor::ExpandShapeOp>(
      loc,
      RankedTensorType::get(
          {batch, paddedShape[1], paddedShape[2], groups, groupChannels}, f32),
      padded, SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});

  SmallVector<int64_t> weightsShape = {kernelH, kernelW, groupChannels,
                                       groupOut, groups};
  Value weights = reorderConstantWeights(
      rewriter, loc, op.getWeight(), RankedTensorType::get(weightsShape, f32),
      [&](int64_t o, int64_t c, int64_t kh, int64_t kw) {
        return (((kh * kernelW + kw) * groupChannels + c) * groupOut +
                o % groupOut) *
                   groups +
               o / groupOut;
      });
  if (!weights) {
    Value split = rewriter.create<tensor::ExpandShapeOp>(
        loc,
        RankedTensorType::get(
            {groups, groupOut, groupChannels, kernelH, kernelW}, f32),
        op.getWeight(),
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    weights = transposeTensor(rewriter, loc, split, {3, 4, 2, 1, 0});
  }

  SmallVector<int64_t> groupedOutShape = {batch, outH, outW, groups, groupOut};
  Value init;
  if (Value bias = op.getBias()) {
    Value groupedBias = rewriter.create<tensor::ExpandShapeOp>(
        loc, RankedTensorType::get({groups, groupOut}, f32), bias,
        SmallVector<ReassociationIndices>{{0, 1}});
    init = rewriter
               .create<linalg::BroadcastOp>(
                   loc, groupedBias, emptyF32(rewriter, loc, groupedOutShape),
                   ArrayRef<int64_t>{0, 1, 2})
               ->getResult(0);
  } else {
    init = filledF32(rewriter, loc, groupedOutShape, 0.0f);
  }
  auto d = [&](unsigned i) { return rewriter.getAffineDimExpr(i); };
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  // (n, oh, ow, kh, kw, cg, og, g)
  SmallVector<AffineMap> maps = {
      AffineMap::get(8, 0,
                     {d(0), d(1) * strides[0] + d(3) * dilations[0],
                      d(2) * strides[1] + d(4) * dilations[1], d(7), d(5)},
                     context),
      AffineMap::get(8, 0, {d(3), d(4), d(5), d(6), d(7)}, context),
      AffineMap::get(8, 0, {d(0), d(1), d(2), d(7), d(6)}, context)};
  using utils::IteratorType;
  SmallVector<IteratorType> iterators = {
      IteratorType::parallel,  IteratorType::parallel,  IteratorType::parallel,
      IteratorType::reduction, IteratorType::reduction, IteratorType::reduction,
      IteratorType::parallel,  IteratorType::parallel};
  Value sums =
      rewriter
          .create<linalg::GenericOp>(
              loc, TypeRange{init.getType()}, ValueRange{grouped, weights},
              ValueRange{init}, maps, iterators,
              [](OpBuilder &nb, Location nl, ValueRange args) {
                Value product = nb.create<arith::MulFOp>(nl, args[0], args[1]);
                nb.create<linalg::YieldOp>(
                    nl,
                    ValueRange{nb.create<arith::AddFOp>(nl, args[2], product)});
              })
          .getResult(0);
  Value flat = rewriter.create<tensor::CollapseShapeOp>(
      loc, RankedTensorType::get({batch, outH, outW, out}, f32), sums,
      SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  return transposeTensor(rewriter, loc, flat, {0, 3, 1, 2});
}

LogicalResult lowerConv2D(Conv2DOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  RankedTensorType resultType = op.getType();
  if (FmaISA isa = getFmaKernel(op); isa != FmaISA::None) {
    rewriter.replaceOp(op, emitFmaConvolution(rewriter, op, isa, Value(),
                                              std::nullopt, std::nullopt));
    return success();
  }
  if (op.getGroups() == 1) {
    // im2col (the kernel op the quantized layers use too), then a GEMM of
    // the windows with the K x O weights: pixels x channels, back to NCHW.
    ArrayRef<int64_t> shape = resultType.getShape();
    int64_t batch = shape[0], out = shape[1], outH = shape[2], outW = shape[3];
    int64_t rows = batch * outH * outW;
    Value columns = windowRows(rewriter, op, op.getInput());
    Value init = broadcastChannels(rewriter, loc, op.getBias(), {rows, out},
                                   /*channelDim=*/1);
    Value pixels = createRowMajorMatmul(
        rewriter, loc, columns,
        windowMajorWeights(rewriter, loc, op.getWeight()), init);
    Value nhwc = rewriter.create<tensor::ExpandShapeOp>(
        loc,
        RankedTensorType::get({batch, outH, outW, out}, rewriter.getF32Type()),
        pixels, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
    rewriter.replaceOpWithNewOp<linalg::TransposeOp>(
        op, nhwc, emptyF32(rewriter, loc, shape),
        ArrayRef<int64_t>{0, 3, 1, 2});
    return success();
  }
  auto kernel = op->getAttrOfType<KernelAttr>(QNNDialect::kKernelAttrName);
  if (kernel && kernel.getKind() == KernelKind::DirectConv &&
      kernel.getLayout() == Layout::NHWC) {
    rewriter.replaceOp(op, lowerGroupedChannelsLast(op, rewriter));
    return success();
  }
  Value input = padSpatialF32(rewriter, loc, op.getInput(), op.getPadding(), 0);
  Value init = broadcastChannels(rewriter, loc, op.getBias(),
                                 resultType.getShape(), /*channelDim=*/1);
  auto strides = pairAttr(rewriter, op.getStrides());
  auto dilations = pairAttr(rewriter, op.getDilations());
  auto groups = static_cast<int64_t>(op.getGroups());
  // Grouped: split the channel axes into (group, channel in group), the
  // layout of linalg's NGCHW x GFCHW convolution.
  auto expand = [&](Value value, int64_t splitDim,
                    SmallVector<ReassociationIndices> reassociation) {
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<int64_t> shape(type.getShape());
    int64_t size = shape[splitDim];
    shape[splitDim] = size / groups;
    shape.insert(shape.begin() + splitDim, groups);
    return rewriter.create<tensor::ExpandShapeOp>(loc, type.clone(shape), value,
                                                  reassociation);
  };
  SmallVector<ReassociationIndices> splitDim1 = {{0}, {1, 2}, {3}, {4}};
  SmallVector<ReassociationIndices> splitDim0 = {{0, 1}, {2}, {3}, {4}};
  Value groupedInput = expand(input, 1, splitDim1);
  Value groupedWeight = expand(op.getWeight(), 0, splitDim0);
  Value groupedInit = expand(init, 1, splitDim1);
  Value conv = rewriter
                   .create<linalg::Conv2DNgchwGfchwOp>(
                       loc, TypeRange{groupedInit.getType()},
                       ValueRange{groupedInput, groupedWeight},
                       ValueRange{groupedInit}, strides, dilations)
                   ->getResult(0);
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, resultType, conv,
                                                       splitDim1);
  return success();
}

LogicalResult lowerDense(DenseOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  Value init = broadcastChannels(rewriter, loc, op.getBias(),
                                 op.getType().getShape(), /*channelDim=*/1);
  // Weights O x K as K x O, for the GEMM whose channel loop vectorizes:
  // transposed at compile time when constant.
  auto weightType = cast<RankedTensorType>(op.getWeight().getType());
  int64_t out = weightType.getDimSize(0), reduction = weightType.getDimSize(1);
  Value weights;
  DenseElementsAttr values;
  if (matchPattern(op.getWeight(), m_Constant(&values))) {
    SmallVector<float> source(values.getValues<float>());
    weights = createTransposedConstant(rewriter, loc, source, reduction, out);
  } else {
    weights =
        rewriter
            .create<linalg::TransposeOp>(
                loc, op.getWeight(), emptyF32(rewriter, loc, {reduction, out}),
                ArrayRef<int64_t>{1, 0})
            ->getResult(0);
  }
  rewriter.replaceOp(
      op, createRowMajorMatmul(rewriter, loc, op.getInput(), weights, init));
  return success();
}

LogicalResult lowerRelu(ReluOp op, PatternRewriter &rewriter) {
  Value zero = f32Constant(rewriter, op.getLoc(), 0.0f);
  rewriter.replaceOp(
      op,
      elementwise(rewriter, op.getLoc(), op.getInput(), op.getType().getShape(),
                  [&](OpBuilder &b, Location loc, ValueRange args) {
                    return b.create<arith::MaximumFOp>(loc, args[0], zero);
                  }));
  return success();
}

LogicalResult lowerClip(ClipOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  Value low = f32Constant(rewriter, loc, op.getMin().convertToFloat());
  Value high = f32Constant(rewriter, loc, op.getMax().convertToFloat());
  rewriter.replaceOp(
      op, elementwise(rewriter, loc, op.getInput(), op.getType().getShape(),
                      [&](OpBuilder &b, Location loc, ValueRange args) {
                        Value raised =
                            b.create<arith::MaximumFOp>(loc, args[0], low);
                        return b.create<arith::MinimumFOp>(loc, raised, high);
                      }));
  return success();
}

/// The elementwise unary ops: `Body` computes one output element from the
/// input element (and the op's attributes).
template <typename QNNOp, Value (*Body)(OpBuilder &, Location, QNNOp, Value)>
LogicalResult lowerUnary(QNNOp op, PatternRewriter &rewriter) {
  rewriter.replaceOp(
      op,
      elementwise(rewriter, op.getLoc(), op.getInput(), op.getType().getShape(),
                  [&](OpBuilder &b, Location loc, ValueRange args) {
                    return Body(b, loc, op, args[0]);
                  }));
  return success();
}

template <typename MathOp, typename QNNOp>
Value mathBody(OpBuilder &b, Location loc, QNNOp, Value x) {
  return b.create<MathOp>(loc, x);
}

Value negBody(OpBuilder &b, Location loc, NegOp, Value x) {
  return b.create<arith::NegFOp>(loc, x);
}

/// 1 / (1 + e^-x): e^-x overflows to infinity for very negative x, which
/// gives the correct limit 0.
Value sigmoidBody(OpBuilder &b, Location loc, SigmoidOp, Value x) {
  Value one = f32Constant(b, loc, 1.0f);
  Value exponential =
      b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
  return b.create<arith::DivFOp>(
      loc, one, b.create<arith::AddFOp>(loc, one, exponential));
}

/// tanh(x) = sign(x) (1 - e^(-2|x|)) / (1 + e^(-2|x|)), which cannot
/// overflow (the LLVM dialect has no tanh; this is math's own expansion).
Value tanhBody(OpBuilder &b, Location loc, TanhOp, Value x) {
  Value one = f32Constant(b, loc, 1.0f);
  Value exponential = b.create<math::ExpOp>(
      loc, b.create<arith::MulFOp>(loc, f32Constant(b, loc, -2.0f),
                                   b.create<math::AbsFOp>(loc, x)));
  Value magnitude = b.create<arith::DivFOp>(
      loc, b.create<arith::SubFOp>(loc, one, exponential),
      b.create<arith::AddFOp>(loc, one, exponential));
  return b.create<math::CopySignOp>(loc, magnitude, x);
}

Value leakyReluBody(OpBuilder &b, Location loc, LeakyReluOp op, Value x) {
  Value zero = f32Constant(b, loc, 0.0f);
  Value scaled = b.create<arith::MulFOp>(
      loc, f32Constant(b, loc, op.getAlpha().convertToFloat()), x);
  Value negative =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x, zero);
  return b.create<arith::SelectOp>(loc, negative, scaled, x);
}

Value hardSigmoidBody(OpBuilder &b, Location loc, HardSigmoidOp op, Value x) {
  Value linear = b.create<arith::AddFOp>(
      loc,
      b.create<arith::MulFOp>(
          loc, f32Constant(b, loc, op.getAlpha().convertToFloat()), x),
      f32Constant(b, loc, op.getBeta().convertToFloat()));
  Value raised =
      b.create<arith::MaximumFOp>(loc, linear, f32Constant(b, loc, 0.0f));
  return b.create<arith::MinimumFOp>(loc, raised, f32Constant(b, loc, 1.0f));
}

LogicalResult lowerMaxPool(MaxPool2DOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  // Padded positions never win: they hold -infinity.
  float lowest = -std::numeric_limits<float>::infinity();
  Value input =
      padSpatialF32(rewriter, loc, op.getInput(), op.getPadding(), lowest);
  Value init = filledF32(rewriter, loc, op.getType().getShape(), lowest);
  Value window = emptyF32(rewriter, loc, op.getKernel());
  rewriter.replaceOpWithNewOp<linalg::PoolingNchwMaxOp>(
      op, TypeRange{op.getType()}, ValueRange{input, window}, ValueRange{init},
      pairAttr(rewriter, op.getStrides()),
      pairAttr(rewriter, op.getDilations()));
  return success();
}

LogicalResult lowerAvgPool(AvgPool2DOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  RankedTensorType type = op.getType();
  Value input = padSpatialF32(rewriter, loc, op.getInput(), op.getPadding(), 0);
  Value init = filledF32(rewriter, loc, type.getShape(), 0.0f);
  Value window = emptyF32(rewriter, loc, op.getKernel());
  Value sum = rewriter
                  .create<linalg::PoolingNchwSumOp>(
                      loc, TypeRange{type}, ValueRange{input, window},
                      ValueRange{init}, pairAttr(rewriter, op.getStrides()),
                      pairAttr(rewriter, op.getDilations()))
                  ->getResult(0);

  // The divisor of each output position: the window size, or the number of
  // window positions inside the unpadded input.
  int64_t outHeight = type.getDimSize(2), outWidth = type.getDimSize(3);
  ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                    dilations = op.getDilations(), padding = op.getPadding();
  ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
  SmallVector<float> counts;
  for (int64_t oh = 0; oh < outHeight; ++oh) {
    for (int64_t ow = 0; ow < outWidth; ++ow) {
      int64_t count = 0;
      for (int64_t kh = 0; kh < kernel[0]; ++kh) {
        for (int64_t kw = 0; kw < kernel[1]; ++kw) {
          int64_t h =
              getWindowInputIndex(oh, kh, strides[0], dilations[0], padding[0]);
          int64_t w =
              getWindowInputIndex(ow, kw, strides[1], dilations[1], padding[1]);
          bool inside =
              h >= 0 && h < inputShape[2] && w >= 0 && w < inputShape[3];
          count += op.getCountIncludePad() || inside;
        }
      }
      counts.push_back(static_cast<float>(count));
    }
  }
  auto countType =
      RankedTensorType::get({outHeight, outWidth}, rewriter.getF32Type());
  Value divisors = rewriter.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(countType, ArrayRef<float>(counts)));
  MLIRContext *context = rewriter.getContext();
  SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(4),
                                 AffineMap::get(4, 0,
                                                {getAffineDimExpr(2, context),
                                                 getAffineDimExpr(3, context)},
                                                context)};
  rewriter.replaceOp(
      op, elementwise(rewriter, loc, ValueRange{sum, divisors}, maps,
                      type.getShape(),
                      [](OpBuilder &b, Location loc, ValueRange args) {
                        return b.create<arith::DivFOp>(loc, args[0], args[1]);
                      }));
  return success();
}

LogicalResult lowerGlobalAvgPool(GlobalAvgPoolOp op,
                                 PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  Value mean = sumOrMean(rewriter, loc, op.getInput(), {2, 3}, true);
  rewriter.replaceOp(op, reshapeTo(rewriter, loc, mean, op.getType()));
  return success();
}

/// qnn.add, qnn.sub, qnn.mul, qnn.div, qnn.max, qnn.min and qnn.pow: an
/// elementwise arith or math op on two same-shaped tensors.
template <typename QNNOp, typename ArithOp>
LogicalResult lowerBinary(QNNOp op, PatternRewriter &rewriter) {
  rewriter.replaceOp(
      op, elementwise(rewriter, op.getLoc(), {op.getLhs(), op.getRhs()},
                      op.getType().getShape(),
                      [](OpBuilder &b, Location loc, ValueRange args) {
                        return b.create<ArithOp>(loc, args[0], args[1]);
                      }));
  return success();
}

LogicalResult lowerBatchNorm(BatchNormOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> shape = op.getType().getShape();
  int64_t rank = shape.size();
  AffineMap perChannel = channelMap(rewriter.getContext(), rank, 1);
  SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                 perChannel, perChannel, perChannel,
                                 perChannel};
  Value epsilon = f32Constant(rewriter, loc, op.getEpsilon().convertToFloat());
  rewriter.replaceOp(
      op, elementwise(
              rewriter, loc,
              {op.getInput(), op.getScale(), op.getBias(), op.getMean(),
               op.getVariance()},
              maps, shape, [&](OpBuilder &b, Location loc, ValueRange args) {
                Value centered = b.create<arith::SubFOp>(loc, args[0], args[3]);
                Value deviation = b.create<math::SqrtOp>(
                    loc, b.create<arith::AddFOp>(loc, args[4], epsilon));
                Value normalized =
                    b.create<arith::DivFOp>(loc, centered, deviation);
                Value scaled =
                    b.create<arith::MulFOp>(loc, normalized, args[1]);
                return b.create<arith::AddFOp>(loc, scaled, args[2]);
              }));
  return success();
}

template <typename ReshapeLikeOp>
LogicalResult lowerReshape(ReshapeLikeOp op, PatternRewriter &rewriter) {
  rewriter.replaceOp(
      op, reshapeTo(rewriter, op.getLoc(), op.getInput(), op.getType()));
  return success();
}

/// qnn.softmax and qnn.log_softmax: the maximum along the axis, the
/// exponentials of the shifted input and their sum, then the quotient or the
/// shifted input minus the sum's logarithm.
template <typename SoftmaxLikeOp, bool isLog>
LogicalResult lowerSoftmax(SoftmaxLikeOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> shape = op.getType().getShape();
  int64_t rank = shape.size();
  auto axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0)
    axis += rank;
  // The map from the full iteration space to a tensor without `axis`.
  SmallVector<AffineExpr> keptDims;
  for (int64_t dim = 0; dim < rank; ++dim)
    if (dim != axis)
      keptDims.push_back(rewriter.getAffineDimExpr(dim));
  AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
  AffineMap reduced = AffineMap::get(rank, 0, keptDims, rewriter.getContext());

  // Subtracting the maximum keeps exp from overflowing.
  Value maximum = reduce(rewriter, loc, op.getInput(), {axis},
                         -std::numeric_limits<float>::infinity(),
                         [](OpBuilder &b, Location loc, Value acc, Value x) {
                           return b.create<arith::MaximumFOp>(loc, acc, x);
                         });
  Value shifted =
      elementwise(rewriter, loc, {op.getInput(), maximum}, {identity, reduced},
                  shape, [](OpBuilder &b, Location loc, ValueRange args) {
                    return b.create<arith::SubFOp>(loc, args[0], args[1]);
                  });
  Value exponentials =
      elementwise(rewriter, loc, shifted, shape,
                  [](OpBuilder &b, Location loc, ValueRange args) {
                    return b.create<math::ExpOp>(loc, args[0]);
                  });
  Value sum = reduce(rewriter, loc, exponentials, {axis}, 0.0f,
                     [](OpBuilder &b, Location loc, Value acc, Value x) {
                       return b.create<arith::AddFOp>(loc, acc, x);
                     });
  Value numerator = isLog ? shifted : exponentials;
  rewriter.replaceOp(
      op,
      elementwise(rewriter, loc, {numerator, sum}, {identity, reduced}, shape,
                  [](OpBuilder &b, Location loc, ValueRange args) -> Value {
                    if (isLog)
                      return b.create<arith::SubFOp>(
                          loc, args[0], b.create<math::LogOp>(loc, args[1]));
                    return b.create<arith::DivFOp>(loc, args[0], args[1]);
                  }));
  return success();
}

LogicalResult lowerTranspose(TransposeOp op, PatternRewriter &rewriter) {
  rewriter.replaceOp(op, transposeTensor(rewriter, op.getLoc(), op.getInput(),
                                         op.getPermutation()));
  return success();
}

LogicalResult lowerConcat(ConcatOp op, PatternRewriter &rewriter) {
  rewriter.replaceOp(op, concatTensors(rewriter, op.getLoc(), op.getInputs(),
                                       op.getType(), op.getAxis()));
  return success();
}

LogicalResult lowerPad(PadOp op, PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  rewriter.replaceOp(
      op,
      padTensor(rewriter, loc, op.getInput(), op.getLow(), op.getHigh(),
                f32Constant(rewriter, loc, op.getValue().convertToFloat())));
  return success();
}

LogicalResult lowerSlice(SliceOp op, PatternRewriter &rewriter) {
  rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
      op, op.getType(), op.getInput(), ValueRange{}, ValueRange{}, ValueRange{},
      op.getOffsets(), op.getSizes(), op.getStrides());
  return success();
}

/// qnn.reduce_sum, and qnn.reduce_mean as the sum divided by the number of
/// reduced elements.
template <typename ReductionOp, bool isMean>
LogicalResult lowerReduction(ReductionOp op, PatternRewriter &rewriter) {
  rewriter.replaceOp(op, sumOrMean(rewriter, op.getLoc(), op.getInput(),
                                   op.getAxes(), isMean));
  return success();
}

/// qnn.reduce_max and qnn.reduce_min: from -infinity (+infinity) by
/// maximumf (minimumf), which propagate NaN.
template <typename ReductionOp, typename CombineOp>
LogicalResult lowerExtremum(ReductionOp op, PatternRewriter &rewriter) {
  float infinity = std::numeric_limits<float>::infinity();
  bool isMax = std::is_same_v<CombineOp, arith::MaximumFOp>;
  rewriter.replaceOp(op,
                     reduce(rewriter, op.getLoc(), op.getInput(), op.getAxes(),
                            isMax ? -infinity : infinity,
                            [](OpBuilder &b, Location loc, Value acc, Value x) {
                              return b.create<CombineOp>(loc, acc, x);
                            }));
  return success();
}

/// Each dimension d of size n becomes n x scale (a linalg.broadcast into
/// the new inner dimension), then the pairs are collapsed.
LogicalResult lowerUpsampleNearest(UpsampleNearestOp op,
                                   PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
  SmallVector<int64_t> spread, addedDims;
  SmallVector<ReassociationIndices> pairs;
  for (auto [size, scale] : llvm::zip_equal(inputShape, op.getScales())) {
    ReassociationIndices group = {static_cast<int64_t>(spread.size())};
    spread.push_back(size);
    if (scale != 1) {
      group.push_back(spread.size());
      addedDims.push_back(spread.size());
      spread.push_back(scale);
    }
    pairs.push_back(group);
  }
  Value broadcast =
      rewriter
          .create<linalg::BroadcastOp>(
              loc, op.getInput(), emptyF32(rewriter, loc, spread), addedDims)
          ->getResult(0);
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, op.getType(),
                                                       broadcast, pairs);
  return success();
}

struct ConvertQNNGraphToLinalgPass
    : qnn::impl::ConvertQNNGraphToLinalgBase<ConvertQNNGraphToLinalgPass> {
  void runOnOperation() override {
    // Every graph-level op must go; the conversion names any that cannot.
    ConversionTarget target(getContext());
    // Graph-level ops are the qnn ops that are neither kernel-level
    // (destination-style) nor on codes (quantized-level, which
    // convert-qnn-quantized-to-kernels lowers).
    target.addDynamicallyLegalDialect<QNNDialect>([](Operation *op) {
      auto isCodes = [](Type type) {
        return isa<QuantType>(getElementTypeOrSelf(type));
      };
      return isa<DestinationStyleOpInterface>(op) ||
             llvm::any_of(op->getOperandTypes(), isCodes) ||
             llvm::any_of(op->getResultTypes(), isCodes);
    });
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // Convolutions on the f32_fma kernel first, each with the ReLU or Clip
    // after it fused.
    lowerFmaConvolutions(getOperation());
    RewritePatternSet patterns(&getContext());
    populateQNNGraphToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    copyReturnedArguments();
  }

  /// A function that returns its argument, or a reshape of it (an Identity
  /// graph), gets a copy: the result has buffers of its own, as the
  /// out-parameter ABI needs.
  void copyReturnedArguments() {
    getOperation()->walk([](func::ReturnOp returnOp) {
      for (OpOperand &operand : returnOp->getOpOperands()) {
        Value value = operand.get();
        while (Operation *def = value.getDefiningOp()) {
          if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp,
                   tensor::ReshapeOp, tensor::CastOp>(def))
            break;
          value = def->getOperand(0);
        }
        if (!isa<BlockArgument>(value))
          continue;
        OpBuilder b(returnOp);
        auto type = cast<RankedTensorType>(operand.get().getType());
        Value init = b.create<tensor::EmptyOp>(
            returnOp.getLoc(), type.getShape(), type.getElementType());
        operand.set(
            b.create<linalg::CopyOp>(returnOp.getLoc(), operand.get(), init)
                .getResult(0));
      }
    });
  }
};

} // namespace

void mlir::qnn::populateQNNGraphToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add(lowerConv2D)
      .add(lowerDense)
      .add(lowerRelu)
      .add(lowerClip)
      .add(lowerUnary<NegOp, negBody>)
      .add(lowerUnary<SqrtOp, mathBody<math::SqrtOp>>)
      .add(lowerUnary<ExpOp, mathBody<math::ExpOp>>)
      .add(lowerUnary<TanhOp, tanhBody>)
      .add(lowerUnary<SigmoidOp, sigmoidBody>)
      .add(lowerUnary<LeakyReluOp, leakyReluBody>)
      .add(lowerUnary<HardSigmoidOp, hardSigmoidBody>)
      .add(lowerMaxPool)
      .add(lowerAvgPool)
      .add(lowerGlobalAvgPool)
      .add(lowerBinary<AddOp, arith::AddFOp>)
      .add(lowerBinary<SubOp, arith::SubFOp>)
      .add(lowerBinary<MulOp, arith::MulFOp>)
      .add(lowerBinary<DivOp, arith::DivFOp>)
      .add(lowerBinary<MaxOp, arith::MaximumFOp>)
      .add(lowerBinary<MinOp, arith::MinimumFOp>)
      .add(lowerBinary<PowOp, math::PowFOp>)
      .add(lowerBatchNorm)
      .add(lowerReshape<FlattenOp>)
      .add(lowerReshape<ReshapeOp>)
      .add(lowerSoftmax<SoftmaxOp, false>)
      .add(lowerSoftmax<LogSoftmaxOp, true>)
      .add(lowerTranspose)
      .add(lowerConcat)
      .add(lowerPad)
      .add(lowerSlice)
      .add(lowerReduction<ReduceSumOp, false>)
      .add(lowerReduction<ReduceMeanOp, true>)
      .add(lowerExtremum<ReduceMaxOp, arith::MaximumFOp>)
      .add(lowerExtremum<ReduceMinOp, arith::MinimumFOp>)
      .add(lowerUpsampleNearest);
}
