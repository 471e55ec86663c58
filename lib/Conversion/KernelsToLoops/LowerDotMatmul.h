//===- LowerDotMatmul.h - qnn.dot_matmul to VNNI loops ----------*- C++ -*-===//
//
// The part of convert-qnn-kernels-to-loops that lowers qnn.dot_matmul.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERDOTMATMUL_H
#define QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERDOTMATMUL_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"

#include <optional>
#include <string>

namespace mlir::qnn {

/// Why the memref-form micro-kernel `op` (qnn.dot_matmul, qnn.fma_matmul)
/// cannot be lowered (an operand with a non-unit innermost stride), or
/// nothing.
std::optional<std::string> whyNotUnitInnermostStrides(Operation *op);

/// Lowers the memref-form `op` at the builder's insertion point to a
/// register-tiled loop nest around the target's dot-product intrinsic; the
/// caller erases `op`.
void lowerDotMatmul(OpBuilder &b, DotMatmulOp op);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERDOTMATMUL_H
