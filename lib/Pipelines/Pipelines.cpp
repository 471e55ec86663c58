//===- Pipelines.cpp - qnn pass pipelines -----------------------*- C++ -*-===//
//
// The pipelines that take a qnn module from one level to another, made of
// qnn passes and upstream MLIR passes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Pipelines/Pipelines.h"

#include "qnn/Conversion/KernelsToLoops/KernelsToLoops.h"
#include "qnn/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "qnn/Conversion/QuantizedToKernels/QuantizedToKernels.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

qnn::QNNSelectKernelsOptions
mlir::qnn::getSelectKernelsOptions(const LowerToLLVMOptions &options) {
  QNNSelectKernelsOptions selection;
  selection.targetTriple = options.targetTriple;
  selection.targetCPU = options.targetCPU;
  selection.targetFeatures = options.targetFeatures;
  selection.integerMinPlanePairs = options.integerMinPlanePairs;
  selection.exactF32Gemm = options.exactF32Gemm;
  selection.keepWeightsPacked = options.keepWeightsPacked;
  selection.smallWeights = options.smallWeights;
  selection.fmaFloatConvolutions = options.fmaFloatConvolutions;
  selection.channelsLast = options.channelsLast;
  selection.force = options.force;
  return selection;
}

void mlir::qnn::buildLowerToLLVMPipeline(OpPassManager &pm,
                                         const LowerToLLVMOptions &options) {
  // Graph level: fold batch norm, then record the ABI while tensor types
  // still tell the shapes.
  pm.addNestedPass<func::FuncOp>(createQNNFoldBatchNorm());
  // Layers whose only user quantizes them write those codes themselves.
  pm.addNestedPass<func::FuncOp>(createQNNFuseRequantization());
  QNNAnnotateABIOptions abiOptions;
  abiOptions.entry = options.entry;
  pm.addPass(createQNNAnnotateABI(abiOptions));

  // Each quantized layer's kernel for the target (layers that already have
  // one keep it), then the quantized level to kernel ops, then what is left
  // at graph level.
  pm.addPass(createQNNSelectKernels(getSelectKernelsOptions(options)));
  pm.addNestedPass<func::FuncOp>(createConvertQNNQuantizedToKernels());
  pm.addNestedPass<func::FuncOp>(createConvertQNNGraphToLinalg());
  pm.addPass(createCanonicalizerPass());
  // Channels-last layers leave transposes at their edges: down to their
  // inverses, so that activations stay NHWC from layer to layer.
  pm.addNestedPass<func::FuncOp>(createQNNPropagateTransposes());
  pm.addNestedPass<func::FuncOp>(createQNNFuseElementwise());

  // Tensors to buffers; the result becomes an out-parameter, so the entry
  // function is `forward(input, output)`. Copies are linalg.copy, lowered
  // to loops: memref.copy of a strided view would call memrefCopy from
  // MLIR's runner library, which a compiled model must not need.
  auto copyAsLinalg = [](OpBuilder &b, Location loc, Value from,
                         Value to) -> LogicalResult {
    b.create<linalg::CopyOp>(loc, from, to);
    return success();
  };
  pm.addPass(bufferization::createEmptyTensorToAllocTensorPass());
  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  bufferization.memCpyFn = copyAsLinalg;
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.hoistStaticAllocs = true;
  outParams.memCpyFn = copyAsLinalg;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  // Every temporary gets its place in one workspace: a call allocates
  // nothing (the entry function with the static workspace, or the caller's
  // with forward_with_workspace), so nothing is freed either.
  QNNPlanWorkspaceOptions plan;
  plan.entry = options.entry;
  pm.addPass(createQNNPlanWorkspace(plan));
  // The profile brackets the steps while each is still one op or call.
  if (options.profile) {
    QNNInstrumentProfileOptions profile;
    profile.entry = options.entry;
    pm.addPass(createQNNInstrumentProfile(profile));
  }

  // Loops, then the LLVM dialect. Memrefs cross function boundaries as bare
  // pointers: shapes are static, and the C ABI takes plain float pointers.
  // The bit-serial kernels' vector width and registers from qnn.target.
  ConvertQNNKernelsToLoopsOptions kernelOptions;
  kernelOptions.lanes = 0;
  pm.addNestedPass<func::FuncOp>(createConvertQNNKernelsToLoops(kernelOptions));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void mlir::qnn::registerQNNPipelines() {
  PassPipelineRegistration<LowerToLLVMOptions>(
      "qnn-lower-to-llvm",
      "Lowers a qnn module from graph level to the LLVM dialect, exporting "
      "the entry function as void forward(const float *input, float *output) "
      "and void forward_with_workspace(const float *input, float *output, "
      "void *workspace)",
      buildLowerToLLVMPipeline);
}
