//===- Elementwise.cpp - elementwise ONNX operators -------------*- C++ -*-===//
//
// Imports Relu, Clip, Add, Mul, BatchNormalization and Softmax; Add and Mul
// of two constants fold at import.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "llvm/ADT/STLExtras.h"

#include <limits>
#include <type_traits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

LogicalResult Importer::importRelu() {
  if (failed(checkNode({})))
    return failure();
  FailureOr<Value> input = getOperand(0);
  if (failed(input))
    return failure();
  defineOutput(builder.create<ReluOp>(getNodeLoc(), input->getType(), *input));
  return success();
}

LogicalResult Importer::importClip() {
  if (failed(checkNode({"min", "max"})))
    return failure();
  FailureOr<Value> input = getOperand(0);
  if (failed(input))
    return failure();
  // Before opset 11 the bounds were attributes; some exporters still write
  // them that way, so both forms are read (but not mixed in one node).
  float infinity = std::numeric_limits<float>::infinity();
  float min = -infinity, max = infinity;
  if (findAttribute("min") || findAttribute("max")) {
    if (hasInput(1) || hasInput(2)) {
      return error() << "takes min and max either as attributes (opset < 11) "
                        "or as inputs, not both";
    }
    FailureOr<float> minAttr = getFloat("min", min);
    FailureOr<float> maxAttr = getFloat("max", max);
    if (failed(minAttr) || failed(maxAttr))
      return failure();
    min = *minAttr;
    max = *maxAttr;
  } else {
    if (hasInput(1)) {
      FailureOr<double> value = getScalarInput(1, "min");
      if (failed(value))
        return failure();
      min = static_cast<float>(*value);
    }
    if (hasInput(2)) {
      FailureOr<double> value = getScalarInput(2, "max");
      if (failed(value))
        return failure();
      max = static_cast<float>(*value);
    }
  }
  if (min > max) {
    return error() << "min " << formatNumber(min) << " exceeds max "
                   << formatNumber(max);
  }
  defineOutput(builder.create<ClipOp>(getNodeLoc(), input->getType(), *input,
                                      builder.getF32FloatAttr(min),
                                      builder.getF32FloatAttr(max)));
  return success();
}

LogicalResult Importer::importBatchNormalization() {
  if (failed(checkNode({"epsilon", "momentum", "training_mode"})))
    return failure();
  FailureOr<float> epsilon = getFloat("epsilon", 1e-5f);
  FailureOr<int64_t> trainingMode = getInt("training_mode", 0);
  if (failed(epsilon) || failed(trainingMode))
    return failure();
  if (*trainingMode != 0)
    return error() << "training_mode = 1 is not supported (inference only)";
  SmallVector<Value, 5> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> operand = getOperand(i);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  ArrayRef<int64_t> shape = getShape(operands[0]);
  if (shape.size() < 2) {
    return error() << "expects an input of rank 2 or more (N x C x ...), got "
                   << formatShape(shape);
  }
  static constexpr const char *names[] = {"scale", "bias", "mean", "variance"};
  for (int i = 1; i < 5; ++i) {
    if (getShape(operands[i]) != ArrayRef<int64_t>{shape[1]}) {
      return error() << "the " << names[i - 1] << " has shape "
                     << formatShape(getShape(operands[i])) << " but the input "
                     << formatShape(shape) << " has " << shape[1]
                     << " channels";
    }
  }
  defineOutput(builder.create<BatchNormOp>(
      getNodeLoc(), operands[0].getType(), operands[0], operands[1],
      operands[2], operands[3], operands[4],
      builder.getF32FloatAttr(*epsilon)));
  return success();
}

/// Add and Mul: qnn's take operands of one type, so a constant operand that
/// ONNX broadcasts is materialized at the full shape (a per-channel bias added
/// to a convolution becomes a constant of the convolution's shape).
template <typename ElementwiseOp> LogicalResult Importer::importElementwise() {
  if (failed(checkNode({})))
    return failure();
  FailureOr<Tensor *> lhs = getInput(0);
  if (failed(lhs))
    return failure();
  FailureOr<Tensor *> rhs = getInput(1);
  if (failed(rhs))
    return failure();
  std::optional<Shape> shape = broadcastShapes((*lhs)->shape, (*rhs)->shape);
  if (!shape) {
    return error() << "the operand shapes " << formatShape((*lhs)->shape)
                   << " and " << formatShape((*rhs)->shape)
                   << " do not broadcast";
  }
  constexpr bool isAdd = std::is_same_v<ElementwiseOp, AddOp>;
  if ((*lhs)->isConstant() && (*rhs)->isConstant() && isF32((*lhs)->constant) &&
      isF32((*rhs)->constant)) {
    SmallVector<float> result =
        getFloats(broadcastTo((*lhs)->constant, *shape));
    SmallVector<float> other = getFloats(broadcastTo((*rhs)->constant, *shape));
    for (auto [value, operand] : llvm::zip_equal(result, other))
      value = isAdd ? value + operand : value * operand;
    Tensor folded;
    folded.shape = *shape;
    folded.constant = getF32Attr(*shape, result, context);
    defineOutput(std::move(folded));
    return success();
  }
  SmallVector<Value, 2> operands;
  for (Tensor *operand : {*lhs, *rhs}) {
    if (operand->shape == *shape) {
      FailureOr<Value> value = toOperand(*operand);
      if (failed(value))
        return failure();
      operands.push_back(*value);
    } else if (operand->isConstant() && isF32(operand->constant)) {
      operands.push_back(
          createConstant(broadcastTo(operand->constant, *shape), getNodeLoc()));
    } else {
      return error() << "broadcasting '" << operand->name << "' from "
                     << formatShape(operand->shape) << " to "
                     << formatShape(*shape)
                     << " is supported only for a float32 constant";
    }
  }
  defineOutput(builder.create<ElementwiseOp>(getNodeLoc(),
                                             getF32TensorType(*shape, context),
                                             operands[0], operands[1]));
  return success();
}

LogicalResult Importer::importAdd() { return importElementwise<AddOp>(); }

LogicalResult Importer::importMul() { return importElementwise<MulOp>(); }

LogicalResult Importer::importSoftmax() {
  if (failed(checkNode({"axis"})))
    return failure();
  FailureOr<Value> input = getOperand(0);
  if (failed(input))
    return failure();
  // Opset 13 changed both the default axis and the meaning.
  FailureOr<int64_t> axis = getInt("axis", opset < 13 ? 1 : -1);
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> shape = getShape(*input);
  auto rank = static_cast<int64_t>(shape.size());
  if (*axis < -rank || *axis >= rank) {
    return error() << "axis " << *axis << " is out of range for rank " << rank;
  }
  int64_t at = *axis < 0 ? *axis + rank : *axis;
  // Before opset 13, Softmax flattens the input to 2-D at `axis` and
  // normalizes each row over all the trailing dimensions; that is qnn's
  // softmax along `axis` only when the dimensions after it are all 1.
  if (opset < 13 && getNumElements(shape.drop_front(at + 1)) != 1) {
    return error() << "with opset " << opset
                   << ", Softmax normalizes over dimensions " << at << " to "
                   << rank - 1 << " of " << formatShape(shape)
                   << " together; only a single axis is supported";
  }
  defineOutput(builder.create<SoftmaxOp>(getNodeLoc(), input->getType(), *input,
                                         builder.getI64IntegerAttr(at)));
  return success();
}
