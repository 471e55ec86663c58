//===- Pipelines.h - qnn pass pipelines -------------------------*- C++ -*-===//
//
// Declares the pipelines that take a qnn module from one level to another.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_PIPELINES_PIPELINES_H
#define QNN_PIPELINES_PIPELINES_H

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir {
class OpPassManager;
namespace qnn {

/// Options of qnn-lower-to-llvm.
struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<std::string> entry{
      *this, "entry", llvm::cl::desc("Name of the entry function"),
      llvm::cl::init("forward")};
  PassOptions::Option<std::string> targetTriple{
      *this, "target-triple",
      llvm::cl::desc("Target triple recorded as the module's qnn.target when "
                     "it has none (default: the host's)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> targetCPU{
      *this, "target-cpu",
      llvm::cl::desc("Target CPU name for qnn.target (default: the host's)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> targetFeatures{
      *this, "target-features",
      llvm::cl::desc("Comma-separated LLVM features of the target, e.g. "
                     "avx2,avx512f,avx512vpopcntdq (host: the host's); they "
                     "choose the kernels and their vector width"),
      llvm::cl::init("host")};
  PassOptions::Option<int64_t> integerMinPlanePairs{
      *this, "integer-min-plane-pairs",
      llvm::cl::desc("Weight bits x activation bits from which a layer takes "
                     "a GEMM on codes instead of bit-serial kernels (-1: "
                     "the target's cost model; 0: never)"),
      llvm::cl::init(-1)};
  PassOptions::Option<bool> keepWeightsPacked{
      *this, "keep-weights-packed",
      llvm::cl::desc("Weights below 8 bits of f32_gemm layers stay "
                     "bit-planes in the object, unpacked per call (false: "
                     "one byte per weight); int8_dot always stores bytes"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> smallWeights{
      *this, "small-weights",
      llvm::cl::desc("Weights below 8 bits keep their bits in the object: "
                     "no int8_dot (a byte per weight) for such layers, at "
                     "the cost of speed"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> fmaFloatConvolutions{
      *this, "fma-float-convolutions",
      llvm::cl::desc("Give float convolutions the register-tiled f32_fma "
                     "kernel where the target has f32 FMA vectors (off: the "
                     "linalg GEMM)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> channelsLast{
      *this, "channels-last",
      llvm::cl::desc("Give quantized and f32_fma convolutions the nhwc "
                     "layout and keep activations channels-last between "
                     "them (qnn-propagate-transposes); off: nchw"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> exactF32Gemm{
      *this, "exact-f32-gemm",
      llvm::cl::desc("Run a code GEMM in f32 where every partial sum is "
                     "below 2^24 (exact); off: always in integers"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> profile{
      *this, "profile",
      llvm::cl::desc("Time every step of the model with the cycle counter "
                     "(qnn-instrument-profile): the object gets the table "
                     "forward_profile and the header a printer for it"),
      llvm::cl::init(false)};
  PassOptions::Option<ForcedKernel> force{
      *this, "force",
      llvm::cl::desc("Give every quantized layer this kernel (tests)"),
      llvm::cl::init(ForcedKernel::None),
      llvm::cl::values(
          clEnumValN(ForcedKernel::None, "none", "choose per layer"),
          clEnumValN(ForcedKernel::BitSerial, "bitserial",
                     "bit-serial popcounts"),
          clEnumValN(ForcedKernel::F32Gemm, "f32-gemm",
                     "an exact f32 GEMM on codes"),
          clEnumValN(ForcedKernel::IntGemm, "int-gemm",
                     "an integer GEMM on codes"),
          clEnumValN(ForcedKernel::Int8Dot, "int8-dot",
                     "the dot-product GEMM of the target (VNNI)"))};
};

/// The options of qnn-select-kernels that `options` imply.
QNNSelectKernelsOptions
getSelectKernelsOptions(const LowerToLLVMOptions &options);

/// Builds the pipeline from graph level (or quantized level) on tensors to
/// the LLVM dialect, with the entry function exported as
/// `void forward(const float *input, float *output)` (with a static
/// workspace) and `void forward_with_workspace(const float *input,
/// float *output, void *workspace)`.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers the qnn pipelines with the global pass registry.
void registerQNNPipelines();

} // namespace qnn
} // namespace mlir

#endif // QNN_PIPELINES_PIPELINES_H
