//===- GraphToLinalg.h - graph-level qnn ops to linalg ----------*- C++ -*-===//
//
// Declares the lowering of float graph-level qnn ops to upstream dialects.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_GRAPHTOLINALG_QNNTOLINALG_H
#define QNN_CONVERSION_GRAPHTOLINALG_QNNTOLINALG_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace qnn {

#define GEN_PASS_DECL
#include "qnn/Conversion/GraphToLinalg/Passes.h.inc"

/// Adds the patterns that lower graph-level qnn ops to linalg on tensors.
/// They expect float operands: a conversion target makes the ops on codes
/// legal (convert-qnn-quantized-to-kernels lowers those), as the pass does.
void populateQNNGraphToLinalgPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "qnn/Conversion/GraphToLinalg/Passes.h.inc"

} // namespace qnn
} // namespace mlir

#endif // QNN_CONVERSION_GRAPHTOLINALG_QNNTOLINALG_H
