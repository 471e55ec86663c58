//===- Format.h - lists of integers in diagnostics ---------------*- C++
//-*-===//
//
// The one spelling of a list of integers in qnn's messages.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_FORMAT_H
#define QNN_SUPPORT_FORMAT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::qnn {

/// `values` joined by `separator`: `formatInts({2, 3}, "x")` is "2x3".
inline std::string formatInts(llvm::ArrayRef<int64_t> values,
                              llvm::StringRef separator) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(values, os, separator);
  return text;
}

} // namespace mlir::qnn

#endif // QNN_SUPPORT_FORMAT_H
