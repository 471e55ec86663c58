//===- Nodes.cpp - a node's attributes, inputs, outputs ---------*- C++ -*-===//
//
// The importer's access to the node being imported: its attributes with
// their defaults, its inputs as tensors, constants or SSA operands, and the
// tensors it defines.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

Location Importer::getNodeLoc() {
  return NameLoc::get(builder.getStringAttr(nodeName));
}

LogicalResult Importer::checkNode(ArrayRef<StringRef> knownAttributes,
                                  int supportedOutputs) {
  for (const onnx::AttributeProto &attribute : node->attribute())
    if (!llvm::is_contained(knownAttributes, StringRef(attribute.name())))
      return error() << "unsupported attribute '" << attribute.name() << "'";
  for (int i = supportedOutputs; i < node->output_size(); ++i) {
    if (!node->output(i).empty()) {
      return error() << "output " << i << " ('" << node->output(i)
                     << "') is not supported";
    }
  }
  return success();
}

FailureOr<Tensor *>
Importer::checkNodeAndGetInput(ArrayRef<StringRef> knownAttributes,
                               int supportedOutputs) {
  if (failed(checkNode(knownAttributes, supportedOutputs)))
    return failure();
  return getInput(0);
}

FailureOr<Value>
Importer::checkNodeAndGetOperand(ArrayRef<StringRef> knownAttributes) {
  if (failed(checkNode(knownAttributes)))
    return failure();
  return getOperand(0);
}

const onnx::AttributeProto *Importer::findAttribute(StringRef name) {
  for (const onnx::AttributeProto &attribute : node->attribute())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

FailureOr<const onnx::AttributeProto *>
Importer::findTypedAttribute(StringRef name,
                             onnx::AttributeProto::AttributeType type,
                             StringRef typeName) {
  const onnx::AttributeProto *attribute = findAttribute(name);
  if (attribute && attribute->type() != type)
    return error() << "attribute '" << name << "' must be " << typeName;
  return attribute;
}

template <typename T, typename Field>
FailureOr<T> Importer::getScalarAttribute(
    StringRef name, onnx::AttributeProto::AttributeType type,
    StringRef typeName, Field (onnx::AttributeProto::*read)() const,
    T defaultValue) {
  auto attribute = findTypedAttribute(name, type, typeName);
  if (failed(attribute))
    return failure();
  return *attribute ? T(((*attribute)->*read)()) : defaultValue;
}

FailureOr<int64_t> Importer::getInt(StringRef name, int64_t defaultValue) {
  return getScalarAttribute(name, onnx::AttributeProto::INT, "an int",
                            &onnx::AttributeProto::i, defaultValue);
}

FailureOr<float> Importer::getFloat(StringRef name, float defaultValue) {
  return getScalarAttribute(name, onnx::AttributeProto::FLOAT, "a float",
                            &onnx::AttributeProto::f, defaultValue);
}

FailureOr<std::string> Importer::getString(StringRef name,
                                           StringRef defaultValue) {
  return getScalarAttribute(name, onnx::AttributeProto::STRING, "a string",
                            &onnx::AttributeProto::s, defaultValue.str());
}

LogicalResult Importer::checkStringIs(StringRef name, StringRef supported) {
  FailureOr<std::string> value = getString(name, supported);
  if (failed(value))
    return failure();
  if (*value != supported)
    return error() << name << " '" << *value << "' is not supported (only '"
                   << supported << "')";
  return success();
}

FailureOr<Shape>
Importer::getInts(StringRef name, ArrayRef<int64_t> defaultValue, size_t size) {
  auto attribute =
      findTypedAttribute(name, onnx::AttributeProto::INTS, "a list of ints");
  if (failed(attribute))
    return failure();
  if (!*attribute)
    return Shape(defaultValue.begin(), defaultValue.end());
  if (static_cast<size_t>((*attribute)->ints_size()) != size) {
    return error() << "attribute '" << name << "' has "
                   << (*attribute)->ints_size() << " values, expected " << size
                   << " (only 2-D windows are supported)";
  }
  return Shape((*attribute)->ints().begin(), (*attribute)->ints().end());
}

bool Importer::hasInput(int index) {
  return index < node->input_size() && !node->input(index).empty();
}

FailureOr<Tensor *> Importer::getInput(int index) {
  if (!hasInput(index))
    return error() << "input " << index << " is missing";
  const std::string &name = node->input(index);
  auto it = tensorsByName.find(name);
  if (it == tensorsByName.end()) {
    return error() << "missing initializer for input '" << name
                   << "': no initializer, graph input or earlier node output "
                      "has that name";
  }
  return it->second;
}

FailureOr<Value> Importer::toOperand(Tensor &tensor) {
  if (tensor.value)
    return tensor.value;
  if (!isF32(tensor.constant)) {
    return error() << "input '" << tensor.name
                   << "' is an integer tensor; a float32 tensor is expected";
  }
  tensor.value = createConstant(
      tensor.constant, NameLoc::get(builder.getStringAttr(tensor.name)));
  return tensor.value;
}

FailureOr<Value> Importer::getOperand(int index) {
  FailureOr<Tensor *> tensor = getInput(index);
  if (failed(tensor))
    return failure();
  return toOperand(**tensor);
}

FailureOr<DenseElementsAttr> Importer::getConstantInput(int index,
                                                        StringRef what) {
  FailureOr<Tensor *> tensor = getInput(index);
  if (failed(tensor))
    return failure();
  if (!(*tensor)->isConstant()) {
    return error() << "the " << what << " '" << (*tensor)->name
                   << "' must be a constant (an initializer or a Constant "
                      "node)";
  }
  return (*tensor)->constant;
}

FailureOr<double> Importer::getScalarInput(int index, StringRef what) {
  FailureOr<DenseElementsAttr> constant = getConstantInput(index, what);
  if (failed(constant))
    return failure();
  if (constant->getNumElements() != 1) {
    return error() << "the " << what << " must be a single value, got shape "
                   << formatShape(constant->getType().getShape());
  }
  return getDoubles(*constant).front();
}

Value Importer::createConstant(DenseElementsAttr attr, Location loc) {
  return builder.create<arith::ConstantOp>(loc, cast<TypedAttr>(attr));
}

Tensor &Importer::addTensor(Tensor tensor) {
  tensors.push_back(std::move(tensor));
  tensorsByName[tensors.back().name] = &tensors.back();
  return tensors.back();
}

void Importer::defineOutput(Tensor tensor) {
  if (node->output_size() == 0 || node->output(0).empty())
    return;
  tensor.name = node->output(0);
  addTensor(std::move(tensor));
}

void Importer::defineOutput(Value value) {
  Tensor tensor;
  ArrayRef<int64_t> shape = cast<RankedTensorType>(value.getType()).getShape();
  tensor.shape.assign(shape.begin(), shape.end());
  tensor.value = value;
  defineOutput(std::move(tensor));
}

void Importer::defineOutputAlias(Tensor *tensor) {
  if (node->output_size() != 0 && !node->output(0).empty())
    tensorsByName[node->output(0)] = tensor;
}
