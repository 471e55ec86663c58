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

/// The code of `value` (an f32 scalar) under `type`, as an f32 holding an
/// integer, with `scale` and `zeroPoint` f32 scalars (one channel's, for a
/// per-channel type): in f32, clamp(round(value / scale + zero_point), qmin,
/// qmax), qmin raised by one when `narrow`; for a bipolar type,
/// `value >= 0 ? +1 : -1`. No code stands for NaN: like QuantType::quantize
/// (the compile-time folder), NaN becomes 0 before the clamp (-1 when
/// bipolar). The one definition of run-time quantization: `qnn.quantize`
/// lowers to it.
///
/// With a `reciprocal` (an f32 scalar) the value is multiplied by it instead
/// of divided by `scale`: only where findExactReciprocal showed that every
/// float gets the same code. `finite` says that `value` is never NaN (an
/// epilogue's value of exact sums): the NaN select goes, and the clamp is
/// `nnan` (a plain vmaxps / vminps).
Value createQuantizedCode(OpBuilder &b, Location loc, Value value, Value scale,
                          Value zeroPoint, QuantType type, RoundingMode mode,
                          bool narrow, Value reciprocal = Value(),
                          bool finite = false);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_ROUNDING_H
