//===- Importer.h - ONNX importer state and helpers -------------*- C++ -*-===//
//
// The ONNX importer's private class, shared by the files of lib/Target/ONNX
// (one per family of ONNX operators) and not installed: the tensors of the
// graph by name, the node being imported, and the helpers that read a node's
// attributes and inputs and report errors in the one-line form of
// docs/onnx-import.md.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_TARGET_ONNX_IMPORTER_H
#define QNN_LIB_TARGET_ONNX_IMPORTER_H

#include "qnn/Target/ONNX/ImportONNX.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include "onnx/onnx_pb.h"

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace mlir {
namespace qnn {
namespace onnx_import {

using Shape = SmallVector<int64_t, 4>;

//===----------------------------------------------------------------------===//
// Helpers on shapes and constant elements
//===----------------------------------------------------------------------===//

/// `2x3` ("scalar" for rank 0), as messages print shapes.
std::string formatShape(ArrayRef<int64_t> shape);
/// Numbers in messages as a person writes them ("2.5", "9"), not in the
/// exponent form raw_ostream gives doubles.
std::string formatNumber(double value);

int64_t getNumElements(ArrayRef<int64_t> shape);
/// ONNX's multidirectional broadcast of two shapes (trailing dimensions
/// aligned, size 1 stretches); nullopt if they do not broadcast.
std::optional<Shape> broadcastShapes(ArrayRef<int64_t> lhs,
                                     ArrayRef<int64_t> rhs);

inline bool isF32(DenseElementsAttr attr) {
  return attr.getElementType().isF32();
}
SmallVector<float> getFloats(DenseElementsAttr attr);
/// The elements of an f32 or i64 constant as doubles.
SmallVector<double> getDoubles(DenseElementsAttr attr);
DenseElementsAttr getF32Attr(ArrayRef<int64_t> shape, ArrayRef<float> values,
                             MLIRContext *context);
/// The transpose of a 2-D f32 constant.
DenseElementsAttr transpose2D(DenseElementsAttr attr);
/// The f32 elements of `attr` broadcast to `shape`, which its shape
/// broadcasts to.
DenseElementsAttr broadcastTo(DenseElementsAttr attr, ArrayRef<int64_t> shape);

inline ArrayRef<int64_t> getShape(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

inline RankedTensorType getF32TensorType(ArrayRef<int64_t> shape,
                                         MLIRContext *context) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

//===----------------------------------------------------------------------===//
// Importer
//===----------------------------------------------------------------------===//

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

/// Imports one model: builds func.func @forward node by node, inferring every
/// shape on the way (the result types of the qnn ops need them).
class Importer {
public:
  Importer(MLIRContext *context, StringRef fileName,
           const ImportONNXOptions &options)
      : context(context), fileName(fileName.str()), options(options),
        builder(context) {}

  OwningOpRef<ModuleOp> import(StringRef bytes);

private:
  // Model and graph (Importer.cpp).

  /// An error in the contract's one-line form: `file: node 'n' (Op): ` while
  /// a node is being imported, else `file: `; the caller adds the message.
  InFlightDiagnostic error();
  /// A warning in the same form.
  InFlightDiagnostic warning();
  InFlightDiagnostic diagnose(DiagnosticSeverity severity);
  LogicalResult readOpset(const onnx::ModelProto &model);
  LogicalResult addInitializers(const onnx::GraphProto &graph);
  FailureOr<RankedTensorType> getInputType(const onnx::ValueInfoProto &input);
  LogicalResult checkOutputType(const onnx::ValueInfoProto &output,
                                const Tensor &tensor);
  LogicalResult verifyModule(ModuleOp module);
  /// Dispatches the current node to the import function of its op type.
  LogicalResult importNode();

  // A node's attributes, inputs and outputs (Nodes.cpp).
  Location getNodeLoc();
  LogicalResult checkNode(ArrayRef<StringRef> knownAttributes,
                          int supportedOutputs = 1);
  /// checkNode, then the node's first input: the start of a one-output op.
  FailureOr<Tensor *> checkNodeAndGetInput(ArrayRef<StringRef> knownAttributes,
                                           int supportedOutputs = 1);
  /// checkNode, then the node's first input as an SSA value.
  FailureOr<Value> checkNodeAndGetOperand(ArrayRef<StringRef> knownAttributes);
  const onnx::AttributeProto *findAttribute(StringRef name);
  /// The attribute `name` if the node has it (null if not), or an error
  /// saying it must be `typeName` if it has another type than `type`.
  FailureOr<const onnx::AttributeProto *>
  findTypedAttribute(StringRef name, onnx::AttributeProto::AttributeType type,
                     StringRef typeName);
  /// The attribute `name` read by `read` if the node has it, else
  /// `defaultValue`; an error if it has another type than `type`.
  template <typename T, typename Field>
  FailureOr<T> getScalarAttribute(StringRef name,
                                  onnx::AttributeProto::AttributeType type,
                                  StringRef typeName,
                                  Field (onnx::AttributeProto::*read)() const,
                                  T defaultValue);
  FailureOr<int64_t> getInt(StringRef name, int64_t defaultValue);
  FailureOr<float> getFloat(StringRef name, float defaultValue);
  FailureOr<std::string> getString(StringRef name, StringRef defaultValue);
  /// An error unless the string attribute `name` is absent or `supported`,
  /// the one value qnn imports.
  LogicalResult checkStringIs(StringRef name, StringRef supported);
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

  // TensorProto and Constant nodes (TensorDecoding.cpp).
  FailureOr<DenseElementsAttr> decodeTensor(const onnx::TensorProto &proto,
                                            const Twine &what);
  FailureOr<StringRef> readExternalData(const onnx::TensorProto &proto,
                                        StringRef description);
  LogicalResult importConstant();

  // Conv and the pools (ConvolutionAndPooling.cpp).
  FailureOr<Window> getWindow(ArrayRef<int64_t> inputHW,
                              ArrayRef<int64_t> kernelHW, bool isPool);
  LogicalResult importConv();
  template <typename PoolOp> LogicalResult importPool();
  LogicalResult importMaxPool();
  LogicalResult importAveragePool();
  LogicalResult importGlobalAveragePool();

  // Gemm and MatMul (Dense.cpp).
  /// A (input 0) as an operand and B (input 1) as a tensor, which may be a
  /// constant that qnn.dense takes transposed, with their shapes.
  struct DenseInputs {
    Value a;
    Tensor *b;
    ArrayRef<int64_t> aShape;
    ArrayRef<int64_t> bShape;
  };
  /// Checks the node's attributes (checkNode) and returns its A and B.
  FailureOr<DenseInputs>
  checkNodeAndGetDenseInputs(ArrayRef<StringRef> attributes);
  FailureOr<Value> getDenseWeight(Tensor &weight, bool transpose, float alpha,
                                  StringRef whyConstant);
  LogicalResult importGemm();
  LogicalResult importMatMul();

  // Elementwise operators and normalizations (Elementwise.cpp).
  LogicalResult importRelu();
  LogicalResult importClip();
  LogicalResult importBatchNormalization();
  /// Neg, Sqrt, Exp, Tanh, Sigmoid, LeakyRelu, HardSigmoid.
  LogicalResult importUnary();
  /// Add, Sub, Mul, Div, Pow, Max, Min, Equal.
  LogicalResult importBinary();
  FailureOr<Tensor> applyBinary(StringRef opType, Tensor &lhs, Tensor &rhs);
  FailureOr<Tensor> foldBinary(StringRef opType, const Tensor &lhs,
                               const Tensor &rhs, ArrayRef<int64_t> shape);
  FailureOr<Value> broadcastOperand(Tensor &operand, ArrayRef<int64_t> shape);
  /// Softmax and LogSoftmax.
  LogicalResult importSoftmax();

  // Operators that only move or keep elements (ShapeOps.cpp).
  LogicalResult importFlatten();
  LogicalResult importReshape();
  LogicalResult importIdentity();
  LogicalResult importDropout();
  FailureOr<Tensor *> checkSqueezeNode();
  LogicalResult importSqueeze();
  LogicalResult importUnsqueeze();
  /// `value` as a qnn.reshape to `shape` (itself if it has that shape).
  Value reshapeValue(Value value, ArrayRef<int64_t> shape);
  /// `tensor` reshaped: folded when constant, else a qnn.reshape.
  Tensor reshapeTensor(const Tensor &tensor, ArrayRef<int64_t> shape);
  /// The `axes` of Squeeze, Unsqueeze and the reductions: the attribute
  /// before `inputOpset`, else the optional constant input `index`; nullopt
  /// if absent. Each is normalized to [0, rank) and must be distinct.
  FailureOr<std::optional<Shape>> getAxes(int index, int64_t inputOpset,
                                          int64_t rank);

  // Operators that move elements (Layout.cpp).
  LogicalResult importTranspose();
  LogicalResult importConcat();
  LogicalResult importExpand();
  LogicalResult importPad();
  LogicalResult importDepthToSpace();
  LogicalResult importSpaceToDepth();
  LogicalResult importSlice();
  LogicalResult importSplit();
  LogicalResult importResize();
  /// `tensor` sliced (offsets, sizes, positive strides): folded when
  /// constant, else a qnn.slice.
  Tensor sliceTensor(const Tensor &tensor, ArrayRef<int64_t> offsets,
                     ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides);
  Tensor transposeTensor(const Tensor &tensor, ArrayRef<int64_t> permutation);

  // ReduceMean, ReduceSum, ReduceMax, ReduceMin (Reductions.cpp).
  LogicalResult importReduce();

  // Operators evaluated at import (ConstantFolding.cpp).
  /// `axis` in [-rank, rank) (or [-rank - 1, rank] with `inclusiveEnd`),
  /// counted from the front.
  FailureOr<int64_t> getAxis(int64_t axis, int64_t rank,
                             bool inclusiveEnd = false);
  FailureOr<Shape> getIndices(DenseElementsAttr attr, int64_t size,
                              StringRef what);
  /// The elements of a constant integer input of rank 0 or 1.
  FailureOr<Shape> getIntegerListInput(int index, StringRef what);
  FailureOr<Shape> getShapeInput(int index, StringRef what);
  /// An optional list-of-ints attribute of any length.
  FailureOr<std::optional<Shape>> getIntList(StringRef name);
  LogicalResult importShape();
  LogicalResult importGather();
  LogicalResult importCast();
  LogicalResult importConstantOfShape();
  LogicalResult importRange();
  LogicalResult importWhere();

  // QONNX quantizers and quantized layers (QONNX.cpp).
  /// The quantized tensor (input 0) and the constant scale (input 1) that
  /// every QONNX quantizer takes.
  struct QuantizerInputs {
    Tensor *input;
    DenseElementsAttr scale;
  };
  /// Checks the node's attributes (checkNode) and returns its tensor and
  /// scale.
  FailureOr<QuantizerInputs>
  checkNodeAndGetQuantizerInputs(ArrayRef<StringRef> attributes);
  FailureOr<int64_t> getQuantAxis(DenseElementsAttr values,
                                  ArrayRef<int64_t> inputShape, StringRef what);
  LogicalResult buildQuantizer(Tensor &input, unsigned bits, Encoding encoding,
                               DenseElementsAttr scale,
                               DenseElementsAttr zeroPoint, RoundingMode mode,
                               bool narrow);
  FailureOr<RoundingMode> parseRoundingMode(StringRef name);
  LogicalResult foldWideQuant(Tensor &input, unsigned bits, Encoding encoding,
                              DenseElementsAttr scale,
                              DenseElementsAttr zeroPoint, RoundingMode mode,
                              bool narrow);
  LogicalResult importQuant();
  LogicalResult importBipolarQuant();
  LogicalResult importTrunc();
  /// The 2-D fake-quantized constant `fake` transposed, quantized again in
  /// that layout (exact: quantization is elementwise per channel, and a
  /// per-column axis becomes per-row), as a tensor that is itself fake
  /// quantized.
  Tensor transposeFakeQuantized(const FakeQuantizedConstant &fake);
  /// Once the graph is built: if it quantizes, marks `module` quantized,
  /// folds constant weights to code constants and fuses the quantized layers.
  void buildQuantizedLayers(ModuleOp module, func::FuncOp function);

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
  /// External data files by path, read once.
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> externalFiles;
  /// Node names to op types, to name the node of a verifier failure.
  llvm::StringMap<std::string> opTypeByNodeName;
};

} // namespace onnx_import
} // namespace qnn
} // namespace mlir

#endif // QNN_LIB_TARGET_ONNX_IMPORTER_H
