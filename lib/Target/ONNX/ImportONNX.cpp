//===- ImportONNX.cpp - ONNX models to graph-level qnn IR -------*- C++ -*-===//
//
// Reads an ONNX ModelProto with the protobuf classes of Debian's libonnx and
// builds func.func @forward node by node, inferring every shape on the way
// (the result types of the qnn ops need them). QONNX quantizers become
// qnn.quantize + qnn.dequantize pairs. docs/onnx-import.md lists what is
// supported and how each error reads.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/ONNX/ImportONNX.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/QuantizedLayers.h"

#include "mlir/IR/Matchers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/onnx_pb.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

using namespace mlir;
using namespace mlir::qnn;

using Shape = SmallVector<int64_t, 4>;

/// Versions of the default ONNX domain whose operator semantics the importer
/// implements (Softmax changed at 13; Clip took its bounds as inputs at 11).
constexpr int64_t kMinOpset = 11;
constexpr int64_t kMaxOpset = 17;

static std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text;
}

/// Numbers in messages as a person writes them ("2.5", "9"), not in the
/// exponent form raw_ostream gives doubles.
static std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

static int64_t getNumElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

static bool isDefaultDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// Domains of the QONNX quantizers: QONNX's own, FINN's older name for it,
/// and Brevitas' export domain, all with the same Quant signature.
static bool isQuantizerDomain(StringRef domain) {
  return domain == "qonnx.custom_op.general" ||
         domain == "finn.custom_op.general" || domain == "onnx.brevitas";
}

static bool isF32(DenseElementsAttr attr) {
  return attr.getElementType().isF32();
}

static SmallVector<float> getFloats(DenseElementsAttr attr) {
  return llvm::to_vector(attr.getValues<float>());
}

static SmallVector<double> getDoubles(DenseElementsAttr attr) {
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

static DenseElementsAttr getF32Attr(ArrayRef<int64_t> shape,
                                    ArrayRef<float> values,
                                    MLIRContext *context) {
  auto type = RankedTensorType::get(shape, Float32Type::get(context));
  return DenseElementsAttr::get(type, values);
}

/// ONNX's multidirectional broadcast of two shapes (trailing dimensions
/// aligned, size 1 stretches); nullopt if they do not broadcast.
static std::optional<Shape> broadcastShapes(ArrayRef<int64_t> lhs,
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

/// The f32 elements of `attr` broadcast to `shape`, which its shape
/// broadcasts to.
static DenseElementsAttr broadcastTo(DenseElementsAttr attr,
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

static DenseElementsAttr transpose2D(DenseElementsAttr attr) {
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

static DenseElementsAttr scaleElements(DenseElementsAttr attr, float factor) {
  if (factor == 1.0f)
    return attr;
  SmallVector<float> values = getFloats(attr);
  for (float &value : values)
    value *= factor;
  return DenseElementsAttr::get(attr.getType(), ArrayRef<float>(values));
}

namespace {

/// dequantize(quantize(source)) of a constant, remembered so that a weight
/// qnn.dense needs transposed can be quantized again in that layout.
struct FakeQuantizedConstant {
  DenseElementsAttr source;
  QuantType type;
  RoundingMode roundingMode;
  bool narrow;
  Location loc;
};

/// A tensor of the ONNX graph: its static shape and SSA value, or for a
/// constant its elements (f32 or i64), which become an arith.constant only
/// where a qnn op takes them as an operand: shape inputs, quantizer
/// parameters and weights that are transformed first never appear as such.
struct Tensor {
  std::string name;
  Shape shape;
  Value value;
  DenseElementsAttr constant;
  std::optional<FakeQuantizedConstant> fakeQuantized;

  bool isConstant() const { return static_cast<bool>(constant); }
};

/// Padding and output size of a 2-D window (convolution or pooling).
struct Window {
  std::array<int64_t, 2> strides;
  std::array<int64_t, 2> dilations;
  std::array<int64_t, 4> padding;
  std::array<int64_t, 2> outputHW;
};

class Importer {
public:
  Importer(MLIRContext *context, StringRef fileName,
           const ImportONNXOptions &options)
      : context(context), fileName(fileName.str()), options(options),
        builder(context) {}

  OwningOpRef<ModuleOp> import(StringRef bytes);

private:
  /// An error in the contract's one-line form: `file: node 'n' (Op): ` while
  /// a node is being imported, else `file: `; the caller adds the message.
  InFlightDiagnostic error();

  LogicalResult readOpset(const onnx::ModelProto &model);
  LogicalResult addInitializers(const onnx::GraphProto &graph);
  FailureOr<RankedTensorType> getInputType(const onnx::ValueInfoProto &input);
  LogicalResult checkOutputType(const onnx::ValueInfoProto &output,
                                const Tensor &tensor);
  FailureOr<DenseElementsAttr> decodeTensor(const onnx::TensorProto &proto,
                                            const Twine &what);
  LogicalResult verifyModule(ModuleOp module);

  // Nodes and their inputs, attributes and outputs.
  LogicalResult importNode();
  Location getNodeLoc();
  LogicalResult checkNode(ArrayRef<StringRef> knownAttributes,
                          int supportedOutputs = 1);
  const onnx::AttributeProto *findAttribute(StringRef name);
  FailureOr<int64_t> getInt(StringRef name, int64_t defaultValue);
  FailureOr<float> getFloat(StringRef name, float defaultValue);
  FailureOr<std::string> getString(StringRef name, StringRef defaultValue);
  FailureOr<Shape> getInts(StringRef name, ArrayRef<int64_t> defaultValue,
                           size_t size);
  bool hasInput(int index);
  FailureOr<Tensor *> getInput(int index);
  FailureOr<Value> getOperand(int index);
  FailureOr<Value> toOperand(Tensor &tensor);
  FailureOr<DenseElementsAttr> getConstantInput(int index, StringRef what);
  FailureOr<double> getScalarInput(int index, StringRef what);
  Value createConstant(DenseElementsAttr attr, Location loc);
  Tensor &addTensor(Tensor tensor);
  void defineOutput(Tensor tensor);
  void defineOutput(Value value);
  void defineOutputAlias(Tensor *tensor);
  FailureOr<Window> getWindow(ArrayRef<int64_t> inputHW,
                              ArrayRef<int64_t> kernelHW, bool isPool);
  FailureOr<Value> getDenseWeight(Tensor &weight, bool transpose, float alpha,
                                  StringRef whyConstant);
  FailureOr<int64_t> getQuantAxis(DenseElementsAttr values,
                                  ArrayRef<int64_t> inputShape, StringRef what);
  LogicalResult buildQuantizer(Tensor &input, unsigned bits, Encoding encoding,
                               DenseElementsAttr scale,
                               DenseElementsAttr zeroPoint, RoundingMode mode,
                               bool narrow);

  // One function per ONNX operator (or family).
  LogicalResult importConv();
  LogicalResult importGemm();
  LogicalResult importMatMul();
  LogicalResult importRelu();
  LogicalResult importClip();
  template <typename PoolOp> LogicalResult importPool();
  LogicalResult importGlobalAveragePool();
  LogicalResult importBatchNormalization();
  template <typename ElementwiseOp> LogicalResult importElementwise();
  LogicalResult importFlatten();
  LogicalResult importReshape();
  LogicalResult importSoftmax();
  LogicalResult importIdentity();
  LogicalResult importDropout();
  LogicalResult importConstant();
  LogicalResult importQuant();
  LogicalResult importBipolarQuant();

  MLIRContext *context;
  std::string fileName;
  const ImportONNXOptions &options;
  OpBuilder builder;
  int64_t opset = 0;
  /// Tensors by ONNX name; Identity and Dropout outputs alias their input's
  /// entry, so that a constant is materialized once.
  std::deque<Tensor> tensors;
  llvm::StringMap<Tensor *> tensorsByName;
  /// The node being imported and its name in messages and locations.
  const onnx::NodeProto *node = nullptr;
  std::string nodeName;
  /// Node names to op types, to name the node of a verifier failure.
  llvm::StringMap<std::string> opTypeByNodeName;
};

} // namespace

//===----------------------------------------------------------------------===//
// Model, graph and tensors
//===----------------------------------------------------------------------===//

InFlightDiagnostic Importer::error() {
  InFlightDiagnostic diag = mlir::emitError(UnknownLoc::get(context));
  diag << fileName << ": ";
  if (node)
    diag << "node '" << nodeName << "' (" << node->op_type() << "): ";
  return diag;
}

LogicalResult Importer::readOpset(const onnx::ModelProto &model) {
  std::optional<int64_t> version;
  for (const onnx::OperatorSetIdProto &opsetId : model.opset_import())
    if (isDefaultDomain(opsetId.domain()))
      version = opsetId.version();
  if (!version) {
    return error() << "unsupported opset: the model imports no version of "
                      "the default ONNX domain";
  }
  if (*version < kMinOpset || *version > kMaxOpset) {
    return error() << "unsupported opset " << *version
                   << " of the default ONNX domain (supported: " << kMinOpset
                   << " to " << kMaxOpset << ")";
  }
  opset = *version;
  return success();
}

FailureOr<DenseElementsAttr>
Importer::decodeTensor(const onnx::TensorProto &proto, const Twine &what) {
  std::string description = what.str();
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    return error() << description
                   << " keeps its data in an external file, which is not "
                      "supported";
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
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT: {
    auto type = RankedTensorType::get(shape, f32);
    if (!hasRaw) {
      if (proto.float_data_size() != count)
        return countError(proto.float_data_size());
      return DenseElementsAttr::get(
          type, ArrayRef<float>(proto.float_data().data(), count));
    }
    if (static_cast<int64_t>(raw.size()) != count * 4)
      return countError(raw.size() / 4);
    if (count == 0)
      return DenseElementsAttr::get(type, ArrayRef<float>());
    // Straight from the serialized bytes: no per-element copy of weights.
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }
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
  case onnx::TensorProto::INT64: {
    auto type = RankedTensorType::get(shape, i64);
    if (!hasRaw) {
      if (proto.int64_data_size() != count)
        return countError(proto.int64_data_size());
      return DenseElementsAttr::get(
          type, ArrayRef<int64_t>(proto.int64_data().data(), count));
    }
    if (static_cast<int64_t>(raw.size()) != count * 8)
      return countError(raw.size() / 8);
    if (count == 0)
      return DenseElementsAttr::get(type, ArrayRef<int64_t>());
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }
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
      LogicalResult decoded = success();
      switch (proto.data_type()) {
      case onnx::TensorProto::INT32:
        decoded = widen(int32_t());
        break;
      case onnx::TensorProto::INT16:
        decoded = widen(int16_t());
        break;
      case onnx::TensorProto::UINT16:
        decoded = widen(uint16_t());
        break;
      case onnx::TensorProto::INT8:
        decoded = widen(int8_t());
        break;
      default:
        decoded = widen(uint8_t());
        break;
      }
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

LogicalResult Importer::addInitializers(const onnx::GraphProto &graph) {
  if (graph.sparse_initializer_size() != 0)
    return error() << "sparse initializers are not supported";
  for (const onnx::TensorProto &initializer : graph.initializer()) {
    FailureOr<DenseElementsAttr> constant =
        decodeTensor(initializer, "initializer '" + initializer.name() + "'");
    if (failed(constant))
      return failure();
    Tensor tensor;
    tensor.name = initializer.name();
    tensor.shape.assign(constant->getType().getShape().begin(),
                        constant->getType().getShape().end());
    tensor.constant = *constant;
    addTensor(std::move(tensor));
  }
  return success();
}

FailureOr<RankedTensorType>
Importer::getInputType(const onnx::ValueInfoProto &input) {
  const std::string &name = input.name();
  if (!input.type().has_tensor_type())
    return error() << "graph input '" << name << "' is not a tensor";
  const onnx::TypeProto_Tensor &tensorType = input.type().tensor_type();
  if (tensorType.elem_type() != onnx::TensorProto::FLOAT) {
    return error() << "graph input '" << name << "' has element type "
                   << onnx::TensorProto_DataType_Name(
                          static_cast<onnx::TensorProto_DataType>(
                              tensorType.elem_type()))
                   << "; only float32 inputs are supported";
  }
  if (!tensorType.has_shape())
    return error() << "graph input '" << name << "' has no shape";
  Shape shape;
  for (auto [index, dim] : llvm::enumerate(tensorType.shape().dim())) {
    std::string symbol =
        dim.has_dim_param() ? " ('" + dim.dim_param() + "')" : std::string();
    if (!dim.has_dim_value() && index == 0) {
      if (options.batchSize <= 0) {
        return error() << "graph input '" << name
                       << "' has a symbolic batch dimension" << symbol
                       << "; give the batch size with --onnx-batch=N";
      }
      shape.push_back(options.batchSize);
      continue;
    }
    if (!dim.has_dim_value()) {
      return error() << "graph input '" << name << "' has a symbolic dimension "
                     << index << symbol
                     << "; only the batch dimension may be symbolic "
                        "(--onnx-batch)";
    }
    if (dim.dim_value() <= 0) {
      return error() << "graph input '" << name << "' has dimension " << index
                     << " of size " << dim.dim_value();
    }
    if (index == 0 && options.batchSize > 0 &&
        dim.dim_value() != options.batchSize) {
      return error() << "graph input '" << name << "' fixes the batch size at "
                     << dim.dim_value()
                     << "; --onnx-batch=" << options.batchSize
                     << " cannot change it";
    }
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, builder.getF32Type());
}

LogicalResult Importer::checkOutputType(const onnx::ValueInfoProto &output,
                                        const Tensor &tensor) {
  if (!output.type().has_tensor_type())
    return success();
  const onnx::TypeProto_Tensor &tensorType = output.type().tensor_type();
  if (tensorType.elem_type() != onnx::TensorProto::UNDEFINED &&
      tensorType.elem_type() != onnx::TensorProto::FLOAT) {
    return error() << "graph output '" << output.name() << "' has element type "
                   << onnx::TensorProto_DataType_Name(
                          static_cast<onnx::TensorProto_DataType>(
                              tensorType.elem_type()))
                   << "; only float32 outputs are supported";
  }
  if (!tensorType.has_shape())
    return success();
  // Symbolic dimensions (the batch) agree with anything; fixed ones must
  // agree with what the graph computes.
  const auto &dims = tensorType.shape().dim();
  bool agrees = dims.size() == static_cast<int>(tensor.shape.size());
  for (int i = 0; agrees && i < dims.size(); ++i)
    agrees = !dims[i].has_dim_value() || dims[i].dim_value() == tensor.shape[i];
  if (agrees)
    return success();
  std::string declared;
  for (int i = 0; i < dims.size(); ++i) {
    declared += i ? "x" : "";
    declared += dims[i].has_dim_value() ? std::to_string(dims[i].dim_value())
                                        : std::string("?");
  }
  return error() << "graph output '" << output.name() << "' is declared as "
                 << (dims.empty() ? std::string("scalar") : declared)
                 << " but the graph computes " << formatShape(tensor.shape);
}

/// The verifier reports through the diagnostic engine with the op's location;
/// its first error becomes the contract's line, naming the node whose NameLoc
/// the failing op carries.
LogicalResult Importer::verifyModule(ModuleOp module) {
  std::optional<std::string> message;
  std::optional<Location> where;
  LogicalResult verified = success();
  {
    ScopedDiagnosticHandler capture(context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error && !message) {
        message = diag.str();
        where = diag.getLocation();
      }
      return success();
    });
    verified = verify(module);
  }
  if (succeeded(verified))
    return success();
  node = nullptr;
  InFlightDiagnostic diag = error();
  if (where) {
    if (auto nameLoc = (*where)->findInstanceOf<NameLoc>()) {
      auto it = opTypeByNodeName.find(nameLoc.getName().getValue());
      if (it != opTypeByNodeName.end())
        diag << "node '" << it->first() << "' (" << it->second << "): ";
      else
        diag << "'" << nameLoc.getName().getValue() << "': ";
    }
  }
  diag << (message ? *message : std::string("the imported module is invalid"));
  return diag;
}

OwningOpRef<ModuleOp> Importer::import(StringRef bytes) {
  context->loadDialect<QNNDialect, arith::ArithDialect, func::FuncDialect>();

  onnx::ModelProto model;
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      !model.has_graph()) {
    (void)(error() << "not a valid ONNX model");
    return nullptr;
  }
  if (failed(readOpset(model)))
    return nullptr;
  const onnx::GraphProto &graph = model.graph();
  if (failed(addInitializers(graph)))
    return nullptr;

  // Before IR version 4 the graph inputs also list the initializers.
  SmallVector<const onnx::ValueInfoProto *> inputs;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!tensorsByName.count(input.name()))
      inputs.push_back(&input);
  if (inputs.size() != 1) {
    (void)(error() << "expects exactly one graph input besides the "
                      "initializers, got "
                   << inputs.size());
    return nullptr;
  }
  if (graph.output_size() != 1) {
    (void)(error() << "expects exactly one graph output, got "
                   << graph.output_size());
    return nullptr;
  }
  FailureOr<RankedTensorType> inputType = getInputType(*inputs.front());
  if (failed(inputType))
    return nullptr;

  Location graphLoc =
      graph.name().empty()
          ? Location(UnknownLoc::get(context))
          : Location(NameLoc::get(builder.getStringAttr(graph.name())));
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(context));
  builder.setInsertionPointToEnd(module->getBody());
  auto function = builder.create<func::FuncOp>(
      graphLoc, "forward", builder.getFunctionType({*inputType}, {}));
  Block *body = function.addEntryBlock();
  BlockArgument argument = body->getArgument(0);
  argument.setLoc(NameLoc::get(builder.getStringAttr(inputs.front()->name())));
  builder.setInsertionPointToEnd(body);
  Tensor input;
  input.name = inputs.front()->name();
  input.shape.assign(inputType->getShape().begin(),
                     inputType->getShape().end());
  input.value = argument;
  addTensor(std::move(input));

  for (const onnx::NodeProto &graphNode : graph.node()) {
    node = &graphNode;
    // An unnamed node goes by its first output, which is unique in the
    // graph.
    nodeName = !graphNode.name().empty() ? graphNode.name()
               : graphNode.output_size() ? graphNode.output(0)
                                         : std::string();
    opTypeByNodeName[nodeName] = graphNode.op_type();
    if (failed(importNode()))
      return nullptr;
  }
  node = nullptr;

  const onnx::ValueInfoProto &output = graph.output(0);
  auto result = tensorsByName.find(output.name());
  if (result == tensorsByName.end()) {
    (void)(error() << "graph output '" << output.name()
                   << "' is computed by no node");
    return nullptr;
  }
  if (failed(checkOutputType(output, *result->second)))
    return nullptr;
  FailureOr<Value> resultValue = toOperand(*result->second);
  if (failed(resultValue))
    return nullptr;
  builder.create<func::ReturnOp>(
      NameLoc::get(builder.getStringAttr(output.name())), *resultValue);
  function.setFunctionType(
      builder.getFunctionType({*inputType}, {resultValue->getType()}));

  // QONNX quantizers make quantized layers: a layer on dequantized codes
  // takes the codes. Constant weights fold to code constants; constants
  // consumed as data (shapes, quantizer parameters) and weights rebuilt
  // transposed leave unused ops behind, erased below.
  bool quantized = false;
  function.walk([&](QuantizeOp) { quantized = true; });
  if (quantized) {
    (*module)->setAttr(QNNDialect::kQuantizedModelAttrName,
                       builder.getUnitAttr());
    // Weights to codes (as QuantizeOp's folder computes them), keeping the
    // Quant node's location for diagnostics on weights.
    function.walk([&](QuantizeOp quantize) {
      Attribute values;
      if (!matchPattern(quantize.getInput(), m_Constant(&values)))
        return;
      OpFoldResult codes = quantize.fold(QuantizeOp::FoldAdaptor(
          ArrayRef<Attribute>{values}, quantize));
      auto attr = dyn_cast_if_present<Attribute>(codes);
      if (!attr)
        return;
      OpBuilder at(quantize);
      Value constant = at.create<qnn::ConstantOp>(
          quantize.getLoc(), quantize.getType(), cast<DenseIntElementsAttr>(attr));
      quantize.replaceAllUsesWith(constant);
      quantize.erase();
    });
    SmallVector<Operation *> layers;
    function.walk([&](Operation *op) {
      if (isa<Conv2DOp, DenseOp>(op))
        layers.push_back(op);
    });
    IRRewriter rewriter(context);
    for (Operation *layer : layers)
      (void)fuseQuantizedLayer(rewriter, layer);
  }
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isOpTriviallyDead(&op))
      op.erase();

  if (failed(verifyModule(*module)))
    return nullptr;
  return module;
}

//===----------------------------------------------------------------------===//
// Node helpers
//===----------------------------------------------------------------------===//

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

const onnx::AttributeProto *Importer::findAttribute(StringRef name) {
  for (const onnx::AttributeProto &attribute : node->attribute())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

FailureOr<int64_t> Importer::getInt(StringRef name, int64_t defaultValue) {
  const onnx::AttributeProto *attribute = findAttribute(name);
  if (!attribute)
    return defaultValue;
  if (attribute->type() != onnx::AttributeProto::INT)
    return error() << "attribute '" << name << "' must be an int";
  return attribute->i();
}

FailureOr<float> Importer::getFloat(StringRef name, float defaultValue) {
  const onnx::AttributeProto *attribute = findAttribute(name);
  if (!attribute)
    return defaultValue;
  if (attribute->type() != onnx::AttributeProto::FLOAT)
    return error() << "attribute '" << name << "' must be a float";
  return attribute->f();
}

FailureOr<std::string> Importer::getString(StringRef name,
                                           StringRef defaultValue) {
  const onnx::AttributeProto *attribute = findAttribute(name);
  if (!attribute)
    return defaultValue.str();
  if (attribute->type() != onnx::AttributeProto::STRING)
    return error() << "attribute '" << name << "' must be a string";
  return attribute->s();
}

FailureOr<Shape>
Importer::getInts(StringRef name, ArrayRef<int64_t> defaultValue, size_t size) {
  const onnx::AttributeProto *attribute = findAttribute(name);
  if (!attribute)
    return Shape(defaultValue.begin(), defaultValue.end());
  if (attribute->type() != onnx::AttributeProto::INTS)
    return error() << "attribute '" << name << "' must be a list of ints";
  if (static_cast<size_t>(attribute->ints_size()) != size) {
    return error() << "attribute '" << name << "' has "
                   << attribute->ints_size() << " values, expected " << size
                   << " (only 2-D windows are supported)";
  }
  return Shape(attribute->ints().begin(), attribute->ints().end());
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

static ArrayRef<int64_t> getShape(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

static RankedTensorType getF32TensorType(ArrayRef<int64_t> shape,
                                         MLIRContext *context) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

/// ONNX's window attributes (strides, dilations, pads or auto_pad, and for
/// pools ceil_mode) turned into qnn's explicit padding and the output size.
FailureOr<Window> Importer::getWindow(ArrayRef<int64_t> inputHW,
                                      ArrayRef<int64_t> kernelHW, bool isPool) {
  FailureOr<Shape> strides = getInts("strides", {1, 1}, 2);
  FailureOr<Shape> dilations = getInts("dilations", {1, 1}, 2);
  FailureOr<Shape> pads = getInts("pads", {0, 0, 0, 0}, 4);
  FailureOr<std::string> autoPad = getString("auto_pad", "NOTSET");
  FailureOr<int64_t> ceilMode = getInt("ceil_mode", 0);
  if (failed(strides) || failed(dilations) || failed(pads) || failed(autoPad) ||
      failed(ceilMode))
    return failure();
  if (llvm::any_of(*strides, [](int64_t v) { return v <= 0; }) ||
      llvm::any_of(*dilations, [](int64_t v) { return v <= 0; }))
    return error() << "strides and dilations must be positive";
  if (llvm::any_of(*pads, [](int64_t v) { return v < 0; }))
    return error() << "pads must not be negative";
  // Older exporters write an empty auto_pad for NOTSET.
  bool explicitPads = *autoPad == "NOTSET" || autoPad->empty();
  if (!explicitPads && findAttribute("pads"))
    return error() << "pads cannot be combined with auto_pad = " << *autoPad;

  Window window;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t input = inputHW[axis], stride = (*strides)[axis];
    int64_t extent = (*dilations)[axis] * (kernelHW[axis] - 1) + 1;
    int64_t begin = 0, end = 0;
    if (explicitPads) {
      begin = (*pads)[axis];
      end = (*pads)[axis + 2];
    } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
      // ONNX: the output has ceil(input / stride) elements; SAME_UPPER puts
      // the odd padding element at the end, SAME_LOWER at the beginning.
      int64_t output = (input + stride - 1) / stride;
      int64_t total =
          std::max<int64_t>(0, (output - 1) * stride + extent - input);
      begin = *autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      end = total - begin;
    } else if (*autoPad != "VALID") {
      return error() << "unsupported auto_pad '" << *autoPad << "'";
    }
    int64_t padded = input + begin + end;
    if (padded < extent) {
      return error() << "the window (extent " << extent << ") does not fit the "
                     << (axis == 0 ? "height" : "width") << " " << padded
                     << " of the padded input";
    }
    int64_t output = (padded - extent) / stride + 1;
    if (*ceilMode && isPool) {
      int64_t ceilOutput = (padded - extent + stride - 1) / stride + 1;
      if (ceilOutput != output) {
        return error() << "ceil_mode = 1 makes the output "
                       << (axis == 0 ? "height " : "width ") << ceilOutput
                       << " instead of " << output
                       << ", which qnn's pools do not support";
      }
    }
    window.strides[axis] = stride;
    window.dilations[axis] = (*dilations)[axis];
    window.padding[axis] = begin;
    window.padding[axis + 2] = end;
    window.outputHW[axis] = output;
  }
  return window;
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
  if (weight.fakeQuantized && alpha == 1.0f) {
    const FakeQuantizedConstant &fake = *weight.fakeQuantized;
    QuantType type = fake.type;
    if (!type.isPerTensor()) {
      type = QuantType::get(context, type.getBits(), type.getEncoding(),
                            1 - type.getAxis(), type.getScales(),
                            type.getZeroPoints());
    }
    DenseElementsAttr source = transpose2D(fake.source);
    ArrayRef<int64_t> shape = source.getType().getShape();
    Value constant = createConstant(source, fake.loc);
    Value quantized =
        builder.create<QuantizeOp>(fake.loc, RankedTensorType::get(shape, type),
                                   constant, fake.roundingMode, fake.narrow);
    return builder
        .create<DequantizeOp>(fake.loc, getF32TensorType(shape, context),
                              quantized)
        .getResult();
  }
  return error() << "the weight '" << weight.name
                 << "' is computed at run time, but " << whyConstant;
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

LogicalResult Importer::importNode() {
  using ImportFn = LogicalResult (Importer::*)();
  StringRef domain = node->domain();
  StringRef opType = node->op_type();
  ImportFn import = nullptr;
  if (isDefaultDomain(domain)) {
    import =
        llvm::StringSwitch<ImportFn>(opType)
            .Case("Conv", &Importer::importConv)
            .Case("Gemm", &Importer::importGemm)
            .Case("MatMul", &Importer::importMatMul)
            .Case("Relu", &Importer::importRelu)
            .Case("Clip", &Importer::importClip)
            .Case("MaxPool", &Importer::importPool<MaxPool2DOp>)
            .Case("AveragePool", &Importer::importPool<AvgPool2DOp>)
            .Case("GlobalAveragePool", &Importer::importGlobalAveragePool)
            .Case("BatchNormalization", &Importer::importBatchNormalization)
            .Case("Add", &Importer::importElementwise<AddOp>)
            .Case("Mul", &Importer::importElementwise<MulOp>)
            .Case("Flatten", &Importer::importFlatten)
            .Case("Reshape", &Importer::importReshape)
            .Case("Softmax", &Importer::importSoftmax)
            .Case("Identity", &Importer::importIdentity)
            .Case("Dropout", &Importer::importDropout)
            .Case("Constant", &Importer::importConstant)
            .Default(nullptr);
  } else if (isQuantizerDomain(domain)) {
    // IntQuant is QONNX's newer name of Quant.
    import = llvm::StringSwitch<ImportFn>(opType)
                 .Cases("Quant", "IntQuant", &Importer::importQuant)
                 .Case("BipolarQuant", &Importer::importBipolarQuant)
                 .Default(nullptr);
  }
  if (import)
    return (this->*import)();
  std::string message = "unsupported op '" + opType.str() + "'";
  if (!isDefaultDomain(domain))
    message += " of domain '" + domain.str() + "'";
  return error() << message;
}

LogicalResult Importer::importConv() {
  if (failed(checkNode({"auto_pad", "dilations", "group", "kernel_shape",
                        "pads", "strides"})))
    return failure();
  FailureOr<Value> input = getOperand(0);
  if (failed(input))
    return failure();
  FailureOr<Value> weight = getOperand(1);
  if (failed(weight))
    return failure();
  Value bias;
  if (hasInput(2)) {
    FailureOr<Value> biasOperand = getOperand(2);
    if (failed(biasOperand))
      return failure();
    bias = *biasOperand;
  }
  ArrayRef<int64_t> inputShape = getShape(*input);
  ArrayRef<int64_t> weightShape = getShape(*weight);
  if (inputShape.size() != 4) {
    return error() << "only 2-D convolution is supported: expects a 4-D input "
                      "(N x C x H x W), got "
                   << formatShape(inputShape);
  }
  if (weightShape.size() != 4) {
    return error() << "expects a 4-D weight (M x C/group x KH x KW), got "
                   << formatShape(weightShape);
  }
  FailureOr<int64_t> group = getInt("group", 1);
  if (failed(group))
    return failure();
  if (*group <= 0)
    return error() << "group must be positive, got " << *group;
  int64_t outChannels = weightShape[0];
  if (outChannels % *group != 0) {
    return error() << "group " << *group << " does not divide the "
                   << outChannels << " output channels";
  }
  if (inputShape[1] != weightShape[1] * *group) {
    return error() << "the input has " << inputShape[1]
                   << " channels but the weight " << formatShape(weightShape)
                   << " with group " << *group << " expects "
                   << weightShape[1] * *group;
  }
  if (bias && getShape(bias) != ArrayRef<int64_t>{outChannels}) {
    return error() << "the bias has shape " << formatShape(getShape(bias))
                   << ", expected " << outChannels;
  }
  if (findAttribute("kernel_shape")) {
    FailureOr<Shape> kernel = getInts("kernel_shape", {}, 2);
    if (failed(kernel))
      return failure();
    if (ArrayRef<int64_t>(*kernel) != weightShape.drop_front(2)) {
      return error() << "kernel_shape " << formatShape(*kernel)
                     << " disagrees with the weight "
                     << formatShape(weightShape);
    }
  }
  FailureOr<Window> window =
      getWindow(inputShape.drop_front(2), weightShape.drop_front(2),
                /*isPool=*/false);
  if (failed(window))
    return failure();
  auto type = getF32TensorType(
      {inputShape[0], outChannels, window->outputHW[0], window->outputHW[1]},
      context);
  defineOutput(builder.create<Conv2DOp>(
      getNodeLoc(), type, *input, *weight, bias, window->strides,
      window->padding, window->dilations, static_cast<uint64_t>(*group)));
  return success();
}

LogicalResult Importer::importGemm() {
  if (failed(checkNode({"alpha", "beta", "transA", "transB"})))
    return failure();
  FailureOr<float> alpha = getFloat("alpha", 1.0f);
  FailureOr<float> beta = getFloat("beta", 1.0f);
  FailureOr<int64_t> transA = getInt("transA", 0);
  FailureOr<int64_t> transB = getInt("transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  if (*transA != 0)
    return error() << "transA = " << *transA << " is not supported";
  if (*transB != 0 && *transB != 1)
    return error() << "transB must be 0 or 1, got " << *transB;
  FailureOr<Value> a = getOperand(0);
  if (failed(a))
    return failure();
  FailureOr<Tensor *> b = getInput(1);
  if (failed(b))
    return failure();
  ArrayRef<int64_t> aShape = getShape(*a);
  ArrayRef<int64_t> bShape = (*b)->shape;
  if (aShape.size() != 2)
    return error() << "expects a 2-D input A, got " << formatShape(aShape);
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
      getDenseWeight(**b, /*transpose=*/*transB == 0, *alpha,
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
  auto type = getF32TensorType({m, n}, context);
  Value result = builder.create<DenseOp>(getNodeLoc(), type, *a, *weight, bias);
  if (addend)
    result = builder.create<AddOp>(getNodeLoc(), type, result, addend);
  defineOutput(result);
  return success();
}

LogicalResult Importer::importMatMul() {
  if (failed(checkNode({})))
    return failure();
  FailureOr<Value> a = getOperand(0);
  if (failed(a))
    return failure();
  FailureOr<Tensor *> b = getInput(1);
  if (failed(b))
    return failure();
  ArrayRef<int64_t> aShape = getShape(*a);
  ArrayRef<int64_t> bShape = (*b)->shape;
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
      **b, /*transpose=*/true, 1.0f,
      "MatMul becomes qnn.dense, which needs a constant right operand");
  if (failed(weight))
    return failure();
  defineOutput(builder.create<DenseOp>(
      getNodeLoc(), getF32TensorType({aShape[0], bShape[1]}, context), *a,
      *weight, Value()));
  return success();
}

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

template <typename PoolOp> LogicalResult Importer::importPool() {
  constexpr bool isMax = std::is_same_v<PoolOp, MaxPool2DOp>;
  // storage_order only affects MaxPool's Indices output, which is rejected.
  LogicalResult checked =
      isMax ? checkNode({"auto_pad", "ceil_mode", "dilations", "kernel_shape",
                         "pads", "storage_order", "strides"})
            : checkNode({"auto_pad", "ceil_mode", "count_include_pad",
                         "kernel_shape", "pads", "strides"});
  if (failed(checked))
    return failure();
  FailureOr<Value> input = getOperand(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> inputShape = getShape(*input);
  if (inputShape.size() != 4) {
    return error() << "only 2-D pooling is supported: expects a 4-D input, got "
                   << formatShape(inputShape);
  }
  if (!findAttribute("kernel_shape"))
    return error() << "the attribute 'kernel_shape' is missing";
  FailureOr<Shape> kernel = getInts("kernel_shape", {}, 2);
  if (failed(kernel))
    return failure();
  if (llvm::any_of(*kernel, [](int64_t v) { return v <= 0; }))
    return error() << "kernel_shape must be positive";
  FailureOr<Window> window =
      getWindow(inputShape.drop_front(2), *kernel, /*isPool=*/true);
  if (failed(window))
    return failure();
  for (int axis = 0; axis < 2; ++axis) {
    if (window->padding[axis] >= (*kernel)[axis] ||
        window->padding[axis + 2] >= (*kernel)[axis]) {
      return error() << "the padding must be smaller than the kernel "
                     << formatShape(*kernel);
    }
  }
  auto type = getF32TensorType(
      {inputShape[0], inputShape[1], window->outputHW[0], window->outputHW[1]},
      context);
  Location loc = getNodeLoc();
  if constexpr (isMax) {
    defineOutput(builder.create<MaxPool2DOp>(
        loc, type, *input, builder.getDenseI64ArrayAttr(*kernel),
        builder.getDenseI64ArrayAttr(window->strides),
        builder.getDenseI64ArrayAttr(window->padding),
        builder.getDenseI64ArrayAttr(window->dilations)));
  } else {
    FailureOr<int64_t> countIncludePad = getInt("count_include_pad", 0);
    if (failed(countIncludePad))
      return failure();
    defineOutput(builder.create<AvgPool2DOp>(
        loc, type, *input, builder.getDenseI64ArrayAttr(*kernel),
        builder.getDenseI64ArrayAttr(window->strides),
        builder.getDenseI64ArrayAttr(window->padding),
        builder.getDenseI64ArrayAttr(window->dilations),
        *countIncludePad ? builder.getUnitAttr() : UnitAttr()));
  }
  return success();
}

LogicalResult Importer::importGlobalAveragePool() {
  if (failed(checkNode({})))
    return failure();
  FailureOr<Value> input = getOperand(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = getShape(*input);
  if (shape.size() != 4)
    return error() << "expects a 4-D input, got " << formatShape(shape);
  defineOutput(builder.create<GlobalAvgPoolOp>(
      getNodeLoc(), getF32TensorType({shape[0], shape[1], 1, 1}, context),
      *input));
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
  defineOutput(builder.create<FlattenOp>(
      getNodeLoc(), getF32TensorType({outer, inner}, context), (*input)->value,
      builder.getI64IntegerAttr(at)));
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

LogicalResult Importer::importConstant() {
  if (failed(checkNode(
          {"value", "value_float", "value_floats", "value_int", "value_ints"})))
    return failure();
  if (node->attribute_size() != 1)
    return error() << "expects exactly one value attribute";
  const onnx::AttributeProto &attribute = node->attribute(0);
  const std::string &name = attribute.name();
  auto expectType =
      [&](onnx::AttributeProto::AttributeType type) -> LogicalResult {
    if (attribute.type() == type)
      return success();
    return error() << "attribute '" << name << "' has the wrong type";
  };
  Tensor tensor;
  if (name == "value") {
    if (failed(expectType(onnx::AttributeProto::TENSOR)))
      return failure();
    FailureOr<DenseElementsAttr> value =
        decodeTensor(attribute.t(), "the value");
    if (failed(value))
      return failure();
    tensor.constant = *value;
  } else if (name == "value_float" || name == "value_floats") {
    bool isList = name == "value_floats";
    if (failed(expectType(isList ? onnx::AttributeProto::FLOATS
                                 : onnx::AttributeProto::FLOAT)))
      return failure();
    SmallVector<float> values;
    if (isList)
      values.assign(attribute.floats().begin(), attribute.floats().end());
    else
      values.push_back(attribute.f());
    Shape shape;
    if (isList)
      shape.push_back(static_cast<int64_t>(values.size()));
    tensor.constant = getF32Attr(shape, values, context);
  } else {
    bool isList = name == "value_ints";
    if (failed(expectType(isList ? onnx::AttributeProto::INTS
                                 : onnx::AttributeProto::INT)))
      return failure();
    SmallVector<int64_t> values;
    if (isList)
      values.assign(attribute.ints().begin(), attribute.ints().end());
    else
      values.push_back(attribute.i());
    Shape shape;
    if (isList)
      shape.push_back(static_cast<int64_t>(values.size()));
    tensor.constant = DenseElementsAttr::get(
        RankedTensorType::get(shape, builder.getI64Type()),
        ArrayRef<int64_t>(values));
  }
  ArrayRef<int64_t> shape = tensor.constant.getType().getShape();
  tensor.shape.assign(shape.begin(), shape.end());
  defineOutput(std::move(tensor));
  return success();
}

//===----------------------------------------------------------------------===//
// QONNX quantizers
//===----------------------------------------------------------------------===//

/// Where a QONNX scale or zero point varies, broadcast against the input:
/// nowhere (per tensor) or along one input dimension (per channel).
FailureOr<int64_t> Importer::getQuantAxis(DenseElementsAttr values,
                                          ArrayRef<int64_t> inputShape,
                                          StringRef what) {
  ArrayRef<int64_t> shape = values.getType().getShape();
  if (shape.size() > inputShape.size()) {
    return error() << "the " << what << " of shape " << formatShape(shape)
                   << " has a higher rank than the input "
                   << formatShape(inputShape);
  }
  int64_t axis = QuantType::kPerTensor;
  size_t offset = inputShape.size() - shape.size();
  for (auto [index, size] : llvm::enumerate(shape)) {
    if (size == 1)
      continue;
    if (axis != QuantType::kPerTensor) {
      return error() << "the " << what << " of shape " << formatShape(shape)
                     << " varies along more than one axis; only per-tensor "
                        "and per-channel quantization are supported";
    }
    axis = static_cast<int64_t>(offset + index);
    if (size != inputShape[axis]) {
      return error() << "the " << what << " of shape " << formatShape(shape)
                     << " does not broadcast to the input "
                     << formatShape(inputShape);
    }
  }
  return axis;
}

LogicalResult Importer::buildQuantizer(Tensor &input, unsigned bits,
                                       Encoding encoding,
                                       DenseElementsAttr scale,
                                       DenseElementsAttr zeroPoint,
                                       RoundingMode mode, bool narrow) {
  FailureOr<Value> inputValue = toOperand(input);
  if (failed(inputValue))
    return failure();
  FailureOr<int64_t> axis = getQuantAxis(scale, input.shape, "scale");
  if (failed(axis))
    return failure();
  SmallVector<double> scales = getDoubles(scale);
  SmallVector<double> zeroPoints = {0.0};
  if (zeroPoint) {
    FailureOr<int64_t> zeroPointAxis =
        getQuantAxis(zeroPoint, input.shape, "zero point");
    if (failed(zeroPointAxis))
      return failure();
    if (*zeroPointAxis != QuantType::kPerTensor) {
      if (*axis != QuantType::kPerTensor && *axis != *zeroPointAxis) {
        return error() << "the scale varies along axis " << *axis
                       << " but the zero point along axis " << *zeroPointAxis;
      }
      axis = zeroPointAxis;
    }
    zeroPoints = getDoubles(zeroPoint);
  }
  // One value per channel once either parameter is per channel.
  size_t channels = *axis == QuantType::kPerTensor
                        ? 1
                        : static_cast<size_t>(input.shape[*axis]);
  if (scales.size() != channels)
    scales.assign(channels, scales.front());
  if (zeroPoints.size() != channels)
    zeroPoints.assign(channels, zeroPoints.front());
  for (double value : scales)
    if (!(std::isfinite(value) && value > 0))
      return error() << "the scale must be positive and finite, got "
                     << formatNumber(value);
  for (double value : zeroPoints)
    if (!std::isfinite(value))
      return error() << "the zero point must be finite, got "
                     << formatNumber(value);
  if (encoding == Encoding::Bipolar &&
      llvm::any_of(zeroPoints, [](double z) { return z != 0.0; })) {
    return error() << "a 1-bit signed quantizer is bipolar (+1/-1) and needs "
                      "zero point 0";
  }
  QuantType type =
      QuantType::getChecked([&] { return error(); }, context, bits, encoding,
                            *axis, DenseF64ArrayAttr::get(context, scales),
                            DenseF64ArrayAttr::get(context, zeroPoints));
  if (!type)
    return failure();
  Location loc = getNodeLoc();
  Value quantized = builder.create<QuantizeOp>(
      loc, RankedTensorType::get(input.shape, type), *inputValue, mode, narrow);
  Value dequantized = builder.create<DequantizeOp>(
      loc, getF32TensorType(input.shape, context), quantized);
  Tensor result;
  result.shape = input.shape;
  result.value = dequantized;
  if (input.isConstant())
    result.fakeQuantized =
        FakeQuantizedConstant{input.constant, type, mode, narrow, loc};
  defineOutput(std::move(result));
  return success();
}

/// Quant(x, scale, zeropt, bitwidth; signed, narrow, rounding_mode).
LogicalResult Importer::importQuant() {
  if (failed(checkNode({"narrow", "rounding_mode", "signed"})))
    return failure();
  FailureOr<Tensor *> input = getInput(0);
  if (failed(input))
    return failure();
  FailureOr<DenseElementsAttr> scale = getConstantInput(1, "scale");
  if (failed(scale))
    return failure();
  FailureOr<DenseElementsAttr> zeroPoint = getConstantInput(2, "zero point");
  if (failed(zeroPoint))
    return failure();
  FailureOr<double> bitwidth = getScalarInput(3, "bitwidth");
  if (failed(bitwidth))
    return failure();
  if (!(*bitwidth >= 1 && *bitwidth <= 8 &&
        *bitwidth == std::floor(*bitwidth))) {
    return error() << "the bitwidth must be an integer in [1, 8], got "
                   << formatNumber(*bitwidth);
  }
  FailureOr<int64_t> isSigned = getInt("signed", 1);
  FailureOr<int64_t> narrow = getInt("narrow", 0);
  FailureOr<std::string> roundingMode = getString("rounding_mode", "ROUND");
  if (failed(isSigned) || failed(narrow) || failed(roundingMode))
    return failure();
  std::optional<RoundingMode> mode =
      llvm::StringSwitch<std::optional<RoundingMode>>(
          StringRef(*roundingMode).upper())
          .Case("ROUND", RoundingMode::Round)
          .Case("CEIL", RoundingMode::Ceil)
          .Case("FLOOR", RoundingMode::Floor)
          .Case("ROUND_TO_ZERO", RoundingMode::RoundToZero)
          .Default(std::nullopt);
  if (!mode) {
    return error() << "unsupported rounding_mode '" << *roundingMode
                   << "' (expected ROUND, CEIL, FLOOR or ROUND_TO_ZERO)";
  }
  auto bits = static_cast<unsigned>(*bitwidth);
  Encoding encoding = *isSigned ? Encoding::Signed : Encoding::Unsigned;
  // QONNX executes a signed 1-bit Quant as the sign of x/scale + zeropt,
  // i.e. a bipolar code.
  if (*isSigned && bits == 1)
    encoding = Encoding::Bipolar;
  if (*narrow && encoding == Encoding::Unsigned) {
    return error() << "narrow range of unsigned codes (QONNX's [0, 2^k - 2]) "
                      "is not supported";
  }
  return buildQuantizer(**input, bits, encoding, *scale, *zeroPoint, *mode,
                        *narrow && encoding == Encoding::Signed);
}

/// BipolarQuant(x, scale): y = (x >= 0 ? +1 : -1) * scale.
LogicalResult Importer::importBipolarQuant() {
  if (failed(checkNode({})))
    return failure();
  FailureOr<Tensor *> input = getInput(0);
  if (failed(input))
    return failure();
  FailureOr<DenseElementsAttr> scale = getConstantInput(1, "scale");
  if (failed(scale))
    return failure();
  return buildQuantizer(**input, 1, Encoding::Bipolar, *scale,
                        DenseElementsAttr(), RoundingMode::Round,
                        /*narrow=*/false);
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> mlir::qnn::importONNX(StringRef bytes, StringRef fileName,
                                            MLIRContext *context,
                                            const ImportONNXOptions &options) {
  return Importer(context, fileName, options).import(bytes);
}

void mlir::qnn::registerImportONNXTranslation() {
  static const bool registered = [] {
    static llvm::cl::opt<unsigned> batchSize(
        "onnx-batch",
        llvm::cl::desc("--import-onnx: the batch size of a model whose input "
                       "has a symbolic batch dimension"),
        llvm::cl::value_desc("N"), llvm::cl::init(0));
    TranslateToMLIRRegistration importRegistration(
        "import-onnx",
        "Import an ONNX or QONNX model (binary protobuf) at qnn graph level",
        [](llvm::SourceMgr &sourceMgr,
           MLIRContext *context) -> OwningOpRef<Operation *> {
          const llvm::MemoryBuffer *buffer =
              sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
          // The importer's errors are whole lines that name the file and the
          // node: print them as they are, not with the source manager's
          // "error:" prefix and a line of binary protobuf.
          ScopedDiagnosticHandler printLines(context, [](Diagnostic &diag) {
            if (diag.getSeverity() != DiagnosticSeverity::Error ||
                !llvm::isa<UnknownLoc>(diag.getLocation()))
              return failure();
            llvm::errs() << diag.str() << "\n";
            return success();
          });
          ImportONNXOptions options;
          options.batchSize = batchSize;
          OwningOpRef<ModuleOp> module =
              importONNX(buffer->getBuffer(), buffer->getBufferIdentifier(),
                         context, options);
          if (!module)
            return nullptr;
          return OwningOpRef<Operation *>(module.release().getOperation());
        },
        [](DialectRegistry &registry) {
          registry.insert<QNNDialect, arith::ArithDialect, func::FuncDialect>();
        });
    (void)importRegistration;
    return true;
  }();
  (void)registered;
}
