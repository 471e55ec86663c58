//===- ImportONNX.h - ONNX models to graph-level qnn IR ---------*- C++ -*-===//
//
// Imports an ONNX model (float, or QONNX with Quant / BipolarQuant nodes) into
// a module holding `func.func @forward` at graph level: qnn ops on float
// tensors, QONNX quantizers as qnn.quantize + qnn.dequantize pairs. The
// supported subset is documented in docs/onnx-import.md.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_ONNX_IMPORTONNX_H
#define QNN_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mlir {
namespace qnn {

struct ImportONNXOptions {
  /// The batch size that replaces a symbolic first dimension of the model's
  /// input. 0: none, and a symbolic batch dimension is an error.
  int64_t batchSize = 0;
};

/// Imports the serialized ONNX model `bytes`; `fileName` names the model in
/// errors. On failure returns null after reporting exactly one error through
/// `context`'s diagnostic engine, at an unknown location, whose message is
/// the whole line `fileName: node 'name' (OpType): message` (or
/// `fileName: message` for what is not one node's fault), as
/// docs/architecture.md section 4 fixes it.
OwningOpRef<ModuleOp> importONNX(llvm::StringRef bytes,
                                 llvm::StringRef fileName, MLIRContext *context,
                                 const ImportONNXOptions &options = {});

/// Registers the translation `--import-onnx` and its option `--onnx-batch=N`
/// with MLIR's translation registry, for mlirTranslateMain. Call it before
/// the command line is parsed; calling it again is harmless.
void registerImportONNXTranslation();

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_ONNX_IMPORTONNX_H
