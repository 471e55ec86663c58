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
    Rewrites every float graph-level op (`qnn.conv2d`, `qnn.dense`,
    `qnn.relu`, `qnn.clip`, `qnn.max_pool2d`, `qnn.avg_pool2d`,
    `qnn.global_avg_pool`, `qnn.add`, `qnn.mul`, `qnn.batch_norm`,
    `qnn.flatten`, `qnn.reshape`, `qnn.softmax`) into upstream ops on
    tensors:

    * `qnn.dense` and ungrouped `qnn.conv2d` become a GEMM written as a
      `linalg.generic` iterating (row, k, output channel), so that its
      channel loop vectorizes, on K x O weights (transposed at compile time
      when constant, else by `linalg.transpose`) with the bias broadcast into
      its init. The convolution first unfolds its windows with a tensor-form
      `qnn.im2col` (channels last, (kh, kw, c)) and transposes the NHWC
      product back to NCHW.
    * Grouped and depthwise `qnn.conv2d` become
      `linalg.conv_2d_ngchw_gfchw` on a `tensor.pad`ded input.
    * `qnn.max_pool2d` becomes `linalg.pooling_nchw_max` on an input padded
      with -infinity; `qnn.avg_pool2d` becomes `linalg.pooling_nchw_sum`
      divided by a constant of per-position window counts (with or without
      the padded positions, as `count_include_pad` says);
      `qnn.global_avg_pool` a `linalg.generic` sum divided by H x W.
    * The elementwise ops, `qnn.batch_norm` and `qnn.softmax` (max-subtracted
      exponentials over the axis) become `linalg.generic` ops with `arith`
      and `math` bodies; `qnn.flatten` and `qnn.reshape` become
      `tensor.collapse_shape` / `tensor.expand_shape`.

    Expects: graph-level qnn ops with static shapes. Guarantees: no
    graph-level op is left (the pass fails, naming the op, otherwise). The
    quantized level (`qnn.quantize`, `qnn.dequantize`, `qnn.constant`,
    `qnn.qconv2d`, `qnn.qdense`; see `convert-qnn-quantized-to-kernels`) and
    kernel-level ops are left alone; the `qnn.im2col` it creates is lowered
    after bufferization by `convert-qnn-kernels-to-loops`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QNN_CONVERSION_GRAPHTOLINALG_PASSES_TD
