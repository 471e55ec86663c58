//===- LowerFmaMatmul.h - qnn.fma_matmul to FMA loops -----------*- C++ -*-===//
//
// The part of convert-qnn-kernels-to-loops that lowers qnn.fma_matmul.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERFMAMATMUL_H
#define QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERFMAMATMUL_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"

#include <optional>
#include <string>

namespace mlir::qnn {

/// The register tile of qnn.fma_matmul for `isa` and `columns` (N): rows
/// (MR) and vectors of `lanes` f32 along the columns (NR = vectors x lanes).
struct FmaTile {
  int64_t lanes = 16, rows = 6, vectors = 4;
};
FmaTile getFmaTile(FmaISA isa, int64_t columns);

/// The most reduction steps one pass over the output tiles of
/// qnn.fma_matmul takes before the next: blocking along K, so that the rhs
/// panel of a column tile stays in L1 and the weights of a block in L2.
int64_t getFmaReductionBlock(FmaISA isa, int64_t rows, int64_t reduction,
                             int64_t columns);

/// Lowers the memref-form `op` at the builder's insertion point to a
/// register-tiled loop nest of vector.fma; the caller erases `op`.
void lowerFmaMatmul(OpBuilder &b, FmaMatmulOp op);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOWERFMAMATMUL_H
