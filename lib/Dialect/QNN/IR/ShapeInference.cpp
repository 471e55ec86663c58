//===- ShapeInference.cpp - result types of qnn ops from operands -*- C++ -*-===//
//
// Implements the ODS builders of the layers, pools and shape ops that compute
// their result type from their operands and attributes, so that a producer
// (the ONNX importer, a rewrite) states only what the op computes. The
// operands must be valid (the verifier reports what is not): sizes that
// would not be positive are clamped to 1 rather than asserted on.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

ArrayRef<int64_t> getShape(Value value) {
  return cast<ShapedType>(value.getType()).getShape();
}

/// Output height and width of a 2-D window over `inputHW`.
std::array<int64_t, 2> getWindowOutputHW(ArrayRef<int64_t> inputHW,
                                         ArrayRef<int64_t> kernelHW,
                                         ArrayRef<int64_t> strides,
                                         ArrayRef<int64_t> padding,
                                         ArrayRef<int64_t> dilations) {
  std::array<int64_t, 2> output;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t padded = inputHW[axis] + padding[axis] + padding[axis + 2];
    int64_t extent = dilations[axis] * (kernelHW[axis] - 1) + 1;
    output[axis] = std::max<int64_t>(
        1, (padded - extent) / std::max<int64_t>(1, strides[axis]) + 1);
  }
  return output;
}

/// Ops that only move elements keep codes as codes.
Type getElementType(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

RankedTensorType getF32Type(MLIRContext *context, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

/// N x O x OH x OW of a convolution of `input` with `weight`.
RankedTensorType getConvolutionType(Value input, Value weight,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> padding,
                                    ArrayRef<int64_t> dilations) {
  ArrayRef<int64_t> in = getShape(input), w = getShape(weight);
  auto hw = getWindowOutputHW(in.drop_front(2), w.drop_front(2), strides,
                              padding, dilations);
  return getF32Type(input.getContext(), {in[0], w[0], hw[0], hw[1]});
}

RankedTensorType getPoolType(Value input, ArrayRef<int64_t> kernel,
                             ArrayRef<int64_t> strides,
                             ArrayRef<int64_t> padding,
                             ArrayRef<int64_t> dilations) {
  ArrayRef<int64_t> in = getShape(input);
  auto hw =
      getWindowOutputHW(in.drop_front(2), kernel, strides, padding, dilations);
  // Max pooling keeps codes as codes.
  return RankedTensorType::get({in[0], in[1], hw[0], hw[1]},
                               cast<ShapedType>(input.getType()).getElementType());
}

RankedTensorType getDenseType(Value input, Value weight) {
  return getF32Type(input.getContext(),
                    {getShape(input)[0], getShape(weight)[0]});
}

} // namespace

/// Float and quantized layers share their shapes.
template <typename ConvOp>
static void buildConvolution(OpBuilder &builder, OperationState &state,
                             Value input, Value weight, Value bias,
                             ArrayRef<int64_t> strides,
                             ArrayRef<int64_t> padding,
                             ArrayRef<int64_t> dilations, uint64_t groups) {
  ConvOp::build(builder, state,
                getConvolutionType(input, weight, strides, padding, dilations),
                input, weight, bias, strides, padding, dilations, groups);
}

void Conv2DOp::build(OpBuilder &builder, OperationState &state, Value input,
                     Value weight, Value bias, ArrayRef<int64_t> strides,
                     ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
                     uint64_t groups) {
  buildConvolution<Conv2DOp>(builder, state, input, weight, bias, strides,
                             padding, dilations, groups);
}

void QConv2DOp::build(OpBuilder &builder, OperationState &state, Value input,
                      Value weight, Value bias, ArrayRef<int64_t> strides,
                      ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
                      uint64_t groups) {
  buildConvolution<QConv2DOp>(builder, state, input, weight, bias, strides,
                              padding, dilations, groups);
}

void DenseOp::build(OpBuilder &builder, OperationState &state, Value input,
                    Value weight, Value bias) {
  build(builder, state, getDenseType(input, weight), input, weight, bias);
}

void QDenseOp::build(OpBuilder &builder, OperationState &state, Value input,
                     Value weight, Value bias) {
  build(builder, state, getDenseType(input, weight), input, weight, bias);
}

void MaxPool2DOp::build(OpBuilder &builder, OperationState &state, Value input,
                        ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> padding,
                        ArrayRef<int64_t> dilations) {
  build(builder, state, getPoolType(input, kernel, strides, padding, dilations),
        input, kernel, strides, padding, dilations);
}

void AvgPool2DOp::build(OpBuilder &builder, OperationState &state, Value input,
                        ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
                        bool countIncludePad) {
  build(builder, state, getPoolType(input, kernel, strides, padding, dilations),
        input, kernel, strides, padding, dilations, countIncludePad);
}

void GlobalAvgPoolOp::build(OpBuilder &builder, OperationState &state,
                            Value input) {
  ArrayRef<int64_t> in = getShape(input);
  build(builder, state, getF32Type(input.getContext(), {in[0], in[1], 1, 1}),
        input);
}

void FlattenOp::build(OpBuilder &builder, OperationState &state, Value input,
                      int64_t axis) {
  ArrayRef<int64_t> in = getShape(input);
  axis = std::clamp<int64_t>(axis, 0, in.size());
  int64_t outer = 1, inner = 1;
  for (auto [index, size] : llvm::enumerate(in))
    (int64_t(index) < axis ? outer : inner) *= size;
  build(builder, state,
        RankedTensorType::get(
            {outer, inner}, cast<ShapedType>(input.getType()).getElementType()),
        input, axis);
}

void TransposeOp::build(OpBuilder &builder, OperationState &state, Value input,
                        ArrayRef<int64_t> permutation) {
  ArrayRef<int64_t> in = getShape(input);
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation)
    shape.push_back(dim >= 0 && dim < int64_t(in.size()) ? in[dim] : 1);
  build(builder, state, RankedTensorType::get(shape, getElementType(input)), input,
        permutation);
}

void ConcatOp::build(OpBuilder &builder, OperationState &state,
                     ValueRange inputs, int64_t axis) {
  SmallVector<int64_t> shape(getShape(inputs.front()));
  if (axis >= 0 && axis < int64_t(shape.size())) {
    shape[axis] = 0;
    for (Value input : inputs)
      if (axis < int64_t(getShape(input).size()))
        shape[axis] += getShape(input)[axis];
  }
  build(builder, state, RankedTensorType::get(shape, getElementType(inputs.front())), inputs,
        axis);
}

void PadOp::build(OpBuilder &builder, OperationState &state, Value input,
                  ArrayRef<int64_t> low, ArrayRef<int64_t> high, float value) {
  SmallVector<int64_t> shape(getShape(input));
  for (auto [dim, size] : llvm::enumerate(shape))
    if (dim < low.size() && dim < high.size())
      size = std::max<int64_t>(1, size + low[dim] + high[dim]);
  build(builder, state, RankedTensorType::get(shape, getElementType(input)), input,
        builder.getDenseI64ArrayAttr(low), builder.getDenseI64ArrayAttr(high),
        builder.getF32FloatAttr(value));
}

void SliceOp::build(OpBuilder &builder, OperationState &state, Value input,
                    ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes,
                    ArrayRef<int64_t> strides) {
  build(builder, state, getF32Type(input.getContext(), sizes), input, offsets,
        sizes, strides);
}

/// The shape of `input` without `axes`.
static RankedTensorType getReducedType(Value input, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(getShape(input)))
    if (!llvm::is_contained(axes, int64_t(dim)))
      shape.push_back(size);
  return getF32Type(input.getContext(), shape);
}

void ReduceSumOp::build(OpBuilder &builder, OperationState &state, Value input,
                        ArrayRef<int64_t> axes) {
  build(builder, state, getReducedType(input, axes), input, axes);
}

void ReduceMeanOp::build(OpBuilder &builder, OperationState &state,
                         Value input, ArrayRef<int64_t> axes) {
  build(builder, state, getReducedType(input, axes), input, axes);
}

void ReduceMaxOp::build(OpBuilder &builder, OperationState &state, Value input,
                        ArrayRef<int64_t> axes) {
  build(builder, state, getReducedType(input, axes), input, axes);
}

void ReduceMinOp::build(OpBuilder &builder, OperationState &state, Value input,
                        ArrayRef<int64_t> axes) {
  build(builder, state, getReducedType(input, axes), input, axes);
}

void UpsampleNearestOp::build(OpBuilder &builder, OperationState &state,
                              Value input, ArrayRef<int64_t> scales) {
  SmallVector<int64_t> shape(getShape(input));
  for (auto [dim, size] : llvm::enumerate(shape))
    if (dim < scales.size())
      size *= std::max<int64_t>(1, scales[dim]);
  build(builder, state, getF32Type(input.getContext(), shape), input, scales);
}
