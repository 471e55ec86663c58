//===- LowerFmaMatmul.h - qnn.fma_matmul to FMA loops -----------*- C++ -*-===//
//
// The part of convert-qnn-kernels-to-loops that lowers qnn.fma_matmul.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERFMAMATMUL_H
#define QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERFMAMATMUL_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/KernelChoice.h"

#include "mlir/IR/Builders.h"

#include <optional>
#include <string>

namespace mlir::qnn {

/// The most reduction steps one pass over the output tiles of
/// qnn.fma_matmul takes before the next: blocking along K, so that the
/// weights of a block stay in L2 (and in the NCHW form the rhs panel of a
/// column tile in L1).
int64_t getFmaReductionBlock(FmaISA isa, int64_t rows, int64_t reduction,
                             int64_t columns, bool channelsLast);

/// Lowers the memref-form `op` at the builder's insertion point to a
/// register-tiled loop nest of vector.fma; the caller erases `op`.
void lowerFmaMatmul(OpBuilder &b, FmaMatmulOp op);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERFMAMATMUL_H
