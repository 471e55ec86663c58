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

/// `conv` (ungrouped) as windows in columns (a copy of the padded input,
/// none for a 1x1 convolution with unit strides and no padding), one
/// qnn.fma_matmul with its bias and the clamp [clampMin, clampMax] fused,
/// and a reshape of its N x O x (OH OW) result to NCHW. A non-null
/// `residual` (of the convolution's type) is added before the clamp.
Value emitFmaConvolution(OpBuilder &b, Conv2DOp conv, FmaISA isa,
                         Value residual, std::optional<float> clampMin,
                         std::optional<float> clampMax);

/// Lowers every f32_fma convolution of `root` to emitFmaConvolution, fusing
/// an add that is the convolution's only user (as the residual) and a ReLU
/// or Clip after it.
void lowerFmaConvolutions(Operation *root);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_GRAPHTOLINALG_FMACONVOLUTION_H
