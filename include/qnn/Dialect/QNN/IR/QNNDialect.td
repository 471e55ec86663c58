//===- QNNDialect.td - The qnn dialect ---------------------*- tablegen -*-===//
//
// The qnn dialect: quantized neural networks with per-layer bitwidths, from
// float graphs down to bit-serial kernels.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNDIALECT_TD
#define QNN_DIALECT_QNN_IR_QNNDIALECT_TD

include "mlir/IR/OpBase.td"

def QNN_Dialect : Dialect {
  let name = "qnn";
  let cppNamespace = "::mlir::qnn";
  let summary = "Mixed-precision quantized neural networks and bit-serial kernels";
  let description = [{
    The `qnn` dialect describes a convolutional network at three levels:

    * the **graph level**: float operations on ranked tensors (`qnn.conv2d`,
      `qnn.dense`, pooling, batch norm, ...), as imported from ONNX;
    * the **quantized level**: `qnn.quantize`, `qnn.dequantize`,
      `qnn.qconv2d` and `qnn.qdense`, whose operand element types
      (`!qnn.quant<...>`) carry each layer's weight and activation bitwidth,
      code (unsigned, signed or bipolar), scale and zero point;
    * the **kernel level**: `qnn.im2col`, `qnn.pack_bits` and
      `qnn.bitserial_matmul`, which work on bit-planes packed into 64-bit
      words (`planes x rows x words` tensors or memrefs of `i64`).

    Per-layer bitwidth assignments (`#qnn.bits`) and measured feature
    separability (`#qnn.separability`) are attributes, so every step of the
    mixed-precision flow is visible in the IR.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let extraClassDeclaration = [{
    /// Discardable attribute names the dialect gives a meaning to.
    static constexpr ::llvm::StringLiteral kBitwidthAttrName = "qnn.bitwidth";
    static constexpr ::llvm::StringLiteral kSeparabilityAttrName = "qnn.separability";
    static constexpr ::llvm::StringLiteral kInputShapeAttrName = "qnn.input_shape";
    static constexpr ::llvm::StringLiteral kOutputShapeAttrName = "qnn.output_shape";
    /// On a module: the per-layer bitwidths of the compiled model, an array
    /// of dictionaries {name = "...", weight_bits = k, activation_bits = m},
    /// which the C header repeats as a comment.
    static constexpr ::llvm::StringLiteral kLayersAttrName = "qnn.layers";
    /// On a quantized layer: its #qnn.kernel (qnn-select-kernels).
    static constexpr ::llvm::StringLiteral kKernelAttrName = "qnn.kernel";
    /// On a module: a unit attribute the ONNX importer sets when the model
    /// fixes its own bitwidths with QONNX quantizers.
    static constexpr ::llvm::StringLiteral kQuantizedModelAttrName = "qnn.qonnx";
    /// On a module: the #qnn.target it is compiled for.
    static constexpr ::llvm::StringLiteral kTargetAttrName = "qnn.target";
    /// On a module: the bytes of the one workspace that holds every
    /// temporary buffer of the entry function (qnn-plan-workspace).
    static constexpr ::llvm::StringLiteral kWorkspaceBytesAttrName =
        "qnn.workspace_bytes";
    /// On a module: the rows of the profile table that
    /// qnn-instrument-profile built into the entry function, an array of
    /// dictionaries {name = "...", step = "...", macs = n, unit = "..."}.
    static constexpr ::llvm::StringLiteral kProfileAttrName = "qnn.profile";
    /// The alignment in bytes of the workspace and of each buffer in it:
    /// a cache line, and the widest vector (AVX-512) the kernels load.
    static constexpr int64_t kWorkspaceAlignment = 64;

  private:
    void registerTypes();
    void registerAttributes();
  public:
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_TD
