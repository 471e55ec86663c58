//===- Passes.td - qnn transformation passes ---------------*- tablegen -*-===//
//
// Passes that transform qnn IR within the dialect's levels.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNFoldBatchNorm : Pass<"qnn-fold-batch-norm", "::mlir::func::FuncOp"> {
  let summary = "Folds inference batch norm into the convolution or dense layer before it";
  let description = [{
    Rewrites `qnn.batch_norm(qnn.conv2d(x, w, b))` into one `qnn.conv2d` whose
    weights and bias absorb the normalization, when the weight, bias and the
    four batch-norm parameters are constants and the convolution has no other
    user: `w' = w * s`, `b' = (b - mean) * s + beta` with
    `s = gamma / sqrt(variance + epsilon)` per output channel. The same for
    `qnn.dense` followed by a batch norm over its N x O output.

    Expects: graph-level IR. Guarantees: the function computes the same
    values (up to float rounding) with fewer ops; batch norms whose
    parameters are not constants are left alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
