//===- ConstantFolding.cpp - shape sub-graphs at import ---------*- C++ -*-===//
//
// The element-moving helpers on constants (ConstantFolding.h), and the
// operators whose result the importer always knows: Shape (every shape is
// inferred at import), and Gather, Cast, ConstantOfShape, Range and Where of
// constants. A PyTorch export of `x.view(x.size(0), -1)` is
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape: all but the Reshape
// fold to constants here and in the other files of this folder.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

//===----------------------------------------------------------------------===//
// Helpers on constants
//===----------------------------------------------------------------------===//

Shape onnx_import::getStrides(ArrayRef<int64_t> shape) {
  Shape strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  return strides;
}

template <typename T>
static DenseElementsAttr
remapAs(DenseElementsAttr attr, RankedTensorType type,
        function_ref<int64_t(ArrayRef<int64_t>)> source, T fill) {
  auto values = llvm::to_vector(attr.getValues<T>());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t count = getNumElements(shape);
  SmallVector<T> result;
  result.reserve(count);
  Shape index(shape.size(), 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t from = source(index);
    result.push_back(from < 0 ? fill : values[from]);
    for (size_t dim = shape.size(); dim-- > 0;) {
      if (++index[dim] < shape[dim])
        break;
      index[dim] = 0;
    }
  }
  return DenseElementsAttr::get(type, ArrayRef<T>(result));
}

DenseElementsAttr
onnx_import::remapElements(DenseElementsAttr attr, ArrayRef<int64_t> shape,
                           function_ref<int64_t(ArrayRef<int64_t>)> source,
                           double fill) {
  auto type = RankedTensorType::get(shape, attr.getElementType());
  if (isF32(attr))
    return remapAs<float>(attr, type, source, static_cast<float>(fill));
  return remapAs<int64_t>(attr, type, source, static_cast<int64_t>(fill));
}

DenseElementsAttr onnx_import::broadcastElements(DenseElementsAttr attr,
                                                 ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> from = attr.getType().getShape();
  if (from == shape)
    return attr;
  Shape strides = getStrides(from);
  size_t offset = shape.size() - from.size();
  return remapElements(attr, shape, [&](ArrayRef<int64_t> index) {
    int64_t position = 0;
    for (size_t dim = 0; dim < from.size(); ++dim)
      if (from[dim] != 1)
        position += index[offset + dim] * strides[dim];
    return position;
  });
}

DenseElementsAttr
onnx_import::transposeElements(DenseElementsAttr attr,
                               ArrayRef<int64_t> permutation) {
  ArrayRef<int64_t> from = attr.getType().getShape();
  Shape strides = getStrides(from);
  Shape shape;
  for (int64_t dim : permutation)
    shape.push_back(from[dim]);
  return remapElements(attr, shape, [&](ArrayRef<int64_t> index) {
    int64_t position = 0;
    for (auto [dim, source] : llvm::enumerate(permutation))
      position += index[dim] * strides[source];
    return position;
  });
}

template <typename T>
static DenseElementsAttr concatAs(ArrayRef<DenseElementsAttr> attrs,
                                  int64_t axis, RankedTensorType type) {
  ArrayRef<int64_t> shape = type.getShape();
  int64_t outer = getNumElements(shape.take_front(axis));
  int64_t inner = getNumElements(shape.drop_front(axis + 1));
  SmallVector<SmallVector<T>> values;
  for (DenseElementsAttr attr : attrs)
    values.push_back(llvm::to_vector(attr.getValues<T>()));
  SmallVector<T> result;
  result.reserve(getNumElements(shape));
  for (int64_t o = 0; o < outer; ++o) {
    for (auto [attr, elements] : llvm::zip_equal(attrs, values)) {
      int64_t chunk = attr.getType().getDimSize(axis) * inner;
      result.append(elements.begin() + o * chunk,
                    elements.begin() + (o + 1) * chunk);
    }
  }
  return DenseElementsAttr::get(type, ArrayRef<T>(result));
}

DenseElementsAttr onnx_import::concatElements(ArrayRef<DenseElementsAttr> attrs,
                                              int64_t axis) {
  Shape shape(attrs.front().getType().getShape());
  shape[axis] = 0;
  for (DenseElementsAttr attr : attrs)
    shape[axis] += attr.getType().getDimSize(axis);
  auto type = RankedTensorType::get(shape, attrs.front().getElementType());
  if (isF32(attrs.front()))
    return concatAs<float>(attrs, axis, type);
  return concatAs<int64_t>(attrs, axis, type);
}

DenseElementsAttr onnx_import::makeElements(ArrayRef<int64_t> shape,
                                            Type elementType,
                                            ArrayRef<double> values) {
  auto type = RankedTensorType::get(shape, elementType);
  if (elementType.isF32()) {
    SmallVector<float> floats(values.begin(), values.end());
    return DenseElementsAttr::get(type, ArrayRef<float>(floats));
  }
  // Saturating: INT64_MAX (Slice's "to the end") does not fit a double.
  SmallVector<int64_t> ints;
  for (double value : values)
    ints.push_back(value >= 0x1p63    ? std::numeric_limits<int64_t>::max()
                   : value <= -0x1p63 ? std::numeric_limits<int64_t>::min()
                                      : static_cast<int64_t>(value));
  return DenseElementsAttr::get(type, ArrayRef<int64_t>(ints));
}

DenseElementsAttr onnx_import::castElements(DenseElementsAttr attr,
                                            Type elementType) {
  if (attr.getElementType() == elementType)
    return attr;
  return makeElements(attr.getType().getShape(), elementType,
                      getDoubles(attr));
}

Tensor onnx_import::constantTensor(DenseElementsAttr attr) {
  Tensor tensor;
  ArrayRef<int64_t> shape = attr.getType().getShape();
  tensor.shape.assign(shape.begin(), shape.end());
  tensor.constant = attr;
  return tensor;
}

//===----------------------------------------------------------------------===//
// Operators evaluated at import
//===----------------------------------------------------------------------===//

FailureOr<int64_t> Importer::getAxis(int64_t axis, int64_t rank,
                                     bool inclusiveEnd) {
  int64_t limit = inclusiveEnd ? rank + 1 : rank;
  if (axis < -limit || axis >= limit) {
    return error() << "axis " << axis << " is out of range for rank " << rank;
  }
  return axis < 0 ? axis + limit : axis;
}

LogicalResult Importer::importShape() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"start", "end"});
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  FailureOr<int64_t> start = getInt("start", 0);
  FailureOr<int64_t> end = getInt("end", rank);
  if (failed(start) || failed(end))
    return failure();
  // Opset 15's start and end count from the back when negative and are
  // clamped to [0, rank].
  auto clampToRank = [&](int64_t value) {
    return std::clamp<int64_t>(value < 0 ? value + rank : value, 0, rank);
  };
  int64_t from = clampToRank(*start), to = std::max(from, clampToRank(*end));
  SmallVector<double> sizes(shape.begin() + from, shape.begin() + to);
  defineOutput(constantTensor(makeElements(
      {to - from}, builder.getI64Type(), sizes)));
  return success();
}

/// The integer indices of a Gather or an axes input, each in [-size, size),
/// counted from the front.
FailureOr<Shape> Importer::getIndices(DenseElementsAttr attr, int64_t size,
                                      StringRef what) {
  if (isF32(attr))
    return error() << "the " << what << " must be integers";
  Shape indices;
  for (int64_t index : attr.getValues<int64_t>()) {
    if (index < -size || index >= size) {
      return error() << "the " << what << " hold " << index
                     << ", out of range for a dimension of size " << size;
    }
    indices.push_back(index < 0 ? index + size : index);
  }
  return indices;
}

LogicalResult Importer::importGather() {
  FailureOr<Tensor *> data = checkNodeAndGetInput({"axis"});
  if (failed(data))
    return failure();
  FailureOr<DenseElementsAttr> indicesAttr = getConstantInput(1, "indices");
  if (failed(indicesAttr))
    return failure();
  ArrayRef<int64_t> shape = (*data)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  FailureOr<int64_t> axisAttr = getInt("axis", 0);
  if (failed(axisAttr))
    return failure();
  FailureOr<int64_t> axis = getAxis(*axisAttr, rank);
  if (failed(axis))
    return failure();
  FailureOr<Shape> indices = getIndices(*indicesAttr, shape[*axis], "indices");
  if (failed(indices))
    return failure();
  ArrayRef<int64_t> indicesShape = indicesAttr->getType().getShape();
  Shape result(shape.take_front(*axis));
  result.append(indicesShape.begin(), indicesShape.end());
  result.append(shape.begin() + *axis + 1, shape.end());

  if ((*data)->isConstant()) {
    Shape strides = getStrides(shape);
    Shape indexStrides = getStrides(indicesShape);
    auto indicesRank = static_cast<int64_t>(indicesShape.size());
    defineOutput(constantTensor(remapElements(
        (*data)->constant, result, [&](ArrayRef<int64_t> index) {
          int64_t position = 0, which = 0;
          for (int64_t dim = 0; dim < *axis; ++dim)
            position += index[dim] * strides[dim];
          for (int64_t dim = 0; dim < indicesRank; ++dim)
            which += index[*axis + dim] * indexStrides[dim];
          position += (*indices)[which] * strides[*axis];
          for (int64_t dim = *axis + 1; dim < rank; ++dim)
            position += index[dim + indicesRank - 1] * strides[dim];
          return position;
        })));
    return success();
  }
  // On a tensor computed at run time: one index (x[:, 2], a scalar or a
  // single-element list) is a slice.
  if (indices->size() != 1) {
    return error() << "gathering " << indices->size()
                   << " indices from a tensor computed at run time is not "
                      "supported (only constant data, or a single index)";
  }
  Shape offsets(rank, 0), sizes(shape), strides(rank, 1);
  offsets[*axis] = indices->front();
  sizes[*axis] = 1;
  Value slice = builder.create<SliceOp>(getNodeLoc(), (*data)->value, offsets,
                                        sizes, strides);
  defineOutput(reshapeValue(slice, result));
  return success();
}

Value Importer::reshapeValue(Value value, ArrayRef<int64_t> shape) {
  // A reshape of a reshape is one reshape (Squeeze after Unsqueeze, the
  // steps of DepthToSpace).
  if (auto reshape = value.getDefiningOp<ReshapeOp>())
    value = reshape.getInput();
  if (getShape(value) == shape)
    return value;
  return builder.create<ReshapeOp>(getNodeLoc(),
                                   getF32TensorType(shape, context), value);
}

LogicalResult Importer::importCast() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"to", "saturate"});
  if (failed(input))
    return failure();
  FailureOr<int64_t> to = getInt("to", onnx::TensorProto::UNDEFINED);
  if (failed(to))
    return failure();
  bool toFloat =
      *to == onnx::TensorProto::FLOAT || *to == onnx::TensorProto::DOUBLE;
  bool toBool = *to == onnx::TensorProto::BOOL;
  bool toInteger = toBool || *to == onnx::TensorProto::INT64 ||
                   *to == onnx::TensorProto::INT32 ||
                   *to == onnx::TensorProto::INT16 ||
                   *to == onnx::TensorProto::INT8 ||
                   *to == onnx::TensorProto::UINT8;
  if (!toFloat && !toInteger) {
    return error() << "casting to "
                   << onnx::TensorProto_DataType_Name(
                          static_cast<onnx::TensorProto_DataType>(*to))
                   << " is not supported (float, double and integers are)";
  }
  if (!(*input)->isConstant()) {
    // A float tensor computed at run time stays one.
    if (!toFloat) {
      return error() << "casting a tensor computed at run time to an integer "
                        "type is not supported";
    }
    defineOutputAlias(*input);
    return success();
  }
  DenseElementsAttr constant = (*input)->constant;
  if (toFloat) {
    defineOutput(constantTensor(castElements(constant, builder.getF32Type())));
    return success();
  }
  SmallVector<double> values = getDoubles(constant);
  for (double &value : values) {
    if (!std::isfinite(value))
      return error() << "cannot cast " << formatNumber(value)
                     << " to an integer";
    value = toBool ? (value != 0) : std::trunc(value);
  }
  defineOutput(constantTensor(makeElements(constant.getType().getShape(),
                                           builder.getI64Type(), values)));
  return success();
}

FailureOr<Shape> Importer::getIntegerListInput(int index, StringRef what) {
  FailureOr<DenseElementsAttr> attr = getConstantInput(index, what);
  if (failed(attr))
    return failure();
  if (isF32(*attr) || attr->getType().getRank() > 1)
    return error() << "the " << what << " must be a 1-D integer tensor";
  return Shape(attr->getValues<int64_t>());
}

/// A 1-D integer constant input holding a shape of non-negative sizes.
FailureOr<Shape> Importer::getShapeInput(int index, StringRef what) {
  FailureOr<Shape> shape = getIntegerListInput(index, what);
  if (failed(shape))
    return failure();
  for (int64_t size : *shape)
    if (size < 0)
      return error() << "the " << what << " holds a negative size " << size;
  return shape;
}

LogicalResult Importer::importConstantOfShape() {
  if (failed(checkNode({"value"})))
    return failure();
  FailureOr<Shape> shape = getShapeInput(0, "shape");
  if (failed(shape))
    return failure();
  double elements = 1;
  for (int64_t size : *shape)
    elements *= static_cast<double>(size);
  if (elements > 1e8) {
    return error() << "the shape " << formatShape(*shape)
                   << " has too many elements for a constant";
  }
  DenseElementsAttr value =
      makeElements({1}, builder.getF32Type(), ArrayRef<double>{0.0});
  if (const onnx::AttributeProto *attribute = findAttribute("value")) {
    if (attribute->type() != onnx::AttributeProto::TENSOR)
      return error() << "attribute 'value' must be a tensor";
    FailureOr<DenseElementsAttr> decoded =
        decodeTensor(attribute->t(), "attribute 'value'");
    if (failed(decoded))
      return failure();
    if (decoded->getNumElements() != 1)
      return error() << "attribute 'value' must hold one element";
    value = *decoded;
  }
  defineOutput(constantTensor(makeElements(
      *shape, value.getElementType(),
      SmallVector<double>(getNumElements(*shape), getDoubles(value).front()))));
  return success();
}

LogicalResult Importer::importRange() {
  if (failed(checkNode({})))
    return failure();
  SmallVector<double, 3> bounds;
  Type elementType;
  static const char *const names[] = {"start", "limit", "delta"};
  for (auto [index, what] : llvm::enumerate(names)) {
    FailureOr<DenseElementsAttr> attr = getConstantInput(index, what);
    if (failed(attr))
      return failure();
    if (attr->getNumElements() != 1)
      return error() << "the " << what << " must be a single value";
    if (elementType && elementType != attr->getElementType())
      return error() << "start, limit and delta must have one element type";
    elementType = attr->getElementType();
    bounds.push_back(getDoubles(*attr).front());
  }
  double start = bounds[0], limit = bounds[1], delta = bounds[2];
  if (delta == 0 || !std::isfinite(start) || !std::isfinite(limit) ||
      !std::isfinite(delta))
    return error() << "delta must be non-zero and the bounds finite";
  double steps = std::ceil((limit - start) / delta);
  if (steps > 1e7)
    return error() << "the range has too many elements (" << steps << ")";
  auto count = static_cast<int64_t>(std::max(steps, 0.0));
  SmallVector<double> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(start + i * delta);
  defineOutput(constantTensor(makeElements({count}, elementType, values)));
  return success();
}

LogicalResult Importer::importWhere() {
  if (failed(checkNode({})))
    return failure();
  SmallVector<DenseElementsAttr, 3> attrs;
  static const char *const names[] = {"condition", "X", "Y"};
  for (auto [index, what] : llvm::enumerate(names)) {
    FailureOr<DenseElementsAttr> attr = getConstantInput(index, what);
    if (failed(attr))
      return failure();
    attrs.push_back(*attr);
  }
  if (attrs[1].getElementType() != attrs[2].getElementType())
    return error() << "X and Y must have one element type";
  std::optional<Shape> shape = broadcastShapes(
      attrs[0].getType().getShape(), attrs[1].getType().getShape());
  if (shape)
    shape = broadcastShapes(*shape, attrs[2].getType().getShape());
  if (!shape)
    return error() << "the condition, X and Y shapes do not broadcast";
  SmallVector<double> condition =
      getDoubles(broadcastElements(attrs[0], *shape));
  SmallVector<double> x = getDoubles(broadcastElements(attrs[1], *shape));
  SmallVector<double> y = getDoubles(broadcastElements(attrs[2], *shape));
  for (auto [value, chosen, other] : llvm::zip_equal(x, condition, y))
    value = chosen != 0 ? value : other;
  defineOutput(
      constantTensor(makeElements(*shape, attrs[1].getElementType(), x)));
  return success();
}
