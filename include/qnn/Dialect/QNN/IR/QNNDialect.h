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

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNTypes.h.inc"

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_H
