//===- KernelChoice.cpp - facts the kernel choice depends on ----*- C++ -*-===//
//
// Implements the helpers of KernelChoice.h.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/KernelChoice.h"

#include "llvm/Support/MathExtras.h"

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

int64_t mlir::qnn::getWeightStorageBytes(WeightStorage storage,
                                         QuantType weightType,
                                         const LayerGemmShape &shape) {
  int64_t bits = weightType.getBits();
  int64_t perGroup = 0;
  switch (storage) {
  case WeightStorage::BitPlanes:
    perGroup =
        bits * shape.groupOutChannels * getPackedWords(shape.reduction) * 8;
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
  }
  return shape.groups * perGroup;
}
