//===- Requantize.h - a quantized layer's epilogue to codes -----*- C++ -*-===//
//
// What convert-qnn-quantized-to-kernels emits after a layer's sums: the
// float value of each output (ChannelEpilogue), and, for a layer whose
// result is codes (qnn-fuse-requantization), those codes, by thresholds
// found at compile time where they apply, else by quantizing the value.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_REQUANTIZE_H
#define QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_REQUANTIZE_H

#include "qnn/Dialect/QNN/Utils/Requantization.h"

namespace mlir::qnn::quantized_lowering {

/// The exact sums a thresholds epilogue compares: every sum is `n * step`
/// with |n| <= `bound`; iN sums have step 1.
struct SumGrid {
  double step = 1.0;
  uint64_t bound = 0;
};

/// The i8 codes of the per-tensor `type` of the exact `sums` (i32, or f32
/// on `grid`), whose dimension `channelDim` is the output channel with
/// epilogue `channels[o]`: a linalg.generic that adds up, per code level
/// above the lowest, whether the sum reaches that level's threshold
/// (computed here by evaluating each channel's epilogue and the
/// quantization exactly as at run time), each threshold an O-element
/// constant. Null when thresholds do not apply: more than
/// kMaxThresholdLevels codes, or sums that may not be exact in the
/// thresholds' type.
Value emitThresholdCodes(OpBuilder &b, Location loc, Value sums,
                         int64_t channelDim, ArrayRef<ChannelEpilogue> channels,
                         QuantType type, SumGrid grid);

/// The i8 codes of the f32 tensor `input` quantized as `type` (per tensor,
/// or per channel along its axis) with `rounding` and `narrow`, as
/// qnn.quantize does, by comparing with each level's smallest float (found
/// at compile time over every float in order; NaN gets its code too).
/// Null for types of more than kMaxThresholdLevels codes.
Value emitQuantizeByThresholds(OpBuilder &b, Location loc, Value input,
                               QuantType type, RoundingMode rounding,
                               bool narrow);

/// The stored i8 code of the f32 `value` quantized as `type` with `scale`
/// and `zeroPoint` (f32 scalars) and `rounding`: createQuantizedCode (with
/// its `reciprocal` and `finite`), stored.
Value storeQuantizedCode(OpBuilder &b, Location loc, Value value, Value scale,
                         Value zeroPoint, QuantType type, RoundingMode rounding,
                         bool narrow, Value reciprocal = Value(),
                         bool finite = false);

/// The f32 constant to multiply by instead of dividing by the scale of the
/// per-tensor `type` where that gives every float the same code
/// (findExactReciprocal); null otherwise.
Value getExactReciprocal(OpBuilder &b, Location loc, QuantType type,
                         RoundingMode rounding, bool narrow);

/// The stored i8 code of the f32 `value` under the per-tensor result type of
/// a requantized layer (default rounding, not narrow), `value` being the
/// (never NaN) value of exact sums.
Value storeResultCode(OpBuilder &b, Location loc, Value value, QuantType type);

} // namespace mlir::qnn::quantized_lowering

#endif // QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_REQUANTIZE_H
