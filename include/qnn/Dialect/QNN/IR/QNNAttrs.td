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

//===----------------------------------------------------------------------===//
// Kernel selection (qnn-select-kernels) and the target it selects for
//===----------------------------------------------------------------------===//

def QNN_KernelKind : I32EnumAttr<"KernelKind",
    "how a quantized layer computes its exact sum of code products", [
    I32EnumAttrCase<"BitSerial", 0, "bitserial">,
    I32EnumAttrCase<"F32Gemm", 1, "f32_gemm">,
    I32EnumAttrCase<"IntGemm", 2, "int_gemm">,
    I32EnumAttrCase<"DirectConv", 3, "direct_conv">,
    I32EnumAttrCase<"Int8Dot", 4, "int8_dot">,
    I32EnumAttrCase<"F32Fma", 5, "f32_fma">]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qnn";
}

def QNN_WeightStorage : I32EnumAttr<"WeightStorage",
    "how the object stores a quantized layer's weights", [
    I32EnumAttrCase<"BitPlanes", 0, "bitplanes">,
    I32EnumAttrCase<"ChannelPlanes", 1, "channel_planes">,
    I32EnumAttrCase<"Codes", 2, "codes">,
    I32EnumAttrCase<"Panels", 3, "panels">,
    I32EnumAttrCase<"F32", 4, "f32">]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qnn";
}

def QNN_Layout : I32EnumAttr<"Layout", "data layout of a layer's activations", [
    I32EnumAttrCase<"NCHW", 0, "nchw">,
    I32EnumAttrCase<"NC", 1, "nc">,
    I32EnumAttrCase<"NHWC", 2, "nhwc">]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qnn";
}

def QNN_DotISA : I32EnumAttr<"DotISA",
    "the 8-bit dot-product instruction an int8_dot kernel is built on", [
    I32EnumAttrCase<"None", 0, "none">,
    I32EnumAttrCase<"AVX512VNNI", 1, "avx512_vnni">,
    I32EnumAttrCase<"AVXVNNI", 2, "avx_vnni">,
    I32EnumAttrCase<"NeonSdot", 3, "neon_sdot">,
    I32EnumAttrCase<"AVX2", 4, "avx2">,
    I32EnumAttrCase<"NeonI8mm", 5, "neon_i8mm">]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qnn";
}

def QNN_DotISAAttr : EnumAttr<QNN_Dialect, QNN_DotISA, "dot_isa"> {
  let summary = "8-bit dot-product instruction of an int8_dot kernel";
  let description = [{
    `avx512_vnni`: `vpdpbusd` on zmm (16 i32 lanes, AVX-512 VNNI);
    `avx_vnni`: `vpdpbusd` on ymm (8 i32 lanes; AVX-VNNI, or AVX-512 VL +
    VNNI); `neon_sdot`: AArch64 `sdot` (FEAT_DotProd, 4 i32 lanes, signed
    x signed bytes); `avx2`: `vpmaddwd` on ymm (8 i32 lanes, AVX2 without
    VNNI), the bytes widened to i16 pairs in registers; `neon_i8mm`:
    AArch64 `smmla` / `usmmla` (FEAT_I8MM: a 2 x 8 by 8 x 2 byte matrix
    product into 2 x 2 i32 per instruction, signed or unsigned activations
    by signed weights, panels of 8 k per group); `none` for every other
    kernel.
  }];
}

def QNN_FmaISA : I32EnumAttr<"FmaISA",
    "the f32 fused multiply-add an f32_fma kernel is built on", [
    I32EnumAttrCase<"None", 0, "none">,
    I32EnumAttrCase<"AVX512", 1, "avx512">,
    I32EnumAttrCase<"AVX2", 2, "avx2">,
    I32EnumAttrCase<"Neon", 3, "neon">]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qnn";
}

def QNN_FmaISAAttr : EnumAttr<QNN_Dialect, QNN_FmaISA, "fma_isa"> {
  let summary = "f32 FMA vectors of an f32_fma kernel";
  let description = [{
    `avx512`: `vfmadd231ps` on zmm (16 f32 lanes, 32 registers, AVX-512 F);
    `avx2`: on ymm (8 lanes, 16 registers, AVX2 + FMA); `neon`: AArch64
    `fmla` on q registers (4 lanes, 32 registers); `none` for every other
    kernel.
  }];
}

/// The isa of #qnn.kernel: parsed and printed as its enum, omitted when none.
class QNN_DefaultEnumParameter<EnumAttrInfo enumInfo, string default>
    : EnumParameter<enumInfo> {
  let defaultValue = default;
}
def QNN_DotISAParameter
    : QNN_DefaultEnumParameter<QNN_DotISA, "::mlir::qnn::DotISA::None">;
def QNN_FmaISAParameter
    : QNN_DefaultEnumParameter<QNN_FmaISA, "::mlir::qnn::FmaISA::None">;

def QNN_KernelAttr : QNN_Attr<"Kernel", "kernel"> {
  let summary = "The kernel, weight storage and data layout chosen for one quantized layer";
  let description = [{
    Written on `qnn.qconv2d` and `qnn.qdense` (and, kind `f32_fma` only,
    on a float `qnn.conv2d`) as `qnn.kernel` by `qnn-select-kernels` and
    only read afterwards: by `convert-qnn-quantized-to-kernels` (and
    `convert-qnn-graph-to-linalg` for `f32_fma`), which emits that kernel,
    and by `qnn-memory-report`, which counts the bytes that storage takes.

    `kind`: `bitserial` (popcounts of bit-planes, `qnn.bitserial_matmul`),
    `f32_gemm` (a GEMM on integer-valued f32 codes, exact while every
    partial sum is below 2^24), `int_gemm` (a GEMM on i8/i16 codes into
    i32/i64) or `direct_conv` (grouped and depthwise convolutions: one
    convolution over all groups on the input's zero-point-free values in
    f32, the weight codes widened in its body; no im2col and no per-group
    GEMM) or `int8_dot` (a register-tiled GEMM on 8-bit codes with the
    target's dot-product instruction `isa`: unsigned x signed bytes into
    i32, weights packed at compile time into `panels`) or `f32_fma` (a
    float convolution, not a quantized layer: `qnn.conv2d` as a
    register-tiled f32 GEMM, `qnn.fma_matmul`, on the target's FMA vectors
    `fma`, with bias and a following ReLU fused; its output is NCHW).

    `weights`: `bitplanes` (`bits x O x ceil(K / 64)` i64 words, packed
    along the reduction axis, what `bitserial` reads), `channel_planes`
    (`bits x K x ceil(O / 32)` i32 words, packed along the output channels,
    unpacked to f32 on each call by `f32_gemm`) or `codes` (one `i8` code
    per weight, `i16` where the codes do not fit a signed byte) or `panels`
    (one signed byte per weight in the layout of the dot-product
    instruction: `ceil(O / NR) x ceil(K / k0) x NR x k0`, k0 = 4, or 8 for
    `neon_i8mm`, docs/kernels.md)
    or `f32` (float weights of a float layer, O x K as the model has them).

    `isa` (only for `int8_dot`, omitted otherwise): `avx512_vnni`,
    `avx_vnni`, `avx2`, `neon_sdot` or `neon_i8mm`. `fma` (for `f32_fma`,
    and for a `direct_conv` of a depthwise `qnn.qconv2d` channels last,
    which then sums on `qnn.fma_matmul {depthwise}`): `avx512`, `avx2` or
    `neon`.

    `panel` (only for `bitserial`, omitted when 0): the bit-planes are
    stored in panels of `panel` output channels, `bits x ceil(O / panel) x
    ceil(K / 64) x panel` words (word w of `panel` consecutive channels
    side by side, zero words past O), which the bit-serial loop reads with
    one vector load per `panel` channels and word; 0 keeps the rows
    layout. `qnn-select-kernels` writes the target's popcount vector width
    (8 i64 words with AVX-512 VPOPCNTDQ, 4 with AVX2, 2 on AArch64).

    `layout`: the activation layout the kernel reads and writes: `nc` (rows
    x features) for dense layers; for convolutions `nhwc` (channels last:
    im2col copies each window position as one run of channels, the GEMM's
    rows of output pixels are the result as they are, and the direct
    grouped convolution's innermost loop walks consecutive channels; for
    `f32_fma` the pixels are the broadcast side and the output channels the
    vectors, from weights packed in panels) or `nchw` (im2col gathers
    across channels; `f32_fma` broadcasts the weights along windows in
    columns). The lowering of an `nhwc` layer transposes its NCHW operand
    to NHWC and its result back; `qnn-propagate-transposes` then moves
    those transposes through the elementwise ops, padding and pooling
    between layers until inverse pairs cancel, so that activations stay
    channels-last from one layer to the next.

    ```mlir
    #qnn.kernel<int8_dot, weights = panels, layout = nhwc, isa = avx2>
    #qnn.kernel<bitserial, weights = bitplanes, layout = nchw>
    #qnn.kernel<bitserial, weights = bitplanes, layout = nchw, panel = 8>
    #qnn.kernel<int8_dot, weights = panels, layout = nchw, isa = avx512_vnni>
    #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx512>
    ```
  }];
  let parameters = (ins EnumParameter<QNN_KernelKind>:$kind,
                        EnumParameter<QNN_WeightStorage>:$weights,
                        EnumParameter<QNN_Layout>:$layout,
                        QNN_DotISAParameter:$isa,
                        QNN_FmaISAParameter:$fma,
                        DefaultValuedParameter<"int64_t", "0">:$panel);
  // struct(): `key = value` pairs; isa, fma and panel omitted at their
  // default.
  let assemblyFormat =
      "`<` $kind `,` struct($weights, $layout, $isa, $fma, $panel) `>`";
  let builders = [
    AttrBuilder<(ins "::mlir::qnn::KernelKind":$kind,
                     "::mlir::qnn::WeightStorage":$weights,
                     "::mlir::qnn::Layout":$layout,
                     CArg<"::mlir::qnn::DotISA", "::mlir::qnn::DotISA::None">:$isa), [{
      return $_get($_ctxt, kind, weights, layout, isa,
                   ::mlir::qnn::FmaISA::None, 0);
    }]>
  ];
  let genVerifyDecl = 1;
}

def QNN_TargetAttr : QNN_Attr<"Target", "target"> {
  let summary = "The CPU a module is compiled for, as kernel selection sees it";
  let description = [{
    Set on the module as `qnn.target`, once, from a triple, a CPU and LLVM
    feature flags (resolved by `qnn::resolveTargetDescription`: the host's
    CPU and features by default). `features` lists, comma-separated, the
    features the kernels care about that the target has: `avx2`, `fma`,
    `avx512f`, `avx512bw`, `avx512vl`, `avx512vpopcntdq`, `avx512vnni`,
    `avxvnni`, `amx-tile`, `amx-int8`, `neon`, `dotprod`, `i8mm`.
    `qnn-select-kernels` reads it to choose each layer's kernel, and the
    lowering reads the vector width and register budget of the bit-serial
    kernels from it.

    ```mlir
    #qnn.target<"x86_64-unknown-linux-gnu", cpu = "znver4",
                features = "avx2,fma,avx512f,avx512vpopcntdq,avx512vnni">
    ```
  }];
  let parameters = (ins StringRefParameter<>:$triple,
                        StringRefParameter<>:$cpu,
                        StringRefParameter<>:$features);
  let assemblyFormat =
      "`<` $triple `,` `cpu` `=` $cpu `,` `features` `=` $features `>`";
  let extraClassDeclaration = [{
    /// The target of `triple` and `cpu` with the kernel features among
    /// those `hasFeature` accepts (LLVM names without sign, e.g. "avx2").
    static TargetAttr get(::mlir::MLIRContext *context, ::llvm::StringRef triple,
                          ::llvm::StringRef cpu,
                          ::llvm::function_ref<bool(::llvm::StringRef)> hasFeature);
    /// The CPU this process runs on.
    static TargetAttr getHost(::mlir::MLIRContext *context);
    bool hasFeature(::llvm::StringRef feature) const;
    bool isX86() const;
    bool isAArch64() const;
    /// i64 words per vector of the bit-serial kernels: 8 with AVX-512
    /// VPOPCNTDQ, 4 with AVX2, 2 on AArch64 (NEON), else 1.
    int64_t getPopcountLanes() const;
    /// Vector registers the bit-serial tiles may keep live (0: the default
    /// of the lanes); NEON's 32 registers hold 14 spill-free.
    int64_t getRegisterBudget() const;
    /// The 8-bit dot-product instruction of the target's int8_dot kernel:
    /// avx512_vnni with AVX-512 F + VNNI, else avx_vnni with AVX-VNNI or
    /// AVX-512 VL + VNNI, else avx2 (vpmaddwd) with AVX2; on AArch64
    /// neon_i8mm with i8mm, else neon_sdot with dotprod; else none (no
    /// int8_dot on this target).
    ::mlir::qnn::DotISA getDotISA() const;
    /// The f32 FMA vectors of the target's f32_fma kernel: avx512 with
    /// AVX-512 F, else avx2 with AVX2 + FMA; neon on AArch64; else none.
    ::mlir::qnn::FmaISA getFmaISA() const;
    /// A short name of the vector ISA, for reports ("AVX-512 VPOPCNTDQ").
    std::string getISAName() const;
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNATTRS_TD
