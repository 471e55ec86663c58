//===- QNNOps.td - qnn operations --------------------------*- tablegen -*-===//
//
// Operations of the three levels: graph (float), quantized, kernel.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNOPS_TD
#define QNN_DIALECT_QNN_IR_QNNOPS_TD

include "qnn/Dialect/QNN/IR/QNNTypes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

class QNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<QNN_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def QNN_FloatTensor : RankedTensorOf<[F32]>;
def QNN_Float4DTensor : 4DTensorOf<[F32]>;
def QNN_Float1DTensor : 1DTensorOf<[F32]>;
def QNN_Float2DTensor : 2DTensorOf<[F32]>;
def QNN_QuantElement : Type<CPred<"::llvm::isa<::mlir::qnn::QuantType>($_self)">,
                            "qnn quantized element", "::mlir::qnn::QuantType">;
def QNN_QuantTensor : RankedTensorOf<[QNN_QuantElement]>;
def QNN_Quant4DTensor : 4DTensorOf<[QNN_QuantElement]>;
def QNN_Quant2DTensor : 2DTensorOf<[QNN_QuantElement]>;
// Values or codes: the ops that only move elements or pick the largest work
// on either, since they commute with a quantizer (see qnn.max_pool2d).
def QNN_FloatOrQuantTensor : RankedTensorOf<[F32, QNN_QuantElement]>;
def QNN_FloatOrQuant4DTensor : 4DTensorOf<[F32, QNN_QuantElement]>;
def QNN_FloatOrQuant2DTensor : 2DTensorOf<[F32, QNN_QuantElement]>;

def QNN_Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;
def QNN_Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;

//===----------------------------------------------------------------------===//
// Graph level
//===----------------------------------------------------------------------===//

class QNN_WindowOp<string mnemonic, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat(traits, [Pure])> {
  code windowDescription = [{
    `strides` and `dilations` are (height, width); `padding` is
    (top, left, bottom, right), zero padding as ONNX's `pads` (begin
    values first). The output size along an axis is
    `floor((in + pad_begin + pad_end - dilation * (kernel - 1) - 1) / stride) + 1`,
    which must be positive.
  }];
}

// Shared by qnn.conv2d and qnn.qconv2d.
defvar isDepthwiseDeclaration = [{
    /// Whether each group is one input and one output channel (a depthwise
    /// convolution with a channel multiplier of 1).
    bool isDepthwise() {
      return getGroups() > 1 && getWeight().getType().getDimSize(0) ==
                                    static_cast<int64_t>(getGroups()) &&
             getWeight().getType().getDimSize(1) == 1;
    }
}];

def QNN_Conv2DOp : QNN_WindowOp<"conv2d", [InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "2-D convolution on NCHW float tensors";
  let description = !strconcat([{
    A grouped 2-D convolution: `input` is N x C x H x W, `weight` is
    O x (C / groups) x KH x KW, the optional `bias` has O elements, and the
    result is N x O x OH x OW. `groups` divides both C and O; depthwise
    convolution is `groups = C`.
  }], windowDescription, [{

    ```mlir
    %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>,
                                 padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x16x16xf32>
    ```
  }]);
  let arguments = (ins QNN_Float4DTensor:$input, QNN_Float4DTensor:$weight,
                   Optional<QNN_Float1DTensor>:$bias,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<QNN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>, "1">:$groups);
  let results = (outs QNN_FloatOrQuant4DTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = isDepthwiseDeclaration;
  let hasVerifier = 1;
}

def QNN_DenseOp : QNN_Op<"dense", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Fully connected layer: output = input * weight^T + bias";
  let description = [{
    `input` is N x K, `weight` is O x K (the layout of PyTorch's `Linear`
    and of ONNX `Gemm` with `transB = 1`), the optional `bias` has O
    elements, and the result is N x O.

    ```mlir
    %y = qnn.dense %x, %w, %b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins QNN_Float2DTensor:$input, QNN_Float2DTensor:$weight,
                   Optional<QNN_Float1DTensor>:$bias);
  let results = (outs QNN_FloatOrQuant2DTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class QNN_ElementwiseUnaryOp<string mnemonic, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def QNN_ReluOp : QNN_ElementwiseUnaryOp<"relu"> {
  let summary = "Rectified linear unit: max(x, 0)";
  let description = [{
    ```mlir
    %y = qnn.relu %x : tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input);
}

def QNN_ClipOp : QNN_ElementwiseUnaryOp<"clip"> {
  let summary = "Clamps each element to [min, max]";
  let description = [{
    `min` must not exceed `max`. ReLU6 is `qnn.clip` with min 0 and max 6.

    ```mlir
    %y = qnn.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
}

class QNN_MathUnaryOp<string mnemonic, string what>
    : QNN_ElementwiseUnaryOp<mnemonic> {
  let summary = what;
  let description = [{
    ```mlir
    %y = qnn.}] # mnemonic # [{ %x : tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input);
}

def QNN_NegOp : QNN_MathUnaryOp<"neg", "Elementwise negation: -x">;
def QNN_SqrtOp : QNN_MathUnaryOp<"sqrt", "Elementwise square root">;
def QNN_ExpOp : QNN_MathUnaryOp<"exp", "Elementwise exponential: e^x">;
def QNN_TanhOp : QNN_MathUnaryOp<"tanh", "Elementwise hyperbolic tangent">;
def QNN_SigmoidOp : QNN_MathUnaryOp<"sigmoid",
    "Elementwise logistic function: 1 / (1 + e^-x)">;

def QNN_LeakyReluOp : QNN_ElementwiseUnaryOp<"leaky_relu"> {
  let summary = "Leaky rectified linear unit: x < 0 ? alpha * x : x";
  let description = [{
    ```mlir
    %y = qnn.leaky_relu %x {alpha = 0.01 : f32} : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                   DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
}

def QNN_HardSigmoidOp : QNN_ElementwiseUnaryOp<"hard_sigmoid"> {
  let summary = "Piecewise linear sigmoid: max(0, min(1, alpha * x + beta))";
  let description = [{
    ONNX `HardSigmoid` (defaults alpha 0.2, beta 0.5).

    ```mlir
    %y = qnn.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                   DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}

def QNN_MaxPool2DOp : QNN_WindowOp<"max_pool2d", [SameOperandsAndResultElementType, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "2-D max pooling on NCHW float tensors or codes";
  let description = !strconcat([{
    Padded positions never win (they behave as negative infinity).

    On codes (`!qnn.quant` elements, per tensor or per channel along axis 1)
    it picks the largest code of each window, which is the code of the
    largest value since scales are positive: max pooling commutes with a
    quantizer, so a layer after a quantizer and a max pool still takes codes.
  }], windowDescription, [{

    ```mlir
    %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
    ```
  }]);
  let arguments = (ins QNN_FloatOrQuant4DTensor:$input, QNN_Pair:$kernel,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<QNN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$dilations);
  let results = (outs QNN_FloatOrQuant4DTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_AvgPool2DOp : QNN_WindowOp<"avg_pool2d", [InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "2-D average pooling on NCHW float tensors";
  let description = !strconcat([{
    With `count_include_pad` the divisor is always KH x KW; without it
    (the ONNX default) it is the number of unpadded positions in the window.
  }], windowDescription, [{

    ```mlir
    %y = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
    ```
  }]);
  let arguments = (ins QNN_Float4DTensor:$input, QNN_Pair:$kernel,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<QNN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$dilations,
                   UnitAttr:$count_include_pad);
  let results = (outs QNN_Float4DTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_GlobalAvgPoolOp : QNN_Op<"global_avg_pool", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Mean over the spatial axes: N x C x H x W to N x C x 1 x 1";
  let description = [{
    ```mlir
    %y = qnn.global_avg_pool %x : tensor<1x64x7x7xf32> -> tensor<1x64x1x1xf32>
    ```
  }];
  let arguments = (ins QNN_Float4DTensor:$input);
  let results = (outs QNN_Float4DTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

class QNN_ElementwiseBinaryOp<string mnemonic, string what, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let summary = "Elementwise " # what # " of two tensors of the same type";
  let description = [{
    Broadcasting is made explicit by the importer, so both operands have the
    result's type.

    ```mlir
    %y = qnn.}] # mnemonic # [{ %a, %b : tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$lhs, QNN_FloatTensor:$rhs);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($output)";
}

// The residual connection of ResNets, and ONNX's Add, Sub, Mul, Div, Max,
// Min and Pow.
def QNN_AddOp : QNN_ElementwiseBinaryOp<"add", "sum", [Commutative]>;
def QNN_SubOp : QNN_ElementwiseBinaryOp<"sub", "difference (lhs - rhs)">;
def QNN_MulOp : QNN_ElementwiseBinaryOp<"mul", "product", [Commutative]>;
def QNN_DivOp : QNN_ElementwiseBinaryOp<"div", "quotient (lhs / rhs)">;
def QNN_MaxOp : QNN_ElementwiseBinaryOp<"max",
    "maximum (NaN if either is NaN)", [Commutative]>;
def QNN_MinOp : QNN_ElementwiseBinaryOp<"min",
    "minimum (NaN if either is NaN)", [Commutative]>;
def QNN_PowOp : QNN_ElementwiseBinaryOp<"pow", "power (lhs ^ rhs, C's powf)">;

def QNN_BatchNormOp : QNN_Op<"batch_norm", [Pure, AllTypesMatch<["input", "output"]>,
    AllTypesMatch<["scale", "bias", "mean", "variance"]>]> {
  let summary = "Inference batch normalization over the channel axis (1)";
  let description = [{
    `y = (x - mean) / sqrt(variance + epsilon) * scale + bias`, with
    `scale`, `bias`, `mean` and `variance` holding one value per channel
    (dimension 1 of `input`). `epsilon` is non-negative.

    ```mlir
    %y = qnn.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0e-05 : f32}
        : tensor<1x16x8x8xf32>, tensor<16xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, QNN_Float1DTensor:$scale,
                   QNN_Float1DTensor:$bias, QNN_Float1DTensor:$mean,
                   QNN_Float1DTensor:$variance,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    type($input) `,` type($scale)
  }];
  let hasVerifier = 1;
}

def QNN_FlattenOp : QNN_Op<"flatten", [Pure, SameOperandsAndResultElementType, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Flattens to 2-D: dimensions before `axis`, and from `axis` on";
  let description = [{
    ONNX `Flatten`: a tensor d0 x ... x dn becomes
    (d0 * ... * d(axis-1)) x (d(axis) * ... * dn). `axis` lies in [0, rank].
    It also reshapes codes with a per-tensor `!qnn.quant` type.

    ```mlir
    %y = qnn.flatten %x {axis = 1} : tensor<1x16x4x4xf32> -> tensor<1x256xf32>
    ```
  }];
  let arguments = (ins QNN_FloatOrQuantTensor:$input,
                   DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs QNN_FloatOrQuant2DTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_ReshapeOp : QNN_Op<"reshape", [Pure, SameOperandsAndResultElementType]> {
  let summary = "Reinterprets a tensor with another static shape";
  let description = [{
    Row-major reshape; both shapes are static and hold the same number of
    elements. It also reshapes codes with a per-tensor `!qnn.quant` type.

    ```mlir
    %y = qnn.reshape %x : tensor<1x64x1x1xf32> -> tensor<1x64xf32>
    ```
  }];
  let arguments = (ins QNN_FloatOrQuantTensor:$input);
  let results = (outs QNN_FloatOrQuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

class QNN_SoftmaxLikeOp<string mnemonic, string what, string formula>
    : QNN_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = what # " along one axis";
  let description = [{
    `}] # formula # [{` along `axis` (negative values count from the end, as
    in ONNX opset 13), with `m = max(x)` subtracted first so that the
    exponentials cannot overflow.

    ```mlir
    %y = qnn.}] # mnemonic # [{ %x {axis = 1} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def QNN_SoftmaxOp : QNN_SoftmaxLikeOp<"softmax", "Softmax",
    "y_i = exp(x_i - m) / sum_j exp(x_j - m)">;
def QNN_LogSoftmaxOp : QNN_SoftmaxLikeOp<"log_softmax", "Logarithm of softmax",
    "y_i = x_i - m - log(sum_j exp(x_j - m))">;

def QNN_TransposeOp : QNN_Op<"transpose", [Pure, SameOperandsAndResultElementType, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Permutes the dimensions of a tensor";
  let description = [{
    ONNX `Transpose`: dimension `i` of the result is dimension
    `permutation[i]` of the input; `permutation` is a permutation of
    [0, rank). It also moves codes with a per-tensor `!qnn.quant` type.

    ```mlir
    %y = qnn.transpose %x {permutation = array<i64: 0, 2, 3, 1>}
        : tensor<1x16x8x4xf32> -> tensor<1x8x4x16xf32>
    ```
  }];
  let arguments = (ins QNN_FloatOrQuantTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs QNN_FloatOrQuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_ConcatOp : QNN_Op<"concat", [Pure, SameOperandsAndResultElementType, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Joins tensors along one axis";
  let description = [{
    ONNX `Concat`: the inputs (one or more) have the same rank and agree in
    every dimension but `axis` (in [0, rank)), along which the result holds
    them one after the other. It also joins codes of one per-tensor
    `!qnn.quant` type.

    ```mlir
    %y = qnn.concat %a, %b {axis = 1}
        : (tensor<1x8x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x24x4x4xf32>
    ```
  }];
  let arguments = (ins Variadic<QNN_FloatOrQuantTensor>:$inputs, I64Attr:$axis);
  let results = (outs QNN_FloatOrQuantTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
}

def QNN_PadOp : QNN_Op<"pad", [Pure, SameOperandsAndResultElementType, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Pads a tensor with a constant value";
  let description = [{
    ONNX `Pad` in `constant` mode: `low[i]` and `high[i]` elements of
    `value` before and after dimension `i`; both are non-negative (the
    importer turns ONNX's negative pads into a `qnn.slice`). On codes of a
    per-tensor `!qnn.quant` type it pads with the code of `value`, which must
    be exact (an integer code in range: the real 0 when the zero point is an
    integer).

    ```mlir
    %y = qnn.pad %x {low = array<i64: 0, 0, 1, 1>, high = array<i64: 0, 0, 1, 1>,
                     value = 0.0 : f32} : tensor<1x3x8x8xf32> -> tensor<1x3x10x10xf32>
    ```
  }];
  let arguments = (ins QNN_FloatOrQuantTensor:$input, DenseI64ArrayAttr:$low,
                   DenseI64ArrayAttr:$high,
                   DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs QNN_FloatOrQuantTensor:$output);
  let extraClassDeclaration = [{
    /// On codes: the code of `value`, if it has an exact one.
    std::optional<int64_t> getPaddingCode();
  }];
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_SliceOp : QNN_Op<"slice", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "A strided box of a tensor";
  let description = [{
    Element `i` of the result along dimension `d` is element
    `offsets[d] + i * strides[d]` of the input; the result's shape is
    `sizes`. Strides are positive and the box lies inside the input. ONNX
    `Slice` and `Split` become this op.

    ```mlir
    %y = qnn.slice %x {offsets = array<i64: 0, 2>, sizes = array<i64: 1, 3>,
                       strides = array<i64: 1, 2>} : tensor<1x8xf32> -> tensor<1x3xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, DenseI64ArrayAttr:$offsets,
                   DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

class QNN_ReductionOp<string mnemonic, string what>
    : QNN_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = what # " over some axes, which the result drops";
  let description = [{
    `axes` are distinct dimensions of the input in increasing order; the
    result has the input's other dimensions (ONNX's `keepdims = 1` is a
    `qnn.reshape` after it).

    ```mlir
    %y = qnn.}] # mnemonic # [{ %x {axes = array<i64: 1>} : tensor<2x8x3xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_ReduceSumOp : QNN_ReductionOp<"reduce_sum", "Sum">;
def QNN_ReduceMeanOp : QNN_ReductionOp<"reduce_mean", "Mean">;
def QNN_ReduceMaxOp : QNN_ReductionOp<"reduce_max", "Maximum (NaN if any is NaN)">;
def QNN_ReduceMinOp : QNN_ReductionOp<"reduce_min", "Minimum (NaN if any is NaN)">;

def QNN_UpsampleNearestOp : QNN_Op<"upsample_nearest", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Nearest-neighbour upsampling by integer factors";
  let description = [{
    Each element is repeated `scales[d]` times along dimension `d`:
    `y[i] = x[floor(i / scales)]`, elementwise over the index. ONNX `Resize`
    and `Upsample` in `nearest` mode with integer scales become this op.

    ```mlir
    %y = qnn.upsample_nearest %x {scales = array<i64: 1, 1, 2, 2>}
        : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, DenseI64ArrayAttr:$scales);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Quantized level
//===----------------------------------------------------------------------===//

def QNN_QuantizeOp : QNN_Op<"quantize", [Pure]> {
  let summary = "Float to k-bit codes, as QONNX's Quant node";
  let description = [{
    `q = clamp(round(x / scale + zero_point), qmin, qmax)` with scale, zero
    point, bitwidth and encoding from the result's element type and
    `round` from `rounding_mode`. `narrow` removes the most negative code
    of a signed type (QONNX `narrow = 1`). A bipolar result is
    `x >= 0 ? +1 : -1`. The result has the input's shape; a per-channel
    type's axis must index a dimension whose size is its number of scales.

    NaN has no code: it quantizes to the code nearest 0 in the type's range
    (0 for unsigned and signed codes), and to -1 when bipolar (`NaN >= 0` is
    false), at compile time (the folder) and at run time alike.

    A `qnn.quantize` of a constant folds to a `qnn.constant` of its codes.

    ```mlir
    %q = qnn.quantize %x : tensor<1x16x8x8xf32> -> tensor<1x16x8x8x!qnn.quant<u2, scale = 0.5>>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                   DefaultValuedAttr<QNN_RoundingModeAttr,
                                     "::mlir::qnn::RoundingMode::Round">:$rounding_mode,
                   UnitAttr:$narrow);
  let results = (outs QNN_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_TruncOp : QNN_Op<"trunc", [Pure]> {
  let summary = "Float to codes with fewer bits, as QONNX's Trunc node";
  let description = [{
    `q = clamp(round_mode(round(x / input_scale + input_zero_point) / 2^shift),
    qmin, qmax)`: the input is put on its own grid first (`round` is half to
    even), then `shift` low bits are dropped with `rounding_mode`, and the
    code is clamped to the result's range. Bitwidth, encoding, scale and zero
    point of the codes come from the per-tensor result type. This is what
    Brevitas' `TruncAvgPool2d` exports after an average pool; the importer
    maps QONNX's `Trunc` (both versions, docs/onnx-import.md) to it. The
    arithmetic is f32, as in QONNX's executor; dividing by `2^shift` is exact.

    ```mlir
    %q = qnn.trunc %x {input_scale = 0.025 : f64, shift = 2 : i64}
        : tensor<1x8x7x7xf32> -> tensor<1x8x7x7x!qnn.quant<u4, scale = 0.1>>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, F64Attr:$input_scale,
                   DefaultValuedAttr<F64Attr, "0.0">:$input_zero_point,
                   ConfinedAttr<I64Attr, [IntNonNegative]>:$shift,
                   DefaultValuedAttr<QNN_RoundingModeAttr,
                                     "::mlir::qnn::RoundingMode::Floor">:$rounding_mode);
  let results = (outs QNN_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_ConstantOp : QNN_Op<"constant", [ConstantLike, Pure]> {
  let summary = "A constant tensor of k-bit codes";
  let description = [{
    The codes of a quantized constant (typically weights), one integer per
    element of the result, stored as `i8`; the result's element type says
    what they mean. Unsigned codes hold their value (an 8-bit code above 127
    is stored in two's complement: the `i8` bit pattern is the code), signed
    codes theirs, bipolar codes -1 or +1. `qnn.quantize` of a float constant
    folds to this op.

    ```mlir
    %w = qnn.constant dense<[[1, -2], [0, 3]]> : tensor<2x2xi8>
        -> tensor<2x2x!qnn.quant<s3, scale = 0.5>>
    ```
  }];
  let arguments = (ins SignlessIntElementsAttr<8>:$value);
  let results = (outs QNN_QuantTensor:$output);
  let assemblyFormat = "$value attr-dict `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The code of element `index` (row-major), under the result's encoding.
    int64_t getCode(int64_t index);
  }];
}

def QNN_DequantizeOp : QNN_Op<"dequantize", [Pure]> {
  let summary = "k-bit codes back to float: (q - zero_point) * scale";
  let description = [{
    ```mlir
    %x = qnn.dequantize %q : tensor<16x!qnn.quant<s4, scale = 0.1>> -> tensor<16xf32>
    ```
  }];
  let arguments = (ins QNN_QuantTensor:$input);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_QConv2DOp : QNN_WindowOp<"qconv2d", [InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Convolution of quantized activations with quantized weights";
  let description = !strconcat([{
    The quantized form of `qnn.conv2d`: `input` holds m-bit activation codes
    with a per-tensor scale and zero point (or, for a grouped or depthwise
    convolution, per channel along axis 1 with the same parameters within
    each group), `weight` k-bit weight codes with a per-tensor or
    per-output-channel (axis 0) scale and zero point. The result is the
    float value of the integer convolution,
    `sum (a - za) * sa * (w - zw) * sw + bias`; zero padding pads with the
    *real* value 0 (see docs/design.md for the padding correction this
    implies when `za` is not 0).

    A weight-only quantized layer takes float activations (an `f32` input):
    the weights stay codes, and the result is `sum x * (w - zw) * sw + bias`.

    The result may instead be codes of a per-tensor `!qnn.quant` type: the
    float result quantized as `qnn.quantize` does with its default rounding
    (half to even) and no `narrow`. `qnn-fuse-requantization` writes this
    form for a layer whose only user quantizes it, so that the layer's
    epilogue writes the next layer's codes; where the sums are exact and
    the result has at most 2 bits, the lowering compares them against
    thresholds computed at compile time (docs/kernels.md).
  }], windowDescription, [{

    ```mlir
    %y = qnn.qconv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x16x8x8x!qnn.quant<u2, scale = 0.5>>,
           tensor<32x16x3x3x!qnn.quant<s4, axis = 0, scale = [...], zero_point = [...]>>,
           tensor<32xf32>) -> tensor<1x32x8x8xf32>
    ```
  }]);
  let arguments = (ins QNN_FloatOrQuant4DTensor:$input, QNN_Quant4DTensor:$weight,
                   Optional<QNN_Float1DTensor>:$bias,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<QNN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>, "1">:$groups);
  let results = (outs QNN_FloatOrQuant4DTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = isDepthwiseDeclaration;
  let hasVerifier = 1;
}

def QNN_QDenseOp : QNN_Op<"qdense", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "Fully connected layer on quantized activations and weights";
  let description = [{
    The quantized form of `qnn.dense`: `input` (N x K) holds m-bit activation
    codes with a per-tensor scale and zero point, `weight` (O x K) k-bit
    codes with a per-tensor or per-output-channel (axis 0) scale and zero
    point; the result is the float N x O product plus `bias`, or its codes
    under a per-tensor `!qnn.quant` result type, as for `qnn.qconv2d`. A
    weight-only quantized layer takes float activations (an `f32` input).

    ```mlir
    %y = qnn.qdense %x, %w : (tensor<1x64x!qnn.quant<u4, scale = 0.1>>,
                              tensor<10x64x!qnn.quant<s2, scale = 0.2>>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins QNN_FloatOrQuant2DTensor:$input, QNN_Quant2DTensor:$weight,
                   Optional<QNN_Float1DTensor>:$bias);
  let results = (outs QNN_FloatOrQuant2DTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Kernel level
//===----------------------------------------------------------------------===//

def QNN_RankedTensorOrMemRef : AnyTypeOf<[AnyRankedTensor, AnyMemRef]>;

class QNN_KernelOp<string mnemonic, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat(traits, [
        DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
        DestinationStyleOpInterface])> {
  code kernelDescription = [{

    Like linalg's structured ops, a kernel op works on tensors (it then
    returns the updated `init`) or on memrefs (it then writes `init` in
    place and returns nothing), so it survives bufferization unchanged.
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
  // Defined in QNNOps.cpp, shared by every kernel op.
  let extraClassDefinition = [{
    void $cppClass::getEffects(
        ::llvm::SmallVectorImpl<::mlir::SideEffects::EffectInstance<
            ::mlir::MemoryEffects::Effect>> &effects) {
      getKernelEffects(*this, effects);
    }
  }];
  let hasVerifier = 1;
}

def QNN_Im2ColOp : QNN_KernelOp<"im2col"> {
  let summary = "Unfolds convolution windows into rows, channels last";
  let description = !strconcat([{
    `input` is N x C x H x W, or N x H x W x C with `channels_last`; `init`
    is (N * OH * OW) x (KH * KW * C): row `(n, oh, ow)` holds the window of
    output pixel (oh, ow) in the order (kh, kw, c), channels innermost, so
    that packing along a row packs channels-last. With a channels-last input
    each window position is C consecutive elements of the input, copied as
    one run; from N x C x H x W they are gathered H x W elements apart.
    Padded positions hold `padding_value` (an integer-valued float for
    integer element types such as codes). `kernel`, `strides`, `dilations`
    and `padding` are as for `qnn.conv2d`. Element types of `input` and
    `init` agree.
  }], kernelDescription, [{

    ```mlir
    %cols = qnn.im2col ins(%x : tensor<1x3x8x8xf32>) outs(%init : tensor<64x27xf32>)
        {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} -> tensor<64x27xf32>
    ```
  }]);
  let arguments = (ins QNN_RankedTensorOrMemRef:$input, QNN_RankedTensorOrMemRef:$init,
                   QNN_Pair:$kernel,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<QNN_Quad, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$dilations,
                   DefaultValuedAttr<F32Attr, "0.0f">:$padding_value,
                   UnitAttr:$channels_last);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    `ins` `(` $input `:` type($input) `)` `outs` `(` $init `:` type($init) `)`
    attr-dict (`->` type($result)^)?
  }];
}

def QNN_PackBitsOp : QNN_KernelOp<"pack_bits"> {
  let summary = "Packs rows of integer codes into bit-planes";
  let description = !strconcat([{
    `input` is R x K integer codes (any integer type, `i8` as the quantized
    level stores them), read under `encoding`: `unsigned` codes are
    zero-extended, `signed` and `bipolar` codes sign-extended. Bit `t` of
    the code of element (r, i) is stored at bit `i mod 64` of word
    `init[t][r][i / 64]`. `init` is `bits x R x ceil(K / 64)` of `i64` (the
    bit-plane layout of the kernel level): plane `t` holds bit `t` of every
    code (for a bipolar code, plane 0 holds 1 for +1). Bits past K (the
    input's second dimension) are 0 in every plane.

    A 4-D `init`, `bits x ceil(R / W) x ceil(K / 64) x W` with W = 2, 4 or
    8, takes the panel layout instead: word `init[t][r / W][i / 64][r mod W]`,
    so that the words of W consecutive rows at one word index are one vector
    (the layout of weights for `qnn.bitserial_matmul`'s panel loop). The rows
    of the last panel past R are zero words.

    A `qnn.pack_bits` of a constant folds to the constant planes: weights
    are packed at compile time.
  }], kernelDescription, [{

    ```mlir
    %planes = qnn.pack_bits ins(%codes : tensor<64x27xi8>) outs(%init : tensor<2x64x1xi64>)
        {encoding = #qnn<encoding unsigned>} -> tensor<2x64x1xi64>
    ```
  }]);
  let arguments = (ins QNN_RankedTensorOrMemRef:$input, QNN_RankedTensorOrMemRef:$init,
                   QNN_EncodingAttr:$encoding);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    `ins` `(` $input `:` type($input) `)` `outs` `(` $init `:` type($init) `)`
    attr-dict (`->` type($result)^)?
  }];
  let hasFolder = 1;
}

def QNN_BitSerialMatmulOp : QNN_KernelOp<"bitserial_matmul"> {
  let summary = "Exact integer matmul of bit-plane packed codes by popcount";
  let description = !strconcat([{
    `lhs` holds the bit-planes of an M x K matrix of codes (`lhs_bits` x M x
    W words), `rhs` those of an N x K matrix (`rhs_bits` x N x W), with
    `W = ceil(reduction_length / 64)`. The op adds to `init` (M x N, `i32`
    or `i64`) the exact integer products `sum_i a[m][i] * b[n][i]` of the
    codes under their encodings:

    `sum_{s,t} c_s c_t 2^(s+t) popcount(A_s AND B_t)`, with `c = -1` for the
    top plane of a signed code and `+1` otherwise; for bipolar codes the
    products use `K - 2 popcount(A XOR B)` (both sides bipolar) or, per
    plane `B_t` of the other side, `2 popcount(A AND B_t) - popcount(B_t)`
    (bipolar against unsigned or signed planes).

    `rhs` may instead be in the panel layout of `qnn.pack_bits`,
    `rhs_bits x ceil(N / W) x W_words x W` (N is then `init`'s second
    dimension, W = 2, 4 or 8): the lowering then broadcasts each lhs word
    against one vector of W rhs rows' words, and each vector accumulator
    holds W outputs (docs/kernels.md).
  }], kernelDescription, [{

    ```mlir
    %acc = qnn.bitserial_matmul ins(%a, %b : tensor<2x64x9xi64>, tensor<4x16x9xi64>)
        outs(%init : tensor<64x16xi32>)
        {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>,
         reduction_length = 576} -> tensor<64x16xi32>
    ```
  }]);
  let arguments = (ins QNN_RankedTensorOrMemRef:$lhs, QNN_RankedTensorOrMemRef:$rhs,
                   QNN_RankedTensorOrMemRef:$init,
                   QNN_EncodingAttr:$lhs_encoding, QNN_EncodingAttr:$rhs_encoding,
                   ConfinedAttr<I64Attr, [IntPositive]>:$reduction_length);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    `ins` `(` $lhs `,` $rhs `:` type($lhs) `,` type($rhs) `)`
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
}

def QNN_DotMatmulOp : QNN_KernelOp<"dot_matmul"> {
  let summary = "Exact integer matmul of 8-bit codes with a dot-product instruction";
  let description = !strconcat([{
    `lhs` is M x K `i8` codes under `lhs_encoding` (unsigned codes as their
    bit pattern, signed and bipolar ones as their value); `rhs` holds the
    N x K signed weight codes packed into panels of NR output channels,
    `P x G x (NR * k0)` bytes with `P = ceil(N / NR)`, `G = ceil(K / k0)`:
    `rhs[p][g][k0 j + i] = w[NR p + j][k0 g + i]`, 0 past N and past K (the
    VNNI layout with k0 = 4: each `4 * lanes` bytes are `lanes` channels x
    4 k; k0 = 8 for `neon_i8mm`).
    `column_sums` (N `i32`) holds `sum_k w[n][k]`. The op adds to `init`
    (M x N `i32`) the exact sums `sum_k a[m][k] * w[n][k]`; they must fit
    i32 (the lowering computes modulo 2^32).

    The lowering (`convert-qnn-kernels-to-loops`) keeps an MR x NR tile of
    accumulators in registers over the whole K loop and adds 4 products per
    lane with `vpdpbusd` (`isa`: zmm for `avx512_vnni`, ymm for `avx_vnni`),
    which multiplies unsigned by signed bytes: signed activation codes enter
    as `a + 128` (their sign bit flipped) and `128 * column_sums` is taken
    off again; with AVX2 (`avx2`, ymm) the same flip, but each group of
    weight bytes widened to i16 and multiplied by pairs of activation bytes
    with `vpmaddwd`; or with AArch64 `sdot` (`neon_sdot`, signed by signed
    bytes), where unsigned codes enter as `a - 128` and `128 * column_sums`
    is added; or with AArch64 `smmla` / `usmmla` (`neon_i8mm`: 2 x 2 tiles
    of 2 rows by 2 channels over 8 k, no flip; its panels hold 8 k per
    group, `P x ceil(K / 8) x (NR * 8)`).

    `i16_groups = G` (with `avx2` only) says that the products fit 16 bits
    so far that G groups of 4 k may be summed in i16: for every activation
    byte `a'` as it enters (sign-flipped where signed) and weight `w`,
    `2 G max|a'| max|w| <= 32767`. The lowering then multiplies with
    `vpmaddubsw` (u8 x s8 into i16 pair sums, which cannot saturate), adds
    G groups in i16 and widens them into the i32 accumulators with one
    `vpmaddwd` by ones: about half the multiplies of the `vpmaddwd` path
    and no widening of the weights. Whoever builds the op (the int8_dot
    conversion, from the code ranges) vouches for the bound.
  }], kernelDescription, [{

    ```mlir
    qnn.dot_matmul ins(%a, %w, %sums : memref<64x576xi8>, memref<1x144x256xi8>, memref<64xi32>)
        outs(%acc : memref<64x64xi32>)
        {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx512_vnni>}
    ```
  }]);
  let arguments = (ins QNN_RankedTensorOrMemRef:$lhs, QNN_RankedTensorOrMemRef:$rhs,
                   QNN_RankedTensorOrMemRef:$column_sums,
                   QNN_RankedTensorOrMemRef:$init,
                   QNN_EncodingAttr:$lhs_encoding, QNN_DotISAAttr:$isa,
                   OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$i16_groups);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    `ins` `(` $lhs `,` $rhs `,` $column_sums `:` type($lhs) `,` type($rhs) `,`
    type($column_sums) `)` `outs` `(` $init `:` type($init) `)` attr-dict
    (`->` type($result)^)?
  }];
}

def QNN_FmaMatmulOp : QNN_KernelOp<"fma_matmul"> {
  let summary = "Register-tiled f32 GEMM of a float convolution, NCHW or NHWC out";
  let description = !strconcat([{
    `lhs` is M x K f32 (the weights of a convolution, O x (C KH KW) as the
    model has them), `rhs` is B x K x N f32 (per image, the windows as
    columns: row k = (c, kh, kw), column n = output pixel), `bias` M f32.
    The op writes `init` (B x M x N, which is NCHW for a convolution) with

        init[b][m][n] = clamp(bias[m] + residual[b][m][n]
                              + sum_k lhs[m][k] rhs[b][k][n])

    where the optional `residual` (B x M x N, the shortcut of a ResNet
    block) is added where given and the clamp to [`clamp_min`,
    `clamp_max`] is applied where given (a fused ReLU is
    `clamp_min = 0.0`). `init` is only written.

    With `channels_last` the roles of the operands follow an NHWC
    convolution instead: `lhs` is M x K (the windows of all images, one row
    per output pixel, K = (kh, kw, c) as `qnn.im2col` writes them), `rhs`
    the K x N weights packed in panels of W columns (P x K x W, P = ceil(N /
    W), `rhs[p][k][j] = w[k][p W + j]`, zero past N; W is 1 to 4 of the
    isa's vectors, the tile width), `bias` N, `residual` and `init` M x N
    (NHWC), and

        init[m][n] = clamp(bias[n] + residual[m][n]
                           + sum_k lhs[m][k] w[k][n])

    Channels last, `lhs` may instead be the convolution's input itself,
    padded, N x H x W x C, with the window's `kernel` (KH, KW), `strides`
    and `dilations` as for `qnn.conv2d` (no padding: it is in the input).
    Row m = (n, oh, ow) of the windows and k = (kh, kw, c) then read

        lhs[n][oh SH + kh DH][ow SW + kw DW][c]

    in place, the order of `qnn.im2col channels_last`, so the product is
    the same (bit for bit) as over the materialised windows, without
    writing them: K = KH KW C and M = N OH OW.

    With `depthwise` as well, the convolution is a depthwise one (one
    channel per group, C = N): k = (kh, kw), K = KH KW, the panels hold
    `rhs[p][k][j] = w[p W + j][0][kh][kw]`, and

        init[m][n] = clamp(bias[n] + residual[m][n]
                           + sum_k lhs[n][oh SH + kh DH][ow SW + kw DW][n] w[k][n])

    (the lhs element of output channel n, so a vector load of channels
    where the dense form broadcasts one).

    The lowering (`convert-qnn-kernels-to-loops`) keeps an MR x NR tile of
    accumulators in `isa`'s vector registers over a block of K: per k,
    NR / L vector loads of an `rhs` row and one broadcast of `lhs[m][k]` per
    row, MR x NR / L FMAs; accumulators start from the bias (plus the
    residual) in the first block and from the partial sums in `init` in
    the others, and the clamp is applied before the last block's store.
    Read in place, the K loop of a tile runs over the window positions and,
    inside, along a run of the input: KW C consecutive floats when DW = 1
    (the row of a window), else C; each tile row keeps its own pointer.
  }], kernelDescription, [{

    ```mlir
    qnn.fma_matmul ins(%w, %cols, %bias : memref<64x576xf32>, memref<1x576x3136xf32>,
                       memref<64xf32>)
        outs(%out : memref<1x64x3136xf32>)
        {isa = #qnn<fma_isa avx512>, clamp_min = 0.0 : f32}
    qnn.fma_matmul ins(%cols, %w, %bias : memref<3136x576xf32>, memref<4x576x16xf32>,
                       memref<64xf32>)
        outs(%out : memref<3136x64xf32>)
        {isa = #qnn<fma_isa avx2>, channels_last}
    qnn.fma_matmul ins(%padded, %w, %bias : memref<1x58x58x64xf32>, memref<4x576x16xf32>,
                       memref<64xf32>)
        outs(%out : memref<3136x64xf32>)
        {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>}
    ```
  }]);
  let arguments = (ins QNN_RankedTensorOrMemRef:$lhs, QNN_RankedTensorOrMemRef:$rhs,
                   QNN_RankedTensorOrMemRef:$bias,
                   Optional<QNN_RankedTensorOrMemRef>:$residual,
                   QNN_RankedTensorOrMemRef:$init,
                   QNN_FmaISAAttr:$isa, OptionalAttr<F32Attr>:$clamp_min,
                   OptionalAttr<F32Attr>:$clamp_max, UnitAttr:$channels_last,
                   OptionalAttr<QNN_Pair>:$kernel,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$strides,
                   DefaultValuedAttr<QNN_Pair, "{1, 1}">:$dilations,
                   UnitAttr:$depthwise);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    `ins` `(` $lhs `,` $rhs `,` $bias (`,` $residual^)? `:` type($lhs) `,`
    type($rhs) `,` type($bias) (`,` type($residual)^)? `)`
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
    /// Whether `lhs` is a padded NHWC input whose windows are read in place.
    bool readsWindows() {
      return ::llvm::cast<::mlir::ShapedType>(getLhs().getType()).getRank() == 4;
    }
    /// K, the length of each output's sum (a row of the weights).
    int64_t getReductionLength() {
      return ::llvm::cast<::mlir::ShapedType>(getRhs().getType()).getDimSize(1);
    }
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNOPS_TD
