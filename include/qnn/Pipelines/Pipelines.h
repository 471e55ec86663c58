//===- Pipelines.h - qnn pass pipelines -------------------------*- C++ -*-===//
//
// Declares the pipelines that take a qnn module from one level to another.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_PIPELINES_PIPELINES_H
#define QNN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
namespace qnn {

/// Options of qnn-lower-to-llvm.
struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<std::string> entry{
      *this, "entry", llvm::cl::desc("Name of the entry function"),
      llvm::cl::init("forward")};
};

/// Builds the pipeline from graph level (or quantized level) on tensors to
/// the LLVM dialect, with the entry function exported as
/// `void forward(const float *input, float *output)`.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers the qnn pipelines with the global pass registry.
void registerQNNPipelines();

} // namespace qnn
} // namespace mlir

#endif // QNN_PIPELINES_PIPELINES_H
