//===- BufferizableOpInterfaceImpl.h - bufferizing kernel ops ---*- C++ -*-===//
//
// Registers One-Shot Bufferize support for the qnn kernel-level ops.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define QNN_DIALECT_QNN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;
namespace qnn {
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace qnn
} // namespace mlir

#endif // QNN_DIALECT_QNN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
