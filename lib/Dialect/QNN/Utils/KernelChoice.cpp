//===- KernelChoice.cpp - facts the kernel choice depends on ----*- C++ -*-===//
//
// Implements the helpers of KernelChoice.h.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/KernelChoice.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

int64_t mlir::qnn::getLargestCodeMagnitude(QuantType type) {
  return std::max(std::abs(type.getCodeMin()), std::abs(type.getCodeMax()));
}

bool mlir::qnn::codesFitInt8(QuantType type) {
  return type.getCodeMin() >= INT8_MIN && type.getCodeMax() <= INT8_MAX;
}

uint64_t mlir::qnn::getCodeProductBound(QuantType activation, QuantType weight,
                                        int64_t reduction) {
  return uint64_t(reduction) * getLargestCodeMagnitude(activation) *
         getLargestCodeMagnitude(weight);
}

LayerGemmShape mlir::qnn::getLayerGemmShape(Operation *layer) {
  LayerGemmShape shape;
  ArrayRef<int64_t> weight =
      cast<ShapedType>(layer->getOperand(1).getType()).getShape();
  if (auto conv = dyn_cast<QConv2DOp>(layer)) {
    shape.groups = static_cast<int64_t>(conv.getGroups());
    shape.groupOutChannels = weight[0] / shape.groups;
    shape.reduction = weight[1] * weight[2] * weight[3];
  } else {
    shape.groupOutChannels = weight[0];
    shape.reduction = weight[1];
  }
  return shape;
}

int64_t mlir::qnn::getDotPanelWidth(DotISA isa, int64_t outChannels) {
  int64_t lanes = getDotLanes(isa);
  if (isa == DotISA::AVX2)
    return lanes;
  if (isa == DotISA::NeonI8mm)
    return 8;
  return lanes * std::clamp<int64_t>(llvm::divideCeil(outChannels, lanes), 1, 4);
}

bool mlir::qnn::isInt8DotExact(QuantType activation, QuantType weight,
                               int64_t reduction) {
  return codesFitInt8(weight) &&
         getCodeProductBound(activation, weight, reduction) <
             (uint64_t(1) << 31);
}

int64_t mlir::qnn::getWeightStorageBytes(WeightStorage storage,
                                         QuantType weightType,
                                         const LayerGemmShape &shape,
                                         DotISA isa, int64_t bitPlanePanel) {
  int64_t bits = weightType.getBits();
  int64_t perGroup = 0;
  switch (storage) {
  case WeightStorage::BitPlanes:
    perGroup =
        bits *
        (bitPlanePanel ? llvm::alignTo(shape.groupOutChannels, bitPlanePanel)
                       : shape.groupOutChannels) *
        getPackedWords(shape.reduction) * 8;
    break;
  case WeightStorage::ChannelPlanes:
    perGroup = bits * shape.reduction *
               llvm::divideCeil(shape.groupOutChannels, kChannelPlaneWordBits) *
               4;
    break;
  case WeightStorage::Codes:
    perGroup = shape.groupOutChannels * shape.reduction *
               (codesFitInt8(weightType) ? 1 : 2);
    break;
  case WeightStorage::Panels:
    // Padded to whole panels of the kernel's isa (the widest when not yet
    // chosen) and to groups of k0 along K; column sums (one i32 per channel)
    // for the activation offset.
    perGroup = llvm::alignTo(shape.groupOutChannels,
                             getDotPanelWidth(
                                 isa == DotISA::None ? DotISA::AVX512VNNI : isa,
                                 shape.groupOutChannels)) *
                   llvm::alignTo(shape.reduction, getDotGroupSize(isa)) +
               4 * shape.groupOutChannels;
    break;
  case WeightStorage::F32:
    perGroup = shape.groupOutChannels * shape.reduction * 4;
    break;
  }
  return shape.groups * perGroup;
}
