//===- QNNAttrs.cpp - qnn attributes ----------------------------*- C++ -*-===//
//
// Verifiers and custom syntax of the qnn attributes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include "FloatSyntax.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"

void QNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"
      >();
}

LogicalResult
BitwidthAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                     unsigned weight, unsigned activation) {
  if (weight < 1 || weight > 8)
    return emitError() << "weight bitwidth must be in [1, 8], got " << weight;
  if (activation < 1 || activation > 8)
    return emitError() << "activation bitwidth must be in [1, 8], got "
                       << activation;
  return success();
}

LogicalResult
SeparabilityAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         StringAttr measure, FloatAttr value) {
  if (!measure || measure.getValue().empty())
    return emitError() << "separability needs a measure name";
  double v = value.getValueAsDouble();
  if (!std::isfinite(v) || v < 0)
    return emitError() << "separability must be finite and non-negative, got "
                       << v;
  return success();
}

// #qnn.separability<fisher = 1.75>
Attribute SeparabilityAttr::parse(AsmParser &parser, Type) {
  std::string measure;
  double value = 0;
  if (parser.parseLess() || parser.parseKeywordOrString(&measure) ||
      parser.parseEqual() || parser.parseFloat(value) ||
      parser.parseGreater())
    return {};
  MLIRContext *context = parser.getContext();
  return parser.getChecked<SeparabilityAttr>(
      context, StringAttr::get(context, measure),
      FloatAttr::get(Float64Type::get(context), value));
}

void SeparabilityAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printer.printKeywordOrString(getMeasure().getValue());
  printer << " = ";
  syntax::printRoundTripDouble(printer.getStream(), getValueAsDouble());
  printer << ">";
}
