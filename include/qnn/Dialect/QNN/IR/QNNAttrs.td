//===- QNNAttrs.td - qnn attributes ------------------------*- tablegen -*-===//
//
// Enums and attributes: code encodings, rounding modes, per-layer bitwidth
// assignment and measured separability.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNATTRS_TD
#define QNN_DIALECT_QNN_IR_QNNATTRS_TD

include "qnn/Dialect/QNN/IR/QNNDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

class QNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def QNN_Encoding : I32EnumAttr<"Encoding", "how a k-bit code maps to an integer", [
    I32EnumAttrCase<"Unsigned", 0, "unsigned">,
    I32EnumAttrCase<"Signed", 1, "signed">,
    I32EnumAttrCase<"Bipolar", 2, "bipolar">]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qnn";
}

def QNN_EncodingAttr : EnumAttr<QNN_Dialect, QNN_Encoding, "encoding"> {
  let summary = "Code encoding: unsigned, signed (two's complement) or bipolar";
  let description = [{
    `unsigned`: a k-bit code is `sum_t 2^t b_t` in `[0, 2^k - 1]`.
    `signed`: two's complement, the top plane weighs `-2^(k-1)`.
    `bipolar`: a 1-bit code whose bit 1 means +1 and bit 0 means -1.
  }];
}

def QNN_RoundingMode : I32EnumAttr<"RoundingMode", "QONNX rounding mode", [
    I32EnumAttrCase<"Round", 0, "round">,
    I32EnumAttrCase<"Ceil", 1, "ceil">,
    I32EnumAttrCase<"Floor", 2, "floor">,
    I32EnumAttrCase<"RoundToZero", 3, "round_to_zero">]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qnn";
}

def QNN_RoundingModeAttr : EnumAttr<QNN_Dialect, QNN_RoundingMode, "rounding"> {
  let summary = "How qnn.quantize rounds x/scale + zero_point";
  let description = [{
    QONNX's `rounding_mode`: `round` rounds half to even (the QONNX default),
    `ceil`, `floor` and `round_to_zero` as their names say.
  }];
}

def QNN_BitwidthAttr : QNN_Attr<"Bitwidth", "bits"> {
  let summary = "Weight and activation bitwidth assigned to one layer";
  let description = [{
    Attached to a graph-level `qnn.conv2d` or `qnn.dense` as `qnn.bitwidth`
    by the assignment passes, and read by `qnn-quantize`. `weight` is the
    bitwidth of the layer's weight codes, `activation` that of its input
    activation codes; both lie in [1, 8].

    ```mlir
    #qnn.bits<weight = 4, activation = 2>
    ```
  }];
  let parameters = (ins "unsigned":$weight, "unsigned":$activation);
  let assemblyFormat = "`<` `weight` `=` $weight `,` `activation` `=` $activation `>`";
  let genVerifyDecl = 1;
}

def QNN_SeparabilityAttr : QNN_Attr<"Separability", "separability"> {
  let summary = "Feature separability of a layer's output, by a named measure";
  let description = [{
    How well a layer's output features separate the classes of a labelled
    calibration set, measured by `measure` (for example `fisher` for
    trace(S_between) / trace(S_within), or `nearest_mean` for the accuracy
    of a nearest-class-mean classifier). Attached as `qnn.separability`.
    The value is finite and non-negative.

    ```mlir
    #qnn.separability<fisher = 1.75>
    ```
  }];
  let parameters = (ins "::mlir::StringAttr":$measure, "::mlir::FloatAttr":$value);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    double getValueAsDouble() const { return getValue().getValueAsDouble(); }
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNATTRS_TD
