//===- Dense.cpp - Gemm and MatMul to qnn.dense -----------------*- C++ -*-===//
//
// Imports Gemm and MatMul as qnn.dense, whose weight is O x K: constant
// weights are transposed and scaled at import, a fake-quantized constant is
// quantized again in the transposed layout.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include <vector>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

static DenseElementsAttr scaleElements(DenseElementsAttr attr, float factor) {
  if (factor == 1.0f)
    return attr;
  SmallVector<float> values = getFloats(attr);
  for (float &value : values)
    value *= factor;
  return DenseElementsAttr::get(attr.getType(), ArrayRef<float>(values));
}

/// The O x K weight of qnn.dense from an ONNX operand that is K x O
/// (`transpose`) or O x K, times `alpha`. Constants are transformed at import;
/// a fake-quantized constant is quantized again in the transposed layout,
/// which is exact since quantization is elementwise per channel.
FailureOr<Value> Importer::getDenseWeight(Tensor &weight, bool transpose,
                                          float alpha, StringRef whyConstant) {
  if (weight.isConstant()) {
    if (!isF32(weight.constant))
      return toOperand(weight);
    if (!transpose && alpha == 1.0f)
      return toOperand(weight);
    DenseElementsAttr constant = weight.constant;
    if (transpose)
      constant = transpose2D(constant);
    return createConstant(scaleElements(constant, alpha), getNodeLoc());
  }
  if (!transpose && alpha == 1.0f)
    return weight.value;
  if (weight.fakeQuantized && alpha == 1.0f)
    return transposeFakeQuantized(*weight.fakeQuantized).value;
  return error() << "the weight '" << weight.name
                 << "' is computed at run time, but " << whyConstant;
}

FailureOr<Importer::DenseInputs>
Importer::checkNodeAndGetDenseInputs(ArrayRef<StringRef> attributes) {
  if (failed(checkNode(attributes)))
    return failure();
  FailureOr<Value> a = getOperand(0);
  if (failed(a))
    return failure();
  FailureOr<Tensor *> b = getInput(1);
  if (failed(b))
    return failure();
  return DenseInputs{*a, *b, getShape(*a), (*b)->shape};
}

LogicalResult Importer::importGemm() {
  FailureOr<DenseInputs> inputs =
      checkNodeAndGetDenseInputs({"alpha", "beta", "transA", "transB"});
  if (failed(inputs))
    return failure();
  FailureOr<float> alpha = getFloat("alpha", 1.0f);
  FailureOr<float> beta = getFloat("beta", 1.0f);
  FailureOr<int64_t> transA = getInt("transA", 0);
  FailureOr<int64_t> transB = getInt("transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  if (*transA != 0 && *transA != 1)
    return error() << "transA must be 0 or 1, got " << *transA;
  if (*transB != 0 && *transB != 1)
    return error() << "transB must be 0 or 1, got " << *transB;
  auto [a, b, aShape, bShape] = *inputs;
  if (aShape.size() != 2)
    return error() << "expects a 2-D input A, got " << formatShape(aShape);
  // A stored K x M: transposed first (a qnn.transpose, or at import for a
  // constant).
  Shape transposedShape;
  if (*transA) {
    FailureOr<Tensor *> aTensor = getInput(0);
    if (failed(aTensor))
      return failure();
    Tensor transposed = transposeTensor(**aTensor, {1, 0});
    FailureOr<Value> value = toOperand(transposed);
    if (failed(value))
      return failure();
    a = *value;
    transposedShape = transposed.shape;
    aShape = transposedShape;
  }
  if (bShape.size() != 2)
    return error() << "expects a 2-D input B, got " << formatShape(bShape);
  int64_t m = aShape[0], k = aShape[1];
  int64_t bK = *transB ? bShape[1] : bShape[0];
  int64_t n = *transB ? bShape[0] : bShape[1];
  if (bK != k) {
    return error() << "A is " << formatShape(aShape) << " but B is "
                   << formatShape(bShape) << " with transB = " << *transB
                   << ": the reduction lengths " << k << " and " << bK
                   << " differ";
  }
  FailureOr<Value> weight =
      getDenseWeight(*b, /*transpose=*/*transB == 0, *alpha,
                     "transB = 0 and alpha != 1 need a constant B");
  if (failed(weight))
    return failure();

  // beta * C becomes the bias when it is the same in every row, else an add
  // after the dense layer.
  Value bias, addend;
  if (hasInput(2) && *beta != 0.0f) {
    FailureOr<Tensor *> c = getInput(2);
    if (failed(c))
      return failure();
    ArrayRef<int64_t> cShape = (*c)->shape;
    std::optional<Shape> broadcast = broadcastShapes(cShape, {m, n});
    if (cShape.size() > 2 || !broadcast ||
        ArrayRef<int64_t>(*broadcast) != ArrayRef<int64_t>{m, n}) {
      return error() << "C of shape " << formatShape(cShape)
                     << " does not broadcast to the " << m << "x" << n
                     << " result";
    }
    bool sameInEveryRow = cShape.size() < 2 || cShape[0] == 1;
    if ((*c)->isConstant()) {
      if (!isF32((*c)->constant))
        return error() << "C must be a float32 tensor";
      if (sameInEveryRow) {
        DenseElementsAttr row =
            scaleElements(broadcastTo((*c)->constant, {1, n}), *beta);
        bias = createConstant(row.reshape(getF32TensorType({n}, context)),
                              getNodeLoc());
      } else {
        addend = createConstant(
            scaleElements(broadcastTo((*c)->constant, {m, n}), *beta),
            getNodeLoc());
      }
    } else {
      if (*beta != 1.0f)
        return error() << "beta != 1 needs a constant C";
      FailureOr<Value> cValue = toOperand(**c);
      if (failed(cValue))
        return failure();
      if (cShape == ArrayRef<int64_t>{n}) {
        bias = *cValue;
      } else if (cShape == ArrayRef<int64_t>{m, n}) {
        addend = *cValue;
      } else {
        return error() << "a C computed at run time must have shape " << n
                       << " or " << m << "x" << n << ", got "
                       << formatShape(cShape);
      }
    }
  }
  Value result = builder.create<DenseOp>(getNodeLoc(), a, *weight, bias);
  if (addend)
    result = builder.create<AddOp>(getNodeLoc(), result.getType(), result,
                                   addend);
  defineOutput(result);
  return success();
}

LogicalResult Importer::importMatMul() {
  FailureOr<DenseInputs> inputs = checkNodeAndGetDenseInputs({});
  if (failed(inputs))
    return failure();
  auto [a, b, aShape, bShape] = *inputs;
  if (aShape.size() != 2 || bShape.size() != 2) {
    return error() << "only 2-D MatMul is supported, got "
                   << formatShape(aShape) << " x " << formatShape(bShape);
  }
  if (aShape[1] != bShape[0]) {
    return error() << "A is " << formatShape(aShape) << " but B is "
                   << formatShape(bShape) << ": the reduction lengths "
                   << aShape[1] << " and " << bShape[0] << " differ";
  }
  FailureOr<Value> weight = getDenseWeight(
      *b, /*transpose=*/true, 1.0f,
      "MatMul becomes qnn.dense, which needs a constant right operand");
  if (failed(weight))
    return failure();
  defineOutput(builder.create<DenseOp>(getNodeLoc(), a, *weight, Value()));
  return success();
}
