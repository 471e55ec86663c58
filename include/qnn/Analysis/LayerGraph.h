//===- LayerGraph.h - data flow between layers ------------------*- C++ -*-===//
//
// Which quantizable layers (convolutions and dense layers, float or
// quantized) feed which, through any ops in between (activations, pooling,
// residual adds, concatenations, reshapes), plus the per-layer facts the
// bitwidth passes share: names, bitwidths, weight geometry and packed size.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_ANALYSIS_LAYERGRAPH_H
#define QNN_ANALYSIS_LAYERGRAPH_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::qnn {

/// The bitwidths a layer computes with: of its weight codes and of its input
/// activation codes; kFloatBits for float values.
struct LayerBits {
  static constexpr unsigned kFloatBits = 32;

  unsigned weight = 0;
  unsigned activation = 0;

  bool operator==(const LayerBits &other) const {
    return weight == other.weight && activation == other.activation;
  }
};

/// What a layer's packed weight size depends on.
struct LayerGeometry {
  int64_t outChannels = 0;
  int64_t groups = 1;
  /// Reduction length of one output: (in_channels / groups) * KH * KW for a
  /// convolution, in_features for a dense layer.
  int64_t reductionLength = 0;
  /// Number of weights (the quantized parameters; a bias stays float).
  int64_t params = 0;

  /// Bytes of the weights packed as the kernels store them: per group,
  /// `weightBits` bit-planes of (out_channels / groups) rows of
  /// ceil(K / 64) 64-bit words.
  uint64_t packedBytes(unsigned weightBits) const;
};

/// The quantizable layers nested in an op, in data-flow order (the order of
/// a pre-order walk, which SSA dominance makes a topological order of the
/// data flow within a block), with the edges between them: layer `p` is a
/// predecessor of layer `l` when a use-def path leads from `p`'s result to
/// an operand of `l` without passing through another layer.
class LayerGraph {
public:
  explicit LayerGraph(Operation *root);

  /// qnn.conv2d, qnn.dense, qnn.qconv2d, qnn.qdense.
  static bool isLayer(Operation *op);
  /// The float layers that `qnn.bitwidth` applies to: qnn.conv2d, qnn.dense.
  static bool isGraphLevelLayer(Operation *op);

  unsigned size() const { return layers.size(); }
  bool empty() const { return layers.empty(); }
  ArrayRef<Operation *> getLayers() const { return layers; }
  Operation *getLayer(unsigned index) const { return layers[index]; }
  ArrayRef<unsigned> getPredecessors(unsigned index) const {
    return predecessors[index];
  }
  ArrayRef<unsigned> getSuccessors(unsigned index) const {
    return successors[index];
  }
  /// No layer before it: it reads the network's input (through non-layers).
  bool isFirst(unsigned index) const { return predecessors[index].empty(); }
  /// No layer after it: typically the classifier.
  bool isLast(unsigned index) const { return successors[index].empty(); }

  /// The name of the layer's location (a NameLoc, also inside a FusedLoc),
  /// else `<op>_<index>` (e.g. `conv2d_0`), as qnn-annotate-abi names layers.
  std::string getName(unsigned index) const;

private:
  SmallVector<Operation *> layers;
  SmallVector<SmallVector<unsigned, 2>> predecessors;
  SmallVector<SmallVector<unsigned, 2>> successors;
};

/// The layer's bitwidths: from the element types of a quantized layer
/// (kFloatBits for the float input of a weight-only quantized one), from
/// its `qnn.bitwidth` attribute for a float one; none if not assigned yet.
std::optional<LayerBits> getLayerBits(Operation *layer);

/// The layer's weight geometry; fails when the weight shape is not static.
FailureOr<LayerGeometry> getLayerGeometry(Operation *layer);

} // namespace mlir::qnn

#endif // QNN_ANALYSIS_LAYERGRAPH_H
