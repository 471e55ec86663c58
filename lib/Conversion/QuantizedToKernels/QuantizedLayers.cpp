//===- QuantizedLayers.cpp - quantized layers to kernels --------*- C++ -*-===//
//
// The patterns of convert-qnn-quantized-to-kernels for qnn.qconv2d and
// qnn.qdense: the kernel their #qnn.kernel names (bit-serial popcounts, an
// f32 GEMM or an integer GEMM on the codes, or a direct grouped
// convolution) and a float epilogue (scales, zero points, bias).
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "Int8Dot.h"
#include "Requantize.h"
#include "qnn/Dialect/QNN/Utils/BitPlanes.h"
#include "qnn/Dialect/QNN/Utils/KernelChoice.h"
#include "qnn/Dialect/QNN/Utils/Matmul.h"
#include "qnn/Dialect/QNN/Utils/Tensors.h"
#include "qnn/Dialect/QNN/Utils/Window.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::quantized_lowering;

namespace {


/// Weight codes of one layer (or one group of it), `rows` output channels by
/// `reduction` codes, the reduction axis in packing order.
struct WeightCodes {
  QuantType type;
  int64_t rows = 0;
  int64_t reduction = 0;
  /// First output channel of these rows in the layer (for per-channel
  /// scales and zero points).
  int64_t firstChannel = 0;
  SmallVector<int64_t> codes;

  int64_t code(int64_t row, int64_t index) const {
    return codes[row * reduction + index];
  }
  double scale(int64_t row) const {
    return type.getScales()[type.isPerTensor() ? 0 : firstChannel + row];
  }
  double zeroPoint(int64_t row) const {
    return type.getZeroPoints()[type.isPerTensor() ? 0 : firstChannel + row];
  }
};

/// The codes of a layer's constant weights, row-major; the layer says why
/// when they are not a qnn.constant.
FailureOr<SmallVector<int64_t>> getWeightCodes(Operation *layer, Value weight) {
  auto constant = weight.getDefiningOp<ConstantOp>();
  if (!constant)
    return layer->emitError(
        "expects constant weight codes (qnn.constant, or qnn.quantize of a "
        "constant, which folds to one)");
  int64_t count = cast<ShapedType>(weight.getType()).getNumElements();
  SmallVector<int64_t> codes;
  codes.reserve(count);
  bool isUnsigned = getQuantElement(weight).getEncoding() == Encoding::Unsigned;
  for (const APInt &stored : constant.getValue().getValues<APInt>())
    codes.push_back(isUnsigned ? int64_t(stored.getZExtValue())
                               : stored.getSExtValue());
  return codes;
}

/// `rows x K` codes (row-major in `codes`) as a constant of `element`
/// (i8 or i16); K x rows when `transposed`.
Value codeConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> codes,
                   int64_t rows, int64_t reduction, bool transposed,
                   Type element) {
  SmallVector<int64_t> shape = {rows, reduction};
  if (transposed)
    std::swap(shape[0], shape[1]);
  SmallVector<APInt> values;
  unsigned width = element.getIntOrFloatBitWidth();
  for (int64_t i = 0; i < shape[0]; ++i)
    for (int64_t j = 0; j < shape[1]; ++j)
      values.push_back(APInt(width,
                             transposed ? codes[j * reduction + i]
                                        : codes[i * reduction + j],
                             /*isSigned=*/true));
  return b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(RankedTensorType::get(shape, element), values));
}

/// The bit-planes of `rows x K` codes (`qnn.pack_bits`, which folds a
/// constant into constant planes), in panels of `panel` rows unless it is 0.
Value packCodes(OpBuilder &b, Location loc, Value codes, unsigned bits,
                Encoding encoding, int64_t panel = 0) {
  auto shape = cast<ShapedType>(codes.getType()).getShape();
  SmallVector<int64_t> planesShape = {bits, shape[0], getPackedWords(shape[1])};
  if (panel)
    planesShape = {bits, getPanelCount(shape[0], panel),
                   getPackedWords(shape[1]), panel};
  Value init = b.create<tensor::EmptyOp>(loc, planesShape, b.getI64Type());
  SmallVector<Value, 1> planes;
  b.createOrFold<PackBitsOp>(planes, loc, TypeRange{init.getType()}, codes, init,
                             EncodingAttr::get(b.getContext(), encoding));
  return planes.front();
}

/// `lhs` x `rhs`^T of `cols` rhs rows (in panels when `rhs` is 4-D).
Value bitSerialMatmul(OpBuilder &b, Location loc, Value lhs,
                      Encoding lhsEncoding, Value rhs, Encoding rhsEncoding,
                      int64_t cols, int64_t reduction, Type accumulator) {
  int64_t rows = cast<ShapedType>(lhs.getType()).getDimSize(1);
  Value init = zeroFilled(b, loc, {rows, cols}, accumulator);
  MLIRContext *context = b.getContext();
  return b
      .create<BitSerialMatmulOp>(
          loc, TypeRange{init.getType()}, lhs, rhs, init,
          EncodingAttr::get(context, lhsEncoding),
          EncodingAttr::get(context, rhsEncoding),
          b.getI64IntegerAttr(reduction))
      .getResult()[0];
}

/// The K x O weight codes of `weights` as f32, unpacked on each call from
/// bit-planes stored in the object (`channel_planes`): plane t is a
/// K x ceil(O / 32) i32 constant whose word (k, w) holds bit t of the codes
/// of output channels 32 w .. 32 w + 31 at row k. A linalg.generic over
/// (k, w, lane) rebuilds each code (two's complement for signed codes, -1/+1
/// for bipolar ones); its lane loop is innermost and vectorizes.
Value unpackWeightCodes(OpBuilder &b, Location loc, const WeightCodes &weights) {
  int64_t out = weights.rows, reduction = weights.reduction;
  int64_t words = llvm::divideCeil(out, kChannelPlaneWordBits);
  unsigned bits = weights.type.getBits();
  Encoding encoding = weights.type.getEncoding();
  Type i32 = b.getI32Type();
  auto planeType = RankedTensorType::get({reduction, words}, i32);
  SmallVector<Value> planes;
  for (unsigned t = 0; t < bits; ++t) {
    SmallVector<APInt> values(reduction * words, APInt(32, 0));
    for (int64_t k = 0; k < reduction; ++k)
      for (int64_t o = 0; o < out; ++o) {
        int64_t code = weights.code(o, k);
        uint64_t pattern = encoding == Encoding::Bipolar ? (code > 0 ? 1 : 0)
                                                         : uint64_t(code);
        if ((pattern >> t) & 1)
          values[k * words + o / kChannelPlaneWordBits].setBit(
              o % kChannelPlaneWordBits);
      }
    planes.push_back(b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(planeType, values)));
  }

  MLIRContext *context = b.getContext();
  AffineMap planeMap = AffineMap::get(
      3, 0, {b.getAffineDimExpr(0), b.getAffineDimExpr(1)}, context);
  SmallVector<AffineMap> maps(bits, planeMap);
  SmallVector<int64_t> unpackedShape = {reduction, words, kChannelPlaneWordBits};
  Value unpacked = mapElements(
      b, loc, planes, maps, unpackedShape, b.getF32Type(),
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        auto constant = [&](int64_t value) -> Value {
          return nb.create<arith::ConstantOp>(nl, nb.getI32IntegerAttr(value));
        };
        Value lane = nb.create<arith::IndexCastOp>(
            nl, i32, nb.create<linalg::IndexOp>(nl, 2));
        Value code = constant(0);
        for (unsigned t = 0; t < bits; ++t) {
          Value bit = nb.create<arith::AndIOp>(
              nl, nb.create<arith::ShRUIOp>(nl, args[t], lane), constant(1));
          // The top plane of a signed code weighs -2^(bits-1).
          bool negative = encoding == Encoding::Signed && t == bits - 1;
          Value weighted = nb.create<arith::ShLIOp>(nl, bit, constant(t));
          code = negative
                     ? nb.create<arith::SubIOp>(nl, code, weighted).getResult()
                     : nb.create<arith::AddIOp>(nl, code, weighted).getResult();
        }
        if (encoding == Encoding::Bipolar) // bit 1 is +1, bit 0 is -1
          code = nb.create<arith::SubIOp>(
              nl, nb.create<arith::ShLIOp>(nl, code, constant(1)), constant(1));
        return nb.create<arith::SIToFPOp>(nl, nb.getF32Type(), code);
      });
  auto paddedType = RankedTensorType::get(
      {reduction, words * kChannelPlaneWordBits}, b.getF32Type());
  Value padded = b.create<tensor::CollapseShapeOp>(
      loc, paddedType, unpacked, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  if (words * kChannelPlaneWordBits == out)
    return padded;
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(reduction), b.getIndexAttr(out)};
  SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
  return b.create<tensor::ExtractSliceOp>(loc, padded, offsets, sizes, strides);
}

/// `lhs` (R x K codes) times `rhs` (O x K codes) transposed: the exact
/// R x O sum of code products, by upstream linalg.
Value integerMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                    Type accumulator) {
  int64_t rows = cast<ShapedType>(lhs.getType()).getDimSize(0);
  int64_t cols = cast<ShapedType>(rhs.getType()).getDimSize(0);
  Value init = zeroFilled(b, loc, {rows, cols}, accumulator);
  return b.create<linalg::MatmulTransposeBOp>(loc, init.getType(),
                                              ValueRange{lhs, rhs}, init)
      .getResult(0);
}

/// Emits the product of activation codes `activations` (R x K, i8, of the
/// per-tensor `activationType`) with `weights` (O x K codes) by the kernel
/// `kernel`: the float R x O result `s_a s_w (sum (a - z_a)(w - z_w) -
/// correction) + bias`. `correction` is R x O (or empty) in code units;
/// `bias` an O-element f32 tensor or null. A null `activationType` means
/// float activations (R x K f32, a weight-only quantized layer, with an f32
/// GEMM): `s_w sum a (w - z_w) + bias`. With a `resultType` (a requantized
/// layer) the result is instead the R x O i8 codes of that value.
Value emitQuantizedProduct(OpBuilder &b, Location loc, Value activations,
                           QuantType activationType, const WeightCodes &weights,
                           ArrayRef<double> correction, Value bias,
                           KernelAttr kernel, QuantType resultType) {
  int64_t rows = cast<ShapedType>(activations.getType()).getDimSize(0);
  int64_t outChannels = weights.rows, reduction = weights.reduction;
  bool floatActivations = !activationType;
  assert((!floatActivations || kernel.getKind() == KernelKind::F32Gemm) &&
         "float activations take an f32 GEMM");
  // Float activations are their own codes: scale 1, zero point 0.
  if (floatActivations)
    activationType = QuantType::getPerTensor(b.getContext(), 8,
                                             Encoding::Signed, 1.0);
  Encoding activationEncoding = activationType.getEncoding();
  Encoding weightEncoding = weights.type.getEncoding();

  // Exact integer product of the codes; i32 unless that could overflow.
  uint64_t bound = getCodeProductBound(activationType, weights.type, reduction);
  Type accumulator = bound < (uint64_t(1) << 31) ? b.getI32Type() : b.getI64Type();

  // Per output channel: scale, weight zero point, and the constant offset
  // s (K z_a z_w - z_a sum(w)) folded in the epilogue.
  double activationScale = activationType.getScales()[0];
  double activationZero = activationType.getZeroPoints()[0];
  SmallVector<double> scales, weightZeros, offsets;
  bool needsActivationSums = false;
  for (int64_t row = 0; row < outChannels; ++row) {
    double scale = activationScale * weights.scale(row);
    double weightZero = weights.zeroPoint(row);
    int64_t weightSum = 0;
    for (int64_t index = 0; index < reduction; ++index)
      weightSum += weights.code(row, index);
    scales.push_back(scale);
    weightZeros.push_back(weightZero);
    offsets.push_back(scale * (reduction * activationZero * weightZero -
                               activationZero * double(weightSum)));
    needsActivationSums |= weightZero != 0;
  }
  uint64_t sumBound =
      uint64_t(reduction) * getLargestCodeMagnitude(activationType);
  Type sumType = sumBound < (uint64_t(1) << 31) ? b.getI32Type() : b.getI64Type();
  SmallVector<int64_t> ones(reduction, 1);
  Type weightElement = codesFitInt8(weights.type) ? b.getI8Type() : b.getI16Type();

  // The exact sum of code products, and sum(a) per row when a weight zero
  // point needs it (a product with a row of ones).
  Value product, activationSums;
  switch (kernel.getKind()) {
  case KernelKind::F32Gemm: {
    Type f32 = b.getF32Type();
    Value codes = floatActivations ? activations
                                   : widenCodes(b, loc, activations,
                                                activationEncoding, f32);
    Value weightCodes =
        kernel.getWeights() == WeightStorage::ChannelPlanes
            ? unpackWeightCodes(b, loc, weights)
            : widenCodes(b, loc,
                         codeConstant(b, loc, weights.codes, outChannels,
                                      reduction, /*transposed=*/true,
                                      weightElement),
                         Encoding::Signed, f32);
    product = createRowMajorMatmul(b, loc, codes, weightCodes,
                                   zeroFilled(b, loc, {rows, outChannels}, f32));
    if (needsActivationSums) {
      SmallVector<float> onesColumn(reduction, 1.0f);
      activationSums = createRowMajorMatmul(
          b, loc, codes, createTransposedConstant(b, loc, onesColumn, reduction, 1),
          zeroFilled(b, loc, {rows, 1}, f32));
    }
    break;
  }
  case KernelKind::IntGemm: {
    Value codes =
        widenCodes(b, loc, activations, activationEncoding, b.getI16Type());
    product = integerMatmul(b, loc, codes,
                            codeConstant(b, loc, weights.codes, outChannels,
                                         reduction, /*transposed=*/false,
                                         weightElement),
                            accumulator);
    if (needsActivationSums)
      activationSums = integerMatmul(
          b, loc, codes,
          codeConstant(b, loc, ones, 1, reduction, /*transposed=*/false,
                       b.getI8Type()),
          sumType);
    break;
  }
  case KernelKind::Int8Dot: {
    product =
        emitInt8DotProduct(b, loc, activations, activationType, weights.codes,
                           outChannels, reduction, kernel.getIsa());
    if (needsActivationSums)
      activationSums = emitInt8DotProduct(b, loc, activations, activationType,
                                          ones, 1, reduction, kernel.getIsa());
    break;
  }
  case KernelKind::DirectConv:
    llvm_unreachable("direct_conv is lowered by emitDirectConv, not as a GEMM");
  case KernelKind::F32Fma:
    llvm_unreachable("f32_fma is a float convolution's kernel, not a "
                     "quantized layer's (the attribute's verifier)");
  case KernelKind::BitSerial: {
    Value activationPlanes = packCodes(b, loc, activations,
                                       activationType.getBits(),
                                       activationEncoding);
    Value weightPlanes =
        packCodes(b, loc,
                  codeConstant(b, loc, weights.codes, outChannels, reduction,
                               /*transposed=*/false, b.getI8Type()),
                  weights.type.getBits(), weightEncoding, kernel.getPanel());
    product = bitSerialMatmul(b, loc, activationPlanes, activationEncoding,
                              weightPlanes, weightEncoding, outChannels,
                              reduction, accumulator);
    if (needsActivationSums) {
      Value onesPlane = packCodes(
          b, loc,
          codeConstant(b, loc, ones, 1, reduction, /*transposed=*/false,
                       b.getI8Type()),
          1, Encoding::Unsigned);
      activationSums =
          bitSerialMatmul(b, loc, activationPlanes, activationEncoding,
                          onesPlane, Encoding::Unsigned, 1, reduction, sumType);
    }
    break;
  }
  }

  // The epilogue, in f64 so that large accumulators keep every bit.
  MLIRContext *context = b.getContext();
  AffineMap perChannel = AffineMap::get(2, 0, b.getAffineDimExpr(1));
  DenseElementsAttr biasValues;
  if (bias && !matchPattern(bias, m_Constant(&biasValues)))
    biasValues = {};
  // A requantized layer whose sum alone decides its codes: thresholds.
  if (resultType && !floatActivations && !activationSums &&
      correction.empty() && (!bias || biasValues)) {
    SmallVector<ChannelEpilogue> channels;
    for (int64_t o = 0; o < outChannels; ++o) {
      ChannelEpilogue channel{scales[o], offsets[o], std::nullopt};
      if (bias)
        channel.bias = biasValues.getValues<float>()[o];
      channels.push_back(channel);
    }
    if (Value codes =
            emitThresholdCodes(b, loc, product, /*channelDim=*/1, channels,
                               resultType, SumGrid{1.0, bound}))
      return codes;
  }
  SmallVector<Value> inputs = {product, f64Vector(b, loc, scales),
                               f64Vector(b, loc, offsets)};
  AffineMap identity = b.getMultiDimIdentityMap(2);
  AffineMap perRow =
      AffineMap::get(2, 0, {b.getAffineDimExpr(0), b.getAffineConstantExpr(0)},
                     context);
  SmallVector<AffineMap> maps = {identity, perChannel, perChannel};
  int sumsIndex = -1, biasIndex = -1, correctionIndex = -1;
  if (activationSums) {
    sumsIndex = inputs.size();
    inputs.append({activationSums, f64Vector(b, loc, weightZeros)});
    maps.append({perRow, perChannel});
  }
  if (bias) {
    biasIndex = inputs.size();
    inputs.push_back(bias);
    maps.push_back(perChannel);
  }
  if (!correction.empty()) {
    correctionIndex = inputs.size();
    auto type = RankedTensorType::get({rows, outChannels}, b.getF64Type());
    inputs.push_back(b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(type, correction)));
    maps.push_back(identity);
  }
  return mapElements(
      b, loc, inputs, maps, {rows, outChannels},
      resultType ? Type(b.getI8Type()) : Type(b.getF32Type()),
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        Type f64 = nb.getF64Type();
        // Exact integers, as iN or (from an f32 GEMM) f32.
        auto toF64 = [&](Value value) -> Value {
          if (isa<FloatType>(value.getType()))
            return nb.create<arith::ExtFOp>(nl, f64, value);
          return nb.create<arith::SIToFPOp>(nl, f64, value);
        };
        Value sum = toF64(args[0]);
        if (sumsIndex >= 0) {
          Value activationSum = toF64(args[sumsIndex]);
          sum = nb.create<arith::SubFOp>(
              nl, sum,
              nb.create<arith::MulFOp>(nl, args[sumsIndex + 1], activationSum));
        }
        if (correctionIndex >= 0)
          sum = nb.create<arith::SubFOp>(nl, sum, args[correctionIndex]);
        Value value =
            emitEpilogueValue(nb, nl, sum, args[1], args[2],
                              biasIndex >= 0 ? args[biasIndex] : Value());
        return resultType ? storeResultCode(nb, nl, value, resultType) : value;
      });
}

/// The per-tensor codes' type of a requantized layer's result; null for a
/// float result.
QuantType getResultCodesType(Operation *layer) {
  return dyn_cast<QuantType>(
      cast<ShapedType>(layer->getResult(0).getType()).getElementType());
}

/// Elements [first, first + count) of the 1-D `bias`: a constant when it is
/// one (so that a thresholds epilogue can read it), else a slice.
Value sliceBias(OpBuilder &b, Location loc, Value bias, int64_t first,
                int64_t count) {
  DenseElementsAttr values;
  if (matchPattern(bias, m_Constant(&values))) {
    auto all = llvm::to_vector(values.getValues<float>());
    return b.create<arith::ConstantOp>(
        loc,
        DenseElementsAttr::get(RankedTensorType::get({count}, b.getF32Type()),
                               ArrayRef<float>(all).slice(first, count)));
  }
  return b.create<tensor::ExtractSliceOp>(
      loc, bias, ArrayRef<OpFoldResult>{b.getIndexAttr(first)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(count)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
}

/// The #qnn.kernel of a layer, which must be there and have one of the
/// layouts the layer's lowering implements.
FailureOr<KernelAttr> getKernel(Operation *layer, ArrayRef<Layout> layouts) {
  auto kernel = layer->getAttrOfType<KernelAttr>(QNNDialect::kKernelAttrName);
  if (!kernel)
    return layer->emitError()
           << "has no '" << QNNDialect::kKernelAttrName
           << "' attribute: run qnn-select-kernels first";
  if (!llvm::is_contained(layouts, kernel.getLayout())) {
    InFlightDiagnostic error = layer->emitError();
    error << "layout '" << stringifyLayout(kernel.getLayout())
          << "' is not implemented for this layer (only ";
    llvm::interleave(
        layouts, error,
        [&](Layout layout) { error << "'" << stringifyLayout(layout) << "'"; },
        " and ");
    return error << ")";
  }
  if (failed(checkInt8DotApplies(layer, kernel)))
    return failure();
  return kernel;
}

LogicalResult lowerQDense(QDenseOp op, QDenseOp::Adaptor adaptor,
                          ConversionPatternRewriter &rewriter,
                          const TypeConverter &converter) {
  FailureOr<KernelAttr> kernel = getKernel(op, {Layout::NC});
  FailureOr<SmallVector<int64_t>> codes = getWeightCodes(op, op.getWeight());
  if (failed(kernel) || failed(codes))
    return failure();
  if (kernel->getKind() == KernelKind::DirectConv)
    return op.emitError("kernel 'direct_conv' applies to convolutions only");
  auto weightType = op.getWeight().getType();
  WeightCodes weights;
  weights.type = getQuantElement(op.getWeight());
  weights.rows = weightType.getDimSize(0);
  weights.reduction = weightType.getDimSize(1);
  weights.codes = std::move(*codes);
  rewriter.replaceOp(op, emitQuantizedProduct(rewriter, op.getLoc(),
                                              adaptor.getInput(),
                                              getActivationType(op.getInput()),
                                              weights, {}, adaptor.getBias(),
                                              *kernel, getResultCodesType(op)));
  return success();
}

/// The sums of the depthwise `op` (one channel per group) channels last as
/// a qnn.fma_matmul {depthwise} on `fma`'s vectors: `values` is the padded
/// N x H x W x C input without its zero point, the weights `w - z_w` are
/// packed at compile time into panels of the tile width (P x (KH KW) x W,
/// zero past O). Every product and partial sum is a small multiple of 1/4,
/// so the sums are exact, as the generic's. Returns N x OH x OW x O.
static Value emitDepthwiseFmaSums(OpBuilder &b, QConv2DOp op, Value values,
                                  ArrayRef<int64_t> weightCodes, FmaISA fma) {
  Location loc = op.getLoc();
  Type f32 = b.getF32Type();
  ArrayRef<int64_t> weightShape = op.getWeight().getType().getShape();
  ArrayRef<int64_t> outputShape = op.getType().getShape();
  int64_t out = weightShape[0], kernelH = weightShape[2],
          kernelW = weightShape[3];
  int64_t positions = kernelH * kernelW;
  int64_t rows = outputShape[0] * outputShape[2] * outputShape[3];
  QuantType weightType = getQuantElement(op.getWeight());
  int64_t width = getFmaTile(fma, out).width();
  int64_t panels = llvm::divideCeil(out, width);
  SmallVector<float> packed(panels * positions * width, 0.0f);
  for (int64_t o = 0; o < out; ++o) {
    double zero = weightType.getZeroPoints()[weightType.isPerTensor() ? 0 : o];
    for (int64_t k = 0; k < positions; ++k)
      packed[getFmaPanelIndex(k, o, positions, width)] =
          static_cast<float>(weightCodes[o * positions + k] - zero);
  }
  auto panelType = RankedTensorType::get({panels, positions, width}, f32);
  Value weights = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(panelType, ArrayRef<float>(packed)));
  Value zeros = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(RankedTensorType::get({out}, f32),
                                  b.getF32FloatAttr(0.0f)));
  auto sumsType = RankedTensorType::get({rows, out}, f32);
  Value init = b.create<tensor::EmptyOp>(loc, sumsType.getShape(), f32);
  Value sums =
      b.create<FmaMatmulOp>(
           loc, TypeRange{sumsType}, values, weights, zeros,
           /*residual=*/Value(), init, FmaISAAttr::get(b.getContext(), fma),
           FloatAttr(), FloatAttr(), b.getUnitAttr(),
           b.getDenseI64ArrayAttr({kernelH, kernelW}), op.getStridesAttr(),
           op.getDilationsAttr(), b.getUnitAttr())
          .getResult()[0];
  return b.create<tensor::ExpandShapeOp>(
      loc,
      RankedTensorType::get(
          {outputShape[0], outputShape[2], outputShape[3], out}, f32),
      sums, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
}

/// The `direct_conv` kernel of a grouped convolution: the activations as
/// zero-point-free f32 values `a - z_a` (exact: codes and zero points are
/// small multiples of 1/2), padded with 0.0, the real 0; one linalg.generic
/// accumulates `(a - z_a)(w - z_w)` with the i8 weight codes widened in its
/// body; an epilogue scales each output channel by `s_a s_w` and adds the
/// bias. Float activations (weight-only quantized) enter as they are, with
/// `s_a` 1. In `nchw` the generic runs over (n, g, og, oh, ow, cg, kh, kw);
/// in `nhwc` over (n, oh, ow, kh, kw, cg, og, g), so that its innermost loop
/// walks the channels, which are consecutive in the input, the weights
/// (stored KH x KW x Cg x Og x G) and the output. With `fma` (a depthwise
/// convolution channels last) the sums are a qnn.fma_matmul {depthwise} on
/// those vectors instead of the generic, reading the padded NHWC values in
/// place against the zero-point-free weights `w - z_w` packed in panels at
/// compile time: the same exact sums. A requantized layer's result is the
/// codes of the value, by thresholds where they apply.
Value emitDirectConv(OpBuilder &b, QConv2DOp op, Value input, Value bias,
                     ArrayRef<int64_t> weightCodes, bool channelsLast,
                     FmaISA fma) {
  Location loc = op.getLoc();
  MLIRContext *context = b.getContext();
  Type f32 = b.getF32Type();
  ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
  ArrayRef<int64_t> weightShape = op.getWeight().getType().getShape();
  ArrayRef<int64_t> outputShape = op.getType().getShape();
  auto groups = static_cast<int64_t>(op.getGroups());
  int64_t batch = inputShape[0];
  int64_t out = weightShape[0], groupChannels = weightShape[1];
  int64_t kernelH = weightShape[2], kernelW = weightShape[3];
  int64_t groupOut = out / groups;
  int64_t outH = outputShape[2], outW = outputShape[3];
  QuantType activationType = getActivationType(op.getInput());
  QuantType weightType = getQuantElement(op.getWeight());

  Value values = input;
  if (activationType)
    values = mapWithQuantParameters(
        b, loc, input, activationType, f32,
        [&](OpBuilder &nb, Location nl, Value stored, Value scale,
            Value zeroPoint) -> Value {
          Value code = widenCode(nb, nl, stored, activationType.getEncoding(), f32);
          return nb.create<arith::SubFOp>(nl, code, zeroPoint);
        });
  Value zero = b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0.0f));
  values = padSpatial(b, loc, values, op.getPadding(), zero);
  auto paddedShape = cast<RankedTensorType>(values.getType()).getShape();
  int64_t paddedH = paddedShape[2], paddedW = paddedShape[3];
  // Groups as their own dimension: N x G x Cg x H x W (N x H x W x G x Cg),
  // G x Og x Cg x KH x KW (KH x KW x Cg x Og x G), N x G x Og x OH x OW
  // (N x OH x OW x G x Og).
  if (channelsLast) {
    Value nhwc = b.create<tensor::EmptyOp>(
        loc, ArrayRef<int64_t>{batch, paddedH, paddedW, paddedShape[1]}, f32);
    values = b.create<linalg::TransposeOp>(loc, values, nhwc,
                                           ArrayRef<int64_t>{0, 2, 3, 1})
                 ->getResult(0);
  }
  SmallVector<int64_t> flatShape =
      channelsLast ? SmallVector<int64_t>{batch, outH, outW, out}
                   : SmallVector<int64_t>(outputShape);
  Value flat = fma != FmaISA::None
                   ? emitDepthwiseFmaSums(b, op, values, weightCodes, fma)
                   : Value();
  SmallVector<double> weightZeros, scales;
  for (int64_t o = 0; o < out; ++o) {
    int64_t channel = weightType.isPerTensor() ? 0 : o;
    weightZeros.push_back(weightType.getZeroPoints()[channel]);
    double activationScale =
        activationType
            ? activationType.getChannelType((o / groupOut) * groupChannels)
                  .getScales()[0]
            : 1.0;
    scales.push_back(activationScale * weightType.getScales()[channel]);
  }
  if (!flat) {
    SmallVector<int64_t> groupedInShape =
        channelsLast ? SmallVector<int64_t>{batch, paddedH, paddedW, groups,
                                            groupChannels}
                     : SmallVector<int64_t>{batch, groups, groupChannels,
                                            paddedH, paddedW};
    SmallVector<ReassociationIndices> splitChannels =
        channelsLast ? SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}}
                     : SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}};
    Value grouped = b.create<tensor::ExpandShapeOp>(
        loc, RankedTensorType::get(groupedInShape, f32), values, splitChannels);
    SmallVector<int64_t> weightsShape =
        channelsLast ? SmallVector<int64_t>{kernelH, kernelW, groupChannels,
                                            groupOut, groups}
                     : SmallVector<int64_t>{groups, groupOut, groupChannels,
                                            kernelH, kernelW};
    SmallVector<APInt> stored(weightCodes.size());
    for (int64_t o = 0; o < out; ++o)
      for (int64_t c = 0; c < groupChannels; ++c)
        for (int64_t kh = 0; kh < kernelH; ++kh)
          for (int64_t kw = 0; kw < kernelW; ++kw) {
            int64_t code =
                weightCodes[((o * groupChannels + c) * kernelH + kh) * kernelW +
                            kw];
            int64_t g = o / groupOut, og = o % groupOut;
            int64_t at =
                channelsLast
                    ? (((kh * kernelW + kw) * groupChannels + c) * groupOut +
                       og) * groups +
                          g
                    : ((o * groupChannels + c) * kernelH + kh) * kernelW + kw;
            stored[at] = APInt(8, static_cast<uint64_t>(code) & 0xff);
          }
    Value weights = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(
                 RankedTensorType::get(weightsShape, b.getI8Type()), stored));
    // Zero points per (g, og): G x Og, or Og x G channels last.
    SmallVector<float> zeros(out);
    for (int64_t o = 0; o < out; ++o)
      zeros[channelsLast ? (o % groupOut) * groups + o / groupOut : o] =
          static_cast<float>(weightZeros[o]);
    auto zerosType = RankedTensorType::get(
        channelsLast ? ArrayRef<int64_t>{groupOut, groups}
                     : ArrayRef<int64_t>{groups, groupOut},
        f32);
    Value weightZero = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(zerosType, ArrayRef<float>(zeros)));

    auto d = [&](unsigned i) { return b.getAffineDimExpr(i); };
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    using utils::IteratorType;
    SmallVector<AffineMap> maps;
    SmallVector<IteratorType> iterators;
    SmallVector<int64_t> groupedOutShape;
    if (channelsLast) {
      // (n, oh, ow, kh, kw, cg, og, g)
      maps = {
          AffineMap::get(8, 0,
                         {d(0), d(1) * strides[0] + d(3) * dilations[0],
                          d(2) * strides[1] + d(4) * dilations[1], d(7), d(5)},
                         context),
          AffineMap::get(8, 0, {d(3), d(4), d(5), d(6), d(7)}, context),
          AffineMap::get(8, 0, {d(6), d(7)}, context),
          AffineMap::get(8, 0, {d(0), d(1), d(2), d(7), d(6)}, context)};
      iterators = {IteratorType::parallel,  IteratorType::parallel,
                   IteratorType::parallel,  IteratorType::reduction,
                   IteratorType::reduction, IteratorType::reduction,
                   IteratorType::parallel,  IteratorType::parallel};
      groupedOutShape = {batch, outH, outW, groups, groupOut};
    } else {
      // (n, g, og, oh, ow, cg, kh, kw)
      maps = {AffineMap::get(8, 0,
                             {d(0), d(1), d(5),
                              d(3) * strides[0] + d(6) * dilations[0],
                              d(4) * strides[1] + d(7) * dilations[1]},
                             context),
              AffineMap::get(8, 0, {d(1), d(2), d(5), d(6), d(7)}, context),
              AffineMap::get(8, 0, {d(1), d(2)}, context),
              AffineMap::get(8, 0, {d(0), d(1), d(2), d(3), d(4)}, context)};
      iterators.assign(5, IteratorType::parallel);
      iterators.append(3, IteratorType::reduction);
      groupedOutShape = {batch, groups, groupOut, outH, outW};
    }
    Value sums =
        b.create<linalg::GenericOp>(
             loc, TypeRange{RankedTensorType::get(groupedOutShape, f32)},
             ValueRange{grouped, weights, weightZero},
             ValueRange{zeroFilled(b, loc, groupedOutShape, f32)}, maps,
             iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value code =
                   widenCode(nb, nl, args[1], weightType.getEncoding(), f32);
               Value weight = nb.create<arith::SubFOp>(nl, code, args[2]);
               Value product = nb.create<arith::MulFOp>(nl, args[0], weight);
               nb.create<linalg::YieldOp>(
                   nl,
                   nb.create<arith::AddFOp>(nl, args[3], product).getResult());
             })
            .getResult(0);
    SmallVector<ReassociationIndices> mergeChannels =
        channelsLast ? SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}}
                     : SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}};
    flat = b.create<tensor::CollapseShapeOp>(
        loc, RankedTensorType::get(flatShape, f32), sums, mergeChannels);
  }

  // out = sum * s_a s_w (+ bias), per output channel, in f64 as the GEMM
  // kernels' epilogue.
  QuantType resultCodes = getResultCodesType(op);
  Type resultElement = resultCodes ? b.getI8Type() : f32;
  int64_t channelDim = channelsLast ? 3 : 1;
  DenseElementsAttr biasValues;
  Value result;
  if (resultCodes && activationType &&
      (!bias || matchPattern(bias, m_Constant(&biasValues)))) {
    // The sums are multiples of 1, 1/2 or 1/4, as the zero points are
    // integers or halves; bounded by K max|a - z_a| max|w - z_w|.
    auto isInteger = [](double value) { return value == std::round(value); };
    auto isHalf = [&](double value) { return isInteger(2 * value); };
    bool halves = llvm::all_of(weightZeros, isHalf) &&
                  isHalf(activationType.getZeroPoints()[0]);
    double step = (isInteger(activationType.getZeroPoints()[0]) ? 1.0 : 0.5) *
                  (llvm::all_of(weightZeros, isInteger) ? 1.0 : 0.5);
    double activationMagnitude = 0, weightMagnitude = 0;
    for (int64_t channel = 0; channel < activationType.getNumChannels();
         ++channel) {
      double zero = activationType.getZeroPoints()[channel];
      activationMagnitude = std::max(
          {activationMagnitude, std::abs(activationType.getCodeMin() - zero),
           std::abs(activationType.getCodeMax() - zero)});
    }
    for (double zero : weightZeros)
      weightMagnitude =
          std::max({weightMagnitude, std::abs(weightType.getCodeMin() - zero),
                    std::abs(weightType.getCodeMax() - zero)});
    double bound = double(kernelH * kernelW * groupChannels) *
                   activationMagnitude * weightMagnitude / step;
    SmallVector<ChannelEpilogue> channels;
    for (int64_t o = 0; o < out; ++o) {
      ChannelEpilogue channel{scales[o], std::nullopt, std::nullopt};
      if (bias)
        channel.bias = biasValues.getValues<float>()[o];
      channels.push_back(channel);
    }
    if (halves && bound < double(uint64_t(1) << 62))
      result =
          emitThresholdCodes(b, loc, flat, channelDim, channels, resultCodes,
                             SumGrid{step, static_cast<uint64_t>(bound)});
  }
  if (!result) {
    SmallVector<Value> inputs = {flat, f64Vector(b, loc, scales)};
    AffineMap identity = b.getMultiDimIdentityMap(4);
    AffineMap channel =
        AffineMap::get(4, 0, b.getAffineDimExpr(channelDim), context);
    SmallVector<AffineMap> epilogueMaps = {identity, channel};
    if (bias) {
      inputs.push_back(bias);
      epilogueMaps.push_back(channel);
    }
    result = mapElements(
        b, loc, inputs, epilogueMaps, flatShape, resultElement,
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value sum = nb.create<arith::ExtFOp>(nl, nb.getF64Type(), args[0]);
          Value value = emitEpilogueValue(nb, nl, sum, args[1], Value(),
                                          bias ? args[2] : Value());
          return resultCodes ? storeResultCode(nb, nl, value, resultCodes)
                             : value;
        });
  }
  if (!channelsLast)
    return result;
  Value nchw = b.create<tensor::EmptyOp>(loc, outputShape, resultElement);
  return b
      .create<linalg::TransposeOp>(loc, result, nchw,
                                   ArrayRef<int64_t>{0, 3, 1, 2})
      ->getResult(0);
}

LogicalResult lowerQConv2D(QConv2DOp op, QConv2DOp::Adaptor adaptor,
                           ConversionPatternRewriter &rewriter,
                           const TypeConverter &converter) {
  FailureOr<KernelAttr> kernel = getKernel(op, {Layout::NHWC, Layout::NCHW});
  FailureOr<SmallVector<int64_t>> layerCodes =
      getWeightCodes(op, op.getWeight());
  if (failed(kernel) || failed(layerCodes))
    return failure();
  if (kernel->getKind() == KernelKind::DirectConv) {
    rewriter.replaceOp(op, emitDirectConv(rewriter, op, adaptor.getInput(),
                                          adaptor.getBias(), *layerCodes,
                                          kernel->getLayout() == Layout::NHWC,
                                          kernel->getFma()));
    return success();
  }
  Location loc = op.getLoc();
  ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
  ArrayRef<int64_t> weightShape = op.getWeight().getType().getShape();
  ArrayRef<int64_t> outputShape = op.getType().getShape();
  int64_t batch = inputShape[0];
  int64_t outChannels = weightShape[0], groupChannels = weightShape[1];
  int64_t kernelH = weightShape[2], kernelW = weightShape[3];
  int64_t outH = outputShape[2], outW = outputShape[3];
  auto groups = static_cast<int64_t>(op.getGroups());
  int64_t groupOutChannels = outChannels / groups;
  int64_t reduction = kernelH * kernelW * groupChannels;
  int64_t rows = batch * outH * outW;
  ArrayRef<int64_t> strides = op.getStrides(), padding = op.getPadding(),
                    dilations = op.getDilations();

  QuantType weightType = getQuantElement(op.getWeight());
  // Codes of output channel `o` in channels-last order (kh, kw, c).
  auto weightCode = [&](int64_t o, int64_t kh, int64_t kw, int64_t c) {
    return (
        *layerCodes)[((o * groupChannels + c) * kernelH + kh) * kernelW + kw];
  };

  // Zero padding pads with the real value 0, whose code im2col writes.
  // Where that code is not the zero point (half-integer zero points,
  // bipolar codes), padded positions add a known amount to every sum they
  // enter; `correction` takes it out again.
  // Float activations (a weight-only quantized layer) pad with 0.0.
  QuantType layerActivationType = getActivationType(op.getInput());
  bool padded = llvm::any_of(padding, [](int64_t pad) { return pad > 0; });
  Type columnElement = layerActivationType ? Type(rewriter.getI8Type())
                                           : Type(rewriter.getF32Type());
  // Codes (i8) for a requantized layer, else f32.
  QuantType resultCodes = getResultCodesType(op);
  Type resultElement =
      resultCodes ? Type(rewriter.getI8Type()) : Type(rewriter.getF32Type());
  Value result = rewriter.create<tensor::EmptyOp>(
      loc, ArrayRef<int64_t>{rows, outChannels}, resultElement);
  // Channels last: im2col copies runs of channels. The transposes at the
  // layer's edges meet their inverses at its neighbours' and cancel
  // (qnn-propagate-transposes).
  bool channelsLast = kernel->getLayout() == Layout::NHWC;
  Value layerInput = adaptor.getInput();
  if (channelsLast) {
    auto inputType = cast<RankedTensorType>(layerInput.getType());
    Value nhwc = rewriter.create<tensor::EmptyOp>(
        loc,
        ArrayRef<int64_t>{batch, inputShape[2], inputShape[3], inputShape[1]},
        inputType.getElementType());
    layerInput = rewriter
                     .create<linalg::TransposeOp>(loc, layerInput, nhwc,
                                                  ArrayRef<int64_t>{0, 2, 3, 1})
                     ->getResult(0);
  }
  int64_t channelDim = channelsLast ? 3 : 1;
  for (int64_t group = 0; group < groups; ++group) {
    // Per-channel activations are alike within a group (the verifier's
    // rule): this group's per-tensor type.
    QuantType activationType =
        layerActivationType
            ? layerActivationType.getChannelType(group * groupChannels)
            : QuantType();
    int64_t paddedCode =
        activationType
            ? activationType.quantize(0.0f, 0, RoundingMode::Round, false)
            : 0;
    double paddingError =
        activationType ? paddedCode - activationType.getZeroPoints()[0] : 0;
    WeightCodes codes;
    codes.type = weightType;
    codes.rows = groupOutChannels;
    codes.reduction = reduction;
    codes.firstChannel = group * groupOutChannels;
    for (int64_t o = 0; o < groupOutChannels; ++o)
      for (int64_t kh = 0; kh < kernelH; ++kh)
        for (int64_t kw = 0; kw < kernelW; ++kw)
          for (int64_t c = 0; c < groupChannels; ++c)
            codes.codes.push_back(
                weightCode(codes.firstChannel + o, kh, kw, c));

    SmallVector<double> correction;
    if (padded && paddingError != 0) {
      correction.assign(rows * groupOutChannels, 0.0);
      for (int64_t oh = 0; oh < outH; ++oh) {
        for (int64_t ow = 0; ow < outW; ++ow) {
          for (int64_t kh = 0; kh < kernelH; ++kh) {
            for (int64_t kw = 0; kw < kernelW; ++kw) {
              int64_t h = getWindowInputIndex(oh, kh, strides[0], dilations[0],
                                              padding[0]);
              int64_t w = getWindowInputIndex(ow, kw, strides[1], dilations[1],
                                              padding[1]);
              if (h >= 0 && h < inputShape[2] && w >= 0 && w < inputShape[3])
                continue;
              for (int64_t o = 0; o < groupOutChannels; ++o) {
                double sum = 0;
                for (int64_t c = 0; c < groupChannels; ++c)
                  sum +=
                      codes.code(o, (kh * kernelW + kw) * groupChannels + c) -
                      codes.zeroPoint(o);
                for (int64_t n = 0; n < batch; ++n)
                  correction[((n * outH + oh) * outW + ow) * groupOutChannels +
                             o] += paddingError * sum;
              }
            }
          }
        }
      }
    }

    // This group's input channels, unfolded into rows of windows.
    Value groupInput = layerInput;
    if (groups > 1) {
      auto groupShape =
          llvm::to_vector(cast<ShapedType>(layerInput.getType()).getShape());
      groupShape[channelDim] = groupChannels;
      SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0));
      offsets[channelDim] = rewriter.getIndexAttr(group * groupChannels);
      SmallVector<OpFoldResult> sizes =
          getAsIndexOpFoldResult(rewriter.getContext(), groupShape);
      SmallVector<OpFoldResult> unitStrides(4, rewriter.getIndexAttr(1));
      groupInput = rewriter.create<tensor::ExtractSliceOp>(
          loc, groupInput, offsets, sizes, unitStrides);
    }
    Value columnsInit = rewriter.create<tensor::EmptyOp>(
        loc, ArrayRef<int64_t>{rows, reduction}, columnElement);
    Value columns =
        rewriter
            .create<Im2ColOp>(
                loc, TypeRange{columnsInit.getType()}, groupInput, columnsInit,
                rewriter.getDenseI64ArrayAttr({kernelH, kernelW}),
                op.getStridesAttr(), op.getPaddingAttr(), op.getDilationsAttr(),
                rewriter.getF32FloatAttr(static_cast<float>(paddedCode)),
                channelsLast ? rewriter.getUnitAttr() : UnitAttr())
            .getResult()[0];

    Value bias = adaptor.getBias();
    if (bias && groups > 1)
      bias =
          sliceBias(rewriter, loc, bias, codes.firstChannel, groupOutChannels);
    Value groupResult =
        emitQuantizedProduct(rewriter, loc, columns, activationType, codes,
                             correction, bias, *kernel, resultCodes);
    if (groups == 1) {
      result = groupResult;
      break;
    }
    result = rewriter.create<tensor::InsertSliceOp>(
        loc, groupResult, result,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                               rewriter.getIndexAttr(codes.firstChannel)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(rows),
                               rewriter.getIndexAttr(groupOutChannels)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                               rewriter.getIndexAttr(1)});
  }

  // Rows are output pixels (n, oh, ow), columns output channels: back to
  // NCHW.
  auto pixelsType =
      RankedTensorType::get({batch, outH, outW, outChannels}, resultElement);
  Value pixels = rewriter.create<tensor::ExpandShapeOp>(
      loc, pixelsType, result,
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  Value nchw =
      rewriter.create<tensor::EmptyOp>(loc, outputShape, resultElement);
  rewriter.replaceOp(
      op, rewriter
              .create<linalg::TransposeOp>(loc, pixels, nchw,
                                           ArrayRef<int64_t>{0, 3, 1, 2})
              ->getResult(0));
  return success();
}

} // namespace

void mlir::qnn::quantized_lowering::populateQuantizedLayerPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  addConversions(patterns, converter, lowerQDense, lowerQConv2D);
}
