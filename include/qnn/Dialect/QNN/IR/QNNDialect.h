//===- QNNDialect.h - The qnn dialect ---------------------------*- C++ -*-===//
//
// Declares the qnn dialect, its types, attributes and operations.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNDIALECT_H
#define QNN_DIALECT_QNN_IR_QNNDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h.inc"
#include "qnn/Dialect/QNN/IR/QNNEnums.h.inc"

namespace mlir::qnn {
/// i32 lanes of one vector of the int8_dot kernel on `isa` (16 for
/// avx512_vnni, 8 for avx_vnni and avx2, 4 for neon_sdot and neon_i8mm).
int64_t getDotLanes(DotISA isa);
/// Consecutive k of one channel per group of the int8_dot panels on `isa`
/// (k0): 8 for neon_i8mm (smmla's 2 x 8 operands), else 4.
int64_t getDotGroupSize(DotISA isa);
} // namespace mlir::qnn

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNTypes.h.inc"

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_H
