//===- Importer.cpp - ONNX models to graph-level qnn IR ---------*- C++ -*-===//
//
// Reads an ONNX ModelProto with the protobuf classes of Debian's libonnx and
// builds func.func @forward node by node; the operators are imported by the
// other files of this folder, one per family. docs/onnx-import.md lists what
// is supported and how each error reads.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "qnn/Support/Format.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

#include <climits>
#include <cstdio>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

/// Versions of the default ONNX domain whose operator semantics the importer
/// implements (Softmax changed at 13; Clip took its bounds as inputs at 11).
constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 21;

std::string onnx_import::formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return formatInts(shape, "x");
}

std::string onnx_import::formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
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

//===----------------------------------------------------------------------===//
// Model and graph
//===----------------------------------------------------------------------===//

InFlightDiagnostic Importer::error() {
  return diagnose(DiagnosticSeverity::Error);
}

InFlightDiagnostic Importer::warning() {
  return diagnose(DiagnosticSeverity::Warning);
}

InFlightDiagnostic Importer::diagnose(DiagnosticSeverity severity) {
  Location loc = UnknownLoc::get(context);
  InFlightDiagnostic diag = severity == DiagnosticSeverity::Warning
                                ? mlir::emitWarning(loc)
                                : mlir::emitError(loc);
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
  buildQuantizedLayers(*module, function);
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isOpTriviallyDead(&op))
      op.erase();

  if (failed(verifyModule(*module)))
    return nullptr;
  return module;
}

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
            .Cases("Neg", "Sqrt", "Exp", "Tanh", "Sigmoid",
                   &Importer::importUnary)
            .Cases("LeakyRelu", "HardSigmoid", &Importer::importUnary)
            .Cases("Add", "Sub", "Mul", "Div", "Pow", &Importer::importBinary)
            .Cases("Max", "Min", "Equal", &Importer::importBinary)
            .Cases("Softmax", "LogSoftmax", &Importer::importSoftmax)
            .Cases("ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin",
                   &Importer::importReduce)
            .Case("Squeeze", &Importer::importSqueeze)
            .Case("Unsqueeze", &Importer::importUnsqueeze)
            .Case("Transpose", &Importer::importTranspose)
            .Case("Concat", &Importer::importConcat)
            .Case("Expand", &Importer::importExpand)
            .Case("Pad", &Importer::importPad)
            .Case("DepthToSpace", &Importer::importDepthToSpace)
            .Case("SpaceToDepth", &Importer::importSpaceToDepth)
            .Case("Slice", &Importer::importSlice)
            .Case("Split", &Importer::importSplit)
            .Cases("Resize", "Upsample", &Importer::importResize)
            .Case("Shape", &Importer::importShape)
            .Case("Gather", &Importer::importGather)
            .Case("Cast", &Importer::importCast)
            .Case("ConstantOfShape", &Importer::importConstantOfShape)
            .Case("Range", &Importer::importRange)
            .Case("Where", &Importer::importWhere)
            .Case("Clip", &Importer::importClip)
            .Case("MaxPool", &Importer::importMaxPool)
            .Case("AveragePool", &Importer::importAveragePool)
            .Case("GlobalAveragePool", &Importer::importGlobalAveragePool)
            .Case("BatchNormalization", &Importer::importBatchNormalization)
            .Case("Flatten", &Importer::importFlatten)
            .Case("Reshape", &Importer::importReshape)
            .Case("Identity", &Importer::importIdentity)
            .Case("Dropout", &Importer::importDropout)
            .Case("Constant", &Importer::importConstant)
            .Default(nullptr);
  } else if (isQuantizerDomain(domain)) {
    // IntQuant is QONNX's newer name of Quant.
    import = llvm::StringSwitch<ImportFn>(opType)
                 .Cases("Quant", "IntQuant", &Importer::importQuant)
                 .Case("BipolarQuant", &Importer::importBipolarQuant)
                 .Case("Trunc", &Importer::importTrunc)
                 .Default(nullptr);
  }
  if (import)
    return (this->*import)();
  if (isQuantizerDomain(domain) &&
      (opType == "FloatQuant" || opType == "MultiThreshold")) {
    return error() << "'" << opType << "' of domain '" << domain << "' ("
                   << (opType == "FloatQuant" ? "minifloat quantization"
                                              : "thresholding")
                   << ") is not supported; docs/onnx-import.md lists the "
                      "supported ops";
  }
  InFlightDiagnostic diag = error() << "unsupported op '" << opType << "'";
  if (!isDefaultDomain(domain))
    diag << " of domain '" << domain << "'";
  else
    diag << " (opset " << opset << ")";
  return diag << "; docs/onnx-import.md lists the supported ops";
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
          // The importer's errors and warnings are whole lines that name the
          // file and the node: print them as they are (warnings after
          // "warning: "), not with the source manager's location and a line
          // of binary protobuf.
          ScopedDiagnosticHandler printLines(context, [](Diagnostic &diag) {
            bool warning = diag.getSeverity() == DiagnosticSeverity::Warning;
            if ((!warning && diag.getSeverity() != DiagnosticSeverity::Error) ||
                !llvm::isa<UnknownLoc>(diag.getLocation()))
              return failure();
            llvm::errs() << (warning ? "warning: " : "") << diag.str() << "\n";
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
