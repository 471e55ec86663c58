//===- CheckBitwidth.cpp - verify non-increasing bitwidths ------*- C++ -*-===//
//
// Implements qnn-check-bitwidth: reports every data-flow edge along which a
// layer's weight or activation bitwidth increases, and float layers left
// without an assignment when others have one.
//
//===----------------------------------------------------------------------===//

#include "qnn/Analysis/LayerGraph.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNCHECKBITWIDTH
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

struct QNNCheckBitwidthPass
    : qnn::impl::QNNCheckBitwidthBase<QNNCheckBitwidthPass> {
  using Base::Base;

  void runOnOperation() override {
    LayerGraph graph(getOperation());
    SmallVector<std::optional<LayerBits>> bits;
    unsigned numAssigned = 0;
    for (Operation *layer : graph.getLayers()) {
      bits.push_back(getLayerBits(layer));
      numAssigned += bits.back().has_value();
    }
    // A model nobody has assigned yet has nothing to check.
    if (numAssigned == 0)
      return;

    bool failedAny = false;
    for (unsigned i = 0; i < graph.size(); ++i) {
      Operation *layer = graph.getLayer(i);
      if (!bits[i]) {
        layer->emitError() << "layer '" << graph.getName(i) << "' has no '"
                           << QNNDialect::kBitwidthAttrName << "' while "
                           << numAssigned << " other layer"
                           << (numAssigned == 1 ? " has" : "s have") << " one";
        failedAny = true;
        continue;
      }
      // The classifier kept at the policy's bitwidth is allowed above the
      // layers before it (see qnn-assign-bitwidth).
      if (lastLayerBits != 0 && graph.isLast(i) &&
          *bits[i] == LayerBits{lastLayerBits, lastLayerBits})
        continue;
      for (unsigned pred : graph.getPredecessors(i)) {
        if (!bits[pred])
          continue;
        auto check = [&](StringRef kind, unsigned mine, unsigned theirs) {
          if (mine <= theirs)
            return;
          InFlightDiagnostic diag =
              layer->emitError()
              << kind << " bitwidth " << mine << " of layer '"
              << graph.getName(i) << "' exceeds the " << theirs
              << " bits of layer '" << graph.getName(pred)
              << "' before it: bitwidths must not increase along the data flow";
          diag.attachNote(graph.getLayer(pred)->getLoc())
              << "layer '" << graph.getName(pred) << "' has " << kind
              << " bitwidth " << theirs;
          failedAny = true;
        };
        check("weight", bits[i]->weight, bits[pred]->weight);
        check("activation", bits[i]->activation, bits[pred]->activation);
      }
    }
    if (failedAny)
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
