//===- KernelChoice.cpp - facts the kernel choice depends on ----*- C++ -*-===//
//
// Implements the helpers of KernelChoice.h.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/KernelChoice.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

int64_t mlir::qnn::getLargestCodeMagnitude(QuantType type) {
  return std::max(std::abs(type.getCodeMin()), std::abs(type.getCodeMax()));
}

bool mlir::qnn::codesFitInt8(QuantType type) {
  return type.getCodeMin() >= INT8_MIN && type.getCodeMax() <= INT8_MAX;
}

uint64_t mlir::qnn::getCodeProductBound(QuantType activation, QuantType weight,
                                        int64_t reduction) {
  return uint64_t(reduction) * getLargestCodeMagnitude(activation) *
         getLargestCodeMagnitude(weight);
}

LayerGemmShape mlir::qnn::getLayerGemmShape(Operation *layer) {
  LayerGemmShape shape;
  ArrayRef<int64_t> weight =
      cast<ShapedType>(layer->getOperand(1).getType()).getShape();
  if (auto conv = dyn_cast<QConv2DOp>(layer)) {
    shape.groups = static_cast<int64_t>(conv.getGroups());
    shape.groupOutChannels = weight[0] / shape.groups;
    shape.reduction = weight[1] * weight[2] * weight[3];
  } else {
    shape.groupOutChannels = weight[0];
    shape.reduction = weight[1];
  }
  return shape;
}

int64_t mlir::qnn::getDotPanelWidth(DotISA isa, int64_t outChannels) {
  int64_t lanes = getDotLanes(isa);
  if (isa == DotISA::AVX2)
    return lanes;
  if (isa == DotISA::NeonI8mm)
    return 8;
  return lanes * std::clamp<int64_t>(llvm::divideCeil(outChannels, lanes), 1, 4);
}

FmaTile mlir::qnn::getFmaTileOfVectors(FmaISA isa, int64_t vectors) {
  FmaTile tile;
  tile.lanes = isa == FmaISA::AVX512 ? 16 : isa == FmaISA::AVX2 ? 8 : 4;
  int64_t registers = isa == FmaISA::AVX2 ? 16 : 32;
  tile.vectors = std::max<int64_t>(vectors, 1);
  // Accumulators, the rhs vectors of one k and one broadcast fill the
  // registers; at most 14 rows.
  tile.rows =
      std::clamp<int64_t>((registers - tile.vectors - 1) / tile.vectors, 1, 14);
  return tile;
}

FmaTile mlir::qnn::getFmaTile(FmaISA isa, int64_t columns) {
  // Four vectors along the columns where 32 registers hold a 6-row tile
  // (24 accumulators), two with AVX2's 16 (12); fewer for narrow matrices.
  int64_t lanes = getFmaTileOfVectors(isa, 1).lanes;
  int64_t widest = isa == FmaISA::AVX2 ? 2 : 4;
  return getFmaTileOfVectors(
      isa, std::clamp<int64_t>(llvm::divideCeil(columns, lanes), 1, widest));
}

bool mlir::qnn::isInt8DotExact(QuantType activation, QuantType weight,
                               int64_t reduction) {
  return codesFitInt8(weight) &&
         getCodeProductBound(activation, weight, reduction) <
             (uint64_t(1) << 31);
}

int64_t mlir::qnn::getWeightStorageBytes(WeightStorage storage,
                                         QuantType weightType,
                                         const LayerGemmShape &shape,
                                         DotISA isa, int64_t bitPlanePanel) {
  int64_t bits = weightType.getBits();
  int64_t perGroup = 0;
  switch (storage) {
  case WeightStorage::BitPlanes:
    perGroup =
        bits *
        (bitPlanePanel ? llvm::alignTo(shape.groupOutChannels, bitPlanePanel)
                       : shape.groupOutChannels) *
        getPackedWords(shape.reduction) * 8;
    break;
  case WeightStorage::ChannelPlanes:
    perGroup = bits * shape.reduction *
               llvm::divideCeil(shape.groupOutChannels, kChannelPlaneWordBits) *
               4;
    break;
  case WeightStorage::Codes:
    perGroup = shape.groupOutChannels * shape.reduction *
               (codesFitInt8(weightType) ? 1 : 2);
    break;
  case WeightStorage::Panels:
    // Padded to whole panels of the kernel's isa (the widest when not yet
    // chosen) and to groups of k0 along K; column sums (one i32 per channel)
    // for the activation offset.
    perGroup = llvm::alignTo(shape.groupOutChannels,
                             getDotPanelWidth(
                                 isa == DotISA::None ? DotISA::AVX512VNNI : isa,
                                 shape.groupOutChannels)) *
                   llvm::alignTo(shape.reduction, getDotGroupSize(isa)) +
               4 * shape.groupOutChannels;
    break;
  case WeightStorage::F32:
    perGroup = shape.groupOutChannels * shape.reduction * 4;
    break;
  }
  return shape.groups * perGroup;
}

int64_t mlir::qnn::getDotI16Groups(QuantType activation, int64_t largestWeight,
                                   int64_t groups) {
  int64_t largestActivation = activation.getEncoding() == Encoding::Unsigned
                                  ? activation.getCodeMax()
                                  : 128 + activation.getCodeMax();
  if (largestWeight == 0)
    return groups;
  return std::min<int64_t>(groups,
                           INT16_MAX / (2 * largestActivation * largestWeight));
}

KernelRates mlir::qnn::getKernelRates(TargetAttr target) {
  KernelRates rates;
  // Bit-serial: zmm vpopcntq (AMD EPYC Zen 4, ResNet-18 W2A2: 480-760,
  // median 610 Gbit-MAC/s); AVX2's vpshufb nibble counts (AMD EPYC AVX2 VM,
  // ResNet-18 W2A2: 223-240, median 230); AArch64 `cnt` on q registers and
  // scalar popcnt estimated (2 x 128-bit pipes, and + cnt + add per 128
  // bit-MACs, about 85 per cycle; one 64-bit popcnt per cycle).
  int64_t lanes = target.getPopcountLanes();
  rates.bitSerial = lanes == 8           ? 610
                    : lanes == 4         ? 230
                    : target.isAArch64() ? 180
                                         : 40;
  switch (target.getDotISA()) {
  case DotISA::AVX512VNNI: // Zen 4, ResNet-18 W8A8: 200-230 GMAC/s
    rates.int8Dot = 220;
    break;
  case DotISA::AVXVNNI: // half of the zmm kernel (estimate)
    rates.int8Dot = 110;
    break;
  case DotISA::AVX2: // AVX2 VM, ResNet-18 W8A8 (vpmaddwd): 47-61, median
    // 54 GMAC/s; W4A4 and W2A2 (vpmaddubsw): 51-78, median 68
    rates.int8Dot = 54;
    rates.int8DotNarrow = 68;
    break;
  case DotISA::NeonSdot: // 2 sdot (16 MACs) per cycle, 70% of it at 3 GHz
    rates.int8Dot = 65;
    break;
  case DotISA::NeonI8mm: // smmla, 32 MACs: twice sdot (estimate)
    rates.int8Dot = 130;
    break;
  case DotISA::None:
    break;
  }
  if (rates.int8DotNarrow == 0)
    rates.int8DotNarrow = rates.int8Dot;
  // GEMMs on codes: int_gemm on Zen 4 (AVX-512), ResNet-18 W8A8: 40-44
  // GMAC/s; on AVX2 the f32 GEMM tied with bit-serial kernels at 12 plane
  // pairs (docs/kernels.md); the same ratio elsewhere.
  switch (target.getFmaISA()) {
  case FmaISA::AVX512:
    rates.codeGemm = 40;
    break;
  case FmaISA::AVX2:
    rates.codeGemm = 230.0 / 12;
    break;
  default:
    rates.codeGemm = rates.bitSerial / 12;
  }
  return rates;
}

CheapestKernel mlir::qnn::getCheapestKernel(const KernelRates &rates,
                                            int64_t planePairs, bool dotApplies,
                                            bool narrow) {
  // Seconds per G products; `cheaper` holds within rounding (a tie).
  double bitSerial = double(planePairs) / rates.bitSerial;
  double gemm = 1 / rates.codeGemm;
  auto cheaper = [](double a, double b) { return a <= b * (1 + 1e-9); };
  double dotRate = narrow ? rates.int8DotNarrow : rates.int8Dot;
  if (dotApplies && dotRate > 0 && cheaper(1 / dotRate, bitSerial) &&
      cheaper(1 / dotRate, gemm))
    return CheapestKernel::Int8Dot;
  return cheaper(gemm, bitSerial) ? CheapestKernel::CodeGemm
                                  : CheapestKernel::BitSerial;
}
