//===- LayerGraph.cpp - data flow between layers ----------------*- C++ -*-===//
//
// Builds the layer-to-layer data-flow graph the bitwidth passes constrain
// and report on, and reads each layer's bitwidths and weight geometry.
//
//===----------------------------------------------------------------------===//

#include "qnn/Analysis/LayerGraph.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/BitPlanes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

uint64_t LayerGeometry::packedBytes(unsigned weightBits) const {
  uint64_t wordsPerRow = uint64_t(getPackedWords(reductionLength));
  uint64_t rowsPerGroup = uint64_t(outChannels / groups);
  uint64_t bytesPerGroup =
      uint64_t(weightBits) * rowsPerGroup * wordsPerRow * 8;
  return uint64_t(groups) * bytesPerGroup;
}

bool LayerGraph::isLayer(Operation *op) {
  return isa<Conv2DOp, DenseOp, QConv2DOp, QDenseOp>(op);
}

bool LayerGraph::isGraphLevelLayer(Operation *op) {
  return isa<Conv2DOp, DenseOp>(op);
}

LayerGraph::LayerGraph(Operation *root) {
  // For each op already visited, the nearest layers upstream of its results
  // (for a layer, the layer itself). Pre-order visits definitions before
  // uses, so one pass suffices.
  DenseMap<Operation *, SmallVector<unsigned, 2>> nearestLayers;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    SmallVector<unsigned, 2> upstream;
    for (Value operand : op->getOperands()) {
      Operation *definingOp = operand.getDefiningOp();
      if (!definingOp)
        continue;
      auto it = nearestLayers.find(definingOp);
      if (it != nearestLayers.end())
        upstream.append(it->second.begin(), it->second.end());
    }
    llvm::sort(upstream);
    upstream.erase(std::unique(upstream.begin(), upstream.end()),
                   upstream.end());

    if (isLayer(op)) {
      unsigned index = layers.size();
      layers.push_back(op);
      for (unsigned pred : upstream)
        successors[pred].push_back(index);
      predecessors.push_back(std::move(upstream));
      successors.emplace_back();
      nearestLayers[op] = {index};
      return;
    }
    if (!upstream.empty())
      nearestLayers[op] = std::move(upstream);
  });
}

std::string LayerGraph::getName(unsigned index) const {
  Operation *op = layers[index];
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc);
      fused && !fused.getLocations().empty())
    loc = fused.getLocations().front();
  if (auto named = dyn_cast<NameLoc>(loc))
    return named.getName().str();
  return (op->getName().stripDialect() + "_" + Twine(index)).str();
}

std::optional<LayerBits> mlir::qnn::getLayerBits(Operation *layer) {
  // Float activations of a weight-only quantized layer count as 32 bits.
  auto codeBits = [](Value value) -> unsigned {
    auto type = cast<ShapedType>(value.getType());
    auto quant = dyn_cast<QuantType>(type.getElementType());
    return quant ? quant.getBits() : LayerBits::kFloatBits;
  };
  if (auto conv = dyn_cast<QConv2DOp>(layer))
    return LayerBits{codeBits(conv.getWeight()), codeBits(conv.getInput())};
  if (auto dense = dyn_cast<QDenseOp>(layer))
    return LayerBits{codeBits(dense.getWeight()), codeBits(dense.getInput())};
  if (auto bits =
          layer->getAttrOfType<BitwidthAttr>(QNNDialect::kBitwidthAttrName))
    return LayerBits{bits.getWeight(), bits.getActivation()};
  return std::nullopt;
}

FailureOr<LayerGeometry> mlir::qnn::getLayerGeometry(Operation *layer) {
  Value weight;
  int64_t groups = 1;
  if (auto conv = dyn_cast<Conv2DOp>(layer)) {
    weight = conv.getWeight();
    groups = conv.getGroups();
  } else if (auto qconv = dyn_cast<QConv2DOp>(layer)) {
    weight = qconv.getWeight();
    groups = qconv.getGroups();
  } else if (auto dense = dyn_cast<DenseOp>(layer)) {
    weight = dense.getWeight();
  } else if (auto qdense = dyn_cast<QDenseOp>(layer)) {
    weight = qdense.getWeight();
  } else {
    return failure();
  }
  auto type = cast<ShapedType>(weight.getType());
  if (!type.hasStaticShape() || groups <= 0 || type.getDimSize(0) % groups != 0)
    return failure();
  // Weights are O x (C / groups) x KH x KW or O x K: everything after the
  // output channel is one output's reduction within its group.
  LayerGeometry geometry;
  geometry.outChannels = type.getDimSize(0);
  geometry.groups = groups;
  geometry.params = type.getNumElements();
  geometry.reductionLength = geometry.params / geometry.outChannels;
  return geometry;
}
