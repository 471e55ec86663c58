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
  if (!perChannel)
    return parseOne();
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseOne);
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
    if (parser.parseEqual() || parser.parseInteger(axis) || parser.parseComma())
      return {};
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
  if (llvm::any_of(getZeroPoints().asArrayRef(),
                   [](double zeroPoint) { return zeroPoint != 0; })) {
    printer << ", zero_point = ";
    printRealList(printer, getZeroPoints().asArrayRef(), perChannel);
  }
  printer << ">";
}
