//===- SelectKernels.cpp - choose each quantized layer's kernel -*- C++ -*-===//
//
// Implements qnn-select-kernels: the policy that picks, per quantized layer
// and for the module's target, the kernel, weight storage and layout that
// the lowering then only reads (#qnn.kernel).
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/KernelChoice.h"

#include "llvm/ADT/StringExtras.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNSELECTKERNELS
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

QuantType getQuantElement(Value value) {
  return cast<QuantType>(cast<ShapedType>(value.getType()).getElementType());
}

struct QNNSelectKernelsPass
    : qnn::impl::QNNSelectKernelsBase<QNNSelectKernelsPass> {
  using Base::Base;

  /// The module's target, set from the options when it has none.
  TargetAttr getTarget(ModuleOp module) {
    if (auto target =
            module->getAttrOfType<TargetAttr>(QNNDialect::kTargetAttrName))
      return target;
    MLIRContext *context = module.getContext();
    TargetAttr target;
    if (targetTriple.empty() && targetFeatures == "host") {
      target = TargetAttr::getHost(context);
    } else {
      SmallVector<StringRef> names;
      if (targetFeatures != "host")
        StringRef(targetFeatures).split(names, ',', -1, /*KeepEmpty=*/false);
      std::string triple =
          targetTriple.empty() ? TargetAttr::getHost(context).getTriple().str()
                               : targetTriple;
      target = TargetAttr::get(
          context, triple,
          targetCPU.empty() ? std::string("generic") : std::string(targetCPU),
          [&](StringRef feature) {
            return llvm::any_of(names, [&](StringRef name) {
              return name.ltrim('+') == feature;
            });
          });
    }
    module->setAttr(QNNDialect::kTargetAttrName, target);
    return target;
  }

  FailureOr<KernelAttr> select(Operation *layer, TargetAttr target) {
    QuantType weight = getQuantElement(layer->getOperand(1));
    LayerGemmShape shape = getLayerGemmShape(layer);
    Layout layout = !isa<QConv2DOp>(layer) ? Layout::NC
                    : channelsLast         ? Layout::NHWC
                                           : Layout::NCHW;
    bool bytePerWeight = weight.getBits() == 8 && codesFitInt8(weight);
    bool unpackWeights = keepWeightsPacked && !bytePerWeight;
    MLIRContext *context = layer->getContext();
    auto make = [&](KernelKind kind, WeightStorage storage) {
      return KernelAttr::get(context, kind, storage, layout);
    };
    auto bitSerial = [&] {
      int64_t lanes = target.getPopcountLanes();
      return KernelAttr::get(context, KernelKind::BitSerial,
                             WeightStorage::BitPlanes, layout, DotISA::None,
                             FmaISA::None,
                             bitserialPanels && lanes > 1 ? lanes : 0);
    };
    auto f32Gemm = [&] {
      return make(KernelKind::F32Gemm, unpackWeights ? WeightStorage::ChannelPlanes
                                                     : WeightStorage::Codes);
    };
    // Float activations (a weight-only quantized layer) have no codes to
    // pack or multiply as integers: an f32 GEMM on the weight codes, also
    // under --force.
    auto activation = dyn_cast<QuantType>(
        cast<ShapedType>(layer->getOperand(0).getType()).getElementType());
    auto conv = dyn_cast<QConv2DOp>(layer);
    bool grouped = conv && conv.getGroups() > 1;
    // The direct convolution; a depthwise one on codes channels last sums
    // on the target's FMA vectors (qnn.fma_matmul {depthwise}) where it
    // has them (its products and sums are exact in f32, so FMAs change
    // nothing; float activations keep the generic's rounding).
    auto directConv = [&] {
      FmaISA fma = conv.isDepthwise() && activation && layout == Layout::NHWC &&
                           fmaFloatConvolutions
                       ? target.getFmaISA()
                       : FmaISA::None;
      return KernelAttr::get(context, KernelKind::DirectConv,
                             WeightStorage::Codes, layout, DotISA::None, fma,
                             0);
    };
    if (!activation)
      return grouped && force == ForcedKernel::None ? directConv() : f32Gemm();
    int64_t planePairs = int64_t(activation.getBits()) * weight.getBits();
    // Every partial sum of a GEMM on codes is an integer no larger than
    // this: below 2^24 an f32 GEMM is exact in any order.
    bool exactInF32 =
        getCodeProductBound(activation, weight, shape.reduction) <
        (uint64_t(1) << 24);

    bool int8DotExact =
        isInt8DotExact(activation, weight, shape.reduction);
    auto int8Dot = [&] {
      return KernelAttr::get(context, KernelKind::Int8Dot,
                             WeightStorage::Panels, layout, target.getDotISA());
    };

    auto cannotTake = [&](StringRef kernel, StringRef why) {
      return layer->emitError() << "cannot take " << kernel << ": " << why;
    };
    switch (force) {
    case ForcedKernel::BitSerial:
      return bitSerial();
    case ForcedKernel::F32Gemm:
      if (!exactInF32)
        return cannotTake("an f32 GEMM", "its partial sums can reach 2^24, "
                                         "where f32 is no longer exact");
      return f32Gemm();
    case ForcedKernel::IntGemm:
      return make(KernelKind::IntGemm, WeightStorage::Codes);
    case ForcedKernel::Int8Dot:
      if (target.getDotISA() == DotISA::None)
        return cannotTake("an int8_dot kernel",
                          "the target has no 8-bit dot-product instruction "
                          "(avx2, avx512vnni, avxvnni or AArch64 dotprod)");
      if (!int8DotExact)
        return cannotTake("an int8_dot kernel",
                          "its weight codes do not fit a signed byte or its "
                          "sums can overflow i32");
      return int8Dot();
    case ForcedKernel::None:
      break;
    }
    // A grouped (depthwise) convolution has a short reduction per group and
    // many groups: one direct convolution over all of them, not a GEMM per
    // group.
    if (grouped)
      return directConv();
    // small-weights: sub-8-bit weights keep their bits, whatever the speed
    // a byte each would buy.
    bool dotApplies = int8DotExact && target.getDotISA() != DotISA::None &&
                      (!smallWeights || bytePerWeight);
    CheapestKernel cheapest =
        integerMinPlanePairs < 0
            ? getCheapestKernel(getKernelRates(target), planePairs, dotApplies,
                                getDotI16Groups(activation,
                                                getLargestCodeMagnitude(weight),
                                                1) > 0)
        : integerMinPlanePairs == 0 || planePairs < integerMinPlanePairs
            ? CheapestKernel::BitSerial
        : dotApplies ? CheapestKernel::Int8Dot
                     : CheapestKernel::CodeGemm;
    // int8_dot reads one byte per weight from its panels, whatever the
    // weights' bits: the memory report says what that costs.
    if (cheapest == CheapestKernel::Int8Dot)
      return int8Dot();
    if (cheapest == CheapestKernel::CodeGemm && exactF32Gemm && exactInF32)
      return f32Gemm();
    if (cheapest == CheapestKernel::CodeGemm && !unpackWeights)
      return make(KernelKind::IntGemm, WeightStorage::Codes);
    return bitSerial();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TargetAttr target = getTarget(module);
    // Float convolutions: the register-tiled f32 kernel where the target
    // has FMA vectors for it, channels last like the quantized layers.
    FmaISA fma = target.getFmaISA();
    Layout floatLayout = channelsLast ? Layout::NHWC : Layout::NCHW;
    // Depthwise ones too, channels last (one channel per group: the
    // lhs vectors are the input's channels). Other grouped ones channels
    // last: the direct convolution, so that they do not turn the
    // activations back to NCHW between them.
    module.walk([&](Conv2DOp conv) {
      if (conv->hasAttr(QNNDialect::kKernelAttrName))
        return;
      if ((conv.getGroups() == 1 || (conv.isDepthwise() && channelsLast)) &&
          fmaFloatConvolutions && fma != FmaISA::None)
        conv->setAttr(QNNDialect::kKernelAttrName,
                      KernelAttr::get(&getContext(), KernelKind::F32Fma,
                                      WeightStorage::F32, floatLayout,
                                      DotISA::None, fma, 0));
      else if (conv.getGroups() > 1 && channelsLast)
        conv->setAttr(QNNDialect::kKernelAttrName,
                      KernelAttr::get(&getContext(), KernelKind::DirectConv,
                                      WeightStorage::F32, Layout::NHWC));
    });
    WalkResult result = module.walk([&](Operation *op) {
      if (!isa<QConv2DOp, QDenseOp>(op) ||
          op->hasAttr(QNNDialect::kKernelAttrName))
        return WalkResult::advance();
      FailureOr<KernelAttr> kernel = select(op, target);
      if (failed(kernel))
        return WalkResult::interrupt();
      op->setAttr(QNNDialect::kKernelAttrName, *kernel);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
