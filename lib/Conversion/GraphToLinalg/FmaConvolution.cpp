//===- FmaConvolution.cpp - float convolutions on qnn.fma_matmul -*- C++
//-*-===//
//
// Lowers a float convolution with the f32_fma kernel, in one of two
// layouts (the `layout` of its #qnn.kernel):
//  - nhwc: the windows as rows (pixels x K, K = (kh, kw, c), read in place
//    from the padded NHWC input by the kernel) times the K x O weights
//    (packed in panels at compile time), so the product is NHWC; the transposes
//    at the layer's edges cancel with their neighbours'
//    (qnn-propagate-transposes);
//  - nchw: the O x K weights as the model has them (K = (c, kh, kw)) times
//    the windows as columns (K x OH OW per image, a strided copy of the
//    padded NCHW input), so the product is already NCHW.
// Bias, a residual add and a following ReLU or Clip are applied by the
// kernel.
//
//===----------------------------------------------------------------------===//

#include "FmaConvolution.h"

#include "qnn/Dialect/QNN/Utils/KernelChoice.h"
#include "qnn/Dialect/QNN/Utils/Tensors.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qnn;

FmaISA mlir::qnn::getFmaKernel(Conv2DOp conv) {
  auto kernel = conv->getAttrOfType<KernelAttr>(QNNDialect::kKernelAttrName);
  return kernel && kernel.getKind() == KernelKind::F32Fma ? kernel.getFma()
                                                          : FmaISA::None;
}

/// The windows of `input` (N x C x H x W, already padded) as N x K x (OH OW)
/// columns, row k = (c, kh, kw): a linalg.generic copy whose innermost loop
/// runs along an output row.
static Value windowColumns(OpBuilder &b, Location loc, Value input,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> dilations, int64_t outH,
                           int64_t outW) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1);
  SmallVector<int64_t> shape = {batch, channels, kernel[0], kernel[1], outH,
                                outW};
  MLIRContext *context = b.getContext();
  AffineExpr n, c, kh, kw, oh, ow;
  bindDims(context, n, c, kh, kw, oh, ow);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0,
                     {n, c, oh * strides[0] + kh * dilations[0],
                      ow * strides[1] + kw * dilations[1]},
                     context),
      b.getMultiDimIdentityMap(6)};
  Value empty = b.create<tensor::EmptyOp>(loc, shape, b.getF32Type());
  Value windows =
      b.create<linalg::GenericOp>(
           loc, TypeRange{empty.getType()}, ValueRange{input}, ValueRange{empty},
           maps,
           SmallVector<utils::IteratorType>(6, utils::IteratorType::parallel),
           [](OpBuilder &nb, Location nl, ValueRange args) {
             nb.create<linalg::YieldOp>(nl, args[0]);
           })
          .getResult(0);
  return b.create<tensor::CollapseShapeOp>(
      loc,
      RankedTensorType::get(
          {batch, channels * kernel[0] * kernel[1], outH * outW}, b.getF32Type()),
      windows, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4, 5}});
}

Value mlir::qnn::reorderConstantWeights(
    OpBuilder &b, Location loc, Value weight, RankedTensorType type,
    function_ref<int64_t(int64_t, int64_t, int64_t, int64_t)> at) {
  DenseElementsAttr values;
  if (!matchPattern(weight, m_Constant(&values)))
    return Value();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(weight.getType()).getShape();
  SmallVector<float> source(values.getValues<float>());
  SmallVector<float> reordered(type.getNumElements(), 0.0f);
  int64_t index = 0;
  for (int64_t o = 0; o < shape[0]; ++o)
    for (int64_t c = 0; c < shape[1]; ++c)
      for (int64_t kh = 0; kh < shape[2]; ++kh)
        for (int64_t kw = 0; kw < shape[3]; ++kw)
          reordered[at(o, c, kh, kw)] = source[index++];
  return b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(type, ArrayRef<float>(reordered)));
}

Value mlir::qnn::windowMajorWeights(OpBuilder &b, Location loc, Value weight) {
  auto type = cast<RankedTensorType>(weight.getType());
  int64_t out = type.getDimSize(0), channels = type.getDimSize(1),
          kernelH = type.getDimSize(2), kernelW = type.getDimSize(3);
  int64_t reduction = channels * kernelH * kernelW;
  auto matrixType = RankedTensorType::get({reduction, out}, b.getF32Type());
  if (Value reordered = reorderConstantWeights(
          b, loc, weight, matrixType,
          [&](int64_t o, int64_t c, int64_t kh, int64_t kw) {
            return ((kh * kernelW + kw) * channels + c) * out + o;
          }))
    return reordered;
  Value transposed = transposeTensor(b, loc, weight, {2, 3, 1, 0});
  return b.create<tensor::CollapseShapeOp>(
      loc, matrixType, transposed,
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
}

Value mlir::qnn::windowRows(OpBuilder &b, Conv2DOp conv, Value input) {
  Location loc = conv.getLoc();
  auto resultType = cast<RankedTensorType>(conv.getType());
  auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
  int64_t rows = resultType.getDimSize(0) * resultType.getDimSize(2) *
                 resultType.getDimSize(3);
  int64_t kernelH = weightType.getDimSize(2),
          kernelW = weightType.getDimSize(3);
  int64_t reduction = weightType.getDimSize(1) * kernelH * kernelW;
  auto type = RankedTensorType::get({rows, reduction}, b.getF32Type());
  Value init = b.create<tensor::EmptyOp>(loc, type.getShape(), b.getF32Type());
  SmallVector<NamedAttribute> attributes = {
      b.getNamedAttr("kernel", b.getDenseI64ArrayAttr({kernelH, kernelW})),
      b.getNamedAttr("strides", conv.getStridesAttr()),
      b.getNamedAttr("padding", conv.getPaddingAttr()),
      b.getNamedAttr("dilations", conv.getDilationsAttr()),
      b.getNamedAttr("padding_value", b.getF32FloatAttr(0.0f))};
  return b
      .create<Im2ColOp>(loc, TypeRange{type}, ValueRange{input, init},
                        attributes)
      ->getResult(0);
}

/// The weights of an ungrouped convolution (O x C x KH x KW) as the K x O
/// matrix of windowMajorWeights packed in panels of `width` columns,
/// P x K x `width` (`panels[p][k][j] = w[k][p width + j]`, zero past O): at
/// compile time for a constant, else by a pad, reshape and transpose.
static Value packWindowWeights(OpBuilder &b, Location loc, Value weight,
                               int64_t width) {
  auto type = cast<RankedTensorType>(weight.getType());
  int64_t out = type.getDimSize(0), channels = type.getDimSize(1),
          kernelH = type.getDimSize(2), kernelW = type.getDimSize(3);
  int64_t reduction = channels * kernelH * kernelW;
  int64_t panels = llvm::divideCeil(out, width);
  auto panelType =
      RankedTensorType::get({panels, reduction, width}, b.getF32Type());
  if (Value packed = reorderConstantWeights(
          b, loc, weight, panelType,
          [&](int64_t o, int64_t c, int64_t kh, int64_t kw) {
            return getFmaPanelIndex((kh * kernelW + kw) * channels + c, o,
                                    reduction, width);
          }))
    return packed;
  Value zero = b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0.0f));
  Value padded = padTensor(b, loc, windowMajorWeights(b, loc, weight), {0, 0},
                           {0, panels * width - out}, zero);
  Value split = b.create<tensor::ExpandShapeOp>(
      loc, RankedTensorType::get({reduction, panels, width}, b.getF32Type()),
      padded, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  return transposeTensor(b, loc, split, {1, 0, 2});
}

/// The bias of `conv`, or zeros.
static Value biasOrZeros(OpBuilder &b, Conv2DOp conv, int64_t out) {
  if (Value bias = conv.getBias())
    return bias;
  return b.create<arith::ConstantOp>(
      conv.getLoc(),
      DenseElementsAttr::get(RankedTensorType::get({out}, b.getF32Type()),
                             b.getF32FloatAttr(0.0f)));
}

static FloatAttr clampAttr(OpBuilder &b, std::optional<float> value) {
  return value ? b.getF32FloatAttr(*value) : FloatAttr();
}

/// The nhwc form: windows as rows times the K x O weights, pixels x O.
static Value emitChannelsLast(OpBuilder &b, Conv2DOp conv, FmaISA isa,
                              Value residual, std::optional<float> clampMin,
                              std::optional<float> clampMax) {
  Location loc = conv.getLoc();
  RankedTensorType resultType = conv.getType();
  int64_t batch = resultType.getDimSize(0), out = resultType.getDimSize(1),
          outH = resultType.getDimSize(2), outW = resultType.getDimSize(3);
  int64_t rows = batch * outH * outW;
  auto inputType = cast<RankedTensorType>(conv.getInput().getType());
  auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
  Type f32 = b.getF32Type();
  SmallVector<int64_t> toNHWC = {0, 2, 3, 1}, toNCHW = {0, 3, 1, 2};
  Value input = transposeTensor(b, loc, conv.getInput(), toNHWC);
  // A grouped convolution here is a depthwise one (isDepthwise): its
  // weights O x 1 x KH x KW pack like a dense one's with C = 1.
  bool depthwise = conv.getGroups() > 1;
  bool pointwise =
      !depthwise && weightType.getDimSize(2) == 1 &&
      weightType.getDimSize(3) == 1 &&
      llvm::all_of(conv.getStrides(), [](int64_t s) { return s == 1; }) &&
      llvm::all_of(conv.getPadding(), [](int64_t p) { return p == 0; });
  // A 1x1 convolution with unit strides reads the NHWC input as its rows;
  // any other reads its windows in place from the padded input.
  Value windows;
  DenseI64ArrayAttr kernel;
  if (pointwise) {
    windows = b.create<tensor::CollapseShapeOp>(
        loc, RankedTensorType::get({rows, inputType.getDimSize(1)}, f32), input,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  } else {
    ArrayRef<int64_t> padding = conv.getPadding();
    Value zero = b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0.0f));
    windows = llvm::all_of(padding, [](int64_t p) { return p == 0; })
                  ? input
                  : padTensor(b, loc, input, {0, padding[0], padding[1], 0},
                              {0, padding[2], padding[3], 0}, zero);
    kernel = b.getDenseI64ArrayAttr(
        {weightType.getDimSize(2), weightType.getDimSize(3)});
  }
  Value weights =
      packWindowWeights(b, loc, conv.getWeight(), getFmaTile(isa, out).width());
  Value bias = biasOrZeros(b, conv, out);
  auto productType = RankedTensorType::get({rows, out}, f32);
  auto pixels = [&](Value nchw) {
    return b.create<tensor::CollapseShapeOp>(
        loc, productType, transposeTensor(b, loc, nchw, toNHWC),
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  };
  if (residual)
    residual = pixels(residual);
  Value init = b.create<tensor::EmptyOp>(loc, productType.getShape(), f32);
  auto matmul = b.create<FmaMatmulOp>(
      loc, TypeRange{productType}, windows, weights, bias, residual, init,
      FmaISAAttr::get(b.getContext(), isa), clampAttr(b, clampMin),
      clampAttr(b, clampMax), b.getUnitAttr(), kernel,
      kernel ? conv.getStridesAttr() : DenseI64ArrayAttr(),
      kernel ? conv.getDilationsAttr() : DenseI64ArrayAttr(),
      depthwise ? b.getUnitAttr() : UnitAttr());
  Value nhwc = b.create<tensor::ExpandShapeOp>(
      loc, RankedTensorType::get({batch, outH, outW, out}, f32),
      matmul.getResult()[0], SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  return transposeTensor(b, loc, nhwc, toNCHW);
}

Value mlir::qnn::emitFmaConvolution(OpBuilder &b, Conv2DOp conv, FmaISA isa,
                                    Value residual,
                                    std::optional<float> clampMin,
                                    std::optional<float> clampMax) {
  auto kernelAttr =
      conv->getAttrOfType<KernelAttr>(QNNDialect::kKernelAttrName);
  if (kernelAttr && kernelAttr.getLayout() == Layout::NHWC)
    return emitChannelsLast(b, conv, isa, residual, clampMin, clampMax);
  Location loc = conv.getLoc();
  RankedTensorType resultType = conv.getType();
  int64_t batch = resultType.getDimSize(0), out = resultType.getDimSize(1),
          outH = resultType.getDimSize(2), outW = resultType.getDimSize(3);
  auto inputType = cast<RankedTensorType>(conv.getInput().getType());
  auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
  int64_t channels = weightType.getDimSize(1);
  SmallVector<int64_t> kernel = {weightType.getDimSize(2),
                                 weightType.getDimSize(3)};
  int64_t reduction = channels * kernel[0] * kernel[1];
  Type f32 = b.getF32Type();

  Value weights = b.create<tensor::CollapseShapeOp>(
      loc, RankedTensorType::get({out, reduction}, f32), conv.getWeight(),
      SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
  bool pointwise = kernel[0] == 1 && kernel[1] == 1 &&
                   llvm::all_of(conv.getStrides(), [](int64_t s) { return s == 1; }) &&
                   llvm::all_of(conv.getPadding(), [](int64_t p) { return p == 0; });
  Value columns;
  if (pointwise) {
    columns = b.create<tensor::CollapseShapeOp>(
        loc,
        RankedTensorType::get({batch, channels, inputType.getDimSize(2) *
                                                    inputType.getDimSize(3)},
                              f32),
        conv.getInput(), SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  } else {
    Value zero = b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0.0f));
    Value padded = padSpatial(b, loc, conv.getInput(), conv.getPadding(), zero);
    columns = windowColumns(b, loc, padded, kernel, conv.getStrides(),
                            conv.getDilations(), outH, outW);
  }
  Value bias = biasOrZeros(b, conv, out);
  auto productType = RankedTensorType::get({batch, out, outH * outW}, f32);
  Value init = b.create<tensor::EmptyOp>(loc, productType.getShape(), f32);
  if (residual)
    residual = b.create<tensor::CollapseShapeOp>(
        loc, productType, residual,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  Value product =
      b.create<FmaMatmulOp>(
           loc, TypeRange{productType}, weights, columns, bias, residual, init,
           FmaISAAttr::get(b.getContext(), isa), clampAttr(b, clampMin),
           clampAttr(b, clampMax), UnitAttr(), DenseI64ArrayAttr(),
           DenseI64ArrayAttr(), DenseI64ArrayAttr(), UnitAttr())
          .getResult()[0];
  return b.create<tensor::ExpandShapeOp>(
      loc, resultType, product,
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
}

void mlir::qnn::lowerFmaConvolutions(Operation *root) {
  SmallVector<Conv2DOp> convolutions;
  root->walk([&](Conv2DOp conv) {
    if (getFmaKernel(conv) != FmaISA::None)
      convolutions.push_back(conv);
  });
  for (Conv2DOp conv : convolutions) {
    // The epilogue the graph allows: an add of another tensor of the same
    // type that only this convolution feeds (a ResNet block's shortcut),
    // then a ReLU or Clip that only the result feeds, becomes the residual
    // and the clamp. `fused` holds the ops replaced, in order.
    SmallVector<Operation *> fused = {conv};
    Value residual;
    std::optional<float> clampMin, clampMax;
    auto nextUser = [&]() -> Operation * {
      return fused.back()->hasOneUse() ? *fused.back()->getUsers().begin()
                                       : nullptr;
    };
    if (auto sum = dyn_cast_or_null<AddOp>(nextUser())) {
      Value other = sum.getLhs() == conv.getResult() ? sum.getRhs() : sum.getLhs();
      if (other.getType() == conv.getType() && other != conv.getResult()) {
        fused.push_back(sum);
        residual = other;
      }
    }
    Operation *user = nextUser();
    if (isa_and_nonnull<ReluOp>(user)) {
      fused.push_back(user);
      clampMin = 0.0f;
    } else if (auto clip = dyn_cast_or_null<ClipOp>(user)) {
      fused.push_back(user);
      clampMin = clip.getMin().convertToFloat();
      clampMax = clip.getMax().convertToFloat();
    }
    OpBuilder b(fused.back());
    Value result = emitFmaConvolution(b, conv, getFmaKernel(conv), residual,
                                      clampMin, clampMax);
    fused.back()->getResult(0).replaceAllUsesWith(result);
    for (Operation *op : llvm::reverse(fused))
      op->erase();
  }
}
