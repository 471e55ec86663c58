//===- AnnotateABI.cpp - record the compiled-model ABI ----------*- C++ -*-===//
//
// Implements qnn-annotate-abi: checks the entry function's signature and
// records its shapes and per-layer bitwidths on the module for the C header.
//
//===----------------------------------------------------------------------===//

#include "qnn/Analysis/LayerGraph.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNANNOTATEABI
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

bool isStaticF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

/// The layer's name: its location's name if the importer gave one.
std::string layerName(Operation *op, unsigned index) {
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc); fused && !fused.getLocations().empty())
    loc = fused.getLocations().front();
  if (auto named = dyn_cast<NameLoc>(loc))
    return named.getName().str();
  return (op->getName().stripDialect() + "_" + Twine(index)).str();
}


struct QNNAnnotateABIPass : qnn::impl::QNNAnnotateABIBase<QNNAnnotateABIPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto entryFunction = module.lookupSymbol<func::FuncOp>(entry);
    if (!entryFunction) {
      module.emitError() << "no entry function '@" << entry << "'";
      return signalPassFailure();
    }
    FunctionType type = entryFunction.getFunctionType();
    if (type.getNumInputs() != 1 || type.getNumResults() != 1 ||
        !isStaticF32Tensor(type.getInput(0)) ||
        !isStaticF32Tensor(type.getResult(0))) {
      entryFunction.emitError()
          << "entry function must take one static f32 tensor and return one "
             "(the ABI is void "
          << entry << "(const float *input, float *output)), got " << type;
      return signalPassFailure();
    }

    Builder builder(&getContext());
    auto shapeOf = [&](Type tensor) {
      return builder.getDenseI64ArrayAttr(cast<RankedTensorType>(tensor).getShape());
    };
    module->setAttr(QNNDialect::kInputShapeAttrName, shapeOf(type.getInput(0)));
    module->setAttr(QNNDialect::kOutputShapeAttrName, shapeOf(type.getResult(0)));

    SmallVector<Attribute> layers;
    entryFunction.walk([&](Operation *op) {
      if (!isa<Conv2DOp, DenseOp, QConv2DOp, QDenseOp>(op))
        return;
      std::optional<LayerBits> bits = getLayerBits(op);
      if (!bits)
        return;
      layers.push_back(builder.getDictionaryAttr({
          builder.getNamedAttr("name", builder.getStringAttr(
                                           layerName(op, layers.size()))),
          builder.getNamedAttr("weight_bits", builder.getI64IntegerAttr(bits->weight)),
          builder.getNamedAttr("activation_bits",
                               builder.getI64IntegerAttr(bits->activation)),
      }));
    });
    module->setAttr(QNNDialect::kLayersAttrName, builder.getArrayAttr(layers));
  }
};

} // namespace
