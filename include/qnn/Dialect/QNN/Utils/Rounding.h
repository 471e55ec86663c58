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

namespace mlir {
class OperationFolder;
} // namespace mlir

namespace mlir::qnn {

/// Rounds `value` (a float scalar or vector) as `mode` says: `round` is half
/// to even (math.roundeven), the others math.ceil, math.floor, math.trunc.
Value createRounding(OpBuilder &b, Location loc, Value value,
                     RoundingMode mode);

/// The code of `value` (an f32 scalar or vector) under the per-tensor,
/// non-bipolar `type`, as an f32 holding an integer: in f32,
/// clamp(round(value / scale + zero_point), qmin, qmax), qmin raised by one
/// when `narrow`. No code stands for NaN: like QuantType::quantize
/// (compile-time packing), NaN becomes 0 before the clamp. The one
/// definition `qnn.pack_bits` and the code GEMMs share, so that both paths
/// give the same codes. With `folder`, constants are made (and deduplicated)
/// at the top of the enclosing region, out of loops.
Value createQuantizedCode(OpBuilder &b, Location loc, Value value,
                          QuantType type, RoundingMode mode, bool narrow,
                          OperationFolder *folder = nullptr);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_ROUNDING_H
