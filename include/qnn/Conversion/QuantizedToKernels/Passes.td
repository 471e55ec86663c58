//===- Passes.td - quantized qnn ops to kernel ops ---------*- tablegen -*-===//
//
// Lowering of quantized layers to bit-plane packing and bit-serial matmuls.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QUANTIZEDTOKERNELS_PASSES_TD
#define QNN_CONVERSION_QUANTIZEDTOKERNELS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQNNQuantizedToKernels
    : Pass<"convert-qnn-quantized-to-kernels", "::mlir::func::FuncOp"> {
  let summary = "Lowers the quantized level: codes to i8 tensors, layers to "
                "the kernels their #qnn.kernel names";
  let description = [{
    A dialect conversion whose type converter stores the codes of
    `tensor<... x !qnn.quant<...>>` values in `i8` tensors (unsigned codes as
    their bit pattern, signed and bipolar codes as their value):

    * `qnn.quantize` becomes an elementwise `linalg.generic` computing
      `clamp(round(x / scale + zero_point), qmin, qmax)` in f32 (bipolar:
      `x >= 0 ? +1 : -1`; NaN gives the code nearest 0, or -1 when
      bipolar), per tensor or per channel; `qnn.dequantize` computes
      `(q - zero_point) * scale` in f32; `qnn.constant` becomes an
      `arith.constant` of its codes. So any quantized-level program lowers,
      not only layers.
    * `qnn.qconv2d` and `qnn.qdense` read their `qnn.kernel` attribute
      (written by `qnn-select-kernels`; a layer without one is an error) and
      emit exactly that kernel on the activation codes: convolutions unfold
      their codes with `qnn.im2col` (padding with the code of the real
      value 0), channels last (kh, kw, c); then
      - `bitserial`: `qnn.pack_bits` of activations and weights (a constant,
        folded into `bits x O x ceil(K / 64)` i64 planes at compile time)
        and `qnn.bitserial_matmul`;
      - `f32_gemm`: codes converted to f32 and a GEMM iterating (row, k,
        channel); weights from `i8`/`i16` code constants (`codes`) or from
        i32 planes packed along the output channels and unpacked on each
        call (`channel_planes`);
      - `int_gemm`: `i16` activation codes and `i8`/`i16` weight codes
        through `linalg.matmul_transpose_b` into `i32` or `i64`.
      Then an epilogue applies scales, zero points and bias per output:
      `y = s_a s_w (acc - z_w sum(a) - z_a sum(w) + K z_a z_w - corr) + bias`,
      with `sum(a)` a product with a row of ones (only where some weight zero
      point is not 0) and `corr` a compile-time constant removing what
      padded positions add when the code of the real value 0 is not exactly
      the zero point (half-integer zero points, bipolar codes). Grouped and
      depthwise convolutions are lowered group by group.

    Expects: the quantized level on tensors, every layer with a
    `qnn.kernel`, weights constant. Guarantees: no `!qnn.quant` type and no
    quantized-level op is left, or the pass fails with an error at the op.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QNN_CONVERSION_QUANTIZEDTOKERNELS_PASSES_TD
