//===- Elementwise.cpp - elementwise ONNX operators -------------*- C++ -*-===//
//
// Imports the elementwise operators (Relu, Clip, LeakyRelu, HardSigmoid,
// Neg, Sqrt, Exp, Tanh, Sigmoid; Add, Sub, Mul, Div, Pow, Max, Min, Equal),
// BatchNormalization, Softmax and LogSoftmax. Binary operators on two
// constants (f32, or the i64 of shape computations) fold at import.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

#include <limits>
#include <type_traits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

/// Builders of the elementwise ops whose only attribute is their type, for
/// the tables that map ONNX op types to them.
template <typename Op>
static Value createOp(OpBuilder &b, Location loc, Type type, Value input) {
  return b.create<Op>(loc, type, input);
}
template <typename Op>
static Value createOp(OpBuilder &b, Location loc, Type type, Value lhs,
                      Value rhs) {
  return b.create<Op>(loc, type, lhs, rhs);
}

LogicalResult Importer::importRelu() {
  FailureOr<Value> input = checkNodeAndGetOperand({});
  if (failed(input))
    return failure();
  defineOutput(builder.create<ReluOp>(getNodeLoc(), input->getType(), *input));
  return success();
}

LogicalResult Importer::importClip() {
  FailureOr<Value> input = checkNodeAndGetOperand({"min", "max"});
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
  if (failed(checkNode({"epsilon", "momentum", "training_mode", "spatial"})))
    return failure();
  FailureOr<float> epsilon = getFloat("epsilon", 1e-5f);
  FailureOr<int64_t> trainingMode = getInt("training_mode", 0);
  // Opsets 7 and 8: `spatial = 1` (the default) is the per-channel
  // normalization of later opsets.
  FailureOr<int64_t> spatial = getInt("spatial", 1);
  if (failed(epsilon) || failed(trainingMode) || failed(spatial))
    return failure();
  if (*trainingMode != 0)
    return error() << "training_mode = 1 is not supported (inference only)";
  if (*spatial != 1)
    return error() << "spatial = " << *spatial
                   << " (statistics per element) is not supported";
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

LogicalResult Importer::importUnary() {
  StringRef opType = node->op_type();
  SmallVector<StringRef, 2> attributes;
  if (opType == "LeakyRelu")
    attributes = {"alpha"};
  else if (opType == "HardSigmoid")
    attributes = {"alpha", "beta"};
  FailureOr<Value> input = checkNodeAndGetOperand(attributes);
  if (failed(input))
    return failure();
  Location loc = getNodeLoc();
  Type type = input->getType();
  Value result;
  if (opType == "LeakyRelu") {
    FailureOr<float> alpha = getFloat("alpha", 0.01f);
    if (failed(alpha))
      return failure();
    result = builder.create<LeakyReluOp>(loc, type, *input,
                                         builder.getF32FloatAttr(*alpha));
  } else if (opType == "HardSigmoid") {
    FailureOr<float> alpha = getFloat("alpha", 0.2f);
    FailureOr<float> beta = getFloat("beta", 0.5f);
    if (failed(alpha) || failed(beta))
      return failure();
    result = builder.create<HardSigmoidOp>(loc, type, *input,
                                           builder.getF32FloatAttr(*alpha),
                                           builder.getF32FloatAttr(*beta));
  } else {
    using Create = Value (*)(OpBuilder &, Location, Type, Value);
    Create create = llvm::StringSwitch<Create>(opType)
                      .Case("Neg", createOp<NegOp>)
                      .Case("Sqrt", createOp<SqrtOp>)
                      .Case("Exp", createOp<ExpOp>)
                      .Case("Tanh", createOp<TanhOp>)
                      .Case("Sigmoid", createOp<SigmoidOp>)
                      .Default(createOp<SigmoidOp>);
    result = create(builder, loc, type, *input);
  }
  defineOutput(result);
  return success();
}

/// A float binary operator on two constants, elementwise.
static float foldFloat(StringRef opType, float a, float b) {
  if (opType == "Add")
    return a + b;
  if (opType == "Sub")
    return a - b;
  if (opType == "Mul")
    return a * b;
  if (opType == "Div")
    return a / b;
  if (opType == "Pow")
    return std::pow(a, b);
  if (std::isnan(a) || std::isnan(b))
    return std::nanf("");
  return opType == "Max" ? std::max(a, b) : std::min(a, b);
}

/// An integer binary operator on two constants; nullopt for a division by
/// zero.
static std::optional<int64_t> foldInteger(StringRef opType, int64_t a,
                                          int64_t b) {
  // Wrapping, as ONNX runtimes compute on int64 (no undefined overflow).
  auto wrap = [](uint64_t value) { return static_cast<int64_t>(value); };
  if (opType == "Add")
    return wrap(uint64_t(a) + uint64_t(b));
  if (opType == "Sub")
    return wrap(uint64_t(a) - uint64_t(b));
  if (opType == "Mul")
    return wrap(uint64_t(a) * uint64_t(b));
  if (opType == "Div") {
    // Truncating, as C++ and onnxruntime divide integers.
    if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1))
      return std::nullopt;
    return a / b;
  }
  return opType == "Max" ? std::max(a, b) : std::min(a, b);
}

FailureOr<Tensor> Importer::foldBinary(StringRef opType, const Tensor &lhs,
                                       const Tensor &rhs,
                                       ArrayRef<int64_t> shape) {
  bool isFloat = isF32(lhs.constant);
  if (isFloat != isF32(rhs.constant)) {
    return error() << "the operands '" << lhs.name << "' and '" << rhs.name
                   << "' have different element types";
  }
  DenseElementsAttr a = broadcastElements(lhs.constant, shape);
  DenseElementsAttr b = broadcastElements(rhs.constant, shape);
  Type i64 = builder.getI64Type();
  if (opType == "Equal") {
    SmallVector<double> x = getDoubles(a), y = getDoubles(b);
    for (auto [value, other] : llvm::zip_equal(x, y))
      value = value == other;
    return constantTensor(makeElements(shape, i64, x));
  }
  if (isFloat) {
    SmallVector<float> x = getFloats(a), y = getFloats(b);
    for (auto [value, other] : llvm::zip_equal(x, y))
      value = foldFloat(opType, value, other);
    return constantTensor(getF32Attr(shape, x, context));
  }
  if (opType == "Pow")
    return error() << "Pow of integer constants is not supported";
  auto x = llvm::to_vector(a.getValues<int64_t>());
  auto y = llvm::to_vector(b.getValues<int64_t>());
  for (auto [value, other] : llvm::zip_equal(x, y)) {
    std::optional<int64_t> folded = foldInteger(opType, value, other);
    if (!folded)
      return error() << "integer division by zero (or overflow) in constants";
    value = *folded;
  }
  return constantTensor(
      DenseElementsAttr::get(RankedTensorType::get(shape, i64),
                             ArrayRef<int64_t>(x)));
}

FailureOr<Value> Importer::broadcastOperand(Tensor &operand,
                                            ArrayRef<int64_t> shape) {
  if (operand.isConstant() && isF32(operand.constant) &&
      operand.shape != ArrayRef<int64_t>(shape))
    return createConstant(broadcastTo(operand.constant, shape), getNodeLoc());
  FailureOr<Value> value = toOperand(operand);
  if (failed(value) || operand.shape == ArrayRef<int64_t>(shape))
    return value;
  // A tensor computed at run time is stretched along its dimensions of size
  // 1 by a nearest-neighbour upsampling with those factors, after a reshape
  // that gives it the result's rank.
  Shape aligned(shape.size() - operand.shape.size(), 1);
  aligned.append(operand.shape.begin(), operand.shape.end());
  Shape scales;
  for (auto [size, target] : llvm::zip_equal(aligned, shape))
    scales.push_back(size == target ? 1 : target);
  return builder
      .create<UpsampleNearestOp>(getNodeLoc(), reshapeValue(*value, aligned),
                                 scales)
      .getResult();
}

FailureOr<Tensor> Importer::applyBinary(StringRef opType, Tensor &lhs,
                                        Tensor &rhs) {
  std::optional<Shape> shape = broadcastShapes(lhs.shape, rhs.shape);
  if (!shape) {
    return error() << "the operand shapes " << formatShape(lhs.shape)
                   << " and " << formatShape(rhs.shape) << " do not broadcast";
  }
  if (lhs.isConstant() && rhs.isConstant())
    return foldBinary(opType, lhs, rhs, *shape);
  if (opType == "Equal")
    return error() << "Equal is supported only on constants";
  FailureOr<Value> a = broadcastOperand(lhs, *shape);
  if (failed(a))
    return failure();
  FailureOr<Value> b = broadcastOperand(rhs, *shape);
  if (failed(b))
    return failure();
  using Create = Value (*)(OpBuilder &, Location, Type, Value, Value);
  Create create = llvm::StringSwitch<Create>(opType)
                    .Case("Add", createOp<AddOp>)
                    .Case("Sub", createOp<SubOp>)
                    .Case("Mul", createOp<MulOp>)
                    .Case("Div", createOp<DivOp>)
                    .Case("Pow", createOp<PowOp>)
                    .Case("Max", createOp<MaxOp>)
                    .Default(createOp<MinOp>);
  Tensor result;
  result.shape = *shape;
  result.value = create(builder, getNodeLoc(),
                        getF32TensorType(*shape, context), *a, *b);
  return result;
}

/// Add, Sub, Mul, Div, Pow and Equal of two inputs; Max and Min of one or
/// more, combined from the left. qnn's binary ops take operands of one type,
/// so operands that ONNX broadcasts are made explicit: a constant is
/// materialized at the result's shape (a per-channel bias added to a
/// convolution becomes a constant of the convolution's shape), a tensor is
/// upsampled along its dimensions of size 1.
LogicalResult Importer::importBinary() {
  if (failed(checkNode({})))
    return failure();
  StringRef opType = node->op_type();
  bool isVariadic = opType == "Max" || opType == "Min";
  if (isVariadic ? node->input_size() < 1 : node->input_size() != 2) {
    return error() << "expects " << (isVariadic ? "one or more" : "two")
                   << " inputs, got " << node->input_size();
  }
  FailureOr<Tensor *> first = getInput(0);
  if (failed(first))
    return failure();
  if (node->input_size() == 1) {
    defineOutputAlias(*first);
    return success();
  }
  Tensor result = **first;
  for (int i = 1; i < node->input_size(); ++i) {
    FailureOr<Tensor *> next = getInput(i);
    if (failed(next))
      return failure();
    FailureOr<Tensor> combined = applyBinary(opType, result, **next);
    if (failed(combined))
      return failure();
    result = std::move(*combined);
  }
  defineOutput(std::move(result));
  return success();
}

/// Softmax and LogSoftmax.
LogicalResult Importer::importSoftmax() {
  FailureOr<Value> input = checkNodeAndGetOperand({"axis"});
  if (failed(input))
    return failure();
  // Opset 13 changed both the default axis and the meaning.
  FailureOr<int64_t> axisAttr = getInt("axis", opset < 13 ? 1 : -1);
  if (failed(axisAttr))
    return failure();
  ArrayRef<int64_t> shape = getShape(*input);
  auto rank = static_cast<int64_t>(shape.size());
  FailureOr<int64_t> axis = getAxis(*axisAttr, rank);
  if (failed(axis))
    return failure();
  bool isLog = node->op_type() == "LogSoftmax";
  Location loc = getNodeLoc();
  auto create = [&](Value value, int64_t along) -> Value {
    IntegerAttr attr = builder.getI64IntegerAttr(along);
    if (isLog)
      return builder.create<LogSoftmaxOp>(loc, value.getType(), value, attr);
    return builder.create<SoftmaxOp>(loc, value.getType(), value, attr);
  };
  // Before opset 13, Softmax flattens the input to 2-D at `axis` and
  // normalizes each row over all the trailing dimensions together: qnn's
  // softmax along axis 1 of that 2-D reshape.
  if (opset < 13 && *axis != rank - 1) {
    Shape rows = {getNumElements(shape.take_front(*axis)),
                  getNumElements(shape.drop_front(*axis))};
    defineOutput(reshapeValue(create(reshapeValue(*input, rows), 1), shape));
    return success();
  }
  defineOutput(create(*input, *axis));
  return success();
}
