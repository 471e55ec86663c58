//===- ShapeInference.cpp - result types of qnn ops from operands -*- C++ -*-===//
//
// Implements InferTypeOpInterface for the layers, pools and shape ops: the
// result type from the operands and attributes. ODS generates from it the
// builders without a result type that the ONNX importer and the rewrites
// use, and the interface checks every op's declared result against it.
//
// Inference never fails on ranked operands: a dimension it cannot compute
// from invalid operands (a window that does not fit, an axis out of range)
// is dynamic, which is compatible with any declared size, so that the op's
// verifier, not the interface, says what is wrong with the operands.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/Window.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

constexpr int64_t kUnknown = ShapedType::kDynamic;

RankedTensorType getRanked(Value value) {
  return dyn_cast_or_null<RankedTensorType>(value ? value.getType() : Type());
}

/// Output height and width of a 2-D window over `inputHW`; unknown where the
/// window parameters are invalid.
std::array<int64_t, 2> getWindowOutputHW(ArrayRef<int64_t> inputHW,
                                         ArrayRef<int64_t> kernelHW,
                                         ArrayRef<int64_t> strides,
                                         ArrayRef<int64_t> padding,
                                         ArrayRef<int64_t> dilations) {
  std::array<int64_t, 2> output = {kUnknown, kUnknown};
  if (inputHW.size() != 2 || kernelHW.size() != 2 || strides.size() != 2 ||
      padding.size() != 4 || dilations.size() != 2)
    return output;
  for (int axis = 0; axis < 2; ++axis) {
    if (kernelHW[axis] <= 0 || strides[axis] <= 0 || dilations[axis] <= 0 ||
        padding[axis] < 0 || padding[axis + 2] < 0)
      continue;
    int64_t size = getWindowOutputSize(inputHW[axis], kernelHW[axis],
                                       strides[axis], dilations[axis],
                                       padding[axis], padding[axis + 2]);
    if (size > 0)
      output[axis] = size;
  }
  return output;
}

/// Declared and inferred types agree where the inferred type knows a size.
bool areCompatible(TypeRange inferred, TypeRange declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [lhs, rhs] : llvm::zip(inferred, declared)) {
    auto left = dyn_cast<ShapedType>(lhs), right = dyn_cast<ShapedType>(rhs);
    if (!left || !right || left.getElementType() != right.getElementType() ||
        failed(verifyCompatibleShape(left, right)))
      return false;
  }
  return true;
}

/// `types` with !qnn.quant elements of shaped types replaced by f32.
SmallVector<Type> withFloatElements(TypeRange types) {
  SmallVector<Type> result;
  for (Type type : types) {
    auto shaped = dyn_cast<ShapedType>(type);
    if (shaped && isa<QuantType>(shaped.getElementType()))
      type = shaped.clone(Float32Type::get(type.getContext()));
    result.push_back(type);
  }
  return result;
}

/// The f32 result of a convolution (N x O x OH x OW) or dense layer (N x O)
/// from its input and weight.
template <typename LayerAdaptor>
LogicalResult inferLayer(MLIRContext *context, LayerAdaptor adaptor,
                         SmallVectorImpl<Type> &types) {
  constexpr bool conv = std::is_same_v<LayerAdaptor, Conv2DOp::Adaptor> ||
                        std::is_same_v<LayerAdaptor, QConv2DOp::Adaptor>;
  constexpr int64_t rank = conv ? 4 : 2;
  auto input = getRanked(adaptor.getInput());
  auto weight = getRanked(adaptor.getWeight());
  if (!input || !weight || input.getRank() != rank || weight.getRank() != rank)
    return failure();
  SmallVector<int64_t, 4> shape = {input.getDimSize(0), weight.getDimSize(0)};
  if constexpr (conv) {
    auto hw = getWindowOutputHW(
        input.getShape().drop_front(2), weight.getShape().drop_front(2),
        adaptor.getStrides(), adaptor.getPadding(), adaptor.getDilations());
    shape.append({hw[0], hw[1]});
  }
  types.push_back(RankedTensorType::get(shape, Float32Type::get(context)));
  return success();
}

} // namespace

#define QNN_COMPATIBLE_RETURN_TYPES(Op)                                        \
  bool Op::isCompatibleReturnTypes(TypeRange inferred, TypeRange declared) {   \
    return areCompatible(inferred, declared);                                  \
  }
QNN_COMPATIBLE_RETURN_TYPES(Conv2DOp)
QNN_COMPATIBLE_RETURN_TYPES(DenseOp)
QNN_COMPATIBLE_RETURN_TYPES(MaxPool2DOp)
QNN_COMPATIBLE_RETURN_TYPES(AvgPool2DOp)
QNN_COMPATIBLE_RETURN_TYPES(GlobalAvgPoolOp)
QNN_COMPATIBLE_RETURN_TYPES(FlattenOp)
QNN_COMPATIBLE_RETURN_TYPES(TransposeOp)
QNN_COMPATIBLE_RETURN_TYPES(ConcatOp)
QNN_COMPATIBLE_RETURN_TYPES(PadOp)
QNN_COMPATIBLE_RETURN_TYPES(SliceOp)
QNN_COMPATIBLE_RETURN_TYPES(ReduceSumOp)
QNN_COMPATIBLE_RETURN_TYPES(ReduceMeanOp)
QNN_COMPATIBLE_RETURN_TYPES(ReduceMaxOp)
QNN_COMPATIBLE_RETURN_TYPES(ReduceMinOp)
QNN_COMPATIBLE_RETURN_TYPES(UpsampleNearestOp)
#undef QNN_COMPATIBLE_RETURN_TYPES

/// A quantized layer's result is its f32 value or, requantized, codes of
/// that shape (the verifier checks their type).
#define QNN_COMPATIBLE_LAYER_RESULT(Op)                                        \
  bool Op::isCompatibleReturnTypes(TypeRange inferred, TypeRange declared) {   \
    return areCompatible(inferred, withFloatElements(declared));               \
  }
QNN_COMPATIBLE_LAYER_RESULT(QConv2DOp)
QNN_COMPATIBLE_LAYER_RESULT(QDenseOp)
#undef QNN_COMPATIBLE_LAYER_RESULT

/// The layers: convolutions and dense layers, float or quantized.
#define QNN_INFER_RETURN_TYPES(Op)                                             \
  LogicalResult Op::inferReturnTypes(MLIRContext *context,                     \
                                     std::optional<Location>, Adaptor adaptor, \
                                     SmallVectorImpl<Type> &types) {           \
    return inferLayer(context, adaptor, types);                                \
  }
QNN_INFER_RETURN_TYPES(Conv2DOp)
QNN_INFER_RETURN_TYPES(QConv2DOp)
QNN_INFER_RETURN_TYPES(DenseOp)
QNN_INFER_RETURN_TYPES(QDenseOp)
#undef QNN_INFER_RETURN_TYPES

/// Ops of one input whose result type is `infer(input type, adaptor)`, or
/// fails on a null type.
#define QNN_INFER_FROM_INPUT(Op, infer)                                        \
  LogicalResult Op::inferReturnTypes(MLIRContext *, std::optional<Location>,   \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    auto input = getRanked(adaptor.getInput());                                \
    RankedTensorType result = input ? infer(input, adaptor) : nullptr;         \
    if (!result)                                                               \
      return failure();                                                        \
    types.push_back(result);                                                   \
    return success();                                                          \
  }

namespace {

RankedTensorType getF32Type(RankedTensorType like, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(like.getContext()));
}

/// Max pooling keeps codes as codes; average pooling is on floats.
template <typename PoolAdaptor>
RankedTensorType inferPool(RankedTensorType input, PoolAdaptor adaptor,
                           bool keepElement) {
  if (input.getRank() != 4)
    return nullptr;
  auto hw = getWindowOutputHW(input.getShape().drop_front(2),
                              adaptor.getKernel(), adaptor.getStrides(),
                              adaptor.getPadding(), adaptor.getDilations());
  SmallVector<int64_t> shape = {input.getDimSize(0), input.getDimSize(1), hw[0],
                                hw[1]};
  return keepElement ? RankedTensorType::get(shape, input.getElementType())
                     : getF32Type(input, shape);
}

RankedTensorType inferMaxPool(RankedTensorType input,
                              MaxPool2DOp::Adaptor adaptor) {
  return inferPool(input, adaptor, /*keepElement=*/true);
}

RankedTensorType inferAvgPool(RankedTensorType input,
                              AvgPool2DOp::Adaptor adaptor) {
  return inferPool(input, adaptor, /*keepElement=*/false);
}

RankedTensorType inferGlobalAvgPool(RankedTensorType input,
                                    GlobalAvgPoolOp::Adaptor) {
  if (input.getRank() != 4)
    return nullptr;
  return getF32Type(input, {input.getDimSize(0), input.getDimSize(1), 1, 1});
}

RankedTensorType inferFlatten(RankedTensorType input,
                              FlattenOp::Adaptor adaptor) {
  int64_t axis = adaptor.getAxis();
  int64_t outer = kUnknown, inner = kUnknown;
  if (axis >= 0 && axis <= input.getRank()) {
    outer = inner = 1;
    for (auto [index, size] : llvm::enumerate(input.getShape()))
      (int64_t(index) < axis ? outer : inner) *= size;
  }
  return RankedTensorType::get({outer, inner}, input.getElementType());
}

RankedTensorType inferTranspose(RankedTensorType input,
                                TransposeOp::Adaptor adaptor) {
  SmallVector<int64_t> shape;
  for (int64_t dim : adaptor.getPermutation())
    shape.push_back(dim >= 0 && dim < input.getRank() ? input.getDimSize(dim)
                                                      : kUnknown);
  return RankedTensorType::get(shape, input.getElementType());
}

RankedTensorType inferPad(RankedTensorType input, PadOp::Adaptor adaptor) {
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  SmallVector<int64_t> shape(input.getShape());
  for (auto [dim, size] : llvm::enumerate(shape)) {
    if (dim < low.size() && dim < high.size() &&
        size + low[dim] + high[dim] > 0)
      size += low[dim] + high[dim];
    else
      size = kUnknown;
  }
  return RankedTensorType::get(shape, input.getElementType());
}

RankedTensorType inferSlice(RankedTensorType input, SliceOp::Adaptor adaptor) {
  SmallVector<int64_t> shape;
  for (int64_t size : adaptor.getSizes())
    shape.push_back(size > 0 ? size : kUnknown);
  return getF32Type(input, shape);
}

/// The shape of `input` without `axes`, in f32.
template <typename ReductionAdaptor>
RankedTensorType inferReduction(RankedTensorType input,
                                ReductionAdaptor adaptor) {
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(input.getShape()))
    if (!llvm::is_contained(adaptor.getAxes(), int64_t(dim)))
      shape.push_back(size);
  return getF32Type(input, shape);
}

RankedTensorType inferUpsample(RankedTensorType input,
                               UpsampleNearestOp::Adaptor adaptor) {
  ArrayRef<int64_t> scales = adaptor.getScales();
  SmallVector<int64_t> shape(input.getShape());
  for (auto [dim, size] : llvm::enumerate(shape))
    size = dim < scales.size() && scales[dim] > 0 ? size * scales[dim] : kUnknown;
  return getF32Type(input, shape);
}

} // namespace

QNN_INFER_FROM_INPUT(MaxPool2DOp, inferMaxPool)
QNN_INFER_FROM_INPUT(AvgPool2DOp, inferAvgPool)
QNN_INFER_FROM_INPUT(GlobalAvgPoolOp, inferGlobalAvgPool)
QNN_INFER_FROM_INPUT(FlattenOp, inferFlatten)
QNN_INFER_FROM_INPUT(TransposeOp, inferTranspose)
QNN_INFER_FROM_INPUT(PadOp, inferPad)
QNN_INFER_FROM_INPUT(SliceOp, inferSlice)
QNN_INFER_FROM_INPUT(ReduceSumOp, inferReduction)
QNN_INFER_FROM_INPUT(ReduceMeanOp, inferReduction)
QNN_INFER_FROM_INPUT(ReduceMaxOp, inferReduction)
QNN_INFER_FROM_INPUT(ReduceMinOp, inferReduction)
QNN_INFER_FROM_INPUT(UpsampleNearestOp, inferUpsample)
#undef QNN_INFER_FROM_INPUT

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location>,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return failure();
  auto first = getRanked(adaptor.getInputs().front());
  if (!first)
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  int64_t axis = adaptor.getAxis();
  if (axis >= 0 && axis < first.getRank()) {
    shape[axis] = 0;
    for (Value input : adaptor.getInputs()) {
      auto type = getRanked(input);
      if (!type || type.getRank() != first.getRank()) {
        shape[axis] = kUnknown;
        break;
      }
      shape[axis] += type.getDimSize(axis);
    }
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}
