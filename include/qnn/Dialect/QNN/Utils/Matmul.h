//===- Matmul.h - GEMMs whose loops vectorize -------------------*- C++ -*-===//
//
// The matrix product the float and code-GEMM lowerings share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_MATMUL_H
#define QNN_DIALECT_QNN_UTILS_MATMUL_H

#include "mlir/IR/Builders.h"

namespace mlir::qnn {

/// `init + lhs x rhs` for `lhs` M x K and `rhs` K x N float tensors, as a
/// linalg.generic iterating (m, k, n). Lowered to loops it keeps n
/// innermost: a multiply-add over a contiguous row of `rhs` and of the
/// result, which LLVM vectorizes without reassociating the float sum (a
/// k-innermost dot product would need fast-math to vectorize). The multiply
/// and add may contract into an FMA: exact for the integer-valued code
/// GEMMs, one rounding instead of two for float layers.
Value createRowMajorMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                           Value init);

/// A `rows x cols` f32 constant holding the transpose of `values`
/// (`cols x rows`, row-major).
Value createTransposedConstant(OpBuilder &b, Location loc,
                               ArrayRef<float> values, int64_t rows,
                               int64_t cols);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_MATMUL_H
