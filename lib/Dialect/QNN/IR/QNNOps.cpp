//===- QNNOps.cpp - qnn operations ------------------------------*- C++ -*-===//
//
// Verifiers of the qnn operations: every shape, bitwidth and packing
// invariant that ODS constraints cannot state.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "qnn/Dialect/QNN/Utils/BitPlanes.h"
#include "qnn/Dialect/QNN/Utils/Window.h"
#include "qnn/Support/Format.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

/// The memory effects of a kernel op (QNN_KernelOp's getEffects): on
/// memrefs it reads its inputs and reads and writes its init.
static void getKernelEffects(
    DestinationStyleOpInterface op,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  for (OpOperand *input : op.getDpsInputOperands())
    if (isa<MemRefType>(input->get().getType()))
      effects.emplace_back(MemoryEffects::Read::get(), input,
                           SideEffects::DefaultResource::get());
  for (OpOperand &init : op.getDpsInitsMutable()) {
    if (!isa<MemRefType>(init.get().getType()))
      continue;
    effects.emplace_back(MemoryEffects::Read::get(), &init,
                         SideEffects::DefaultResource::get());
    effects.emplace_back(MemoryEffects::Write::get(), &init,
                         SideEffects::DefaultResource::get());
  }
}

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared checks
//===----------------------------------------------------------------------===//

static LogicalResult verifyStaticShapes(Operation *op) {
  auto isDynamic = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return shaped && !shaped.hasStaticShape();
  };
  for (Type type : op->getOperandTypes())
    if (isDynamic(type))
      return op->emitOpError() << "expects static shapes, got " << type;
  for (Type type : op->getResultTypes())
    if (isDynamic(type))
      return op->emitOpError() << "expects static shapes, got " << type;
  return success();
}

static LogicalResult expectShape(Operation *op, StringRef what, Type type,
                                 ArrayRef<int64_t> expected) {
  auto shape = cast<ShapedType>(type).getShape();
  if (shape == expected)
    return success();
  return op->emitOpError() << "expects " << what << " of shape "
                           << formatInts(expected, "x") << ", got "
                           << formatInts(shape, "x");
}

/// Checks that `value`, operand `what` of a kernel op, has `rank` dimensions
/// of `element` (and a static shape if `isStatic`); `meaning` says what it
/// holds.
static LogicalResult expectOperand(Operation *op, StringRef what, Value value,
                                   int64_t rank, Type element,
                                   bool isStatic = false,
                                   StringRef meaning = "") {
  auto type = cast<ShapedType>(value.getType());
  if (type.getRank() == rank && type.getElementType() == element &&
      (!isStatic || type.hasStaticShape()))
    return success();
  // The element type unquoted, as in "a 2-D i8 lhs".
  std::string elementName;
  llvm::raw_string_ostream(elementName) << element;
  InFlightDiagnostic diag = op->emitOpError()
                            << "expects a " << (isStatic ? "static " : "")
                            << rank << "-D " << elementName << " " << what;
  if (!meaning.empty())
    diag << " (" << meaning << ")";
  return diag;
}

/// Computes the output height and width of a 2-D window operation, checking
/// that the window parameters are valid.
static FailureOr<std::array<int64_t, 2>>
verifyWindow(Operation *op, ArrayRef<int64_t> inputHW,
             ArrayRef<int64_t> kernelHW, ArrayRef<int64_t> strides,
             ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations) {
  if (llvm::any_of(kernelHW, [](int64_t v) { return v <= 0; }))
    return op->emitOpError("expects a positive kernel size");
  if (llvm::any_of(strides, [](int64_t v) { return v <= 0; }))
    return op->emitOpError("expects positive strides");
  if (llvm::any_of(dilations, [](int64_t v) { return v <= 0; }))
    return op->emitOpError("expects positive dilations");
  if (llvm::any_of(padding, [](int64_t v) { return v < 0; }))
    return op->emitOpError("expects non-negative padding");
  std::array<int64_t, 2> outputHW;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t padded = inputHW[axis] + padding[axis] + padding[axis + 2];
    int64_t extent = getWindowExtent(kernelHW[axis], dilations[axis]);
    if (padded < extent)
      return op->emitOpError()
             << "window of extent " << extent << " does not fit the padded "
             << (axis == 0 ? "height" : "width") << " " << padded;
    outputHW[axis] =
        getWindowOutputSize(inputHW[axis], kernelHW[axis], strides[axis],
                            dilations[axis], padding[axis], padding[axis + 2]);
  }
  return outputHW;
}

/// Checks a (grouped) convolution's operand and result shapes; shared by
/// qnn.conv2d and qnn.qconv2d.
template <typename ConvOp>
static LogicalResult verifyConvolution(ConvOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  auto input = op.getInput().getType().getShape();
  auto weight = op.getWeight().getType().getShape();
  auto groups = static_cast<int64_t>(op.getGroups());
  int64_t channels = input[1], outChannels = weight[0];
  if (channels % groups != 0 || outChannels % groups != 0)
    return op.emitOpError() << "groups (" << groups
                            << ") must divide the input channels (" << channels
                            << ") and the output channels (" << outChannels
                            << ")";
  if (weight[1] != channels / groups)
    return op.emitOpError() << "expects weight dimension 1 to be input "
                               "channels / groups = "
                            << channels / groups << ", got " << weight[1];
  if (op.getBias() &&
      failed(expectShape(op, "bias", op.getBias().getType(), {outChannels})))
    return failure();
  auto outputHW = verifyWindow(op, input.drop_front(2), weight.drop_front(2),
                               op.getStrides(), op.getPadding(),
                               op.getDilations());
  if (failed(outputHW))
    return failure();
  return expectShape(op, "result", op.getType(),
                     {input[0], outChannels, (*outputHW)[0], (*outputHW)[1]});
}

template <typename DenseOp>
static LogicalResult verifyDense(DenseOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  auto input = op.getInput().getType().getShape();
  auto weight = op.getWeight().getType().getShape();
  if (input[1] != weight[1])
    return op.emitOpError() << "expects input and weight to share the "
                               "reduction length, got "
                            << input[1] << " and " << weight[1];
  if (op.getBias() &&
      failed(expectShape(op, "bias", op.getBias().getType(), {weight[0]})))
    return failure();
  return expectShape(op, "result", op.getType(), {input[0], weight[0]});
}

static QuantType getQuantElement(Value value) {
  return cast<QuantType>(cast<ShapedType>(value.getType()).getElementType());
}

/// A per-channel quantized type must index a dimension of `type` whose size is
/// its number of channels.
static LogicalResult verifyQuantAxis(Operation *op, ShapedType type,
                                     QuantType quant) {
  if (quant.isPerTensor())
    return success();
  if (quant.getAxis() >= type.getRank())
    return op->emitOpError() << "per-channel axis " << quant.getAxis()
                             << " is out of range for rank " << type.getRank();
  int64_t size = type.getDimSize(quant.getAxis());
  if (ShapedType::isDynamic(size))
    return op->emitOpError()
           << "per-channel type has " << quant.getNumChannels()
           << " scales but dimension " << quant.getAxis() << " is dynamic";
  if (size != quant.getNumChannels())
    return op->emitOpError()
           << "per-channel type has " << quant.getNumChannels()
           << " scales but dimension " << quant.getAxis() << " has size "
           << size;
  return success();
}

/// Activations are float (a weight-only quantized layer) or quantized per
/// tensor, or per channel with one (scale, zero point) per group of
/// `groups`; weights per tensor or per output channel (axis 0): only then
/// do scales factor out of the integer sum of each group.
static LogicalResult verifyQuantizedOperands(Operation *op, Value input,
                                             Value weight, int64_t groups) {
  if (auto result = dyn_cast<QuantType>(
          cast<ShapedType>(op->getResult(0).getType()).getElementType());
      result && !result.isPerTensor())
    return op->emitOpError("expects codes of a per-tensor type as its "
                           "requantized result, got ")
           << result;
  QuantType weights = getQuantElement(weight);
  if (auto activation = dyn_cast<QuantType>(
          cast<ShapedType>(input.getType()).getElementType())) {
    if (!activation.isPerTensor() &&
        !(activation.getAxis() == 1 &&
          activation.isUniformWithinGroups(groups)))
      return op->emitOpError("expects activations quantized per tensor, or "
                             "per channel (axis 1) alike within each group");
  }
  if (!weights.isPerTensor() && weights.getAxis() != 0)
    return op->emitOpError(
        "expects weights quantized per tensor or per output channel (axis 0)");
  return verifyQuantAxis(op, cast<ShapedType>(weight.getType()), weights);
}

//===----------------------------------------------------------------------===//
// Graph level
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() { return verifyConvolution(*this); }
LogicalResult DenseOp::verify() { return verifyDense(*this); }

LogicalResult ClipOp::verify() {
  // Written so that a NaN bound fails too.
  if (!(getMin().convertToFloat() <= getMax().convertToFloat()))
    return emitOpError() << "expects min <= max, got min "
                         << getMin().convertToFloat() << " and max "
                         << getMax().convertToFloat();
  return success();
}

template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  auto input = op.getInput().getType().getShape();
  auto outputHW =
      verifyWindow(op, input.drop_front(2), op.getKernel(), op.getStrides(),
                   op.getPadding(), op.getDilations());
  if (failed(outputHW))
    return failure();
  for (int axis = 0; axis < 2; ++axis)
    if (op.getPadding()[axis] >= op.getKernel()[axis] ||
        op.getPadding()[axis + 2] >= op.getKernel()[axis])
      return op.emitOpError("expects padding smaller than the kernel");
  return expectShape(op, "result", op.getType(),
                     {input[0], input[1], (*outputHW)[0], (*outputHW)[1]});
}

/// Codes that an op moves keep their meaning only where the quantization
/// parameters move with them: per tensor, or per channel along `keptAxis`
/// (negative: none).
static LogicalResult verifyMovedCodes(Operation *op, Type type,
                                      int64_t keptAxis) {
  auto quant = dyn_cast<QuantType>(cast<ShapedType>(type).getElementType());
  if (!quant || quant.isPerTensor() || quant.getAxis() == keptAxis)
    return success();
  InFlightDiagnostic diag = op->emitOpError()
                            << "expects codes quantized per tensor";
  if (keptAxis >= 0)
    diag << " or per channel along axis " << keptAxis;
  return diag << ", got axis " << quant.getAxis();
}

LogicalResult MaxPool2DOp::verify() {
  if (failed(verifyMovedCodes(*this, getInput().getType(), 1)))
    return failure();
  return verifyPool(*this);
}
LogicalResult AvgPool2DOp::verify() { return verifyPool(*this); }

LogicalResult GlobalAvgPoolOp::verify() {
  if (failed(verifyStaticShapes(*this)))
    return failure();
  auto input = getInput().getType().getShape();
  return expectShape(*this, "result", getType(), {input[0], input[1], 1, 1});
}

LogicalResult BatchNormOp::verify() {
  if (failed(verifyStaticShapes(*this)))
    return failure();
  auto inputType = getInput().getType();
  if (inputType.getRank() < 2)
    return emitOpError("expects an input of rank 2 or more (N x C x ...)");
  if (getType() != inputType)
    return emitOpError("expects the result type to equal the input type");
  int64_t channels = inputType.getDimSize(1);
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", getScale()},
        {"bias", getBias()},
        {"mean", getMean()},
        {"variance", getVariance()}})
    if (failed(expectShape(*this, name, value.getType(), {channels})))
      return failure();
  if (!(getEpsilon().convertToFloat() >= 0))
    return emitOpError("expects a non-negative epsilon");
  return success();
}

LogicalResult FlattenOp::verify() {
  if (failed(verifyStaticShapes(*this)) ||
      failed(verifyMovedCodes(*this, getInput().getType(), -1)))
    return failure();
  auto input = getInput().getType().getShape();
  auto axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis > static_cast<int64_t>(input.size()))
    return emitOpError() << "expects axis in [0, " << input.size() << "], got "
                         << axis;
  int64_t outer = 1, inner = 1;
  for (auto [index, size] : llvm::enumerate(input))
    (static_cast<int64_t>(index) < axis ? outer : inner) *= size;
  return expectShape(*this, "result", getType(), {outer, inner});
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifyStaticShapes(*this)) ||
      failed(verifyMovedCodes(*this, getInput().getType(), -1)))
    return failure();
  int64_t inputElements = getInput().getType().getNumElements();
  int64_t outputElements = getType().getNumElements();
  if (inputElements != outputElements)
    return emitOpError() << "cannot reshape " << inputElements
                         << " elements into " << outputElements;
  return success();
}

template <typename SoftmaxLikeOp>
static LogicalResult verifySoftmax(SoftmaxLikeOp op) {
  int64_t rank = op.getInput().getType().getRank();
  // I64Attr getters return uint64_t; the axis is signed.
  auto axis = static_cast<int64_t>(op.getAxis());
  if (axis < -rank || axis >= rank)
    return op.emitOpError() << "expects axis in [" << -rank << ", " << rank
                            << "), got " << axis;
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmax(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmax(*this); }

/// Checks that `values` has one entry per dimension of a rank-`rank` tensor.
static LogicalResult expectPerDimension(Operation *op, StringRef name,
                                        ArrayRef<int64_t> values,
                                        int64_t rank) {
  if (static_cast<int64_t>(values.size()) == rank)
    return success();
  return op->emitOpError() << "expects " << rank << " values in '" << name
                           << "' (one per dimension), got " << values.size();
}

LogicalResult TransposeOp::verify() {
  if (failed(verifyStaticShapes(*this)) ||
      failed(verifyMovedCodes(*this, getInput().getType(), -1)))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  ArrayRef<int64_t> permutation = getPermutation();
  auto rank = static_cast<int64_t>(input.size());
  if (failed(expectPerDimension(*this, "permutation", permutation, rank)))
    return failure();
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> expected;
  for (int64_t dim : permutation) {
    if (dim < 0 || dim >= rank || seen[dim])
      return emitOpError("expects a permutation of the input's dimensions");
    seen[dim] = true;
    expected.push_back(input[dim]);
  }
  return expectShape(*this, "result", getType(), expected);
}

LogicalResult ConcatOp::verify() {
  if (failed(verifyStaticShapes(*this)))
    return failure();
  if (getInputs().empty())
    return emitOpError("expects at least one input");
  if (failed(verifyMovedCodes(*this, getType(), -1)))
    return failure();
  auto first = cast<RankedTensorType>(getInputs().front().getType());
  int64_t rank = first.getRank();
  auto axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank)
    return emitOpError() << "expects axis in [0, " << rank << "), got "
                         << axis;
  SmallVector<int64_t> expected(first.getShape());
  expected[axis] = 0;
  for (Value input : getInputs()) {
    auto shape = cast<RankedTensorType>(input.getType()).getShape();
    SmallVector<int64_t> other(shape);
    if (other.size() == expected.size())
      other[axis] = 0;
    if (other != expected)
      return emitOpError() << "expects inputs that agree in every dimension "
                              "but "
                           << axis << ", got "
                           << formatInts(first.getShape(), "x") << " and "
                           << formatInts(shape, "x");
  }
  int64_t joined = 0;
  for (Value input : getInputs())
    joined += cast<RankedTensorType>(input.getType()).getDimSize(axis);
  expected[axis] = joined;
  return expectShape(*this, "result", getType(), expected);
}

std::optional<int64_t> PadOp::getPaddingCode() {
  auto type = dyn_cast<QuantType>(getType().getElementType());
  if (!type || !type.isPerTensor() || type.isBipolar())
    return std::nullopt;
  double code = getValue().convertToDouble() / type.getScales()[0] +
                type.getZeroPoints()[0];
  if (code != std::floor(code) || code < type.getCodeMin() ||
      code > type.getCodeMax())
    return std::nullopt;
  return static_cast<int64_t>(code);
}

LogicalResult PadOp::verify() {
  if (failed(verifyStaticShapes(*this)) ||
      failed(verifyMovedCodes(*this, getInput().getType(), -1)))
    return failure();
  if (isa<QuantType>(getType().getElementType()) && !getPaddingCode())
    return emitOpError() << "pads codes with " << getValue().convertToFloat()
                         << ", which has no exact code";
  ArrayRef<int64_t> input = getInput().getType().getShape();
  auto rank = static_cast<int64_t>(input.size());
  if (failed(expectPerDimension(*this, "low", getLow(), rank)) ||
      failed(expectPerDimension(*this, "high", getHigh(), rank)))
    return failure();
  SmallVector<int64_t> expected;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (getLow()[dim] < 0 || getHigh()[dim] < 0)
      return emitOpError("expects non-negative padding");
    expected.push_back(input[dim] + getLow()[dim] + getHigh()[dim]);
  }
  return expectShape(*this, "result", getType(), expected);
}

LogicalResult SliceOp::verify() {
  if (failed(verifyStaticShapes(*this)))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  auto rank = static_cast<int64_t>(input.size());
  if (failed(expectPerDimension(*this, "offsets", getOffsets(), rank)) ||
      failed(expectPerDimension(*this, "sizes", getSizes(), rank)) ||
      failed(expectPerDimension(*this, "strides", getStrides(), rank)))
    return failure();
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t offset = getOffsets()[dim], size = getSizes()[dim],
            stride = getStrides()[dim];
    if (stride <= 0 || size <= 0 || offset < 0 ||
        offset + (size - 1) * stride >= input[dim])
      return emitOpError() << "expects a box inside the input with positive "
                              "sizes and strides, got dimension "
                           << dim << " offset " << offset << " size " << size
                           << " stride " << stride << " of " << input[dim];
  }
  return expectShape(*this, "result", getType(), getSizes());
}

template <typename ReductionOp>
static LogicalResult verifyReduction(ReductionOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  ArrayRef<int64_t> input = op.getInput().getType().getShape();
  ArrayRef<int64_t> axes = op.getAxes();
  auto rank = static_cast<int64_t>(input.size());
  SmallVector<int64_t> expected;
  for (auto [index, axis] : llvm::enumerate(axes))
    if (axis < 0 || axis >= rank || (index > 0 && axes[index - 1] >= axis))
      return op.emitOpError("expects distinct axes of the input in "
                            "increasing order");
  for (int64_t dim = 0; dim < rank; ++dim)
    if (!llvm::is_contained(axes, dim))
      expected.push_back(input[dim]);
  return expectShape(op, "result", op.getType(), expected);
}

LogicalResult ReduceSumOp::verify() { return verifyReduction(*this); }
LogicalResult ReduceMeanOp::verify() { return verifyReduction(*this); }
LogicalResult ReduceMaxOp::verify() { return verifyReduction(*this); }
LogicalResult ReduceMinOp::verify() { return verifyReduction(*this); }

LogicalResult UpsampleNearestOp::verify() {
  if (failed(verifyStaticShapes(*this)))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  auto rank = static_cast<int64_t>(input.size());
  if (failed(expectPerDimension(*this, "scales", getScales(), rank)))
    return failure();
  SmallVector<int64_t> expected;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (getScales()[dim] <= 0)
      return emitOpError("expects positive scales");
    expected.push_back(input[dim] * getScales()[dim]);
  }
  return expectShape(*this, "result", getType(), expected);
}

//===----------------------------------------------------------------------===//
// Quantized level
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  auto inputType = getInput().getType();
  auto outputType = getType();
  if (inputType.getShape() != outputType.getShape())
    return emitOpError("expects the result to have the input's shape");
  QuantType quant = getQuantElement(getOutput());
  if (getNarrow() && quant.getEncoding() != Encoding::Signed)
    return emitOpError("narrow range applies only to signed codes");
  return verifyQuantAxis(*this, outputType, quant);
}

LogicalResult TruncOp::verify() {
  if (getInput().getType().getShape() != getType().getShape())
    return emitOpError("expects the result to have the input's shape");
  double scale = getInputScale().convertToDouble();
  if (!(std::isfinite(scale) && scale > 0))
    return emitOpError() << "expects a positive finite input_scale, got "
                         << scale;
  if (!std::isfinite(getInputZeroPoint().convertToDouble()))
    return emitOpError("expects a finite input_zero_point");
  if (getShift() > 30)
    return emitOpError() << "expects a shift of at most 30 bits, got "
                         << getShift();
  QuantType quant = getQuantElement(getOutput());
  if (!quant.isPerTensor() || quant.isBipolar())
    return emitOpError("expects per-tensor unsigned or signed result codes");
  return success();
}

/// The channel (index along `axis`) of element `index` of a row-major tensor.
static int64_t channelOf(ArrayRef<int64_t> shape, int64_t axis, int64_t index) {
  int64_t inner = 1;
  for (int64_t dim : shape.drop_front(axis + 1))
    inner *= dim;
  return (index / inner) % shape[axis];
}

/// Codes stored as i8: the bit pattern of an unsigned code, the value of a
/// signed or bipolar one.
static APInt storedCode(int64_t code) {
  return APInt(8, static_cast<uint64_t>(code) & 0xff);
}

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  auto values = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput());
  if (!values || !values.getElementType().isF32())
    return {};
  QuantType quant = getQuantElement(getOutput());
  ArrayRef<int64_t> shape = getType().getShape();
  SmallVector<APInt> codes;
  codes.reserve(values.getNumElements());
  for (auto [index, value] : llvm::enumerate(values.getValues<float>())) {
    int64_t channel =
        quant.isPerTensor() ? 0 : channelOf(shape, quant.getAxis(), index);
    codes.push_back(storedCode(
        quant.quantize(value, channel, getRoundingMode(), getNarrow())));
  }
  return DenseElementsAttr::get(
      RankedTensorType::get(shape, IntegerType::get(getContext(), 8)), codes);
}

LogicalResult ConstantOp::verify() {
  auto valueType = cast<ShapedType>(getValue().getType());
  if (!valueType.getElementType().isInteger(8))
    return emitOpError("expects codes stored as i8");
  if (valueType.getShape() != getType().getShape())
    return emitOpError("expects the codes to have the result's shape");
  QuantType quant = getQuantElement(getOutput());
  // The i8 codes' bytes as stored (one for a splat): a network's weights
  // are millions of codes, and the verifier runs after every pass.
  bool isUnsigned = quant.getEncoding() == Encoding::Unsigned;
  ArrayRef<char> bytes = getValue().getRawData();
  for (auto [index, byte] : llvm::enumerate(bytes)) {
    int64_t code = isUnsigned ? int64_t(static_cast<uint8_t>(byte))
                              : int64_t(static_cast<int8_t>(byte));
    if (code < quant.getCodeMin() || code > quant.getCodeMax() ||
        (quant.isBipolar() && code == 0))
      return emitOpError() << "code " << code << " of element " << index
                           << " is not a code of " << quant;
  }
  return verifyQuantAxis(*this, getType(), quant);
}

int64_t ConstantOp::getCode(int64_t index) {
  APInt stored = getValue().getValues<APInt>()[index];
  return getQuantElement(getOutput()).getEncoding() == Encoding::Unsigned
             ? int64_t(stored.getZExtValue())
             : stored.getSExtValue();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

Operation *QNNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto codes = dyn_cast<DenseIntElementsAttr>(value);
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (codes && tensor && isa<QuantType>(tensor.getElementType()))
    return builder.create<ConstantOp>(loc, tensor, codes);
  return arith::ConstantOp::materialize(builder, value, type, loc);
}

LogicalResult DequantizeOp::verify() {
  auto inputType = getInput().getType();
  if (inputType.getShape() != getType().getShape())
    return emitOpError("expects the result to have the input's shape");
  return verifyQuantAxis(*this, inputType, getQuantElement(getInput()));
}

LogicalResult QConv2DOp::verify() {
  if (failed(verifyConvolution(*this)))
    return failure();
  return verifyQuantizedOperands(*this, getInput(), getWeight(),
                                 static_cast<int64_t>(getGroups()));
}

LogicalResult QDenseOp::verify() {
  if (failed(verifyDense(*this)))
    return failure();
  return verifyQuantizedOperands(*this, getInput(), getWeight(), 1);
}

//===----------------------------------------------------------------------===//
// Kernel level
//===----------------------------------------------------------------------===//

/// Destination-style checks shared by the kernel ops: tensors in, one result
/// of the init's type out; or memrefs in and no result.
static LogicalResult verifyKernelOperands(DestinationStyleOpInterface op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  bool onTensors = op.hasPureTensorSemantics();
  if (!onTensors && !op.hasPureBufferSemantics())
    return op->emitOpError("expects all operands to be tensors or all memrefs");
  if (onTensors) {
    if (op->getNumResults() != 1 ||
        op->getResult(0).getType() != op.getDpsInitOperand(0)->get().getType())
      return op->emitOpError(
          "on tensors expects one result of the init's type");
  } else if (op->getNumResults() != 0) {
    return op->emitOpError("on memrefs expects no result");
  }
  return success();
}

LogicalResult Im2ColOp::verify() {
  if (failed(verifyKernelOperands(*this)))
    return failure();
  auto inputType = cast<ShapedType>(getInput().getType());
  auto initType = cast<ShapedType>(getInit().getType());
  if (inputType.getRank() != 4 || initType.getRank() != 2)
    return emitOpError() << "expects a 4-D ("
                         << (getChannelsLast() ? "N x H x W x C"
                                               : "N x C x H x W")
                         << ") input and a 2-D init";
  if (inputType.getElementType() != initType.getElementType())
    return emitOpError("expects input and init of the same element type");
  auto input = inputType.getShape();
  int64_t channels = getChannelsLast() ? input[3] : input[1];
  auto spatial = getChannelsLast() ? input.slice(1, 2) : input.drop_front(2);
  auto outputHW = verifyWindow(*this, spatial, getKernel(), getStrides(),
                               getPadding(), getDilations());
  if (failed(outputHW))
    return failure();
  return expectShape(*this, "init", initType,
                     {input[0] * (*outputHW)[0] * (*outputHW)[1],
                      getKernel()[0] * getKernel()[1] * channels});
}

static LogicalResult verifyPlaneCount(Operation *op, StringRef side,
                                      int64_t planes, Encoding encoding);

LogicalResult PackBitsOp::verify() {
  if (failed(verifyKernelOperands(*this)))
    return failure();
  auto inputType = cast<ShapedType>(getInput().getType());
  auto initType = cast<ShapedType>(getInit().getType());
  if (inputType.getRank() != 2 || !inputType.getElementType().isSignlessInteger())
    return emitOpError(
        "expects a 2-D integer input of codes (rows x reduction length)");
  bool panels = initType.getRank() == 4;
  if ((initType.getRank() != 3 && !panels) ||
      !initType.getElementType().isInteger(64))
    return emitOpError("expects a 3-D i64 init (planes x rows x words) or a "
                       "4-D one (planes x panels x words x panel width)");
  int64_t planes = initType.getDimSize(0);
  if (failed(verifyPlaneCount(*this, "output", planes, getEncoding())))
    return failure();
  if (inputType.getElementTypeBitWidth() < planes)
    return emitOpError() << "expects codes of at least " << planes
                         << " bits, got " << inputType.getElementType();
  int64_t rows = inputType.getDimSize(0);
  int64_t reduction = inputType.getDimSize(1);
  if (!panels)
    return expectShape(*this, "init (bits x rows x ceil(K / 64))", initType,
                       {planes, rows, getPackedWords(reduction)});
  int64_t width = initType.getDimSize(3);
  if (!isPanelWidth(width))
    return emitOpError() << "expects a panel width of 2, 4 or 8 rows, got "
                         << width;
  return expectShape(
      *this, "init (bits x ceil(rows / width) x ceil(K / 64) x width)",
      initType,
      {planes, getPanelCount(rows, width), getPackedWords(reduction), width});
}

LogicalResult PackBitsOp::fold(FoldAdaptor adaptor,
                               SmallVectorImpl<OpFoldResult> &results) {
  auto codes = dyn_cast_if_present<DenseIntElementsAttr>(adaptor.getInput());
  if (!codes || getNumResults() != 1)
    return failure();
  auto initType = cast<RankedTensorType>(getInit().getType());
  int64_t planes = initType.getDimSize(0), words = initType.getDimSize(2);
  // Rows layout: one panel of all rows, a word per row; panel layout:
  // panels of `width` rows, `width` words per word index.
  bool panels = initType.getRank() == 4;
  int64_t width = panels ? initType.getDimSize(3) : 1;
  int64_t panelRows = panels ? width : initType.getDimSize(1);
  int64_t planeWords = initType.getNumElements() / planes;
  int64_t reduction = cast<ShapedType>(getInput().getType()).getDimSize(1);
  bool bipolar = getEncoding() == Encoding::Bipolar;
  SmallVector<APInt> packed(initType.getNumElements(), APInt(64, 0));
  for (auto [index, code] : llvm::enumerate(codes.getValues<APInt>())) {
    int64_t row = index / reduction, column = index % reduction;
    int64_t panel = row / panelRows, lane = row % panelRows;
    int64_t word = column / kPlaneWordBits;
    int64_t offset =
        panels ? (panel * words + word) * width + lane : lane * words + word;
    // A bipolar code stores 1 for +1; others store their low bits.
    uint64_t pattern = bipolar ? (code.getSExtValue() > 0 ? 1 : 0)
                               : code.getZExtValue();
    for (int64_t plane = 0; plane < planes; ++plane)
      if ((pattern >> plane) & 1)
        packed[plane * planeWords + offset].setBit(column % kPlaneWordBits);
  }
  results.push_back(DenseElementsAttr::get(initType, packed));
  return success();
}

/// Checks that `planes` bit-planes can hold a code of `encoding`.
static LogicalResult verifyPlaneCount(Operation *op, StringRef side,
                                      int64_t planes, Encoding encoding) {
  if (planes < 1 || planes > 8)
    return op->emitOpError() << "expects 1 to 8 " << side
                             << " bit-planes, got " << planes;
  if (encoding == Encoding::Bipolar && planes != 1)
    return op->emitOpError() << "expects one " << side
                             << " bit-plane for a bipolar code, got " << planes;
  if (encoding == Encoding::Signed && planes < 2)
    return op->emitOpError() << "expects at least two " << side
                             << " bit-planes for a signed code";
  return success();
}

/// Largest |code| of a code with `planes` planes in `encoding`.
static uint64_t largestMagnitude(int64_t planes, Encoding encoding) {
  switch (encoding) {
  case Encoding::Unsigned:
    return (uint64_t(1) << planes) - 1;
  case Encoding::Signed:
    return uint64_t(1) << (planes - 1);
  case Encoding::Bipolar:
    return 1;
  }
  llvm_unreachable("unknown encoding");
}

LogicalResult BitSerialMatmulOp::verify() {
  if (failed(verifyKernelOperands(*this)))
    return failure();
  auto lhsType = cast<ShapedType>(getLhs().getType());
  auto rhsType = cast<ShapedType>(getRhs().getType());
  auto initType = cast<ShapedType>(getInit().getType());
  bool rhsPanels = rhsType.getRank() == 4;
  if (lhsType.getRank() != 3 || (rhsType.getRank() != 3 && !rhsPanels) ||
      !lhsType.getElementType().isInteger(64) ||
      !rhsType.getElementType().isInteger(64))
    return emitOpError("expects 3-D i64 operands (planes x rows x words), or "
                       "a 4-D rhs (planes x panels x words x panel width)");
  Type accumulator = initType.getElementType();
  if (initType.getRank() != 2 ||
      !(accumulator.isInteger(32) || accumulator.isInteger(64)))
    return emitOpError("expects a 2-D i32 or i64 init (M x N)");
  auto lhs = lhsType.getShape(), rhs = rhsType.getShape();
  if (failed(verifyPlaneCount(*this, "lhs", lhs[0], getLhsEncoding())) ||
      failed(verifyPlaneCount(*this, "rhs", rhs[0], getRhsEncoding())))
    return failure();
  int64_t reduction = getReductionLength();
  int64_t words = getPackedWords(reduction);
  if (lhs[2] != words || rhs[2] != words)
    return emitOpError() << "expects ceil(" << reduction << " / 64) = " << words
                         << " words per row, got " << lhs[2] << " (lhs) and "
                         << rhs[2] << " (rhs)";
  // With panels, N is the init's: the last panel may be partly padding.
  int64_t cols = rhsPanels ? initType.getDimSize(1) : rhs[1];
  if (rhsPanels && !isPanelWidth(rhs[3]))
    return emitOpError() << "expects a panel width of 2, 4 or 8 rows, got "
                         << rhs[3];
  if (rhsPanels && getPanelCount(cols, rhs[3]) != rhs[1])
    return emitOpError() << "expects ceil(" << cols << " / " << rhs[3]
                         << ") = " << getPanelCount(cols, rhs[3])
                         << " rhs panels, got " << rhs[1];
  if (failed(expectShape(*this, "init", initType, {lhs[1], cols})))
    return failure();
  // The exact sum must fit the accumulator, or results would wrap.
  APInt bound(128, reduction);
  bound *= APInt(128, largestMagnitude(lhs[0], getLhsEncoding()));
  bound *= APInt(128, largestMagnitude(rhs[0], getRhsEncoding()));
  unsigned accumulatorBits = accumulator.getIntOrFloatBitWidth();
  if (bound.getActiveBits() > accumulatorBits - 1) {
    InFlightDiagnostic diag =
        emitOpError() << "an i" << accumulatorBits
                      << " accumulator can overflow for reduction length "
                      << reduction << " at these bitwidths";
    if (accumulatorBits < 64)
      diag << "; use i64";
    return diag;
  }
  return success();
}

LogicalResult DotMatmulOp::verify() {
  if (failed(verifyKernelOperands(*this)))
    return failure();
  Builder b(getContext());
  if (failed(expectOperand(*this, "lhs", getLhs(), 2, b.getI8Type(), false,
                           "M x K codes")) ||
      failed(expectOperand(*this, "rhs", getRhs(), 3, b.getI8Type(), false,
                           "panels x ceil(K / k0) x NR * k0")) ||
      failed(expectOperand(*this, "init", getInit(), 2, b.getI32Type(), false,
                           "M x N")))
    return failure();
  auto lhsType = cast<ShapedType>(getLhs().getType());
  auto rhsType = cast<ShapedType>(getRhs().getType());
  auto sumsType = cast<ShapedType>(getColumnSums().getType());
  auto initType = cast<ShapedType>(getInit().getType());
  if (getIsa() == DotISA::None)
    return emitOpError(
        "expects an isa (avx512_vnni, avx_vnni, avx2, neon_sdot or neon_i8mm)");
  // Channels per panel come in multiples of one vector of i32 lanes (of
  // one 2 x 2 tile's two channels for smmla), each with k0 bytes per group.
  DotISA isa = getIsa();
  int64_t unit = isa == DotISA::NeonI8mm ? 2 : getDotLanes(isa);
  int64_t k0 = getDotGroupSize(isa);
  int64_t reduction = lhsType.getDimSize(1), outChannels = initType.getDimSize(1);
  int64_t panelBytes = rhsType.getDimSize(2);
  if (panelBytes % (k0 * unit) != 0 || panelBytes == 0)
    return emitOpError() << "expects panels of a multiple of " << unit
                         << " channels (" << k0 * unit
                         << " bytes per group), got " << panelBytes << " bytes";
  int64_t panelWidth = panelBytes / k0;
  if (failed(expectShape(*this, "rhs", rhsType,
                         {int64_t(llvm::divideCeil(outChannels, panelWidth)),
                          int64_t(llvm::divideCeil(reduction, k0)),
                          panelBytes})) ||
      failed(expectShape(*this, "init", initType,
                         {lhsType.getDimSize(0), outChannels})))
    return failure();
  if (sumsType.getRank() != 1 || !sumsType.getElementType().isInteger(32) ||
      sumsType.getDimSize(0) != outChannels)
    return emitOpError() << "expects " << outChannels << " i32 column sums";
  if (getI16Groups() && isa != DotISA::AVX2)
    return emitOpError("expects i16_groups only with isa avx2 (vpmaddubsw)");
  return success();
}

LogicalResult FmaMatmulOp::verify() {
  if (failed(verifyKernelOperands(*this)))
    return failure();
  Type f32 = Float32Type::get(getContext());
  // NCHW: lhs M x K shared, rhs B x K x N, output B x M x N, bias along M.
  // channels_last: lhs M x K, rhs panels P x K x W, output M x N, bias
  // along N.
  bool channelsLast = getChannelsLast();
  bool windows = readsWindows();
  if (windows != getKernel().has_value())
    return emitOpError(windows ? "expects a kernel for a 4-D lhs (windows "
                                 "read in place)"
                               : "expects a 4-D lhs (N x H x W x C) with a "
                                 "kernel");
  if (windows && !channelsLast)
    return emitOpError("reads windows in place only channels_last");
  if (getDepthwise() && !windows)
    return emitOpError("expects a 4-D lhs (N x H x W x C) and a kernel for "
                       "a depthwise convolution");
  int64_t outRank = channelsLast ? 2 : 3;
  for (auto [name, value, rank] :
       {std::tuple<StringRef, Value, int64_t>{"lhs", getLhs(), windows ? 4 : 2},
        {"rhs", getRhs(), 3},
        {"bias", getBias(), 1},
        {"init", getInit(), outRank}})
    if (failed(expectOperand(*this, name, value, rank, f32, /*isStatic=*/true)))
      return failure();
  ArrayRef<int64_t> lhs = cast<ShapedType>(getLhs().getType()).getShape();
  ArrayRef<int64_t> rhs = cast<ShapedType>(getRhs().getType()).getShape();
  ArrayRef<int64_t> init = cast<ShapedType>(getInit().getType()).getShape();
  if (getIsa() == FmaISA::None)
    return emitOpError("expects an isa (avx512, avx2 or neon)");
  int64_t rows = lhs[0], reduction = windows ? 0 : lhs[1];
  if (windows) {
    auto outputHW = verifyWindow(*this, lhs.slice(1, 2), *getKernel(),
                                 getStrides(), {0, 0, 0, 0}, getDilations());
    if (failed(outputHW))
      return failure();
    rows = lhs[0] * (*outputHW)[0] * (*outputHW)[1];
    reduction =
        (*getKernel())[0] * (*getKernel())[1] * (getDepthwise() ? 1 : lhs[3]);
  }
  int64_t batch = channelsLast ? 1 : rhs[0], columns = init.back();
  if (getDepthwise() && lhs[3] != columns)
    return emitOpError() << "expects as many lhs channels as output channels "
                            "for a depthwise convolution, got "
                         << lhs[3] << " and " << columns;
  SmallVector<int64_t> rhsShape = {batch, reduction, columns};
  SmallVector<int64_t> outShape = {rows, columns};
  if (channelsLast) {
    // Panels of W columns: a whole number of the isa's vectors, at most 4.
    int64_t lanes = getIsa() == FmaISA::AVX512 ? 16
                    : getIsa() == FmaISA::AVX2 ? 8
                                               : 4;
    int64_t width = rhs[2];
    if (width <= 0 || width % lanes != 0 || width > 4 * lanes)
      return emitOpError("expects rhs panels of 1 to 4 vectors of ")
             << lanes << " f32, got " << width << " columns";
    rhsShape = {static_cast<int64_t>(llvm::divideCeil(columns, width)),
                reduction, width};
  } else {
    outShape.insert(outShape.begin(), batch);
  }
  if (failed(expectShape(*this, "rhs", getRhs().getType(), rhsShape)) ||
      failed(expectShape(*this, "bias", getBias().getType(),
                         {channelsLast ? columns : rows})) ||
      failed(expectShape(*this, "init", getInit().getType(), outShape)))
    return failure();
  // The residual may be a view (a strided memref after bufferization): its
  // shape and element type are the init's, its layout may differ.
  if (getResidual() &&
      (failed(expectOperand(*this, "residual", getResidual(), outRank, f32,
                            /*isStatic=*/true)) ||
       failed(
           expectShape(*this, "residual", getResidual().getType(), outShape))))
    return failure();
  if (getClampMin() && getClampMax() &&
      getClampMin()->convertToFloat() > getClampMax()->convertToFloat())
    return emitOpError("expects clamp_min <= clamp_max");
  return success();
}
