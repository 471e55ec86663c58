//===- Requantization.h - a quantized layer's sums to codes -----*- C++ -*-===//
//
// The epilogue of a quantized layer computes, per output channel, a float
// value from the exact sum of its code products. When the layer's result is
// codes (qnn-fuse-requantization), that value is quantized at once; for
// results of few bits the lowering instead compares the sum against
// thresholds found here at compile time, by evaluating the same arithmetic
// the run-time epilogue performs (FINN's MultiThreshold, computed exactly).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_REQUANTIZATION_H
#define QNN_DIALECT_QNN_UTILS_REQUANTIZATION_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace mlir::qnn {

/// One output channel's epilogue: the value of an exact sum `s` of code
/// products is `f32(((f64(s) * scale) + offset) + f64(bias))`, in f64 so
/// that large sums keep every bit; `offset` and `bias` are left out when
/// absent.
struct ChannelEpilogue {
  double scale = 1.0;
  std::optional<double> offset;
  std::optional<float> bias;

  /// The value of `sum`, operation by operation as emitValue computes it at
  /// run time (the project builds with -ffp-contract=off, so no FMA merges
  /// the multiply and the add).
  float evaluate(double sum) const;
};

/// The IR of ChannelEpilogue::evaluate: `sum` is f64, `scale` and `offset`
/// (null when absent) f64, `bias` (null when absent) f32; returns f32.
Value emitEpilogueValue(OpBuilder &b, Location loc, Value sum, Value scale,
                        Value offset, Value bias);

/// The most levels (distinct codes) a thresholds epilogue compares for:
/// 2-bit codes. Each threshold costs a load, a compare and an add per
/// vector (and, as LLVM vectorizes it on AVX2, two packs to bytes), about a
/// quarter of the arithmetic form's f64 scaling, division, rounding and
/// clamping; so 3 thresholds still win and the 15 of 4-bit codes lose
/// (MobileNet W4A4 on AVX2: 10.8 ms arithmetic, 14.1 ms by thresholds).
/// Wider codes are quantized arithmetically.
constexpr int64_t kMaxThresholdLevels = 4;

/// For a non-decreasing `code` of the integers `lowest <= n <= highest`:
/// per level in `levels` (ascending codes), the smallest n whose code
/// reaches the level, `lowest` when every n does and `highest + 1` when
/// none does. Then `code(n) = max(code(lowest), the highest level whose
/// threshold n reaches)` for every such n. Evaluates `code`
/// O(levels x log(highest - lowest)) times.
SmallVector<int64_t> findThresholds(function_ref<int64_t(int64_t)> code,
                                    ArrayRef<int64_t> levels, int64_t lowest,
                                    int64_t highest);

/// The float at position `n` in the order of the non-NaN f32 values, -inf at
/// -0x7f800000 to +inf at 0x7f800000 (0 is +0.0): a monotonic walk over
/// every float for findThresholds.
float getOrderedFloat(int64_t n);
constexpr int64_t kOrderedFloatInfinity = 0x7f800000;

/// An f32 `r` such that `round(x * r + z)`, clamped, is channel `channel`'s
/// code of `type` for every float x, as `round(x / scale + z)` is
/// (QuantType::quantize with `mode` and `narrow`): found by comparing the
/// thresholds of both over every float, for 1 / scale and its neighbours.
/// None when no candidate matches (or for bipolar codes, which divide by
/// nothing).
std::optional<float> findExactReciprocal(QuantType type, int64_t channel,
                                         RoundingMode mode, bool narrow);

/// The codes of `type` in ascending order (-1 and +1 when bipolar).
SmallVector<int64_t> getCodeLevels(QuantType type);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_REQUANTIZATION_H
