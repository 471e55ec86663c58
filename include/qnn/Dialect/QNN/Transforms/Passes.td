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

def QNNFuseRequantization : Pass<"qnn-fuse-requantization", "::mlir::func::FuncOp"> {
  let summary = "Gives a quantized layer whose only user quantizes it that quantizer's codes as its result";
  let description = [{
    Rewrites `qnn.quantize(qnn.qconv2d(...))` (and `qnn.qdense`) into one
    layer whose result type is the quantizer's: the layer then computes its
    output codes itself, and its lowering can requantize the exact sums
    directly (against thresholds computed at compile time where the result
    has at most 2 bits, docs/kernels.md) instead of computing the float value
    and quantizing it.

    A `qnn.relu` between the two is absorbed when the quantizer makes it
    redundant: an unsigned or signed result whose smallest code is not below
    its (integer) zero point already maps every negative value to the code of
    0, so `quantize(relu(x)) = quantize(x)` for every x, NaN included.

    Only quantizers with the default rounding (half to even), no `narrow`
    and a per-tensor result are fused; the layer and the ReLU must have no
    other user.

    Expects: quantized-level IR. Guarantees: the same codes.
  }];
}

def QNNFuseElementwise : Pass<"qnn-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuses elementwise linalg producers into consumers without reduction loops";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` with one restriction: an
    elementwise producer is fused into its (single-use) consumer only when
    the consumer's loops are all parallel. Fused into a GEMM, a producer is
    recomputed inside the reduction loop, where LLVM can no longer vectorize
    it: the activation quantization of a code GEMM became a scalar `divss`
    per window element, and the Fashion-MNIST demo ran 20% slower
    (docs/kernels.md). Chains of elementwise ops (epilogue, ReLU, clip) still
    fuse into one loop nest.

    A `tensor.expand_shape` of a single-use elementwise generic is folded
    into it by expansion (upstream's `populateFoldReshapeOpsByExpansion
    Patterns`): a GEMM's epilogue on rows x channels then runs on the
    N x H x W x C its consumers read, and fuses with the ReLU, the residual
    add and the next layer's quantizer. With channels-last layers
    (`qnn-propagate-transposes`) the epilogue of one quantized layer thus
    writes the next layer's codes, and no float tensor is stored between
    them.

    Expects and guarantees: linalg on tensors; the same values.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def QNNAnnotateABI : Pass<"qnn-annotate-abi", "::mlir::ModuleOp"> {
  let summary = "Checks the entry function and records the compiled-model ABI on the module";
  let description = [{
    The compiled model exports `void forward(const float *input, float
    *output)`. This pass checks that the entry function takes one static f32
    tensor and returns one, and records on the module what the C header
    needs after lowering has erased the tensor types: `qnn.input_shape`,
    `qnn.output_shape` and `qnn.layers` (the weight and activation
    bitwidths of each layer that has them, a quantized layer from its code
    types and a float one from its `qnn.bitwidth`, in program order, named
    after the layer's location name when it has one, else `<op>_<index>`).

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

    To reach such layers through the ops between them, it also moves
    dequantize ops after the ops that commute with quantizers exactly
    (`qnn.max_pool2d`, `qnn.flatten`, `qnn.reshape`, `qnn.transpose`,
    `qnn.pad` with a value that has a code, `qnn.concat` of one type), and
    a quantize before a `qnn.max_pool2d` that only it reads
    (`quantize(max_pool(x))` is `max_pool(quantize(x))`: quantizing is
    monotonic), so that the pool runs on codes and the layer before it can
    write them.

    Expects: graph-level IR with quantize/dequantize pairs. Guarantees: the
    same values; each fused layer's bitwidths now in its operand types.
  }];
}

def QNNSelectKernels : Pass<"qnn-select-kernels", "::mlir::ModuleOp"> {
  let summary = "Chooses each quantized layer's kernel, weight storage and layout";
  let description = [{
    Writes `qnn.kernel = #qnn.kernel<kind, weights = storage, layout = l>`
    on every `qnn.qconv2d` and `qnn.qdense` that has none (a kernel written
    by hand or by an earlier run is kept, so a test can force any kernel on
    any layer). A module without a `qnn.target` (`#qnn.target`) gets one
    from `target-triple`, `target-cpu` and `target-features` (by default
    the host's CPU), for the lowering that reads it
    (`convert-qnn-kernels-to-loops` with `lanes=0`) and for the rules
    below.

    With `m` activation and `k` weight bits (`m k` plane pairs), `K` the
    reduction length and `B = K max|a| max|w|` the bound on every partial
    sum, a layer takes the kernel family that the target's cost model
    (`getKernelRates`: the measured or estimated throughput of each family
    per ISA, docs/kernels.md) says is fastest for it: a bit-serial product
    costs `m k` popcount bit-MACs per MAC, a GEMM on codes one MAC at any
    bitwidth. `integer-min-plane-pairs=N` replaces the cost model by a
    fixed rule (a GEMM on codes from `m k >= N`; 0: never).
    - `int8_dot` (weights `panels`, one byte per weight whatever its bits,
      `isa` from the target) where the target has an 8-bit dot-product
      instruction (`#qnn.target`'s `avx512vnni`, `avxvnni`, `avx2`, AArch64
      `dotprod`, `i8mm`), the weight codes fit a signed byte and the exact
      sum fits i32, and, with `small-weights`, the weights take a byte
      each anyway (8-bit signed);
    - else a GEMM on codes: `f32_gemm` where `B < 2^24` and
      `exact-f32-gemm`, else `int_gemm`; its weights are `codes` when they
      fit a byte each (8-bit signed) or `keep-weights-packed` is off,
      otherwise `channel_planes` (bit-planes unpacked on each call) for
      `f32_gemm`; `int_gemm` cannot unpack, so a layer that would need it
      with packed weights stays `bitserial`;
    - every other layer is `bitserial` on `bitplanes`, stored in panels of
      the target's popcount vector width (`panel = 8` with AVX-512
      VPOPCNTDQ, 4 with AVX2, 2 on AArch64; none for scalar targets) when
      `bitserial-panels` is on: the bit-serial loop then broadcasts
      activation words against panel vectors and needs no horizontal sums
      (docs/kernels.md).
    The layout is `nc` for dense layers; for convolutions `nhwc` (channels
    last, which `qnn-propagate-transposes` keeps between layers) with
    `channels-last`, else `nchw`.
    `force` gives every layer without a kernel that kind instead (an
    `f32_gemm` that would not be exact is an error, and so is an `int8_dot`
    on a target without a dot-product instruction or for a layer it would
    not compute exactly).

    Float convolutions: with `fma-float-convolutions`, every ungrouped
    `qnn.conv2d` without a kernel takes
    `#qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = f>` where the
    target has f32 FMA vectors `f` (`avx512` with AVX-512 F, `avx2` with
    AVX2 + FMA, `neon` on AArch64); `convert-qnn-graph-to-linalg` then
    emits the register-tiled `qnn.fma_matmul`. Elsewhere, and for grouped
    convolutions, the float layer keeps the linalg GEMM it had.

    Expects: quantized layers. Guarantees: every quantized layer has a
    valid `qnn.kernel`, the module a `qnn.target`; nothing else changes.
  }];
  let options = [
    Option<"targetTriple", "target-triple", "std::string", /*default=*/"\"\"",
           "Target triple when the module has no qnn.target (default: the "
           "host's)">,
    Option<"targetCPU", "target-cpu", "std::string", /*default=*/"\"\"",
           "CPU name recorded in qnn.target (default: the host's, or generic)">,
    Option<"targetFeatures", "target-features", "std::string",
           /*default=*/"\"host\"",
           "Comma-separated LLVM features of the target (e.g. "
           "avx2,avx512f,avx512vpopcntdq), or host">,
    Option<"integerMinPlanePairs", "integer-min-plane-pairs", "int64_t",
           /*default=*/"-1",
           "Weight bits x activation bits from which a layer takes a GEMM on "
           "codes instead of bit-serial kernels (-1: the target's cost "
           "model; 0: never)">,
    Option<"keepWeightsPacked", "keep-weights-packed", "bool",
           /*default=*/"true",
           "Weights below 8 bits of f32_gemm layers stay bit-planes in the "
           "object (false: one byte per weight); int8_dot always stores "
           "bytes">,
    Option<"smallWeights", "small-weights", "bool", /*default=*/"false",
           "Weights below 8 bits keep their bits in the object: no int8_dot "
           "(a byte per weight) for such layers, at the cost of speed">,
    Option<"bitserialPanels", "bitserial-panels", "bool", /*default=*/"true",
           "Store bit-serial weights in panels of the target's popcount "
           "vector width (false: the rows layout)">,
    Option<"channelsLast", "channels-last", "bool", /*default=*/"true",
           "Give convolutions the nhwc layout (false: nchw)">,
    Option<"exactF32Gemm", "exact-f32-gemm", "bool", /*default=*/"true",
           "Run a code GEMM in f32 when every partial sum is below 2^24 "
           "(exact); off: always in integers">,
    Option<"fmaFloatConvolutions", "fma-float-convolutions", "bool",
           /*default=*/"true",
           "Give float convolutions the register-tiled f32_fma kernel where "
           "the target has f32 FMA vectors (off: the linalg GEMM), and sum "
           "depthwise quantized ones channels last on those vectors (off: "
           "a linalg.generic)">,
    Option<"force", "force", "::mlir::qnn::ForcedKernel",
           /*default=*/"::mlir::qnn::ForcedKernel::None",
           "Give every layer this kernel", [{::llvm::cl::values(
             clEnumValN(::mlir::qnn::ForcedKernel::None, "none",
                        "choose by the rules above"),
             clEnumValN(::mlir::qnn::ForcedKernel::BitSerial, "bitserial",
                        "bit-serial popcounts"),
             clEnumValN(::mlir::qnn::ForcedKernel::F32Gemm, "f32-gemm",
                        "an exact f32 GEMM on codes"),
             clEnumValN(::mlir::qnn::ForcedKernel::IntGemm, "int-gemm",
                        "an integer GEMM on codes"),
             clEnumValN(::mlir::qnn::ForcedKernel::Int8Dot, "int8-dot",
                        "the target's 8-bit dot-product GEMM (VNNI)"))}]>,
  ];
}

def QNNPropagateTransposes : Pass<"qnn-propagate-transposes", "::mlir::func::FuncOp"> {
  let summary = "Moves layout transposes down through elementwise ops, padding and pooling until inverse pairs cancel";
  let description = [{
    The lowering of an `nhwc` layer (see `#qnn.kernel`) brackets it with
    `linalg.transpose`s: its NCHW operand to NHWC, its NHWC result back to
    NCHW. Between two such layers the graph's own ops (quantizers,
    requantizers, ReLU, residual adds, padding, max and average pooling)
    still work on NCHW, so every layer would pay for two transposes of its
    activations. This pass moves each transpose down, past its users, into
    the layout it came from:
    - an elementwise `linalg.generic` (parallel loops, one result, an
      identity output map) that reads a transposed tensor through an
      identity map runs over the transpose's source instead: every input
      map is composed with the permutation (a per-channel operand `(d1)`
      becomes `(d3)`; another operand transposed the same way is read as
      its source), and the result is transposed once after it;
    - `tensor.pad` of a transposed tensor with a constant pads the source
      (the low and high amounts permuted) and is transposed after;
    - `linalg.pooling_nchw_max` and `linalg.pooling_nchw_sum` of an NHWC
      tensor transposed to NCHW become `linalg.pooling_nhwc_max` and
      `linalg.pooling_nhwc_sum` of the NHWC tensor, their init a fill of
      the same value in NHWC;
    - two transposes in a row compose into one, or into nothing when they
      are inverse: the NHWC result of one layer then reaches the next
      layer's channels-last im2col without a transpose.
    Transposes only move down the data flow, so the rewriting ends; a
    transpose whose users all moved it is erased. Nothing else changes:
    the values computed are the same.

    ```mlir
    // before: the result of one layer back to NCHW, ReLU, and to NHWC for
    // the next layer
    %t = linalg.transpose ins(%y : tensor<1x8x8x16xf32>) outs(%e : tensor<1x16x8x8xf32>) permutation = [0, 3, 1, 2]
    %r = linalg.generic {...} ins(%t : tensor<1x16x8x8xf32>) ...  // ReLU
    %n = linalg.transpose ins(%r : tensor<1x16x8x8xf32>) outs(%f : tensor<1x8x8x16xf32>) permutation = [0, 2, 3, 1]
    // after: ReLU of %y, NHWC, and no transpose
    ```

    Expects: tensors (after `convert-qnn-quantized-to-kernels` and
    `convert-qnn-graph-to-linalg`). Guarantees: no transpose feeds another
    transpose, an elementwise generic (through an identity map), a
    constant `tensor.pad` or an NCHW pooling it can be moved past.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def QNNPlanWorkspace : Pass<"qnn-plan-workspace", "::mlir::ModuleOp"> {
  let summary = "Places every temporary buffer of the entry function in one static workspace";
  let description = [{
    A static memory plan, so that a call of the compiled model allocates
    nothing. Each `memref.alloc` of the entry function gets a byte offset in
    one workspace `memref<N x i8>` and becomes a `memref.view` of it; its
    `memref.dealloc`s are erased. A buffer lives from the first to the last
    op of the function body that uses it or one of its aliases
    (`BufferViewFlowAnalysis`: subviews, reshapes, casts, region results);
    buffers whose lifetimes do not overlap may share bytes. Offsets are
    chosen as TensorFlow Lite's arena planner does: largest buffer first,
    each into the smallest gap between the buffers already placed that it
    overlaps in time, else after them. Every offset, and `N`, is a multiple
    of 64 bytes.

    The entry function `@E(args)` becomes `@E_with_workspace(args,
    %workspace: memref<N x i8>)`, reentrant with distinct workspaces; a new
    `@E(args)` calls it with a private zero-initialized global of 64-byte
    alignment (in `.bss`: no page faults after the first call; not
    reentrant). The module records `qnn.workspace_bytes = N`.

    LLVM cannot tell buffers of one workspace apart, and would neither
    vectorize nor keep accumulators in registers across them. So each op of
    the planned function that touches two buffers or more (planned ones, the
    input, the output) moves into a private, not inlined function
    `@E_with_workspace_op<i>` that takes them as `llvm.noalias`,
    `llvm.dereferenceable` (and for planned ones 64-byte `llvm.align`)
    arguments: buffers one op touches are live together, hence disjoint.

    Expects: a module whose entry function, after One-Shot Bufferize and
    buffer-results-to-out-params, has one block and returns no buffer; its
    allocations are `memref.alloc` with static shapes, identity layouts, the
    default memory space, integer, index, float or vector elements and at
    most 64-byte alignment, and a buffer allocated in a region is not
    carried across iterations (by block arguments). Anything else is an
    error at the allocation. `memref.alloca` stays on the stack; other
    functions are not changed. Guarantees: the entry function, its
    `_with_workspace` variant and the outlined ops contain no `memref.alloc`
    or `memref.dealloc` and compute what the entry function computed.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "Name of the entry function">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect"];
}

def QNNInstrumentProfile : Pass<"qnn-instrument-profile", "::mlir::ModuleOp"> {
  let summary = "Times every step of the entry function with the target's cycle counter";
  let description = [{
    A per-layer profile built into the object. Runs after
    `qnn-plan-workspace`, while each step of the model is still one op of
    the planned entry function `@E_with_workspace` (or of `@E` if there is
    none): a call of an outlined op function, or a kernel or linalg op.
    Every top-level op of its body that has memory effects is a step; pure
    ops (constants, views, `memref.get_global`) are not. Each step is
    bracketed by two reads of `llvm.readcyclecounter` (`rdtsc` on x86-64,
    `CNTVCT_EL0` on AArch64: both count at a fixed frequency, not core
    cycles), and their difference and a call count are added to its row of
    the public global `@E_profile : memref<N x 2 x i64>` (ticks, calls).
    Row `N - 1` times the whole body (step `total`). A public function
    `@E_profile_clock() -> i64` reads the same counter, so a program can
    convert ticks to seconds, and the public constant
    `@E_profile_names : memref<B x i8>` holds the rows described below as
    text, `name\tstep\tmacs\tunit\n` a row, NUL-terminated.

    Each row is named by the ONNX nodes of the step's location (its
    `NameLoc`s, joined by `+`; `loc(line:col)` without one) and a step
    kind that the pass reads from the op the step runs (for a call, the
    op of the outlined function): `im2col`, `pack_bits`,
    `bitserial_matmul`, `gemm` and `conv` (linalg ops with a reduction and
    a multiplication; `conv` a named convolution or a generic that reads an
    input through a window, as the direct grouped convolutions do;
    `int_gemm` and `int_conv` with integer accumulators), `int8_dot` and
    `f32_fma` (the kernel ops of those kernels, `qnn.dot_matmul` and
    `qnn.fma_matmul`: output elements x K MACs), `reduce`,
    `pool`, `layout` (transposes and copies
    through a permutation), `unpack` (bits shifted out of words: weights
    stored as channel planes), `epilogue` (elementwise with a per-channel
    operand: scales, zero points, bias, fused requantization), `add`
    (elementwise on two full tensors), `quantize` (float to codes),
    `convert` (casts only), `elementwise`, `fill`, `copy`, else the op's
    name. GEMMs and convolutions carry their multiply-accumulates per call
    (the product of their loop ranges), bit-serial matmuls their bit-level
    ones (`planes(lhs) x planes(rhs) x M x N x reduction_length`). The
    module records the rows as `qnn.profile`, an array of
    `{name, step, macs, unit}` that the C header and `qnn-run --profile`
    print the table from.

    Expects: the module has the entry function with a body of one block
    and no symbol `@E_profile`, `@E_profile_clock` or `@E_profile_names`.
    A module compiled without this pass contains none of it.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "Name of the entry function">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect"];
}

//===----------------------------------------------------------------------===//
// Mixed-precision bitwidth assignment (docs/bitwidth-assignment.md)
//===----------------------------------------------------------------------===//

def QNNAssignBitwidth : Pass<"qnn-assign-bitwidth"> {
  let summary = "Assigns each layer weight and activation bitwidths that never increase with depth";
  let description = [{
    Attaches `qnn.bitwidth = #qnn.bits<weight = k, activation = m>` to every
    `qnn.conv2d` and `qnn.dense` nested in the op it runs on (a module or a
    function), replacing any assignment already there. Layers are ordered
    and constrained by the data flow between them (use-def paths through
    activations, pooling, residual adds, concatenations), not by op order.

    Strategies (`strategy=`):
    - `separability` (default): one bit less per doubling of separability
      relative to the first layer being assigned, which gets the largest
      candidate: layer i targets `c_max - log2(J_i / J_first)`, rounded to
      the nearest integer, then the largest candidate at most that (the
      smallest candidate if none is), never more than `c_max`; then lowered
      so that bitwidths never increase along the data flow.
    - `budget`: the assignment that minimizes the separability-weighted
      quantization-noise proxy `sum (1 - s + 0.1) * params * 4^-bits`
      (s the normalized separability) among those whose packed weight
      memory fits `budget`, in bytes (`budget=12000`) or as a fraction of the
      homogeneous network (`budget=0.6`, with a decimal point). Solved
      exactly by dynamic programming over the layers in data-flow order
      (state: the bitwidths of the open branches; Pareto frontier of bytes
      and cost per state). An infeasible budget is an error that says the
      smallest feasible budget in bytes.
    - `schedule`: `schedule=8,4,2` (non-increasing) splits the layers, in
      data-flow order, into that many consecutive groups of equal size, the
      earlier groups one layer larger when the count does not divide.
    - `uniform`: every layer, first and last included, gets `bits`.

    Policies (all strategies but `uniform`): layers with no layer before
    them get `first-layer-bits` and layers with no layer after them (the
    classifier) get `last-layer-bits`, for weights and activations; 0 turns
    a policy off. A first layer's bits bound every layer after it; a last
    layer pinned by the policy is exempt from monotonicity, as most
    quantized networks keep their classifier at 8 bits.

    Activations: `activation-bits=same` gives each layer's input activations
    its weight bitwidth; `activation-bits=n` gives them n bits.

    Expects: graph-level layers; with `separability` or `budget`, a
    `qnn.separability` on every layer being assigned, all by one measure.
    Guarantees: every graph-level layer has `qnn.bitwidth`; weight and
    activation bitwidths never increase along any data-flow path, except
    into a last layer pinned by `last-layer-bits`. Bad options, missing
    separability and infeasible budgets fail the pass with an error.
  }];
  let options = [
    Option<"strategy", "strategy", "::mlir::qnn::BitwidthStrategy",
           /*default=*/"::mlir::qnn::BitwidthStrategy::Separability",
           "How bitwidths are chosen", [{::llvm::cl::values(
             clEnumValN(::mlir::qnn::BitwidthStrategy::Separability,
                        "separability", "from each layer's separability"),
             clEnumValN(::mlir::qnn::BitwidthStrategy::Budget, "budget",
                        "the most precision within a memory budget"),
             clEnumValN(::mlir::qnn::BitwidthStrategy::Schedule, "schedule",
                        "stages given by hand"),
             clEnumValN(::mlir::qnn::BitwidthStrategy::Uniform, "uniform",
                        "the same bitwidth everywhere"))}]>,
    ListOption<"candidates", "candidates", "unsigned",
               "Bitwidths the separability and budget strategies choose from "
               "(default 8,6,4,3,2,1)">,
    Option<"budget", "budget", "std::string", /*default=*/"\"\"",
           "Packed weight memory bound for strategy=budget: bytes (12000) or "
           "a fraction of the homogeneous network (0.6)">,
    ListOption<"schedule", "schedule", "unsigned",
               "Non-increasing stages for strategy=schedule, e.g. 8,4,2">,
    Option<"bits", "bits", "unsigned", /*default=*/"8",
           "Bitwidth of every layer for strategy=uniform">,
    Option<"budgetReferenceBits", "budget-reference-bits", "unsigned",
           /*default=*/"0",
           "strategy=budget: a fractional budget is of the network with the "
           "layers not pinned by a policy at these bits and the pinned ones "
           "at their pinned bits (0: every layer at first-layer-bits)">,
    Option<"activationBits", "activation-bits", "std::string",
           /*default=*/"\"same\"",
           "Input activation bitwidth: same (as the weights) or 1 to 8">,
    Option<"firstLayerBits", "first-layer-bits", "unsigned", /*default=*/"8",
           "Bitwidth of the layers that read the network input (0: no policy)">,
    Option<"lastLayerBits", "last-layer-bits", "unsigned", /*default=*/"8",
           "Bitwidth of the layers that produce the output (0: no policy)">,
  ];
}

def QNNCheckBitwidth : Pass<"qnn-check-bitwidth"> {
  let summary = "Checks that layer bitwidths never increase along the data flow";
  let description = [{
    For every layer (`qnn.conv2d`/`qnn.dense` with `qnn.bitwidth`, or
    `qnn.qconv2d`/`qnn.qdense` with bitwidths in their types) and every layer
    directly before it on a data-flow path, checks that neither its weight
    nor its activation bitwidth exceeds the predecessor's: a violation is an
    error at the layer with a note at the predecessor. A float layer without
    `qnn.bitwidth` while other layers have one is an error too; IR in
    which no layer has bitwidths yet has nothing to check.

    A layer with no layer after it whose weight and activation bitwidths
    both equal `last-layer-bits` is exempt, matching the classifier policy
    of `qnn-assign-bitwidth` (0: no exemption).

    Expects: any level. Guarantees: the IR is unchanged; the pass fails if
    and only if it reported an error.
  }];
  let options = [
    Option<"lastLayerBits", "last-layer-bits", "unsigned", /*default=*/"8",
           "Bitwidth at which a last layer is exempt (0: no exemption)">,
  ];
}

def QNNMemoryReport : Pass<"qnn-memory-report"> {
  let summary = "Reports each layer's bitwidths and packed weight memory, as text or JSON";
  let description = [{
    For every layer in data-flow order: its name (the location's name, else
    `<op>_<index>`), op, number of weights, weight and activation bitwidths,
    packed weight bytes as the kernels store them
    (`groups * weight_bits * (out_channels / groups) * ceil(K / 64) * 8`,
    K = (in_channels / groups) * KH * KW for a convolution, in_features for a
    dense layer) and separability (null if not measured); then the total,
    the homogeneous network at the first layer's weight bitwidth, and the
    saving `1 - total / homogeneous`. After `qnn-select-kernels`, the JSON
    gives each layer with a `qnn.kernel` its `kernel`, `weight_storage` and
    `stored_bytes` (its weights as that kernel stores them); when every
    layer has one, `total_stored_bytes` (else null) and a last text line
    give the total. `format=json` writes the report JSON of
    docs/architecture.md section 4. If the op it runs on records
    `qnn.workspace_bytes` (qnn-plan-workspace), the report ends with the
    workspace of one call (`workspace_bytes`); `qnn-compile` prints it so,
    taking the report before lowering and the workspace after.

    Expects: every layer assigned (`qnn.bitwidth`, or quantized types).
    Guarantees: the IR is unchanged; the report goes to `output` (a file,
    `-` for stdout, `stderr` by default), or the pass fails with an error
    and writes no file.
  }];
  let options = [
    Option<"format", "format", "::mlir::qnn::ReportFormat",
           /*default=*/"::mlir::qnn::ReportFormat::Text",
           "Report format", [{::llvm::cl::values(
             clEnumValN(::mlir::qnn::ReportFormat::Text, "text",
                        "a table for people"),
             clEnumValN(::mlir::qnn::ReportFormat::Json, "json",
                        "the JSON report"))}]>,
    Option<"output", "output", "std::string", /*default=*/"\"stderr\"",
           "File to write the report to; - for stdout, stderr for stderr">,
  ];
}

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
