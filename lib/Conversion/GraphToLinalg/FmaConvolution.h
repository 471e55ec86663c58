//===- FmaConvolution.h - float convolutions on qnn.fma_matmul --*- C++ -*-===//
//
// The part of convert-qnn-graph-to-linalg that lowers a qnn.conv2d whose
// kernel is f32_fma, with a following ReLU or Clip fused.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_GRAPHTOLINALG_FMACONVOLUTION_H
#define QNN_LIB_CONVERSION_GRAPHTOLINALG_FMACONVOLUTION_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"

#include <optional>

namespace mlir::qnn {

/// The FMA vectors of `conv`'s f32_fma kernel, or none when it has another
/// kernel or none.
FmaISA getFmaKernel(Conv2DOp conv);

/// The constant weights (O x C x KH x KW) of a convolution as a constant of
/// `type`, weight [o][c][kh][kw] at flat index `at(o, c, kh, kw)` and zero
/// where none lands; null when `weight` is not a constant.
Value reorderConstantWeights(
    OpBuilder &b, Location loc, Value weight, RankedTensorType type,
    function_ref<int64_t(int64_t o, int64_t c, int64_t kh, int64_t kw)> at);

/// The weights of an ungrouped convolution (O x C x KH x KW) as a K x O
/// matrix, K in the channels-last window order of qnn.im2col (kh, kw, c):
/// reordered at compile time when they are a constant, else by a
/// linalg.transpose.
Value windowMajorWeights(OpBuilder &b, Location loc, Value weight);

/// The windows of `conv` over its NCHW `input` as a qnn.im2col of
/// (N OH OW) x K rows (the linalg GEMM's; f32_fma reads them in place).
Value windowRows(OpBuilder &b, Conv2DOp conv, Value input);

/// `conv` (ungrouped) as one qnn.fma_matmul with its bias and the clamp
/// [clampMin, clampMax] fused, in its kernel's layout: nhwc, windows as rows
/// times the K x O weights (the 1x1 stride-1 case reads the input itself),
/// between transposes to NHWC and back; nchw, the O x K weights times the
/// windows as columns (a copy of the padded input, none for a 1x1
/// convolution with unit strides and no padding), reshaped to NCHW. A
/// non-null `residual` (of the convolution's type) is added before the
/// clamp.
Value emitFmaConvolution(OpBuilder &b, Conv2DOp conv, FmaISA isa,
                         Value residual, std::optional<float> clampMin,
                         std::optional<float> clampMax);

/// Lowers every f32_fma convolution of `root` to emitFmaConvolution, fusing
/// an add that is the convolution's only user (as the residual) and a ReLU
/// or Clip after it.
void lowerFmaConvolutions(Operation *root);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_GRAPHTOLINALG_FMACONVOLUTION_H
