//===- Passes.h - qnn transformation passes ---------------------*- C++ -*-===//
//
// Declares the passes that transform qnn IR within the dialect's levels.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

/// qnn-select-kernels' `force` option.
enum class ForcedKernel { None, BitSerial, F32Gemm, IntGemm, Int8Dot };

/// qnn-assign-bitwidth's `strategy` option.
enum class BitwidthStrategy { Separability, Budget, Schedule, Uniform };

/// qnn-memory-report's `format` option.
enum class ReportFormat { Text, Json };

#define GEN_PASS_DECL
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
