//===- CalibrationRun.h - run a model over calibration inputs ---*- C++ -*-===//
//
// Taps values inside a model's entry function, JIT-compiles a copy that
// returns them, and streams a calibration set through it batch by batch:
// what the calibration passes (separability, activation ranges) share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_CALIBRATIONRUN_H
#define QNN_CALIBRATION_CALIBRATIONRUN_H

#include "qnn/Execution/JitModel.h"
#include "qnn/Support/NumpyFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <functional>
#include <memory>

namespace mlir {
class DialectRegistry;
namespace qnn {

/// How a tapped value becomes one sample's vector.
enum class TapKind {
  /// Every element of the sample (N x ... flattened to N x size).
  Full,
  /// A 4-D N x C x H x W value averaged over H x W (one value per channel);
  /// other ranks as Full.
  Pooled,
};

class CalibrationRun {
public:
  /// Chooses the values to tap in `entry`; called on a copy of the module,
  /// so the values must be found the same way as in the original.
  using TapSelector = std::function<SmallVector<Value>(func::FuncOp entry)>;
  /// Receives one sample's tapped vectors, in tap order.
  using SampleConsumer =
      std::function<void(int64_t sample, ArrayRef<ArrayRef<float>> taps)>;

  /// Builds and JIT-compiles the tapping copy of `module`. Errors are
  /// emitted at the module.
  static FailureOr<std::unique_ptr<CalibrationRun>>
  create(ModuleOp module, StringRef entry, const TapSelector &selectTaps,
         TapKind kind);

  /// Checks that `inputs` is a float32 array of samples in the model's
  /// per-sample shape; returns the number of samples.
  FailureOr<int64_t> checkInputs(ModuleOp module, StringRef path,
                                 const NumpyArray &inputs) const;

  /// Runs the first `samples` samples of `inputs`, in batches of the
  /// model's batch size (the last one zero-padded, its padding ignored).
  LogicalResult run(ModuleOp module, const NumpyArray &inputs, int64_t samples,
                    const SampleConsumer &consume);

  /// Registers the dialects the tapping copy and its lowering create; a
  /// pass using CalibrationRun calls this from getDependentDialects.
  static void getDependentDialects(DialectRegistry &registry);

private:
  std::unique_ptr<JitModel> model;
  SmallVector<int64_t> tapOffsets, tapSizes;
};

/// The base of a module pass that runs the model on calibration data
/// (`GeneratedBase` is its ODS base class template): it registers what the
/// run creates and fails the pass when `Derived::runOnModule` fails.
template <typename Derived, template <typename> class GeneratedBase>
class CalibrationPass : public GeneratedBase<Derived> {
public:
  using Base = GeneratedBase<Derived>;
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    CalibrationRun::getDependentDialects(registry);
  }

  void runOnOperation() override {
    if (failed(static_cast<Derived *>(this)->runOnModule(this->getOperation())))
      this->signalPassFailure();
  }
};

} // namespace qnn
} // namespace mlir

#endif // QNN_CALIBRATION_CALIBRATIONRUN_H
