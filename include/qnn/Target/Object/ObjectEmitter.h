//===- ObjectEmitter.h - LLVM dialect to a relocatable object ---*- C++ -*-===//
//
// Emits the object file of a compiled model from a module in the LLVM
// dialect, for any target triple LLVM was built with.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_OBJECT_OBJECTEMITTER_H
#define QNN_TARGET_OBJECT_OBJECTEMITTER_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir {
namespace qnn {

/// What to generate code for. Empty fields take the documented defaults, so
/// a default-constructed value means "the machine this runs on".
struct ObjectTargetOptions {
  /// Target triple, e.g. x86_64-linux-gnu or aarch64-linux-gnu. Empty: the
  /// host's triple.
  std::string triple;
  /// LLVM CPU name, e.g. znver4, x86-64-v3, neoverse-n1. Empty: the host CPU
  /// (with the features the host reports) when the target has the host's
  /// architecture and operating system, else "generic".
  std::string cpu;
  /// Comma-separated features, each +name or -name, applied after those of
  /// the CPU, e.g. "+avx512vpopcntdq,-avx512f".
  std::string features;
};

/// Checks the entry function (see EntryFunction.h), translates `module` to
/// LLVM IR, optimizes it at O3 for the target and appends a relocatable
/// object (position-independent code) to `object`. Every failure, including
/// an unknown triple, CPU or feature, is an error diagnostic at the module.
/// The #qnn.target of `options` (triple, CPU and features resolved as for
/// object emission: the host's by default), which kernel selection and the
/// lowering read; a bad triple, CPU or feature is an error at `loc`.
FailureOr<TargetAttr> resolveTargetAttr(MLIRContext *context, Location loc,
                                        const ObjectTargetOptions &options);

LogicalResult emitObject(ModuleOp module, const ObjectTargetOptions &options,
                         llvm::SmallVectorImpl<char> &object);

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_OBJECT_OBJECTEMITTER_H
