//===- BufferizableOpInterfaceImpl.cpp - bufferizing kernel ops -*- C++ -*-===//
//
// Lets One-Shot Bufferize turn the destination-style kernel ops on tensors
// into the same ops on memrefs.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/BufferizableOpInterfaceImpl.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::qnn;

namespace {

/// A kernel op reads its inputs and writes its init in place. The init is
/// also read when the op accumulates into it (`readsInit`); otherwise it is
/// overwritten whole and its old contents need not be kept.
template <typename KernelOp, bool readsInit>
struct KernelOpInterface
    : DstBufferizableOpInterfaceExternalModel<KernelOpInterface<KernelOp, readsInit>,
                                              KernelOp> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &state) const {
    return readsInit || !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options) const {
    SmallVector<Value> buffers;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> buffer = getBuffer(rewriter, operand, options);
      if (failed(buffer))
        return failure();
      buffers.push_back(*buffer);
    }
    rewriter.setInsertionPoint(op);
    // The same op on memrefs: no results, attributes unchanged.
    rewriter.create<KernelOp>(op->getLoc(), TypeRange{}, buffers,
                              op->getAttrs());
    Value init = buffers[cast<DestinationStyleOpInterface>(op)
                             .getDpsInitOperand(0)
                             ->getOperandNumber()];
    replaceOpWithBufferizedValues(rewriter, op, init);
    return success();
  }
};

} // namespace

void mlir::qnn::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, QNNDialect *) {
    Im2ColOp::attachInterface<KernelOpInterface<Im2ColOp, false>>(*context);
    PackBitsOp::attachInterface<KernelOpInterface<PackBitsOp, false>>(*context);
    BitSerialMatmulOp::attachInterface<
        KernelOpInterface<BitSerialMatmulOp, true>>(*context);
    DotMatmulOp::attachInterface<KernelOpInterface<DotMatmulOp, true>>(
        *context);
    FmaMatmulOp::attachInterface<KernelOpInterface<FmaMatmulOp, false>>(
        *context);
  });
}
