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
  let summary = "Lowers qnn.qconv2d and qnn.qdense to packing and bit-serial "
                "matmuls, or to exact GEMMs on codes";
  let description = [{
    Rewrites each quantized layer into kernel-level ops on tensors:

    * weights (`qnn.quantize` of a float constant) are quantized and packed
      into bit-planes at compile time: an `i64` constant of
      `bits x out_channels x ceil(K / 64)` words, reduction axis in
      channels-last order (kh, kw, c);
    * activations (the float input of the `qnn.quantize` that feeds the
      layer) go through `qnn.im2col` for convolutions, then `qnn.pack_bits`,
      which quantizes and packs in one step: the requantization of the
      previous layer's output is fused with this layer's packing;
    * `qnn.bitserial_matmul` computes the exact integer sum of code products,
      in `i32` when it cannot overflow and `i64` otherwise;
    * an epilogue applies scales, zero points and bias per output:
      `y = s_a s_w (acc - z_w sum(a) - z_a sum(w) + K z_a z_w - corr) + bias`,
      where `sum(a)` is itself a bit-serial product with a plane of ones
      (only emitted when some weight zero point is not 0), and `corr` is a
      compile-time constant that removes the contribution of padded
      positions when the activation code of the real value 0 is not exactly
      the zero point (half-integer zero points, bipolar codes).

    Grouped and depthwise convolutions are lowered group by group.

    Layers with many bit-plane pairs take a GEMM on codes instead: when
    weight bits x activation bits is at least `integer-min-plane-pairs`
    (default 12) and neither side is bipolar, the activations are quantized
    to codes by a `linalg.generic` (the arithmetic of `qnn.pack_bits`), the
    weight codes become a constant, and a GEMM computes the same exact sum of
    code products, which upstream lowering and LLVM's vectorizers turn into
    multiply-add loops; the epilogue is the same. When every partial sum is
    below 2^24 in magnitude (`K max|a| max|w|`) and `exact-f32-gemm` is on
    (the default), the GEMM runs in f32 on integer-valued codes, iterating
    (row, k, channel), which is exact in any order; otherwise `i16`
    activation codes and `i8`/`i16` weight codes go through
    `linalg.matmul_transpose_b` into the `i32`/`i64` accumulator. A
    bit-serial product costs one popcount per plane pair per 64 products,
    so beyond about a dozen pairs the GEMM is cheaper on AVX2
    (docs/kernels.md). 0 turns the GEMM path off.

    The object keeps the memory the bitwidth assignment paid for: 8-bit
    weight codes are stored as `i8` and converted to f32 on each call; with
    `keep-weights-packed` (the default), weights with fewer bits stay
    bit-planes, packed along the output channels (32 per `i32` word), and a
    vectorizable `linalg.generic` unpacks them to f32 on each call. The
    integer GEMM cannot unpack, so such a layer stays bit-serial when f32 is
    not exact. With `keep-weights-packed=false` every GEMM stores a byte
    (or two) per weight.
  }];
  let options = [
    Option<"integerMinPlanePairs", "integer-min-plane-pairs", "int64_t",
           /*default=*/"12",
           "Weight bits x activation bits from which a layer uses integer "
           "matmul instead of bit-serial kernels (0: never)">,
    Option<"keepWeightsPacked", "keep-weights-packed", "bool",
           /*default=*/"true",
           "Weights below 8 bits stay bit-planes in the object (an f32 GEMM "
           "unpacks them per call; an integer GEMM is not used for them); "
           "false: one byte per weight">,
    Option<"exactF32Gemm", "exact-f32-gemm", "bool", /*default=*/"true",
           "Run a code GEMM in f32 when every partial sum is below 2^24 "
           "(exact); off: always in integers">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QNN_CONVERSION_QUANTIZEDTOKERNELS_PASSES_TD
