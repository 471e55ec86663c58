//===- QONNX.cpp - QONNX quantizers and quantized layers --------*- C++ -*-===//
//
// Imports QONNX's Quant (IntQuant) and BipolarQuant as qnn.quantize +
// qnn.dequantize pairs, and at the end of the import turns the layers on
// dequantized codes into quantized layers on the codes.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "qnn/Dialect/QNN/Utils/QuantizedLayers.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

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

FailureOr<RoundingMode> Importer::parseRoundingMode(StringRef name) {
  std::optional<RoundingMode> mode =
      llvm::StringSwitch<std::optional<RoundingMode>>(name.upper())
          .Case("ROUND", RoundingMode::Round)
          .Case("CEIL", RoundingMode::Ceil)
          .Case("FLOOR", RoundingMode::Floor)
          .Case("ROUND_TO_ZERO", RoundingMode::RoundToZero)
          .Default(std::nullopt);
  if (!mode)
    return error() << "unsupported rounding_mode '" << name
                   << "' (expected ROUND, CEIL, FLOOR or ROUND_TO_ZERO, in any "
                      "letter case)";
  return *mode;
}

FailureOr<Importer::QuantizerInputs>
Importer::checkNodeAndGetQuantizerInputs(ArrayRef<StringRef> attributes) {
  if (failed(checkNode(attributes)))
    return failure();
  FailureOr<Tensor *> input = getInput(0);
  if (failed(input))
    return failure();
  FailureOr<DenseElementsAttr> scale = getConstantInput(1, "scale");
  if (failed(scale))
    return failure();
  return QuantizerInputs{*input, *scale};
}

/// Quant(x, scale, zeropt, bitwidth; signed, narrow, rounding_mode).
LogicalResult Importer::importQuant() {
  FailureOr<QuantizerInputs> inputs =
      checkNodeAndGetQuantizerInputs({"narrow", "rounding_mode", "signed"});
  if (failed(inputs))
    return failure();
  auto [input, scale] = *inputs;
  FailureOr<DenseElementsAttr> zeroPoint = getConstantInput(2, "zero point");
  if (failed(zeroPoint))
    return failure();
  FailureOr<double> bitwidth = getScalarInput(3, "bitwidth");
  if (failed(bitwidth))
    return failure();
  if (!(*bitwidth >= 1 && *bitwidth <= 32 &&
        *bitwidth == std::floor(*bitwidth))) {
    return error() << "the bitwidth must be an integer in [1, 32], got "
                   << formatNumber(*bitwidth);
  }
  FailureOr<int64_t> isSigned = getInt("signed", 1);
  FailureOr<int64_t> narrow = getInt("narrow", 0);
  FailureOr<std::string> roundingMode = getString("rounding_mode", "ROUND");
  if (failed(isSigned) || failed(narrow) || failed(roundingMode))
    return failure();
  FailureOr<RoundingMode> mode = parseRoundingMode(*roundingMode);
  if (failed(mode))
    return failure();
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
  if (bits > 8) {
    if (!input->isConstant())
      return error() << "quantizes activations to " << bits
                     << " bits; at most 8 are supported (wider Quant nodes "
                        "are supported on constants such as biases)";
    return foldWideQuant(*input, bits, encoding, scale, *zeroPoint, *mode,
                         *narrow && encoding == Encoding::Signed);
  }
  return buildQuantizer(*input, bits, encoding, scale, *zeroPoint, *mode,
                        *narrow && encoding == Encoding::Signed);
}

/// A Quant of more than 8 bits of a constant (a 16- or 32-bit bias) is
/// evaluated at import, in f32 as qonnx's executor does:
/// (clamp(round(x / s + z), qmin, qmax) - z) * s.
LogicalResult Importer::foldWideQuant(Tensor &input, unsigned bits,
                                      Encoding encoding,
                                      DenseElementsAttr scale,
                                      DenseElementsAttr zeroPoint,
                                      RoundingMode mode, bool narrow) {
  if (!isF32(input.constant))
    return error() << "the quantized constant '" << input.name
                   << "' must be float32";
  if (!broadcastShapes(scale.getType().getShape(), input.shape) ||
      !broadcastShapes(zeroPoint.getType().getShape(), input.shape))
    return error() << "the scale or zero point does not broadcast to the "
                      "input "
                   << formatShape(input.shape);
  SmallVector<float> values = getFloats(input.constant);
  SmallVector<float> scales = getFloats(broadcastTo(scale, input.shape));
  SmallVector<float> zeros = getFloats(broadcastTo(zeroPoint, input.shape));
  double high = encoding == Encoding::Signed ? std::ldexp(1.0, bits - 1) - 1
                                             : std::ldexp(1.0, bits) - 1;
  double low = encoding == Encoding::Signed
                   ? -std::ldexp(1.0, bits - 1) + (narrow ? 1 : 0)
                   : 0.0;
  for (auto [index, value] : llvm::enumerate(values)) {
    if (!(std::isfinite(scales[index]) && scales[index] > 0))
      return error() << "the scale must be positive and finite, got "
                     << formatNumber(scales[index]);
    float code = QuantType::round(value / scales[index] + zeros[index], mode);
    code = static_cast<float>(std::clamp<double>(code, low, high));
    value = (code - zeros[index]) * scales[index];
  }
  Tensor result;
  result.shape = input.shape;
  result.constant = getF32Attr(input.shape, values, context);
  defineOutput(std::move(result));
  return success();
}

/// BipolarQuant(x, scale): y = (x >= 0 ? +1 : -1) * scale.
LogicalResult Importer::importBipolarQuant() {
  FailureOr<QuantizerInputs> inputs = checkNodeAndGetQuantizerInputs({});
  if (failed(inputs))
    return failure();
  auto [input, scale] = *inputs;
  // A sign of what is never negative is the constant +1: Brevitas 0.13
  // exports an unsigned 1-bit QuantReLU (codes 0 and 1 in its PyTorch
  // forward) as exactly this, so the model no longer computes what it was
  // trained to. Compiled as written, with a warning.
  if (input->value && input->value.getDefiningOp<ReluOp>())
    warning() << "BipolarQuant of a Relu's output: every code is +1 (Brevitas "
                 "exports an unsigned 1-bit QuantReLU this way, unlike its "
                 "PyTorch forward; use 2 bits or a signed 1-bit activation)";
  return buildQuantizer(*input, 1, Encoding::Bipolar, scale,
                        DenseElementsAttr(), RoundingMode::Round,
                        /*narrow=*/false);
}

/// Trunc(x, scale, zeropt, in_bitwidth, out_bitwidth; rounding_mode), QONNX
/// version 1, or Trunc(x, scale, zeropt, in_bitwidth, out_scale,
/// out_bitwidth; rounding_mode, signed, narrow), version 2, as qonnx 1.0.0
/// executes them: the codes of x on its grid (scale, zeropt) lose their low
/// bits. Version 2 clamps to the output bits and rescales by out_scale with
/// the zero point divided alike; version 1 keeps the input scale and zero
/// point and does not clamp. For an input within its in_bitwidth codes,
/// version 1's codes lie in [-2^out_bitwidth, 2^out_bitwidth] (rounding may
/// reach the bound), which out_bitwidth + 2 signed bits hold: qnn keeps them
/// so, clamped there.
LogicalResult Importer::importTrunc() {
  bool version2 = node->input_size() >= 6;
  FailureOr<Tensor *> input = checkNodeAndGetInput(version2 ? ArrayRef<StringRef>{"rounding_mode", "signed",
                                                      "narrow"}
                                : ArrayRef<StringRef>{"rounding_mode"});
  if (failed(input))
    return failure();
  FailureOr<double> scale = getScalarInput(1, "scale");
  FailureOr<double> zeroPoint = getScalarInput(2, "zero point");
  FailureOr<double> inputBits = getScalarInput(3, "input bitwidth");
  if (failed(scale) || failed(zeroPoint) || failed(inputBits))
    return failure();
  FailureOr<double> outputScale =
      version2 ? getScalarInput(4, "output scale") : FailureOr<double>(*scale);
  FailureOr<double> outputBits =
      getScalarInput(version2 ? 5 : 4, "output bitwidth");
  FailureOr<std::string> roundingMode = getString("rounding_mode", "FLOOR");
  FailureOr<int64_t> isSigned = getInt("signed", 1);
  FailureOr<int64_t> narrow = getInt("narrow", 0);
  if (failed(outputScale) || failed(outputBits) || failed(roundingMode) ||
      failed(isSigned) || failed(narrow))
    return failure();
  FailureOr<RoundingMode> mode = parseRoundingMode(*roundingMode);
  if (failed(mode))
    return failure();
  auto isBitwidth = [](double bits) {
    return bits >= 1 && bits <= 32 && bits == std::floor(bits);
  };
  if (!isBitwidth(*inputBits) || !isBitwidth(*outputBits))
    return error() << "the bitwidths must be integers in [1, 32], got "
                   << formatNumber(*inputBits) << " and "
                   << formatNumber(*outputBits);
  if (!(*scale > 0 && std::isfinite(*scale) && *outputScale > 0 &&
        std::isfinite(*outputScale)))
    return error() << "the scales must be positive and finite";
  // Version 2 rounds log2(out_scale / scale) to the power of two it must be;
  // version 1 drops in_bitwidth - out_bitwidth bits.
  double shift = version2 ? std::round(std::log2(*outputScale / *scale))
                          : *inputBits - *outputBits;
  if (shift < 0 || shift > 30)
    return error() << "drops " << formatNumber(shift)
                   << " bits; only 0 to 30 are supported";
  unsigned bits = static_cast<unsigned>(*outputBits);
  Encoding encoding = *isSigned ? Encoding::Signed : Encoding::Unsigned;
  double codeZeroPoint = *zeroPoint / std::ldexp(1.0, int(shift));
  if (!version2) {
    bits += 2;
    encoding = Encoding::Signed;
    codeZeroPoint = *zeroPoint;
  }
  if (bits > 8)
    return error() << "truncates to codes of " << bits
                   << " bits; at most 8 are supported"
                   << (version2 ? "" : " (version 1 keeps out_bitwidth + 2)");
  if (*narrow)
    return error() << "narrow = 1 is not supported";
  FailureOr<Value> inputValue = toOperand(**input);
  if (failed(inputValue))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  QuantType type =
      QuantType::getChecked([&] { return error(); }, context, bits, encoding,
                            QuantType::kPerTensor,
                            DenseF64ArrayAttr::get(context, {*outputScale}),
                            DenseF64ArrayAttr::get(context, {codeZeroPoint}));
  if (!type)
    return failure();
  Location loc = getNodeLoc();
  Value codes = builder.create<TruncOp>(
      loc, RankedTensorType::get(shape, type), *inputValue,
      builder.getF64FloatAttr(*scale), builder.getF64FloatAttr(*zeroPoint),
      builder.getI64IntegerAttr(static_cast<int64_t>(shift)),
      RoundingModeAttr::get(context, *mode));
  defineOutput(builder.create<DequantizeOp>(
      loc, getF32TensorType(shape, context), codes));
  return success();
}

Tensor Importer::transposeFakeQuantized(const FakeQuantizedConstant &fake) {
  QuantType type = fake.type;
  if (!type.isPerTensor())
    type = QuantType::get(context, type.getBits(), type.getEncoding(),
                          1 - type.getAxis(), type.getScales(),
                          type.getZeroPoints());
  DenseElementsAttr source = transpose2D(fake.source);
  ArrayRef<int64_t> shape = source.getType().getShape();
  Value constant = createConstant(source, fake.loc);
  Value quantized =
      builder.create<QuantizeOp>(fake.loc, RankedTensorType::get(shape, type),
                                 constant, fake.roundingMode, fake.narrow);
  Tensor result;
  result.shape.assign(shape.begin(), shape.end());
  result.value = builder.create<DequantizeOp>(
      fake.loc, getF32TensorType(shape, context), quantized);
  result.fakeQuantized =
      FakeQuantizedConstant{source, type, fake.roundingMode, fake.narrow, fake.loc};
  return result;
}

void Importer::buildQuantizedLayers(ModuleOp module, func::FuncOp function) {
  bool quantized = false;
  function.walk([&](Operation *op) {
    quantized |= isa<QuantizeOp, TruncOp>(op);
  });
  if (!quantized)
    return;
  module->setAttr(QNNDialect::kQuantizedModelAttrName, builder.getUnitAttr());
  // Weights to codes (as QuantizeOp's folder computes them), keeping the
  // Quant node's location for diagnostics on weights.
  function.walk([&](QuantizeOp quantize) {
    Attribute values;
    if (!matchPattern(quantize.getInput(), m_Constant(&values)))
      return;
    OpFoldResult codes = quantize.fold(
        QuantizeOp::FoldAdaptor(ArrayRef<Attribute>{values}, quantize));
    auto attr = dyn_cast_if_present<Attribute>(codes);
    if (!attr)
      return;
    OpBuilder at(quantize);
    Value constant =
        at.create<qnn::ConstantOp>(quantize.getLoc(), quantize.getType(),
                                   cast<DenseIntElementsAttr>(attr));
    quantize.replaceAllUsesWith(constant);
    quantize.erase();
  });
  // In program order, so that codes move through a max pool or a flatten
  // before the layer after them is fused.
  SmallVector<Operation *> ops;
  function.walk([&](Operation *op) { ops.push_back(op); });
  IRRewriter rewriter(context);
  for (Operation *op : ops)
    if (!moveDequantizeAfter(rewriter, op))
      (void)fuseQuantizedLayer(rewriter, op);
}
