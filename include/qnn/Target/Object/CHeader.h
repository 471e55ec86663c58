//===- CHeader.h - the C header of a compiled model -------------*- C++ -*-===//
//
// Writes the C header that goes with a compiled model's object file: the
// prototypes of the entry functions, the tensor shapes, the workspace size
// and the bitwidths.
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
/// entry function or on the module), the per-layer bitwidths of the module
/// attribute `qnn.layers` as a comment and, when the module records
/// `qnn.workspace_bytes`, the workspace size and alignment as constants and
/// `void forward_with_workspace(const float *input, float *output,
/// void *workspace);`. The header is valid C99 and C++.
/// Fails with an error diagnostic, writing nothing, if the entry function is
/// missing or malformed or the attributes are inconsistent.
LogicalResult emitCHeader(ModuleOp module, llvm::raw_ostream &os);

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_OBJECT_CHEADER_H
