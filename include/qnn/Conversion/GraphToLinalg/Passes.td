//===- Passes.td - graph-level qnn ops to linalg -----------*- tablegen -*-===//
//
// Lowering of the float graph-level qnn ops to upstream dialects.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_GRAPHTOLINALG_PASSES_TD
#define QNN_CONVERSION_GRAPHTOLINALG_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQNNGraphToLinalg : Pass<"convert-qnn-graph-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Lowers the float graph-level qnn ops to linalg, tensor and arith";
  let description = [{
    Rewrites every graph-level op (`qnn.conv2d`, `qnn.dense`, `qnn.relu`,
    `qnn.clip`, the pools, `qnn.add`, `qnn.mul`, `qnn.batch_norm`, `qnn.flatten`,
    `qnn.reshape`, `qnn.softmax`) and the fake-quantization pair
    `qnn.quantize` + `qnn.dequantize` on float tensors into upstream ops on
    tensors: linalg named ops where upstream has one (convolutions, grouped
    convolutions, `matmul_transpose_b`, pooling), `linalg.generic` for
    elementwise maps and reductions, `tensor.pad` for padding and
    `tensor.collapse_shape`/`expand_shape` for reshapes.

    Expects: graph-level qnn ops with static shapes, quantized layers
    already lowered (`convert-qnn-quantized-to-kernels`). Guarantees: no
    graph-level op and no `qnn.quantize`/`qnn.dequantize` is left (the pass
    fails, naming the op, otherwise); kernel-level qnn ops are left alone.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QNN_CONVERSION_GRAPHTOLINALG_PASSES_TD
