//===- Int8Dot.h - the int8_dot kernel of a quantized layer -----*- C++ -*-===//
//
// What convert-qnn-quantized-to-kernels emits for a layer whose #qnn.kernel
// is int8_dot: its weight codes packed at compile time into the panels that
// qnn.dot_matmul reads, their column sums, and the op itself.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_INT8DOT_H
#define QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_INT8DOT_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"

namespace mlir::qnn {

/// The exact R x O i32 sums of code products of `activations` (R x K i8
/// codes of type `activation`) with `codes` (O x K weight codes, row-major,
/// each fitting a signed byte), by a qnn.dot_matmul for `isa` (on avx2
/// with the `i16_groups` that the code ranges allow).
Value emitInt8DotProduct(OpBuilder &b, Location loc, Value activations,
                         QuantType activation, ArrayRef<int64_t> codes,
                         int64_t outChannels, int64_t reduction, DotISA isa);

/// Checks that the int8_dot kernel `kernel` computes `layer` exactly; the
/// layer says why not.
LogicalResult checkInt8DotApplies(Operation *layer, KernelAttr kernel);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_QUANTIZEDTOKERNELS_INT8DOT_H
