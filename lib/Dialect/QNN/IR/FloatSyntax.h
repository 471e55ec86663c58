//===- FloatSyntax.h - printing reals so that they parse back ---*- C++ -*-===//
//
// Scales, zero points and separability values are doubles; they print in the
// shortest decimal form that parses back to the same double.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_DIALECT_QNN_IR_FLOATSYNTAX_H
#define QNN_LIB_DIALECT_QNN_IR_FLOATSYNTAX_H

#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>

namespace mlir::qnn::syntax {

/// Prints `value` with the fewest significant digits that round-trip, always
/// with a '.' or exponent so that MLIR's parser reads it as a float.
inline void printRoundTripDouble(llvm::raw_ostream &os, double value) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  llvm::StringRef text(buffer);
  if (text.find_first_of(".n") != llvm::StringRef::npos) { // 'n': inf, nan
    os << text;
    return;
  }
  // MLIR's lexer reads a number without '.' as an integer, even with an
  // exponent ("1e-05"): insert ".0" before the exponent, if any.
  size_t exponent = text.find_first_of("eE");
  os << text.substr(0, exponent) << ".0" << text.substr(exponent);
}

} // namespace mlir::qnn::syntax

#endif // QNN_LIB_DIALECT_QNN_IR_FLOATSYNTAX_H
