//===- QNNTypes.td - qnn types -----------------------------*- tablegen -*-===//
//
// The quantized element type that carries a layer's bitwidth.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNTYPES_TD
#define QNN_DIALECT_QNN_IR_QNNTYPES_TD

include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

class QNN_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<QNN_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def QNN_QuantType : QNN_Type<"Quant", "quant", [MemRefElementTypeInterface]> {
  let summary = "A k-bit quantized value: code, scale and zero point";
  let description = [{
    The element type of a quantized tensor. A value with code `q` stands for
    the real number `(q - zero_point) * scale`, as in QONNX's `Quant` node.

    * `bits` is the code's bitwidth, 1 to 8;
    * the encoding is `u` (unsigned, codes `[0, 2^k - 1]`), `s` (signed two's
      complement, `[-2^(k-1), 2^(k-1) - 1]`) or `b` (bipolar, 1 bit: codes
      -1 and +1, zero point 0);
    * `scale` (positive) and `zero_point` (any finite real: DoReFa weights
      have the half-integer zero point `(2^k - 1) / 2`) are per tensor, or,
      with `axis = d`, one per slice along dimension `d` of the tensor
      (per output channel for weights).

    ```mlir
    !qnn.quant<u4, scale = 0.125>                        // zero point 0
    !qnn.quant<u3, scale = 0.25, zero_point = 3.5>       // DoReFa 3-bit
    !qnn.quant<s8, axis = 0, scale = [0.5, 0.25], zero_point = [0.0, 1.0]>
    !qnn.quant<b1, scale = 0.75>
    ```
  }];
  let parameters = (ins
    "unsigned":$bits,
    "::mlir::qnn::Encoding":$encoding,
    "int64_t":$axis,
    "::mlir::DenseF64ArrayAttr":$scales,
    "::mlir::DenseF64ArrayAttr":$zeroPoints);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Axis value of a per-tensor type.
    static constexpr int64_t kPerTensor = -1;
    bool isPerTensor() const { return getAxis() == kPerTensor; }
    bool isBipolar() const { return getEncoding() == Encoding::Bipolar; }
    /// Number of (scale, zero point) pairs.
    int64_t getNumChannels() const { return getScales().size(); }
    /// Smallest and largest code; bipolar codes are -1 and +1.
    int64_t getCodeMin() const;
    int64_t getCodeMax() const;
    /// The code of real value `x` in channel `channel` (0 for per tensor),
    /// computed in f32 exactly as `qnn.quantize` does at run time:
    /// `clamp(round(x / scale + zero_point), qmin, qmax)`, or the sign for a
    /// bipolar code.
    int64_t quantize(float x, int64_t channel, RoundingMode mode,
                     bool narrow) const;
    /// Whether the channels, split into `groups` consecutive groups, have
    /// one (scale, zero point) per group (true for a per-tensor type).
    bool isUniformWithinGroups(int64_t groups) const;
    /// The per-tensor type of channel `channel` (this type if per tensor).
    QuantType getChannelType(int64_t channel) const;
    /// `value` rounded as `mode` says, in f32 (`round` is half to even), as
    /// qnn.quantize does at run time.
    static float round(float value, RoundingMode mode);
    /// Builds a per-tensor type.
    static QuantType getPerTensor(::mlir::MLIRContext *context, unsigned bits,
                                  Encoding encoding, double scale,
                                  double zeroPoint = 0.0);
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNTYPES_TD
