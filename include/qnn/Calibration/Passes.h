//===- Passes.h - calibration passes ----------------------------*- C++ -*-===//
//
// Declares the passes that run the model on calibration data.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_PASSES_H
#define QNN_CALIBRATION_PASSES_H

#include "qnn/Calibration/CalibrationRun.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

/// How qnn-measure-separability scores a layer's features.
enum class SeparabilityMeasure {
  /// Fisher's criterion: between-class over within-class scatter.
  Fisher,
  /// The accuracy of the nearest-class-mean classifier.
  NearestMean,
};

#define GEN_PASS_DECL
#include "qnn/Calibration/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Calibration/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_PASSES_H
