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
#include "mlir/IR/BuiltinTypes.h"
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
    auto dps = cast<DestinationStyleOpInterface>(op);
    for (OpOperand &operand : op->getOpOperands()) {
      FailureOr<Value> buffer = getBuffer(rewriter, operand.get(), options);
      if (failed(buffer))
        return failure();
      // The lowerings read inputs with vector loads along the innermost
      // dimension, which must be contiguous: a view with another innermost
      // stride (an ONNX Slice with steps) is copied into a buffer of its
      // own first.
      auto type = dyn_cast<MemRefType>(buffer->getType());
      if (type && !dps.isDpsInit(&operand) &&
          !isLastMemrefDimUnitStride(type)) {
        rewriter.setInsertionPoint(op);
        auto copyType =
            MemRefType::get(type.getShape(), type.getElementType(),
                            MemRefLayoutAttrInterface(), type.getMemorySpace());
        FailureOr<Value> copy =
            options.createAlloc(rewriter, op->getLoc(), copyType, {});
        if (failed(copy) || failed(options.createMemCpy(rewriter, op->getLoc(),
                                                        *buffer, *copy)))
          return failure();
        buffer = copy;
      }
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
