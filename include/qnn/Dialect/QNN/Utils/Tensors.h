//===- Tensors.h - tensor-level builders shared by the lowerings -*- C++ -*-===//
//
// Padding and reshaping of tensors, for the lowerings of float values
// (convert-qnn-graph-to-linalg) and of codes
// (convert-qnn-quantized-to-kernels) alike.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_TENSORS_H
#define QNN_DIALECT_QNN_UTILS_TENSORS_H

#include "mlir/IR/Builders.h"

namespace mlir::qnn {

/// `input` (N x C x H x W) padded by `padding` (top, left, bottom, right)
/// with the scalar `value`, of the input's element type; `input` itself
/// when nothing is padded.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> padding, Value value);

/// `input` reinterpreted row-major as `resultType` (same element count), by
/// collapsing it to 1-D and expanding that again.
Value reshapeTo(OpBuilder &b, Location loc, Value input,
                RankedTensorType resultType);

/// `input` with its dimensions permuted (dimension i of the result is
/// `permutation[i]` of the input), by linalg.transpose.
Value transposeTensor(OpBuilder &b, Location loc, Value input,
                      ArrayRef<int64_t> permutation);

/// `inputs` joined along `axis` into a tensor of `resultType`: each one
/// inserted at its offset into an empty tensor (what tensor.concat
/// decomposes into).
Value concatTensors(OpBuilder &b, Location loc, ValueRange inputs,
                    RankedTensorType resultType, int64_t axis);

/// `input` padded by `low` and `high` elements per dimension with the scalar
/// `value`, of the input's element type.
Value padTensor(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, Value value);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_TENSORS_H
