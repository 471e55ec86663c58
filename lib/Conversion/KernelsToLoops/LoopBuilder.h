//===- LoopBuilder.h - index arithmetic and loops of micro-kernels -*- C++ -*-===//
//
// The small builders the micro-kernel emitters (LowerDotMatmul.cpp,
// LowerFmaMatmul.cpp) share: index constants, constant offsets, and static
// scf.for loops whose body a callback emits.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOOPBUILDER_H
#define QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOOPBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace mlir::qnn {

class LoopBuilder {
protected:
  LoopBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value index(int64_t value) {
    return b.create<arith::ConstantIndexOp>(loc, value);
  }

  /// `lhs + rhs`, or `lhs` itself for 0.
  Value add(Value lhs, int64_t rhs) {
    return rhs == 0 ? lhs : b.create<arith::AddIOp>(loc, lhs, index(rhs));
  }

  /// An scf.for from `lower` to `upper` by `step`, with `body` emitted
  /// inside it on its induction variable.
  void forLoop(int64_t lower, int64_t upper, int64_t step,
               function_ref<void(Value)> body) {
    auto loop = b.create<scf::ForOp>(loc, index(lower), index(upper), index(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    body(loop.getInductionVar());
  }

  OpBuilder &b;
  Location loc;
};

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_KERNELSTOLOOPS_LOOPBUILDER_H
