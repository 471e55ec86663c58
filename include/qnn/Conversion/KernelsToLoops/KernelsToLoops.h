//===- KernelsToLoops.h - kernel-level qnn ops to loops ---------*- C++ -*-===//
//
// Declares convert-qnn-kernels-to-loops, the lowering of qnn.im2col,
// qnn.pack_bits and qnn.bitserial_matmul on memrefs to scf/vector loops with
// popcounts.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_KERNELSTOLOOPS_KERNELSTOLOOPS_H
#define QNN_CONVERSION_KERNELSTOLOOPS_KERNELSTOLOOPS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace qnn {

#define GEN_PASS_DECL
#include "qnn/Conversion/KernelsToLoops/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Conversion/KernelsToLoops/Passes.h.inc"

} // namespace qnn
} // namespace mlir

#endif // QNN_CONVERSION_KERNELSTOLOOPS_KERNELSTOLOOPS_H
