//===- Passes.h - calibration passes ----------------------------*- C++ -*-===//
//
// Declares the passes that run the model on calibration data.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_PASSES_H
#define QNN_CALIBRATION_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Calibration/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Calibration/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_PASSES_H
