//===- QuantizedToKernels.cpp - quantized layers to kernels -----*- C++ -*-===//
//
// Implements convert-qnn-quantized-to-kernels: qnn.qconv2d and qnn.qdense
// become compile-time packed weights, im2col + pack_bits of activations, a
// bit-serial matmul (or, for many bit-plane pairs, an exact GEMM on codes
// in linalg) and a float epilogue (scales, zero points, bias).
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/QuantizedToKernels/QuantizedToKernels.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/Matmul.h"
#include "qnn/Dialect/QNN/Utils/Rounding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNQUANTIZEDTOKERNELS
#include "qnn/Conversion/QuantizedToKernels/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

constexpr int64_t kWordBits = 64;

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

/// The quantized activations feeding a layer: the float tensor that
/// `qnn.quantize` reads, and how it quantizes.
struct ActivationSource {
  Value floats;
  QuantType type;
  RoundingMode mode;
  bool narrow;
};

/// Finds the activations of `layer`; with `diagnose`, says why it cannot.
FailureOr<ActivationSource> getActivationSource(Operation *layer, Value input,
                                                bool diagnose = false) {
  auto quantize = input.getDefiningOp<QuantizeOp>();
  if (!quantize) {
    if (diagnose)
      layer->emitError("expects its activations to be produced by qnn.quantize");
    return failure();
  }
  auto type = cast<QuantType>(
      cast<ShapedType>(quantize.getType()).getElementType());
  return ActivationSource{quantize.getInput(), type,
                          quantize.getRoundingMode(), quantize.getNarrow()};
}

/// Reads the weights of a layer, `qnn.quantize` of a float constant, and
/// quantizes them at compile time.
FailureOr<std::pair<QuantizeOp, DenseElementsAttr>>
getConstantWeights(Operation *layer, Value weight, bool diagnose = false) {
  auto quantize = weight.getDefiningOp<QuantizeOp>();
  DenseElementsAttr values;
  if (!quantize || !matchPattern(quantize.getInput(), m_Constant(&values)) ||
      !values.getElementType().isF32()) {
    if (diagnose)
      layer->emitError("expects its weights to be qnn.quantize of an f32 constant");
    return failure();
  }
  return std::make_pair(quantize, values);
}

/// Packs `rows x reduction` codes into `bits x rows x ceil(reduction / 64)`
/// words: bit t of code i of a row is bit i % 64 of word i / 64 of plane t.
DenseElementsAttr packPlanes(MLIRContext *context, ArrayRef<int64_t> codes,
                             int64_t rows, int64_t reduction, unsigned bits,
                             bool bipolar) {
  int64_t words = llvm::divideCeil(reduction, kWordBits);
  SmallVector<uint64_t> planes(bits * rows * words, 0);
  for (int64_t row = 0; row < rows; ++row) {
    for (int64_t index = 0; index < reduction; ++index) {
      int64_t code = codes[row * reduction + index];
      // A bipolar code stores 1 for +1; others store two's complement bits.
      uint64_t pattern = bipolar ? (code > 0 ? 1 : 0) : static_cast<uint64_t>(code);
      for (unsigned plane = 0; plane < bits; ++plane)
        if ((pattern >> plane) & 1)
          planes[(plane * rows + row) * words + index / kWordBits] |=
              uint64_t(1) << (index % kWordBits);
    }
  }
  auto type = RankedTensorType::get({int64_t(bits), rows, words},
                                    IntegerType::get(context, 64));
  SmallVector<APInt> values;
  values.reserve(planes.size());
  for (uint64_t word : planes)
    values.emplace_back(64, word);
  return DenseElementsAttr::get(type, values);
}

Value createKernelOp(OpBuilder &b, Location loc, StringRef name,
                     ValueRange operands, Type resultType,
                     ArrayRef<NamedAttribute> attributes) {
  OperationState state(loc, OperationName(name, b.getContext()));
  state.addOperands(operands);
  state.addTypes(resultType);
  state.addAttributes(attributes);
  return b.create(state)->getResult(0);
}

Value zeroFilled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 Type elementType) {
  Value empty = b.create<tensor::EmptyOp>(loc, shape, elementType);
  Value zero = b.create<arith::ConstantOp>(loc, b.getZeroAttr(elementType));
  return b.create<linalg::FillOp>(loc, zero, empty).getResult(0);
}

/// Largest |code| in a type.
int64_t largestMagnitude(QuantType type) {
  return std::max(std::abs(type.getCodeMin()), std::abs(type.getCodeMax()));
}

/// Quantizes and packs `rows x K` float activations (`qnn.pack_bits`).
Value packActivations(OpBuilder &b, Location loc, Value floats,
                      const ActivationSource &source) {
  auto shape = cast<ShapedType>(floats.getType()).getShape();
  int64_t words = llvm::divideCeil(shape[1], kWordBits);
  SmallVector<int64_t> planeShape = {source.type.getBits(), shape[0], words};
  Value init = b.create<tensor::EmptyOp>(loc, planeShape, b.getI64Type());
  SmallVector<NamedAttribute> attributes = {
      b.getNamedAttr("type", TypeAttr::get(source.type)),
      b.getNamedAttr("rounding_mode",
                     RoundingModeAttr::get(b.getContext(), source.mode))};
  if (source.narrow)
    attributes.push_back(b.getNamedAttr("narrow", b.getUnitAttr()));
  return createKernelOp(b, loc, PackBitsOp::getOperationName(), {floats, init},
                        init.getType(), attributes);
}

Value bitSerialMatmul(OpBuilder &b, Location loc, Value lhs, Encoding lhsEncoding,
                      Value rhs, Encoding rhsEncoding, int64_t reduction,
                      Type accumulator) {
  int64_t rows = cast<ShapedType>(lhs.getType()).getDimSize(1);
  int64_t cols = cast<ShapedType>(rhs.getType()).getDimSize(1);
  Value init = zeroFilled(b, loc, {rows, cols}, accumulator);
  MLIRContext *context = b.getContext();
  return createKernelOp(
      b, loc, BitSerialMatmulOp::getOperationName(), {lhs, rhs, init},
      init.getType(),
      {b.getNamedAttr("lhs_encoding", EncodingAttr::get(context, lhsEncoding)),
       b.getNamedAttr("rhs_encoding", EncodingAttr::get(context, rhsEncoding)),
       b.getNamedAttr("reduction_length", b.getI64IntegerAttr(reduction))});
}

/// When a quantized layer is computed as a GEMM on codes rather than by
/// bit-serial kernels, and in which arithmetic.
struct CodeGemmPolicy {
  /// Weight bits x activation bits from which a layer is a GEMM; 0: never.
  int64_t minPlanePairs = 12;
  /// Use an f32 GEMM where it is exact.
  bool exactF32 = true;
  /// Only layers whose weight codes fit one byte each take the GEMM, so that
  /// the object stores no more than the packed planes would (8-bit weights);
  /// the others stay bit-serial with their weights bit-packed.
  bool keepWeightsPacked = true;
};

bool fitsInt8(ArrayRef<int64_t> codes) {
  return llvm::all_of(codes, [](int64_t code) {
    return code >= INT8_MIN && code <= INT8_MAX;
  });
}

/// `rows x K` integer codes (row-major in `codes`) as a constant, `i8` when
/// they fit, else `i16`; K x rows when `transposed`.
Value codeConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> codes,
                   int64_t rows, int64_t reduction, bool transposed) {
  Type element = fitsInt8(codes) ? b.getI8Type() : b.getI16Type();
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

/// Bits of the weight-code planes per word when they are packed along the
/// output channels for unpacking (`unpackWeightCodes`).
constexpr int64_t kUnpackWordBits = 32;

/// The K x O weight codes of `weights` as f32, unpacked on each call from
/// bit-planes stored in the object: plane t is a K x ceil(O / 32) i32
/// constant whose word (k, w) holds bit t of the codes of output channels
/// 32 w .. 32 w + 31 at row k. A linalg.generic over (k, w, lane) rebuilds
/// each code (two's complement for signed codes); its lane loop is
/// innermost and vectorizes. The object stores bits x K x O / 8 bytes, as
/// much as the bit-serial planes.
Value unpackWeightCodes(OpBuilder &b, Location loc, const WeightCodes &weights) {
  int64_t out = weights.rows, reduction = weights.reduction;
  int64_t words = llvm::divideCeil(out, kUnpackWordBits);
  unsigned bits = weights.type.getBits();
  bool isSigned = weights.type.getEncoding() == Encoding::Signed;
  Type i32 = b.getI32Type();
  auto planeType = RankedTensorType::get({reduction, words}, i32);
  SmallVector<Value> planes;
  for (unsigned t = 0; t < bits; ++t) {
    SmallVector<APInt> values(reduction * words, APInt(32, 0));
    for (int64_t k = 0; k < reduction; ++k)
      for (int64_t o = 0; o < out; ++o)
        if ((weights.code(o, k) >> t) & 1)
          values[k * words + o / kUnpackWordBits].setBit(o % kUnpackWordBits);
    planes.push_back(b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(planeType, values)));
  }

  MLIRContext *context = b.getContext();
  AffineMap planeMap = AffineMap::get(
      3, 0, {b.getAffineDimExpr(0), b.getAffineDimExpr(1)}, context);
  SmallVector<AffineMap> maps(bits, planeMap);
  maps.push_back(b.getMultiDimIdentityMap(3));
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  auto unpackedType =
      RankedTensorType::get({reduction, words, kUnpackWordBits}, b.getF32Type());
  Value init = b.create<tensor::EmptyOp>(loc, unpackedType.getShape(),
                                         b.getF32Type());
  Value unpacked =
      b.create<linalg::GenericOp>(
           loc, TypeRange{unpackedType}, planes, ValueRange{init}, maps,
           iterators,
           [&](OpBuilder &nb, Location nl, ValueRange args) {
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
               bool negative = isSigned && t == bits - 1;
               Value weighted = nb.create<arith::ShLIOp>(nl, bit, constant(t));
               code = negative ? nb.create<arith::SubIOp>(nl, code, weighted)
                                     .getResult()
                               : nb.create<arith::AddIOp>(nl, code, weighted)
                                     .getResult();
             }
             nb.create<linalg::YieldOp>(
                 nl, ValueRange{nb.create<arith::SIToFPOp>(nl, nb.getF32Type(),
                                                           code)});
           })
          .getResult(0);
  auto paddedType = RankedTensorType::get({reduction, words * kUnpackWordBits},
                                          b.getF32Type());
  Value padded = b.create<tensor::CollapseShapeOp>(
      loc, paddedType, unpacked, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  if (words * kUnpackWordBits == out)
    return padded;
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(reduction), b.getIndexAttr(out)};
  SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
  return b.create<tensor::ExtractSliceOp>(loc, padded, offsets, sizes, strides);
}

/// Integer codes as f32, converted at run time: the object keeps the
/// narrow integer constant, the GEMM gets floats.
Value codesToF32(OpBuilder &b, Location loc, Value codes) {
  auto type = cast<RankedTensorType>(codes.getType());
  Value init = b.create<tensor::EmptyOp>(loc, type.getShape(), b.getF32Type());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{init.getType()}, ValueRange{codes}, ValueRange{init},
          ArrayRef<AffineMap>{identity, identity}, iterators,
          [](OpBuilder &nb, Location nl, ValueRange args) {
            nb.create<linalg::YieldOp>(
                nl, ValueRange{nb.create<arith::SIToFPOp>(nl, nb.getF32Type(),
                                                          args[0])});
          })
      .getResult(0);
}

/// Quantizes `rows x K` float activations to codes of `codeType` (`i16`, or
/// `f32` holding integers), element by element with the arithmetic of
/// `qnn.pack_bits` (createQuantizedCode).
Value quantizeToCodes(OpBuilder &b, Location loc, Value floats,
                      const ActivationSource &source, Type codeType) {
  auto shape = cast<ShapedType>(floats.getType()).getShape();
  Value init = b.create<tensor::EmptyOp>(loc, shape, codeType);
  AffineMap identity = b.getMultiDimIdentityMap(2);
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{init.getType()}, ValueRange{floats}, ValueRange{init},
          ArrayRef<AffineMap>{identity, identity}, iterators,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Value clamped = createQuantizedCode(nb, nl, args[0], source.type,
                                                source.mode, source.narrow);
            if (!isa<FloatType>(codeType))
              clamped = nb.create<arith::FPToSIOp>(nl, codeType, clamped);
            nb.create<linalg::YieldOp>(nl, ValueRange{clamped});
          })
      .getResult(0);
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

Value f64Vector(OpBuilder &b, Location loc, ArrayRef<double> values) {
  auto type = RankedTensorType::get({int64_t(values.size())}, b.getF64Type());
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

/// Emits the bit-serial product of quantized activations `floats` (R x K,
/// quantized by `source`) with `weights` (O x K codes): the float R x O result
/// `s_a s_w (sum (a - z_a)(w - z_w) - correction) + bias`.
/// `correction` is R x O (or empty) in code units; `bias` an O-element f32
/// tensor or null.
Value emitQuantizedProduct(OpBuilder &b, Location loc, Value floats,
                           const ActivationSource &source,
                           const WeightCodes &weights,
                           ArrayRef<double> correction, Value bias,
                           const CodeGemmPolicy &policy) {
  MLIRContext *context = b.getContext();
  int64_t rows = cast<ShapedType>(floats.getType()).getDimSize(0);
  int64_t outChannels = weights.rows, reduction = weights.reduction;
  QuantType activationType = source.type;

  // Exact integer product of the codes; i32 unless that could overflow.
  uint64_t bound = uint64_t(reduction) * largestMagnitude(activationType) *
                   largestMagnitude(weights.type);
  Type accumulator = bound < (uint64_t(1) << 31) ? b.getI32Type() : b.getI64Type();

  // Per output channel: scale, weight zero point, and the constant offset
  // s (K z_a z_w - z_a sum(w)) + bias folded in the epilogue.
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
  uint64_t sumBound = uint64_t(reduction) * largestMagnitude(activationType);
  Type sumType = sumBound < (uint64_t(1) << 31) ? b.getI32Type() : b.getI64Type();
  SmallVector<int64_t> ones(reduction, 1);

  // The exact sum of code products, and sum(a) per row when a weight zero
  // point needs it (a product with a row of ones).
  Value product, activationSums;
  int64_t planePairs =
      int64_t(activationType.getBits()) * weights.type.getBits();
  bool bytePerWeight =
      weights.type.getBits() == 8 && fitsInt8(weights.codes);
  // Every partial sum of a GEMM on codes is an integer no larger in
  // magnitude than `bound`: below 2^24 the f32 GEMM is exact in any order.
  bool exactInF32 = policy.exactF32 && bound < (uint64_t(1) << 24);
  // Weights below 8 bits keep their bit-planes in the object: the f32 GEMM
  // unpacks them on each call; the integer GEMM cannot, so such a layer
  // stays bit-serial there.
  bool unpackWeights = policy.keepWeightsPacked && !bytePerWeight;
  bool integer = policy.minPlanePairs > 0 && planePairs >= policy.minPlanePairs &&
                 !activationType.isBipolar() && !weights.type.isBipolar() &&
                 (!unpackWeights || exactInF32);
  if (integer && exactInF32) {
    Type f32 = b.getF32Type();
    Value codes = quantizeToCodes(b, loc, floats, source, f32);
    Value weightCodes =
        unpackWeights
            ? unpackWeightCodes(b, loc, weights)
            : codesToF32(b, loc,
                         codeConstant(b, loc, weights.codes, outChannels,
                                      reduction, /*transposed=*/true));
    product = createRowMajorMatmul(b, loc, codes, weightCodes,
                                   zeroFilled(b, loc, {rows, outChannels}, f32));
    if (needsActivationSums) {
      SmallVector<float> onesColumn(reduction, 1.0f);
      activationSums = createRowMajorMatmul(
          b, loc, codes, createTransposedConstant(b, loc, onesColumn, reduction, 1),
          zeroFilled(b, loc, {rows, 1}, f32));
    }
  } else if (integer) {
    Value codes = quantizeToCodes(b, loc, floats, source, b.getI16Type());
    product = integerMatmul(
        b, loc, codes,
        codeConstant(b, loc, weights.codes, outChannels, reduction,
                     /*transposed=*/false),
        accumulator);
    if (needsActivationSums)
      activationSums = integerMatmul(
          b, loc, codes,
          codeConstant(b, loc, ones, 1, reduction, /*transposed=*/false),
          sumType);
  } else {
    Value activationPlanes = packActivations(b, loc, floats, source);
    Value weightPlanes = b.create<arith::ConstantOp>(
        loc, packPlanes(context, weights.codes, outChannels, reduction,
                        weights.type.getBits(), weights.type.isBipolar()));
    product = bitSerialMatmul(b, loc, activationPlanes,
                              activationType.getEncoding(), weightPlanes,
                              weights.type.getEncoding(), reduction, accumulator);
    if (needsActivationSums) {
      Value onesPlane = b.create<arith::ConstantOp>(
          loc, packPlanes(context, ones, 1, reduction, 1, /*bipolar=*/false));
      activationSums = bitSerialMatmul(b, loc, activationPlanes,
                                       activationType.getEncoding(), onesPlane,
                                       Encoding::Unsigned, reduction, sumType);
    }
  }

  // The epilogue, in f64 so that large accumulators keep every bit.
  SmallVector<Value> inputs = {product, f64Vector(b, loc, scales),
                               f64Vector(b, loc, offsets)};
  AffineMap identity = b.getMultiDimIdentityMap(2);
  AffineMap perChannel = AffineMap::get(2, 0, b.getAffineDimExpr(1));
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
  maps.push_back(identity);
  Value init = b.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{rows, outChannels},
                                         b.getF32Type());
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  auto epilogue = b.create<linalg::GenericOp>(
      loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
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
        Value value = nb.create<arith::AddFOp>(
            nl, nb.create<arith::MulFOp>(nl, sum, args[1]), args[2]);
        if (biasIndex >= 0)
          value = nb.create<arith::AddFOp>(
              nl, value, nb.create<arith::ExtFOp>(nl, f64, args[biasIndex]));
        nb.create<linalg::YieldOp>(
            nl, ValueRange{nb.create<arith::TruncFOp>(nl, nb.getF32Type(), value)});
      });
  return epilogue.getResult(0);
}

//===----------------------------------------------------------------------===//
// qnn.qdense
//===----------------------------------------------------------------------===//

/// A quantized-layer pattern, with the policy that picks bit-serial or GEMM.
template <typename LayerOp>
struct LowerQuantizedLayer : OpRewritePattern<LayerOp> {
  LowerQuantizedLayer(MLIRContext *context, const CodeGemmPolicy &policy)
      : OpRewritePattern<LayerOp>(context), policy(policy) {}
  CodeGemmPolicy policy;
};

struct LowerQDense : LowerQuantizedLayer<QDenseOp> {
  using LowerQuantizedLayer::LowerQuantizedLayer;

  LogicalResult matchAndRewrite(QDenseOp op,
                                PatternRewriter &rewriter) const override {
    auto source = getActivationSource(op, op.getInput());
    auto weights = getConstantWeights(op, op.getWeight());
    if (failed(source) || failed(weights))
      return failure();
    auto [quantize, values] = *weights;
    auto weightType = cast<ShapedType>(op.getWeight().getType());
    WeightCodes codes;
    codes.type = cast<QuantType>(weightType.getElementType());
    codes.rows = weightType.getDimSize(0);
    codes.reduction = weightType.getDimSize(1);
    for (auto [index, value] : llvm::enumerate(values.getValues<float>()))
      codes.codes.push_back(codes.type.quantize(
          value, codes.type.isPerTensor() ? 0 : index / codes.reduction,
          quantize.getRoundingMode(), quantize.getNarrow()));
    rewriter.replaceOp(op, emitQuantizedProduct(rewriter, op.getLoc(),
                                                source->floats, *source, codes,
                                                {}, op.getBias(),
                                                policy));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// qnn.qconv2d
//===----------------------------------------------------------------------===//

struct LowerQConv2D : LowerQuantizedLayer<QConv2DOp> {
  using LowerQuantizedLayer::LowerQuantizedLayer;

  LogicalResult matchAndRewrite(QConv2DOp op,
                                PatternRewriter &rewriter) const override {
    auto source = getActivationSource(op, op.getInput());
    auto weights = getConstantWeights(op, op.getWeight());
    if (failed(source) || failed(weights))
      return failure();
    auto [quantize, values] = *weights;
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

    auto weightType = cast<QuantType>(op.getWeight().getType().getElementType());
    SmallVector<float> weightValues(values.getValues<float>());
    // Codes of output channel `o` in channels-last order (kh, kw, c).
    auto weightCode = [&](int64_t o, int64_t kh, int64_t kw, int64_t c) {
      float value =
          weightValues[((o * groupChannels + c) * kernelH + kh) * kernelW + kw];
      return weightType.quantize(value, weightType.isPerTensor() ? 0 : o,
                                 quantize.getRoundingMode(),
                                 quantize.getNarrow());
    };

    // The code that zero padding gets: im2col pads with the real value 0,
    // which pack_bits quantizes like any other input. Where that code is not
    // the zero point, padded positions add a known amount to every sum they
    // enter; `correction` takes it out again.
    QuantType activationType = source->type;
    double paddedCode = activationType.quantize(0.0f, 0, source->mode,
                                                source->narrow);
    double paddingError = paddedCode - activationType.getZeroPoints()[0];
    bool padded = llvm::any_of(padding, [](int64_t pad) { return pad > 0; });

    auto floatType = rewriter.getF32Type();
    Value result =
        rewriter.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{rows, outChannels}, floatType);
    for (int64_t group = 0; group < groups; ++group) {
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
                int64_t h = oh * strides[0] + kh * dilations[0] - padding[0];
                int64_t w = ow * strides[1] + kw * dilations[1] - padding[1];
                if (h >= 0 && h < inputShape[2] && w >= 0 && w < inputShape[3])
                  continue;
                for (int64_t o = 0; o < groupOutChannels; ++o) {
                  double sum = 0;
                  for (int64_t c = 0; c < groupChannels; ++c)
                    sum += codes.code(o, (kh * kernelW + kw) * groupChannels + c) -
                           codes.zeroPoint(o);
                  for (int64_t n = 0; n < batch; ++n)
                    correction[((n * outH + oh) * outW + ow) * groupOutChannels + o] +=
                        paddingError * sum;
                }
              }
            }
          }
        }
      }

      // This group's input channels, unfolded into rows of windows.
      Value groupInput = source->floats;
      if (groups > 1) {
        SmallVector<OpFoldResult> offsets = {
            rewriter.getIndexAttr(0), rewriter.getIndexAttr(group * groupChannels),
            rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)};
        SmallVector<OpFoldResult> sizes = {
            rewriter.getIndexAttr(batch), rewriter.getIndexAttr(groupChannels),
            rewriter.getIndexAttr(inputShape[2]), rewriter.getIndexAttr(inputShape[3])};
        SmallVector<OpFoldResult> unitStrides(4, rewriter.getIndexAttr(1));
        groupInput = rewriter.create<tensor::ExtractSliceOp>(
            loc, groupInput, offsets, sizes, unitStrides);
      }
      Value columnsInit = rewriter.create<tensor::EmptyOp>(
          loc, ArrayRef<int64_t>{rows, reduction}, floatType);
      Value columns = createKernelOp(
          rewriter, loc, Im2ColOp::getOperationName(), {groupInput, columnsInit},
          columnsInit.getType(),
          {rewriter.getNamedAttr("kernel",
                                 rewriter.getDenseI64ArrayAttr({kernelH, kernelW})),
           rewriter.getNamedAttr("strides", op.getStridesAttr()),
           rewriter.getNamedAttr("padding", op.getPaddingAttr()),
           rewriter.getNamedAttr("dilations", op.getDilationsAttr()),
           rewriter.getNamedAttr("padding_value", rewriter.getF32FloatAttr(0.0f))});

      Value bias = op.getBias();
      if (bias && groups > 1)
        bias = rewriter.create<tensor::ExtractSliceOp>(
            loc, bias, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(codes.firstChannel)},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(groupOutChannels)},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
      Value groupResult =
          emitQuantizedProduct(rewriter, loc, columns, *source, codes,
                               correction, bias, policy);
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
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1), rewriter.getIndexAttr(1)});
    }

    // Rows are output pixels (n, oh, ow), columns output channels: back to
    // NCHW.
    auto pixelsType = RankedTensorType::get({batch, outH, outW, outChannels}, floatType);
    Value pixels = rewriter.create<tensor::ExpandShapeOp>(
        loc, pixelsType, result,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
    Value nchw = rewriter.create<tensor::EmptyOp>(loc, outputShape, floatType);
    rewriter.replaceOp(op, rewriter
                               .create<linalg::TransposeOp>(
                                   loc, pixels, nchw, ArrayRef<int64_t>{0, 3, 1, 2})
                               ->getResult(0));
    return success();
  }
};

struct ConvertQNNQuantizedToKernelsPass
    : qnn::impl::ConvertQNNQuantizedToKernelsBase<
          ConvertQNNQuantizedToKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    // Say which layers cannot be lowered before changing anything.
    bool lowerable = true;
    getOperation().walk([&](Operation *op) {
      auto check = [&](Value input, Value weight) {
        lowerable &= succeeded(getActivationSource(op, input, true)) &&
                     succeeded(getConstantWeights(op, weight, true));
      };
      if (auto conv = dyn_cast<QConv2DOp>(op))
        check(conv.getInput(), conv.getWeight());
      else if (auto dense = dyn_cast<QDenseOp>(op))
        check(dense.getInput(), dense.getWeight());
    });
    if (!lowerable)
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    CodeGemmPolicy policy{integerMinPlanePairs, exactF32Gemm,
                          keepWeightsPacked};
    patterns.add<LowerQConv2D, LowerQDense>(&getContext(), policy);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    WalkResult leftover = getOperation().walk([](Operation *op) {
      if (isa<QConv2DOp, QDenseOp>(op)) {
        op->emitError("could not be lowered to kernel ops");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (leftover.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
