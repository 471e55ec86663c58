//===- ShapeOps.cpp - Flatten, Reshape, Identity, Dropout -------*- C++ -*-===//
//
// Imports the operators that keep the elements: Flatten and Reshape (folded
// on constants), and Identity and inference Dropout as aliases of their
// input.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "llvm/ADT/STLExtras.h"

#include <optional>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

LogicalResult Importer::importFlatten() {
  if (failed(checkNode({"axis"})))
    return failure();
  FailureOr<Tensor *> input = getInput(0);
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
    Tensor folded;
    folded.shape = {outer, inner};
    folded.constant = (*input)->constant.reshape(RankedTensorType::get(
        folded.shape, (*input)->constant.getElementType()));
    defineOutput(std::move(folded));
    return success();
  }
  defineOutput(builder.create<FlattenOp>(getNodeLoc(), (*input)->value, at));
  return success();
}

LogicalResult Importer::importReshape() {
  if (failed(checkNode({"allowzero"})))
    return failure();
  FailureOr<Tensor *> input = getInput(0);
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
  std::string requested;
  {
    llvm::raw_string_ostream os(requested);
    os << "[";
    llvm::interleaveComma(entries, os);
    os << "]";
  }
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
    shape.push_back(size);
    known *= size;
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
  if ((*input)->isConstant()) {
    Tensor folded;
    folded.shape = shape;
    folded.constant = (*input)->constant.reshape(
        RankedTensorType::get(shape, (*input)->constant.getElementType()));
    defineOutput(std::move(folded));
    return success();
  }
  defineOutput(builder.create<ReshapeOp>(
      getNodeLoc(), getF32TensorType(shape, context), (*input)->value));
  return success();
}

LogicalResult Importer::importIdentity() {
  if (failed(checkNode({})))
    return failure();
  FailureOr<Tensor *> input = getInput(0);
  if (failed(input))
    return failure();
  defineOutputAlias(*input);
  return success();
}

/// Inference Dropout is the identity; its mask output and training mode are
/// rejected.
LogicalResult Importer::importDropout() {
  if (failed(checkNode({"ratio", "seed"})))
    return failure();
  FailureOr<Tensor *> input = getInput(0);
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
