//===- MeasureSeparability.cpp - separability on calibration data -*- C++ -*-===//
//
// Implements qnn-measure-separability: streams the calibration set through a
// copy of the model that returns every layer's features and attaches each
// layer's measured separability.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Passes.h"

#include "qnn/Calibration/CalibrationRun.h"
#include "qnn/Calibration/Separability.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include <algorithm>
#include <cmath>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNMEASURESEPARABILITY
#include "qnn/Calibration/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Separability values are finite; perfectly separated classes get this.
constexpr double kLargestSeparability = 1e12;

SmallVector<Operation *> collectLayers(func::FuncOp function) {
  SmallVector<Operation *> layers;
  function.walk([&](Operation *op) {
    if (isa<Conv2DOp, DenseOp>(op))
      layers.push_back(op);
  });
  return layers;
}

/// A layer's features: its output, after its activation when that is its
/// only user (what the next layer sees).
Value layerFeatures(Operation *layer) {
  Value value = layer->getResult(0);
  if (value.hasOneUse() && isa<ReluOp, ClipOp>(*value.getUsers().begin()))
    return value.getUsers().begin()->getResult(0);
  return value;
}

struct QNNMeasureSeparabilityPass
    : CalibrationPass<QNNMeasureSeparabilityPass,
                      qnn::impl::QNNMeasureSeparabilityBase> {
  using CalibrationPass::CalibrationPass;

  LogicalResult runOnModule(ModuleOp module) {
    bool nearestMean = measure == SeparabilityMeasure::NearestMean;
    if (calibrationInputs.empty() || calibrationLabels.empty())
      return module.emitError(
          "separability needs calibration data: give calibration-inputs and "
          "calibration-labels");
    auto entryFunction = module.lookupSymbol<func::FuncOp>(entry);
    if (!entryFunction)
      return module.emitError() << "no entry function '@" << entry << "'";
    SmallVector<Operation *> layers = collectLayers(entryFunction);
    if (layers.empty())
      return entryFunction.emitError("has no conv2d or dense layer to measure");

    auto inputs = readNumpyFile(calibrationInputs);
    if (!inputs)
      return module.emitError() << llvm::toString(inputs.takeError());
    auto labelArray = readNumpyFile(calibrationLabels);
    if (!labelArray)
      return module.emitError() << llvm::toString(labelArray.takeError());
    bool labelShapeOk =
        labelArray->shape.size() == 1 ||
        (labelArray->shape.size() == 2 && labelArray->shape[1] == 1);
    if (!labelArray->isInteger() || !labelShapeOk)
      return module.emitError()
             << calibrationLabels
             << ": labels must be integers of shape (S,) or (S, 1), got '"
             << labelArray->dtype << "' of rank " << labelArray->shape.size();
    std::vector<int64_t> labels = labelArray->toIntegers();

    auto run = CalibrationRun::create(
        module, entry,
        [](func::FuncOp function) {
          SmallVector<Value> taps;
          for (Operation *layer : collectLayers(function))
            taps.push_back(layerFeatures(layer));
          return taps;
        },
        features);
    if (failed(run))
      return failure();
    auto samples = (*run)->checkInputs(module, calibrationInputs, *inputs);
    if (failed(samples))
      return failure();
    if (*samples != static_cast<int64_t>(labels.size()))
      return module.emitError() << "calibration inputs and labels disagree: "
                                << *samples << " inputs, " << labels.size()
                                << " labels";
    if (maxSamples > 0)
      *samples = std::min<int64_t>(*samples, maxSamples);
    if (std::count(labels.begin(), labels.begin() + *samples, labels[0]) ==
        *samples)
      return module.emitError()
             << "calibration labels hold a single class (" << labels[0]
             << "); separability needs at least two";

    SmallVector<SeparabilityAccumulator> accumulators;
    for (Operation *layer : layers) {
      auto type = cast<RankedTensorType>(layerFeatures(layer).getType());
      int64_t size = type.getRank() == 4 && features == TapKind::Pooled
                         ? type.getDimSize(1)
                         : type.getNumElements() / type.getDimSize(0);
      accumulators.emplace_back(size);
    }
    // Fisher needs one pass; nearest-class-mean a second, against the class
    // means of the first.
    auto pass = [&](bool second) {
      return (*run)->run(module, *inputs, *samples,
                         [&](int64_t sample, ArrayRef<ArrayRef<float>> taps) {
                           for (auto [accumulator, tap] :
                                llvm::zip(accumulators, taps)) {
                             if (second)
                               accumulator.addForNearestMean(tap, labels[sample]);
                             else
                               accumulator.add(tap, labels[sample]);
                           }
                         });
    };
    if (failed(pass(false)) || (nearestMean && failed(pass(true))))
      return failure();

    MLIRContext *context = &getContext();
    for (auto [layer, accumulator] : llvm::zip(layers, accumulators)) {
      double value = nearestMean ? accumulator.nearestMeanAccuracy()
                                 : accumulator.fisher();
      if (!std::isfinite(value))
        value = kLargestSeparability;
      value = std::min(value, kLargestSeparability);
      layer->setAttr(
          QNNDialect::kSeparabilityAttrName,
          SeparabilityAttr::get(
              context,
              StringAttr::get(context, nearestMean ? "nearest_mean" : "fisher"),
              FloatAttr::get(Float64Type::get(context), value)));
    }
    return success();
  }
};

} // namespace
