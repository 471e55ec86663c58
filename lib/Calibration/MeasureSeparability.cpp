//===- MeasureSeparability.cpp - separability on calibration data -*- C++ -*-===//
//
// Implements qnn-measure-separability: JIT-runs a copy of the model that
// returns every layer's features, streams the calibration set through it and
// attaches each layer's measured separability.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Passes.h"

#include "qnn/Calibration/Separability.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Execution/JitModel.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Support/NumpyFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNMEASURESEPARABILITY
#include "qnn/Calibration/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Where a layer's features sit in a row of the feature model's output.
struct FeatureSlice {
  int64_t offset;
  int64_t size;
};

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

/// Rewrites `function` (a copy) to return the features of each of `layers`
/// as one N x F tensor; returns each layer's slice of F.
SmallVector<FeatureSlice> returnFeatures(func::FuncOp function,
                                         ArrayRef<Operation *> layers,
                                         bool pooled) {
  auto returnOp = cast<func::ReturnOp>(function.getBody().front().getTerminator());
  OpBuilder b(returnOp);
  Location loc = function.getLoc();
  Type f32 = b.getF32Type();
  SmallVector<Value> features;
  SmallVector<FeatureSlice> slices;
  int64_t total = 0, batch = 0;
  for (Operation *layer : layers) {
    Value value = layer->getResult(0);
    // The features the next layer sees: after the activation, if any.
    if (value.hasOneUse() && isa<ReluOp, ClipOp>(*value.getUsers().begin()))
      value = value.getUsers().begin()->getResult(0);
    auto type = cast<RankedTensorType>(value.getType());
    batch = type.getDimSize(0);
    if (type.getRank() == 4 && pooled) {
      auto pooledType = RankedTensorType::get(
          {batch, type.getDimSize(1), 1, 1}, f32);
      value = b.create<GlobalAvgPoolOp>(loc, pooledType, value);
      type = pooledType;
    }
    if (type.getRank() != 2) {
      int64_t size = type.getNumElements() / batch;
      value = b.create<FlattenOp>(loc, RankedTensorType::get({batch, size}, f32),
                                  value, b.getI64IntegerAttr(1));
    }
    int64_t size = cast<RankedTensorType>(value.getType()).getDimSize(1);
    slices.push_back({total, size});
    features.push_back(value);
    total += size;
  }
  Value all = b.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{batch, total}, f32);
  for (auto [feature, slice] : llvm::zip(features, slices))
    all = b.create<tensor::InsertSliceOp>(
        loc, feature, all,
        ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(slice.offset)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(batch), b.getIndexAttr(slice.size)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
  returnOp->setOperands(all);
  function.setFunctionType(b.getFunctionType(
      function.getFunctionType().getInputs(), {all.getType()}));
  return slices;
}

struct QNNMeasureSeparabilityPass
    : qnn::impl::QNNMeasureSeparabilityBase<QNNMeasureSeparabilityPass> {
  using Base::Base;

  /// The pass builds tensor ops and runs the lowering pipeline on a copy of
  /// the module: everything that pipeline creates must be loaded up front.
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<tensor::TensorDialect>();
    OpPassManager pipeline(ModuleOp::getOperationName());
    buildLowerToLLVMPipeline(pipeline, LowerToLLVMOptions());
    pipeline.getDependentDialects(registry);
  }

  void runOnOperation() override {
    if (failed(measureLayers()))
      signalPassFailure();
  }

  LogicalResult measureLayers() {
    ModuleOp module = getOperation();
    bool nearestMean = measure == "nearest_mean";
    if (!nearestMean && measure != "fisher")
      return module.emitError() << "unknown separability measure '" << measure
                                << "' (expected fisher or nearest_mean)";
    if (features != "pooled" && features != "full")
      return module.emitError() << "unknown features option '" << features
                                << "' (expected pooled or full)";
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

    // The calibration set.
    auto inputs = readNumpyFile(calibrationInputs);
    if (!inputs)
      return module.emitError() << llvm::toString(inputs.takeError());
    auto labelArray = readNumpyFile(calibrationLabels);
    if (!labelArray)
      return module.emitError() << llvm::toString(labelArray.takeError());
    if (!inputs->isFloat32())
      return module.emitError() << calibrationInputs << ": inputs must be float32, got '"
                                << inputs->dtype << "'";
    bool labelShapeOk = labelArray->shape.size() == 1 ||
                        (labelArray->shape.size() == 2 && labelArray->shape[1] == 1);
    if (!labelArray->isInteger() || !labelShapeOk)
      return module.emitError() << calibrationLabels
                                << ": labels must be integers of shape (S,) or (S, 1), got '"
                                << labelArray->dtype << "' of rank "
                                << labelArray->shape.size();
    std::vector<int64_t> labels = labelArray->toIntegers();
    auto inputType = dyn_cast<RankedTensorType>(
        entryFunction.getFunctionType().getNumInputs() == 1
            ? entryFunction.getFunctionType().getInput(0)
            : Type());
    if (!inputType || !inputType.hasStaticShape())
      return entryFunction.emitError("expects one static tensor input");
    ArrayRef<int64_t> sampleShape = inputType.getShape().drop_front();
    if (inputs->shape.empty() ||
        ArrayRef<int64_t>(inputs->shape).drop_front() != sampleShape)
      return module.emitError()
             << calibrationInputs << ": samples must have the model's per-sample shape "
             << formatShape(sampleShape) << ", got "
             << formatShape(ArrayRef<int64_t>(inputs->shape).drop_front());
    int64_t samples = inputs->shape[0];
    if (samples != static_cast<int64_t>(labels.size()))
      return module.emitError() << "calibration inputs and labels disagree: "
                                << samples << " inputs, " << labels.size()
                                << " labels";
    if (maxSamples > 0)
      samples = std::min<int64_t>(samples, maxSamples);
    if (std::count(labels.begin(), labels.begin() + samples, labels[0]) == samples)
      return module.emitError()
             << "calibration labels hold a single class (" << labels[0]
             << "); separability needs at least two";

    // A copy of the model that returns every layer's features.
    OwningOpRef<ModuleOp> featureModule = module.clone();
    auto featureFunction = featureModule->lookupSymbol<func::FuncOp>(entry);
    SmallVector<FeatureSlice> slices = returnFeatures(
        featureFunction, collectLayers(featureFunction), features == "pooled");
    auto model = JitModel::compile(*featureModule, entry);
    if (failed(model))
      return failure();

    SmallVector<SeparabilityAccumulator> accumulators;
    for (const FeatureSlice &slice : slices)
      accumulators.emplace_back(slice.size);
    int64_t batch = inputType.getDimSize(0);
    int64_t sampleSize = (*model)->getInputSize() / batch;
    int64_t featureSize = (*model)->getOutputSize() / batch;
    std::vector<float> batchInput((*model)->getInputSize());
    std::vector<float> batchFeatures((*model)->getOutputSize());
    const float *data = inputs->asFloats().data();

    // One pass over the set, in batches; the last batch is zero-padded and
    // its padding rows ignored.
    auto pass = [&](bool second) -> LogicalResult {
      for (int64_t first = 0; first < samples; first += batch) {
        int64_t count = std::min(batch, samples - first);
        std::fill(batchInput.begin(), batchInput.end(), 0.0f);
        std::memcpy(batchInput.data(), data + first * sampleSize,
                    count * sampleSize * sizeof(float));
        if (llvm::Error error = (*model)->run(batchInput.data(), batchFeatures.data()))
          return module.emitError() << "calibration run failed: "
                                    << llvm::toString(std::move(error));
        for (int64_t row = 0; row < count; ++row) {
          ArrayRef<float> rowFeatures(batchFeatures.data() + row * featureSize,
                                      featureSize);
          for (auto [accumulator, slice] : llvm::zip(accumulators, slices)) {
            ArrayRef<float> feature = rowFeatures.slice(slice.offset, slice.size);
            if (second)
              accumulator.addForNearestMean(feature, labels[first + row]);
            else
              accumulator.add(feature, labels[first + row]);
          }
        }
      }
      return success();
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
      layer->setAttr(QNNDialect::kSeparabilityAttrName,
                     SeparabilityAttr::get(
                         context, StringAttr::get(context, measure),
                         FloatAttr::get(Float64Type::get(context), value)));
    }
    return success();
  }

  static std::string formatShape(ArrayRef<int64_t> shape) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "(";
    llvm::interleaveComma(shape, os);
    os << ")";
    return text;
  }
};

} // namespace
