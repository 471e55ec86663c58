//===- Quantize.cpp - post-training quantization of assigned layers -*- C++ -*-===//
//
// Implements qnn-quantize: layers with a bitwidth assignment become quantized
// layers, weight scales from the weights, activation scales from the ranges
// measured on calibration inputs.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Passes.h"

#include "qnn/Calibration/CalibrationRun.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/QuantizedLayers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNQUANTIZE
#include "qnn/Calibration/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// What the calibration run saw of one layer's input.
struct Range {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  double sumAbs = 0;
  int64_t count = 0;
};

SmallVector<Operation *> assignedLayers(func::FuncOp function) {
  SmallVector<Operation *> layers;
  function.walk([&](Operation *op) {
    if (isa<Conv2DOp, DenseOp>(op) &&
        op->hasAttr(QNNDialect::kBitwidthAttrName))
      layers.push_back(op);
  });
  return layers;
}

/// A positive scale even for an all-zero tensor.
double positive(double scale) { return scale > 0 ? scale : 1.0; }

QuantType activationType(MLIRContext *context, unsigned bits,
                         const Range &range) {
  if (range.min >= 0)
    return QuantType::getPerTensor(context, bits, Encoding::Unsigned,
                                   positive(range.max / ((1 << bits) - 1)));
  if (bits == 1)
    return QuantType::getPerTensor(context, 1, Encoding::Bipolar,
                                   positive(range.sumAbs / range.count));
  double largest = std::max(-range.min, range.max);
  return QuantType::getPerTensor(context, bits, Encoding::Signed,
                                 positive(largest / ((1 << (bits - 1)) - 1)));
}

/// Per output channel (dimension 0): symmetric signed narrow codes, or
/// bipolar codes for one bit.
QuantType weightType(MLIRContext *context, unsigned bits,
                     DenseElementsAttr weights, int64_t channels) {
  auto values = weights.getValues<float>();
  int64_t perChannel = weights.getNumElements() / channels;
  SmallVector<double> scales, zeroPoints(channels, 0.0);
  for (int64_t channel = 0; channel < channels; ++channel) {
    double largest = 0, sumAbs = 0;
    for (int64_t i = 0; i < perChannel; ++i) {
      double magnitude = std::abs(values[channel * perChannel + i]);
      largest = std::max(largest, magnitude);
      sumAbs += magnitude;
    }
    scales.push_back(positive(bits == 1 ? sumAbs / perChannel
                                        : largest / ((1 << (bits - 1)) - 1)));
  }
  return QuantType::get(context, bits,
                        bits == 1 ? Encoding::Bipolar : Encoding::Signed,
                        /*axis=*/0, DenseF64ArrayAttr::get(context, scales),
                        DenseF64ArrayAttr::get(context, zeroPoints));
}

Value quantize(OpBuilder &b, Location loc, Value value, QuantType type,
               bool narrow) {
  auto tensorType = cast<RankedTensorType>(value.getType());
  auto quantized = b.create<QuantizeOp>(
      loc, RankedTensorType::get(tensorType.getShape(), type), value,
      RoundingMode::Round, narrow);
  return quantized.getResult();
}

struct QNNQuantizePass
    : CalibrationPass<QNNQuantizePass, qnn::impl::QNNQuantizeBase> {
  using CalibrationPass::CalibrationPass;

  LogicalResult runOnModule(ModuleOp module) {
    auto entryFunction = module.lookupSymbol<func::FuncOp>(entry);
    if (!entryFunction)
      return module.emitError() << "no entry function '@" << entry << "'";
    SmallVector<Operation *> layers = assignedLayers(entryFunction);
    if (layers.empty())
      return success();
    for (Operation *layer : layers) {
      DenseElementsAttr weights;
      if (!matchPattern(layer->getOperand(1), m_Constant(&weights)) ||
          !weights.getElementType().isF32())
        return layer->emitError("cannot quantize: its weights are not an f32 constant");
    }
    if (calibrationInputs.empty())
      return module.emitError(
          "quantizing a float model needs calibration-inputs to choose "
          "activation scales");

    // The range of every assigned layer's input over the calibration set.
    auto inputs = readNumpyFile(calibrationInputs);
    if (!inputs)
      return module.emitError() << llvm::toString(inputs.takeError());
    auto run = CalibrationRun::create(
        module, entry,
        [](func::FuncOp function) {
          SmallVector<Value> taps;
          for (Operation *layer : assignedLayers(function))
            taps.push_back(layer->getOperand(0));
          return taps;
        },
        TapKind::Full);
    if (failed(run))
      return failure();
    auto samples = (*run)->checkInputs(module, calibrationInputs, *inputs);
    if (failed(samples))
      return failure();
    if (maxSamples > 0)
      *samples = std::min<int64_t>(*samples, maxSamples);
    SmallVector<Range> ranges(layers.size());
    if (failed((*run)->run(module, *inputs, *samples,
                           [&](int64_t, ArrayRef<ArrayRef<float>> taps) {
                             for (auto [range, tap] : llvm::zip(ranges, taps))
                               for (float x : tap) {
                                 range.min = std::min<double>(range.min, x);
                                 range.max = std::max<double>(range.max, x);
                                 range.sumAbs += std::abs(x);
                                 ++range.count;
                               }
                           })))
      return failure();

    MLIRContext *context = &getContext();
    for (auto [layer, range] : llvm::zip(layers, ranges)) {
      auto bits =
          layer->getAttrOfType<BitwidthAttr>(QNNDialect::kBitwidthAttrName);
      DenseElementsAttr weights;
      matchPattern(layer->getOperand(1), m_Constant(&weights));
      int64_t channels =
          cast<RankedTensorType>(layer->getOperand(1).getType()).getDimSize(0);
      OpBuilder b(layer);
      Location loc = layer->getLoc();
      QuantType weightCodes =
          weightType(context, bits.getWeight(), weights, channels);
      Value input = quantize(b, loc, layer->getOperand(0),
                             activationType(context, bits.getActivation(), range),
                             /*narrow=*/false);
      Value weight = quantize(b, loc, layer->getOperand(1), weightCodes,
                              /*narrow=*/!weightCodes.isBipolar());
      IRRewriter rewriter(b);
      replaceWithQuantizedLayer(rewriter, layer, input, weight);
    }
    return success();
  }
};

} // namespace
