//===- FmaConvolution.cpp - float convolutions on qnn.fma_matmul -*- C++ -*-===//
//
// Lowers a float convolution with the f32_fma kernel: the O x K weights as
// the model has them (K = (c, kh, kw)) times the windows as columns
// (K x OH OW per image, a strided copy of the padded NCHW input), so the
// product is already NCHW and needs no layout step. Bias and a following
// ReLU or Clip are applied by the kernel before its one store.
//
//===----------------------------------------------------------------------===//

#include "FmaConvolution.h"

#include "qnn/Dialect/QNN/Utils/Tensors.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

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

Value mlir::qnn::emitFmaConvolution(OpBuilder &b, Conv2DOp conv, FmaISA isa,
                                    Value residual,
                                    std::optional<float> clampMin,
                                    std::optional<float> clampMax) {
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
  Value bias = conv.getBias();
  if (!bias)
    bias = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(RankedTensorType::get({out}, f32),
                                    b.getF32FloatAttr(0.0f)));
  auto productType = RankedTensorType::get({batch, out, outH * outW}, f32);
  Value init = b.create<tensor::EmptyOp>(loc, productType.getShape(), f32);
  auto clamp = [&](std::optional<float> value) {
    return value ? b.getF32FloatAttr(*value) : FloatAttr();
  };
  if (residual)
    residual = b.create<tensor::CollapseShapeOp>(
        loc, productType, residual,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  Value product = b.create<FmaMatmulOp>(
                       loc, TypeRange{productType}, weights, columns, bias,
                       residual, init,
                       FmaISAAttr::get(b.getContext(), isa), clamp(clampMin),
                       clamp(clampMax))
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
