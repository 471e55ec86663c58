//===- ShapeOps.cpp - Flatten, Reshape, Squeeze, Identity, ... --*- C++ -*-===//
//
// Imports the operators that keep the elements in order: Flatten, Reshape,
// Squeeze and Unsqueeze (qnn.reshape, folded on constants), and Identity and
// inference Dropout as aliases of their input.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"

#include "qnn/Support/Format.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

LogicalResult Importer::importFlatten() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"axis"});
  if (failed(input))
    return failure();
  FailureOr<int64_t> axis = getInt("axis", 1);
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  if (*axis < -rank || *axis > rank) {
    return error() << "axis " << *axis << " is out of range for rank " << rank;
  }
  int64_t at = *axis < 0 ? *axis + rank : *axis;
  int64_t outer = getNumElements(shape.take_front(at));
  int64_t inner = getNumElements(shape.drop_front(at));
  if ((*input)->isConstant()) {
    defineOutput(reshapeTensor(**input, {outer, inner}));
    return success();
  }
  defineOutput(builder.create<FlattenOp>(getNodeLoc(), (*input)->value, at));
  return success();
}

LogicalResult Importer::importReshape() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"allowzero"});
  if (failed(input))
    return failure();
  FailureOr<DenseElementsAttr> shapeAttr = getConstantInput(1, "shape");
  if (failed(shapeAttr))
    return failure();
  FailureOr<int64_t> allowZero = getInt("allowzero", 0);
  if (failed(allowZero))
    return failure();
  if (!shapeAttr->getElementType().isInteger(64) ||
      shapeAttr->getType().getRank() != 1)
    return error() << "the shape must be a 1-D int64 tensor";
  ArrayRef<int64_t> inputShape = (*input)->shape;
  auto entries = llvm::to_vector(shapeAttr->getValues<int64_t>());
  std::string requested = "[" + formatInts(entries, ", ") + "]";
  Shape shape;
  std::optional<size_t> inferred;
  int64_t known = 1;
  for (auto [index, entry] : llvm::enumerate(entries)) {
    int64_t size = entry;
    // 0 copies the input's dimension unless allowzero asks for an empty
    // dimension, which qnn has no use for.
    if (size == 0 && !*allowZero) {
      if (index >= inputShape.size()) {
        return error() << "shape " << requested << " copies dimension " << index
                       << " of an input of rank " << inputShape.size();
      }
      size = inputShape[index];
    }
    if (size == -1 && !inferred) {
      inferred = index;
      shape.push_back(1);
      continue;
    }
    if (size <= 0)
      return error() << "shape " << requested << " is not supported";
    // The product of the sizes must fit int64_t (found by fuzzing: a
    // mutated shape overflowed it, which is undefined behaviour).
    if (llvm::MulOverflow(known, size, known))
      return error() << "shape " << requested << " has too many elements";
    shape.push_back(size);
  }
  int64_t total = getNumElements(inputShape);
  if (inferred) {
    if (total % known != 0) {
      return error() << "cannot reshape " << formatShape(inputShape) << " to "
                     << requested;
    }
    shape[*inferred] = total / known;
  } else if (known != total) {
    return error() << "cannot reshape " << formatShape(inputShape) << " ("
                   << total << " elements) to " << requested << " (" << known
                   << " elements)";
  }
  defineOutput(reshapeTensor(**input, shape));
  return success();
}

Tensor Importer::reshapeTensor(const Tensor &tensor, ArrayRef<int64_t> shape) {
  if (tensor.isConstant()) {
    DenseElementsAttr constant = tensor.constant;
    return constantTensor(constant.reshape(
        RankedTensorType::get(shape, constant.getElementType())));
  }
  Tensor result;
  result.shape.assign(shape.begin(), shape.end());
  result.value = reshapeValue(tensor.value, shape);
  return result;
}

FailureOr<std::optional<Shape>> Importer::getIntList(StringRef name) {
  auto attribute =
      findTypedAttribute(name, onnx::AttributeProto::INTS, "a list of ints");
  if (failed(attribute))
    return failure();
  if (!*attribute)
    return std::optional<Shape>();
  return std::optional<Shape>(
      Shape((*attribute)->ints().begin(), (*attribute)->ints().end()));
}

FailureOr<std::optional<Shape>>
Importer::getAxes(int index, int64_t inputOpset, int64_t rank) {
  std::optional<Shape> axes;
  if (opset < inputOpset) {
    FailureOr<std::optional<Shape>> attribute = getIntList("axes");
    if (failed(attribute))
      return failure();
    axes = *attribute;
  } else if (hasInput(index)) {
    FailureOr<Shape> values = getIntegerListInput(index, "axes");
    if (failed(values))
      return failure();
    axes = *values;
  }
  if (!axes)
    return axes;
  for (int64_t &axis : *axes) {
    if (axis < -rank || axis >= rank)
      return error() << "axis " << axis << " is out of range for rank "
                     << rank;
    if (axis < 0)
      axis += rank;
  }
  Shape sorted = *axes;
  llvm::sort(sorted);
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    return error() << "the axes repeat a dimension";
  return axes;
}

/// Squeeze and Unsqueeze: checkNodeAndGetInput, with the axes an attribute
/// before opset 13.
FailureOr<Tensor *> Importer::checkSqueezeNode() {
  static constexpr StringRef axes[] = {"axes"};
  return checkNodeAndGetInput(opset < 13 ? ArrayRef<StringRef>(axes)
                                         : ArrayRef<StringRef>());
}

/// Squeeze: axes as an attribute before opset 13, an input from 13; without
/// them, every dimension of size 1 goes.
LogicalResult Importer::importSqueeze() {
  FailureOr<Tensor *> input = checkSqueezeNode();
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  FailureOr<std::optional<Shape>> axes = getAxes(1, 13, rank);
  if (failed(axes))
    return failure();
  Shape result;
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool squeezed =
        *axes ? llvm::is_contained(**axes, dim) : shape[dim] == 1;
    if (squeezed && shape[dim] != 1) {
      return error() << "cannot squeeze dimension " << dim << " of size "
                     << shape[dim] << " (of " << formatShape(shape) << ")";
    }
    if (!squeezed)
      result.push_back(shape[dim]);
  }
  defineOutput(reshapeTensor(**input, result));
  return success();
}

/// Unsqueeze: axes (required) index the result, as an attribute before
/// opset 13 and an input from 13.
LogicalResult Importer::importUnsqueeze() {
  FailureOr<Tensor *> input = checkSqueezeNode();
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  // The result's rank needs the number of axes first.
  int64_t count = 0;
  if (opset < 13) {
    FailureOr<std::optional<Shape>> attribute = getIntList("axes");
    if (failed(attribute))
      return failure();
    count = *attribute ? (*attribute)->size() : 0;
  } else if (hasInput(1)) {
    FailureOr<Shape> values = getIntegerListInput(1, "axes");
    if (failed(values))
      return failure();
    count = values->size();
  }
  auto rank = static_cast<int64_t>(shape.size()) + count;
  FailureOr<std::optional<Shape>> axes = getAxes(1, 13, rank);
  if (failed(axes))
    return failure();
  if (!*axes)
    return error() << "the axes are missing";
  Shape result;
  const int64_t *next = shape.begin();
  for (int64_t dim = 0; dim < rank; ++dim)
    result.push_back(llvm::is_contained(**axes, dim) ? 1 : *next++);
  defineOutput(reshapeTensor(**input, result));
  return success();
}

LogicalResult Importer::importIdentity() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({});
  if (failed(input))
    return failure();
  defineOutputAlias(*input);
  return success();
}

/// Inference Dropout is the identity; its mask output and training mode are
/// rejected.
LogicalResult Importer::importDropout() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"ratio", "seed"});
  if (failed(input))
    return failure();
  if (hasInput(2)) {
    FailureOr<double> trainingMode = getScalarInput(2, "training_mode");
    if (failed(trainingMode))
      return failure();
    if (*trainingMode != 0)
      return error() << "training mode is not supported (inference only)";
  }
  defineOutputAlias(*input);
  return success();
}
