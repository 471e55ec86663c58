//===- Rounding.h - QONNX rounding modes as math ops ------------*- C++ -*-===//
//
// The one place that maps a qnn rounding mode to the upstream op computing
// it, shared by every lowering that quantizes at run time.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_ROUNDING_H
#define QNN_DIALECT_QNN_UTILS_ROUNDING_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"

namespace mlir::qnn {

/// Rounds `value` (a float scalar or vector) as `mode` says: `round` is half
/// to even (math.roundeven), the others math.ceil, math.floor, math.trunc.
Value createRounding(OpBuilder &b, Location loc, Value value,
                     RoundingMode mode);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_ROUNDING_H
