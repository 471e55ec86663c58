//===- Passes.td - qnn transformation passes ---------------*- tablegen -*-===//
//
// Passes that transform qnn IR within the dialect's levels.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNFoldBatchNorm : Pass<"qnn-fold-batch-norm", "::mlir::func::FuncOp"> {
  let summary = "Folds inference batch norm into the convolution or dense layer before it";
  let description = [{
    Rewrites `qnn.batch_norm(qnn.conv2d(x, w, b))` into one `qnn.conv2d` whose
    weights and bias absorb the normalization, when the weight, bias and the
    four batch-norm parameters are constants and the convolution has no other
    user: `w' = w * s`, `b' = (b - mean) * s + beta` with
    `s = gamma / sqrt(variance + epsilon)` per output channel. The same for
    `qnn.dense` followed by a batch norm over its N x O output.

    Expects: graph-level IR. Guarantees: the function computes the same
    values (up to float rounding) with fewer ops; batch norms whose
    parameters are not constants are left alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def QNNAnnotateABI : Pass<"qnn-annotate-abi", "::mlir::ModuleOp"> {
  let summary = "Checks the entry function and records the compiled-model ABI on the module";
  let description = [{
    The compiled model exports `void forward(const float *input, float
    *output)`. This pass checks that the entry function takes one static f32
    tensor and returns one, and records on the module what the C header
    needs after lowering has erased the tensor types: `qnn.input_shape`,
    `qnn.output_shape` and `qnn.layers` (the weight and activation
    bitwidths of each quantized layer, in program order, named after the
    layer's location name when it has one).

    Expects: a module with the entry function at graph or quantized level.
    Guarantees: the three module attributes are set, or the pass fails with
    an error at the entry function.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "Name of the entry function">,
  ];
}

def QNNFuseQuantizedLayers : Pass<"qnn-fuse-quantized-layers", "::mlir::func::FuncOp"> {
  let summary = "Turns float layers on fake-quantized operands into quantized layers";
  let description = [{
    An imported QONNX model quantizes a layer's operands with
    `qnn.quantize` + `qnn.dequantize` pairs (Quant nodes) before a float
    layer. This pass rewrites

        qnn.conv2d(qnn.dequantize(%qx), qnn.dequantize(%qw), %b)

    into `qnn.qconv2d(%qx, %qw, %b)` (likewise `qnn.dense` into
    `qnn.qdense`) when both operands are dequantized codes and the codes'
    types are valid for the quantized op (per-tensor activations; weights per
    tensor or per output channel). The dequantize ops are left for their other
    users and erased when dead.

    Expects: graph-level IR with quantize/dequantize pairs. Guarantees: the
    same values; each fused layer's bitwidths now in its operand types.
  }];
}

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
