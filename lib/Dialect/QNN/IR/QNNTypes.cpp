//===- QNNTypes.cpp - qnn types ---------------------------------*- C++ -*-===//
//
// The quantized element type: syntax, invariants and code ranges.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "FloatSyntax.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

#define GET_TYPEDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNTypes.cpp.inc"

void QNNDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "qnn/Dialect/QNN/IR/QNNTypes.cpp.inc"
      >();
}

bool QuantType::isUniformWithinGroups(int64_t groups) const {
  int64_t channels = getNumChannels();
  if (isPerTensor())
    return true;
  if (groups <= 0 || channels % groups != 0)
    return false;
  int64_t size = channels / groups;
  for (int64_t c = 0; c < channels; ++c)
    if (getScales()[c] != getScales()[c - c % size] ||
        getZeroPoints()[c] != getZeroPoints()[c - c % size])
      return false;
  return true;
}

QuantType QuantType::getChannelType(int64_t channel) const {
  if (isPerTensor())
    return *this;
  return getPerTensor(getContext(), getBits(), getEncoding(),
                      getScales()[channel], getZeroPoints()[channel]);
}

QuantType QuantType::getPerTensor(MLIRContext *context, unsigned bits,
                                  Encoding encoding, double scale,
                                  double zeroPoint) {
  return get(context, bits, encoding, kPerTensor,
             DenseF64ArrayAttr::get(context, {scale}),
             DenseF64ArrayAttr::get(context, {zeroPoint}));
}

int64_t QuantType::getCodeMin() const {
  switch (getEncoding()) {
  case Encoding::Unsigned:
    return 0;
  case Encoding::Signed:
    return -(int64_t(1) << (getBits() - 1));
  case Encoding::Bipolar:
    return -1;
  }
  llvm_unreachable("unknown encoding");
}

int64_t QuantType::getCodeMax() const {
  switch (getEncoding()) {
  case Encoding::Unsigned:
    return (int64_t(1) << getBits()) - 1;
  case Encoding::Signed:
    return (int64_t(1) << (getBits() - 1)) - 1;
  case Encoding::Bipolar:
    return 1;
  }
  llvm_unreachable("unknown encoding");
}

float QuantType::round(float value, RoundingMode mode) {
  switch (mode) {
  case RoundingMode::Round:
    return std::nearbyint(value); // Half to even in the default mode.
  case RoundingMode::Ceil:
    return std::ceil(value);
  case RoundingMode::Floor:
    return std::floor(value);
  case RoundingMode::RoundToZero:
    return std::trunc(value);
  }
  llvm_unreachable("unknown rounding mode");
}

int64_t QuantType::quantize(float x, int64_t channel, RoundingMode mode,
                             bool narrow) const {
  if (isBipolar())
    return x >= 0 ? 1 : -1;
  float scale = static_cast<float>(getScales()[channel]);
  float zeroPoint = static_cast<float>(getZeroPoints()[channel]);
  float rounded = round(x / scale + zeroPoint, mode);
  if (std::isnan(rounded))
    rounded = 0; // No code stands for NaN; pick one deterministically.
  float low = static_cast<float>(getCodeMin() + (narrow ? 1 : 0));
  float high = static_cast<float>(getCodeMax());
  return static_cast<int64_t>(std::min(std::max(rounded, low), high));
}

LogicalResult QuantType::verify(function_ref<InFlightDiagnostic()> emitError,
                                unsigned bits, Encoding encoding, int64_t axis,
                                DenseF64ArrayAttr scales,
                                DenseF64ArrayAttr zeroPoints) {
  if (bits < 1 || bits > 8)
    return emitError() << "bitwidth must be in [1, 8], got " << bits;
  if (encoding == Encoding::Bipolar && bits != 1)
    return emitError() << "a bipolar code has 1 bit, got " << bits;
  if (encoding == Encoding::Signed && bits < 2)
    return emitError() << "a signed code needs at least 2 bits";
  if (!scales || !zeroPoints || scales.empty())
    return emitError() << "needs at least one scale";
  if (scales.size() != zeroPoints.size())
    return emitError() << "has " << scales.size() << " scales but "
                       << zeroPoints.size() << " zero points";
  if (axis == kPerTensor) {
    if (scales.size() != 1)
      return emitError() << "a per-tensor type has one scale, got "
                         << scales.size() << " (give 'axis' for per-channel)";
  } else if (axis < 0) {
    return emitError() << "axis must be non-negative, got " << axis;
  }
  for (double scale : scales.asArrayRef())
    if (!std::isfinite(scale) || scale <= 0)
      return emitError() << "scale must be positive and finite, got " << scale;
  for (double zeroPoint : zeroPoints.asArrayRef()) {
    if (!std::isfinite(zeroPoint))
      return emitError() << "zero point must be finite, got " << zeroPoint;
    if (encoding == Encoding::Bipolar && zeroPoint != 0)
      return emitError() << "a bipolar code has zero point 0, got "
                         << zeroPoint;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Syntax: !qnn.quant<u4, [axis = 0,] scale = S, [zero_point = Z]>
// where S and Z are a number (per tensor) or a list of numbers (per channel).
//===----------------------------------------------------------------------===//

static ParseResult parseRealList(AsmParser &parser, bool perChannel,
                                 SmallVectorImpl<double> &values) {
  auto parseOne = [&]() -> ParseResult {
    return parser.parseFloat(values.emplace_back());
  };
  if (perChannel)
    return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                          parseOne);
  // A list without 'axis' is parsed too, so that the verifier can say that a
  // per-tensor type has one scale instead of reporting a syntax error.
  if (failed(parser.parseOptionalLSquare()))
    return parseOne();
  return failure(parser.parseCommaSeparatedList(parseOne) ||
                 parser.parseRSquare());
}

static void printRealList(AsmPrinter &printer, ArrayRef<double> values,
                          bool perChannel) {
  if (perChannel)
    printer << "[";
  llvm::interleaveComma(values, printer.getStream(), [&](double value) {
    syntax::printRoundTripDouble(printer.getStream(), value);
  });
  if (perChannel)
    printer << "]";
}

static char encodingLetter(Encoding encoding) {
  switch (encoding) {
  case Encoding::Unsigned:
    return 'u';
  case Encoding::Signed:
    return 's';
  case Encoding::Bipolar:
    return 'b';
  }
  llvm_unreachable("unknown encoding");
}

Type QuantType::parse(AsmParser &parser) {
  SMLoc codeLoc = parser.getCurrentLocation();
  StringRef code;
  if (parser.parseLess() || parser.parseKeyword(&code))
    return {};
  Encoding encoding;
  unsigned bits = 0;
  if (code.size() < 2 || code.drop_front().getAsInteger(10, bits)) {
    parser.emitError(codeLoc)
        << "expected a code such as 'u4', 's8' or 'b1', got '" << code << "'";
    return {};
  }
  switch (code.front()) {
  case 'u':
    encoding = Encoding::Unsigned;
    break;
  case 's':
    encoding = Encoding::Signed;
    break;
  case 'b':
    encoding = Encoding::Bipolar;
    break;
  default:
    parser.emitError(codeLoc) << "code must start with 'u' (unsigned), "
                                 "'s' (signed) or 'b' (bipolar), got '"
                              << code << "'";
    return {};
  }

  int64_t axis = kPerTensor;
  if (parser.parseComma())
    return {};
  if (succeeded(parser.parseOptionalKeyword("axis"))) {
    SMLoc axisLoc;
    if (parser.parseEqual() || parser.getCurrentLocation(&axisLoc) ||
        parser.parseInteger(axis) || parser.parseComma())
      return {};
    // -1 is the per-tensor sentinel: the verifier cannot tell an explicit
    // 'axis = -1' from no axis.
    if (axis == kPerTensor) {
      parser.emitError(axisLoc)
          << "axis must be non-negative, got " << kPerTensor;
      return {};
    }
  }
  bool perChannel = axis != kPerTensor;
  SmallVector<double> scales, zeroPoints;
  if (parser.parseKeyword("scale") || parser.parseEqual() ||
      parseRealList(parser, perChannel, scales))
    return {};
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("zero_point") || parser.parseEqual() ||
        parseRealList(parser, perChannel, zeroPoints))
      return {};
  } else {
    zeroPoints.assign(scales.size(), 0.0);
  }
  if (parser.parseGreater())
    return {};
  MLIRContext *context = parser.getContext();
  return parser.getChecked<QuantType>(
      context, bits, encoding, axis, DenseF64ArrayAttr::get(context, scales),
      DenseF64ArrayAttr::get(context, zeroPoints));
}

void QuantType::print(AsmPrinter &printer) const {
  bool perChannel = !isPerTensor();
  printer << "<" << encodingLetter(getEncoding()) << getBits() << ", ";
  if (perChannel)
    printer << "axis = " << getAxis() << ", ";
  printer << "scale = ";
  printRealList(printer, getScales().asArrayRef(), perChannel);
  // -0.0 is a distinct parameter value: print it, or two distinct types
  // would print alike.
  if (llvm::any_of(getZeroPoints().asArrayRef(), [](double zeroPoint) {
        return zeroPoint != 0 || std::signbit(zeroPoint);
      })) {
    printer << ", zero_point = ";
    printRealList(printer, getZeroPoints().asArrayRef(), perChannel);
  }
  printer << ">";
}
