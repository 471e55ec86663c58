//===- QuantizedToKernels.h - quantized layers to kernels -------*- C++ -*-===//
//
// Declares the lowering of quantized qnn layers to kernel-level ops.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QUANTIZEDTOKERNELS_QUANTIZEDTOKERNELS_H
#define QNN_CONVERSION_QUANTIZEDTOKERNELS_QUANTIZEDTOKERNELS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Conversion/QuantizedToKernels/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Conversion/QuantizedToKernels/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QUANTIZEDTOKERNELS_QUANTIZEDTOKERNELS_H
