//===- TensorDecoding.cpp - ONNX tensors to attributes ----------*- C++ -*-===//
//
// Decodes ONNX TensorProtos (initializers, Constant nodes) into f32 or i64
// DenseElementsAttrs, and the element arithmetic of constants that the
// importer folds (broadcasts) instead of building ops for.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

int64_t onnx_import::getNumElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

SmallVector<float> onnx_import::getFloats(DenseElementsAttr attr) {
  return llvm::to_vector(attr.getValues<float>());
}

SmallVector<double> onnx_import::getDoubles(DenseElementsAttr attr) {
  SmallVector<double> values;
  if (isF32(attr)) {
    for (float value : attr.getValues<float>())
      values.push_back(value);
  } else {
    for (int64_t value : attr.getValues<int64_t>())
      values.push_back(static_cast<double>(value));
  }
  return values;
}

DenseElementsAttr onnx_import::getF32Attr(ArrayRef<int64_t> shape,
                                          ArrayRef<float> values,
                                          MLIRContext *context) {
  auto type = RankedTensorType::get(shape, Float32Type::get(context));
  return DenseElementsAttr::get(type, values);
}

std::optional<Shape> onnx_import::broadcastShapes(ArrayRef<int64_t> lhs,
                                                  ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape result(rank);
  for (size_t i = 0; i < rank; ++i) {
    size_t fromEnd = rank - i;
    int64_t a = fromEnd <= lhs.size() ? lhs[lhs.size() - fromEnd] : 1;
    int64_t b = fromEnd <= rhs.size() ? rhs[rhs.size() - fromEnd] : 1;
    if (a != b && a != 1 && b != 1)
      return std::nullopt;
    result[i] = a == 1 ? b : a;
  }
  return result;
}

DenseElementsAttr onnx_import::transpose2D(DenseElementsAttr attr) {
  ArrayRef<int64_t> shape = attr.getType().getShape();
  int64_t rows = shape[0], columns = shape[1];
  auto type = RankedTensorType::get({columns, rows}, attr.getElementType());
  if (attr.isSplat())
    return attr.reshape(type);
  SmallVector<float> source = getFloats(attr);
  std::vector<float> result(source.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < columns; ++c)
      result[c * rows + r] = source[r * columns + c];
  return DenseElementsAttr::get(type, ArrayRef<float>(result));
}

DenseElementsAttr onnx_import::broadcastTo(DenseElementsAttr attr,
                                           ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> from = attr.getType().getShape();
  auto type = RankedTensorType::get(shape, attr.getElementType());
  if (from == shape)
    return attr;
  if (attr.isSplat())
    return DenseElementsAttr::get(type, attr.getSplatValue<Attribute>());
  // The source's strides in the result's index space: 0 along the
  // dimensions it is stretched over.
  size_t offset = shape.size() - from.size();
  SmallVector<int64_t> strides(shape.size(), 0);
  int64_t stride = 1;
  for (size_t i = from.size(); i-- > 0;) {
    strides[offset + i] = from[i] == 1 ? 0 : stride;
    stride *= from[i];
  }
  SmallVector<float> source = getFloats(attr);
  std::vector<float> result(getNumElements(shape));
  SmallVector<int64_t> index(shape.size(), 0);
  for (float &element : result) {
    int64_t at = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      at += index[d] * strides[d];
    element = source[at];
    for (size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, ArrayRef<float>(result));
}

//===----------------------------------------------------------------------===//
// TensorProto and Constant nodes
//===----------------------------------------------------------------------===//

/// ONNX external data: `location` (a path relative to the model's folder,
/// which must stay inside it), `offset` and `length` in bytes.
FailureOr<StringRef>
Importer::readExternalData(const onnx::TensorProto &proto,
                           StringRef description) {
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const onnx::StringStringEntryProto &entry : proto.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      uint64_t number;
      if (StringRef(entry.value()).getAsInteger(10, number))
        return error() << description << " has an external data " << entry.key()
                       << " '" << entry.value() << "' that is not a number";
      (entry.key() == "offset" ? offset : length.emplace()) = number;
    }
  }
  if (location.empty())
    return error() << description << " keeps its data externally but names "
                                     "no location";
  if (llvm::sys::path::is_absolute(location) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                          llvm::sys::path::end(location)),
                         ".."))
    return error() << description << " names the external data file '"
                   << location
                   << "', which is not a path inside the model's folder";
  SmallString<256> path = llvm::sys::path::parent_path(fileName);
  llvm::sys::path::append(path, location);
  auto &file = externalFiles[path];
  if (!file) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (!buffer)
      return error() << description << ": cannot read its external data file '"
                     << path << "': " << buffer.getError().message();
    file = std::move(*buffer);
  }
  uint64_t size = file->getBufferSize();
  uint64_t available = offset <= size ? size - offset : 0;
  uint64_t wanted = length ? *length : available;
  if (offset > size || wanted > available)
    return error() << description << " wants bytes " << offset << " to "
                   << offset + wanted << " of its external data file '" << path
                   << "', which has " << size;
  return file->getBuffer().substr(offset, wanted);
}

FailureOr<DenseElementsAttr>
Importer::decodeTensor(const onnx::TensorProto &proto, const Twine &what) {
  std::string description = what.str();
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<StringRef> bytes = readExternalData(proto, description);
    if (failed(bytes))
      return failure();
    onnx::TensorProto loaded = proto;
    loaded.clear_external_data();
    loaded.set_data_location(onnx::TensorProto::DEFAULT);
    loaded.set_raw_data(bytes->data(), bytes->size());
    return decodeTensor(loaded, description);
  }
  Shape shape;
  int64_t count = 1;
  for (int64_t size : proto.dims()) {
    if (size < 0 || llvm::MulOverflow(count, size, count))
      return error() << description << " has an invalid shape";
    shape.push_back(size);
  }
  const std::string &raw = proto.raw_data();
  bool hasRaw = proto.has_raw_data();
  auto countError = [&](int64_t found) {
    return error() << description << " holds " << found << " values for shape "
                   << formatShape(shape);
  };
  // ONNX stores raw data little-endian, as the hosts qnn runs on do.
  auto readRaw = [&](auto element, size_t index) {
    std::memcpy(&element, raw.data() + index * sizeof(element),
                sizeof(element));
    return element;
  };

  Type f32 = builder.getF32Type();
  Type i64 = builder.getI64Type();
  // f32 and i64 elements are kept as they are, from the typed field or
  // straight from the serialized bytes (no per-element copy of weights).
  auto decodeAsIs = [&](auto element, Type elementType,
                        const auto &field) -> FailureOr<DenseElementsAttr> {
    using Element = decltype(element);
    auto type = RankedTensorType::get(shape, elementType);
    if (!hasRaw) {
      if (field.size() != count)
        return countError(field.size());
      return DenseElementsAttr::get(type,
                                    ArrayRef<Element>(field.data(), count));
    }
    int64_t width = sizeof(Element);
    if (static_cast<int64_t>(raw.size()) != count * width)
      return countError(raw.size() / width);
    if (count == 0)
      return DenseElementsAttr::get(type, ArrayRef<Element>());
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  };
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT:
    return decodeAsIs(float(), f32, proto.float_data());
  case onnx::TensorProto::DOUBLE: {
    std::vector<float> values;
    if (hasRaw) {
      if (static_cast<int64_t>(raw.size()) != count * 8)
        return countError(raw.size() / 8);
      for (int64_t i = 0; i < count; ++i)
        values.push_back(static_cast<float>(readRaw(double(), i)));
    } else {
      if (proto.double_data_size() != count)
        return countError(proto.double_data_size());
      for (double value : proto.double_data())
        values.push_back(static_cast<float>(value));
    }
    return DenseElementsAttr::get(RankedTensorType::get(shape, f32),
                                  ArrayRef<float>(values));
  }
  case onnx::TensorProto::INT64:
    return decodeAsIs(int64_t(), i64, proto.int64_data());
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL: {
    // Small integers (shape and flag tensors) widen to i64; without raw data
    // ONNX keeps all of them in int32_data.
    std::vector<int64_t> values;
    if (hasRaw) {
      auto widen = [&](auto element) -> LogicalResult {
        if (raw.size() != count * sizeof(element))
          return countError(raw.size() / sizeof(element));
        for (int64_t i = 0; i < count; ++i)
          values.push_back(readRaw(element, i));
        return success();
      };
      int type = proto.data_type();
      LogicalResult decoded =
          type == onnx::TensorProto::INT32    ? widen(int32_t())
          : type == onnx::TensorProto::INT16  ? widen(int16_t())
          : type == onnx::TensorProto::UINT16 ? widen(uint16_t())
          : type == onnx::TensorProto::INT8   ? widen(int8_t())
                                              : widen(uint8_t());
      if (failed(decoded))
        return failure();
    } else {
      if (proto.int32_data_size() != count)
        return countError(proto.int32_data_size());
      values.assign(proto.int32_data().begin(), proto.int32_data().end());
    }
    return DenseElementsAttr::get(RankedTensorType::get(shape, i64),
                                  ArrayRef<int64_t>(values));
  }
  default:
    return error() << description << " has element type "
                   << onnx::TensorProto_DataType_Name(
                          static_cast<onnx::TensorProto_DataType>(
                              proto.data_type()))
                   << ", which is not supported";
  }
}

/// The value of a Constant node's value_float(s) or value_int(s): `list` as
/// a 1-D tensor when `isList`, else the scalar `scalar`.
template <typename List, typename Element>
static DenseElementsAttr getNumbersAttr(const List &list, Element scalar,
                                        bool isList, Type elementType) {
  SmallVector<Element> values;
  if (isList)
    values.assign(list.begin(), list.end());
  else
    values.push_back(scalar);
  Shape shape;
  if (isList)
    shape.push_back(static_cast<int64_t>(values.size()));
  return DenseElementsAttr::get(RankedTensorType::get(shape, elementType),
                                ArrayRef<Element>(values));
}

LogicalResult Importer::importConstant() {
  if (failed(checkNode(
          {"value", "value_float", "value_floats", "value_int", "value_ints"})))
    return failure();
  if (node->attribute_size() != 1)
    return error() << "expects exactly one value attribute";
  const onnx::AttributeProto &attribute = node->attribute(0);
  const std::string &name = attribute.name();
  using AttributeType = onnx::AttributeProto::AttributeType;
  auto type = llvm::StringSwitch<AttributeType>(name)
                  .Case("value", onnx::AttributeProto::TENSOR)
                  .Case("value_float", onnx::AttributeProto::FLOAT)
                  .Case("value_floats", onnx::AttributeProto::FLOATS)
                  .Case("value_int", onnx::AttributeProto::INT)
                  .Default(onnx::AttributeProto::INTS);
  if (attribute.type() != type)
    return error() << "attribute '" << name << "' has the wrong type";
  bool isList = type == onnx::AttributeProto::FLOATS ||
                type == onnx::AttributeProto::INTS;
  Tensor tensor;
  if (type == onnx::AttributeProto::TENSOR) {
    FailureOr<DenseElementsAttr> value =
        decodeTensor(attribute.t(), "the value");
    if (failed(value))
      return failure();
    tensor.constant = *value;
  } else if (type == onnx::AttributeProto::FLOAT ||
             type == onnx::AttributeProto::FLOATS) {
    tensor.constant = getNumbersAttr(attribute.floats(), attribute.f(), isList,
                                     builder.getF32Type());
  } else {
    tensor.constant = getNumbersAttr(attribute.ints(), attribute.i(), isList,
                                     builder.getI64Type());
  }
  ArrayRef<int64_t> shape = tensor.constant.getType().getShape();
  tensor.shape.assign(shape.begin(), shape.end());
  defineOutput(std::move(tensor));
  return success();
}
