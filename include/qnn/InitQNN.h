//===- InitQNN.h - registration of everything qnn tools use -----*- C++ -*-===//
//
// One place that lists the dialects, passes and translations the qnn tools
// register, so that qnn-opt, qnn-translate, qnn-run and qnn-compile agree.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INITQNN_H
#define QNN_INITQNN_H

namespace mlir {
class DialectRegistry;
namespace qnn {

/// Registers the qnn dialect and the upstream dialects qnn lowers through,
/// with their interface implementations (bufferization, LLVM translation).
void registerAllDialects(DialectRegistry &registry);

/// Registers every qnn pass and pipeline and the upstream passes they use.
void registerAllPasses();

} // namespace qnn
} // namespace mlir

#endif // QNN_INITQNN_H
