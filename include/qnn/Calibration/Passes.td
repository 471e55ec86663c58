//===- Passes.td - calibration passes ----------------------*- tablegen -*-===//
//
// Passes that run the model on calibration data (JIT-compiled in-process).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_PASSES_TD
#define QNN_CALIBRATION_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNMeasureSeparability : Pass<"qnn-measure-separability", "::mlir::ModuleOp"> {
  let summary = "Measures each layer's feature separability on labelled calibration data";
  let description = [{
    Runs the float model on a labelled calibration set and attaches to every
    quantizable layer (`qnn.conv2d`, `qnn.dense`) of the entry function a
    `qnn.separability = #qnn.separability<measure = value>` attribute: how
    well the layer's output features separate the classes.

    The model is JIT-compiled by qnn itself (the `qnn-lower-to-llvm`
    pipeline on a copy of the module whose entry function returns every
    layer's features) and run batch by batch over the calibration set, so
    memory is bounded by the batch and the per-class statistics, not by the
    set's size (the `.npy` files are memory-mapped).

    Features: a layer's output, after its ReLU or clip when that is the
    layer's only user (the features the next layer sees). With
    `features=pooled` (the default) a convolution's N x C x H x W output is
    averaged over H x W to one value per channel; `features=full` keeps the
    whole feature map (C * H * W values: more information, more memory per
    class). Dense layers always give their N x O output.

    Measures (`measure=`): `fisher`, Fisher's criterion
    trace(S_between) / trace(S_within), scale invariant, unbounded
    (a layer whose classes are points gets 1e12); `nearest_mean`, the
    accuracy of a nearest-class-mean classifier on the calibration set (a
    second pass over the data), in [0, 1]. See docs/bitwidth-assignment.md.

    Inputs: `calibration-inputs`, a float32 `.npy` of S samples in the
    model's input layout (S x the model's per-sample shape; S need not be a
    multiple of the model's batch size), and `calibration-labels`, an
    integer `.npy` of S labels (shape S or S x 1) with at least two classes.
    Mismatched counts, wrong shapes, non-float inputs, non-integer labels,
    a single class and files that are not `.npy` are errors.
  }];
  let options = [
    Option<"calibrationInputs", "calibration-inputs", "std::string", "\"\"",
           "Calibration inputs (.npy, float32, samples first)">,
    Option<"calibrationLabels", "calibration-labels", "std::string", "\"\"",
           "Calibration labels (.npy, integers)">,
    Option<"measure", "measure", "::mlir::qnn::SeparabilityMeasure",
           "::mlir::qnn::SeparabilityMeasure::Fisher",
           "Separability measure", [{::llvm::cl::values(
             clEnumValN(::mlir::qnn::SeparabilityMeasure::Fisher, "fisher",
                        "Fisher's criterion"),
             clEnumValN(::mlir::qnn::SeparabilityMeasure::NearestMean,
                        "nearest_mean",
                        "nearest-class-mean accuracy"))}]>,
    Option<"features", "features", "::mlir::qnn::TapKind",
           "::mlir::qnn::TapKind::Pooled",
           "Convolution features", [{::llvm::cl::values(
             clEnumValN(::mlir::qnn::TapKind::Pooled, "pooled",
                        "one value per channel (averaged over the map)"),
             clEnumValN(::mlir::qnn::TapKind::Full, "full",
                        "the whole feature map"))}]>,
    Option<"entry", "entry", "std::string", "\"forward\"",
           "Name of the entry function">,
    Option<"maxSamples", "max-samples", "int64_t", "0",
           "Use at most this many calibration samples (0: all)">,
  ];
}

def QNNQuantize : Pass<"qnn-quantize", "::mlir::ModuleOp"> {
  let summary = "Quantizes the layers that carry a bitwidth assignment (post-training)";
  let description = [{
    Turns each graph-level `qnn.conv2d` / `qnn.dense` that carries
    `qnn.bitwidth = #qnn.bits<weight = k, activation = m>` into
    `qnn.qconv2d` / `qnn.qdense` on `qnn.quantize`d operands, choosing
    scales post-training:

    * weights (a constant), per output channel: k >= 2 bits give signed
      narrow-range codes with `scale = max|w| / (2^(k-1) - 1)` (symmetric,
      zero point 0); k = 1 gives bipolar codes with `scale = mean|w|`
      (the XNOR-Net choice, which minimizes the L2 error of sign(w) * scale);
    * activations, per tensor, from the range the layer's input takes on
      the calibration inputs (labels are not needed): non-negative inputs
      (after a ReLU) give unsigned m-bit codes with `scale = max / (2^m - 1)`;
      inputs with negative values give signed symmetric codes with
      `scale = max|x| / (2^(m-1) - 1)`, or, for m = 1, bipolar codes with
      `scale = mean|x|`.

    Layers without `qnn.bitwidth` stay float. Min/max ranges are simple and
    outlier-sensitive; they are what this first version offers.

    Expects: a graph-level entry function with constant f32 weights and,
    when any layer is to be quantized, `calibration-inputs` (a float32
    `.npy` of samples in the model's input layout). Guarantees: the
    assigned layers are quantized with exactly their assigned bitwidths.
  }];
  let options = [
    Option<"calibrationInputs", "calibration-inputs", "std::string", "\"\"",
           "Calibration inputs (.npy, float32, samples first)">,
    Option<"entry", "entry", "std::string", "\"forward\"",
           "Name of the entry function">,
    Option<"maxSamples", "max-samples", "int64_t", "0",
           "Use at most this many calibration samples (0: all)">,
  ];
}

#endif // QNN_CALIBRATION_PASSES_TD
