//===- CHeader.h - the C header of a compiled model -------------*- C++ -*-===//
//
// Writes the C header that goes with a compiled model's object file: the
// prototype of the entry function, the tensor shapes and the bitwidths.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_OBJECT_CHEADER_H
#define QNN_TARGET_OBJECT_CHEADER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace qnn {

/// Writes to `os` the C header of the ABI (docs/architecture.md, section 3):
/// `void forward(const float *input, float *output);`, the input and output
/// shapes as constants (from `qnn.input_shape` / `qnn.output_shape` on the
/// entry function or on the module) and the per-layer bitwidths of the module
/// attribute `qnn.layers` as a comment. The header is valid C99 and C++.
/// Fails with an error diagnostic, writing nothing, if the entry function is
/// missing or malformed or the attributes are inconsistent.
LogicalResult emitCHeader(ModuleOp module, llvm::raw_ostream &os);

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_OBJECT_CHEADER_H
