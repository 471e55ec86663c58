//===- KernelChoice.h - facts the kernel choice depends on ------*- C++ -*-===//
//
// What qnn-select-kernels decides from, and what a choice costs in the
// object: shared by the selection pass, the lowering that reads its
// #qnn.kernel and the memory report, so the three cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_KERNELCHOICE_H
#define QNN_DIALECT_QNN_UTILS_KERNELCHOICE_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/BitPlanes.h"

namespace mlir::qnn {

/// Largest |code| of `type`.
int64_t getLargestCodeMagnitude(QuantType type);

/// Whether every code of `type` fits a signed byte (`codes` storage in i8,
/// else i16).
bool codesFitInt8(QuantType type);

/// Bound on the magnitude of every partial sum of `reduction` products of
/// activation and weight codes.
uint64_t getCodeProductBound(QuantType activation, QuantType weight,
                             int64_t reduction);

/// The geometry of a quantized layer as its GEMM sees it: `groups` products
/// of rows x `reduction` activation codes with `groupOutChannels` x
/// `reduction` weight codes.
struct LayerGemmShape {
  int64_t groups = 1;
  int64_t groupOutChannels = 0;
  int64_t reduction = 0;
};

/// The GEMM shape of a qnn.qconv2d or qnn.qdense.
LayerGemmShape getLayerGemmShape(Operation *layer);

/// Bytes of the weights of a layer of `shape` with `weightType` codes when
/// stored as `storage` (`panels` for the int8_dot kernel on `isa`, whose
/// panel width they depend on; `bitplanes` in panels of `bitPlanePanel`
/// channels, padded to whole panels, when it is not 0).
int64_t getWeightStorageBytes(WeightStorage storage, QuantType weightType,
                              const LayerGemmShape &shape,
                              DotISA isa = DotISA::None,
                              int64_t bitPlanePanel = 0);

/// Output channels per weight panel of an int8_dot kernel with `outChannels`
/// channels on `isa`: up to 4 vectors of lanes, as many as the layer fills;
/// one vector on avx2, whose 16 registers hold the accumulators of one
/// vector for 5 rows (two per row: i16 pairs of 4 k); 8 on neon_i8mm (4
/// smmla tiles of 2 channels).
int64_t getDotPanelWidth(DotISA isa, int64_t outChannels);

/// The register tile of qnn.fma_matmul for `isa` and `columns` (N): rows
/// (MR) and vectors of `lanes` f32 along the columns (NR = vectors x lanes).
struct FmaTile {
  int64_t lanes = 16, rows = 6, vectors = 4;
  int64_t width() const { return lanes * vectors; }
};
FmaTile getFmaTile(FmaISA isa, int64_t columns);

/// Where weight (k, o) of a K x O matrix lands in qnn.fma_matmul's
/// channels-last panels of `width` columns, P x K x `width` (`panels[o /
/// width][k][o % width]`), as a flat index.
inline int64_t getFmaPanelIndex(int64_t k, int64_t o, int64_t reduction,
                                int64_t width) {
  return ((o / width) * reduction + k) * width + o % width;
}

/// The tile of `vectors` vectors along the columns on `isa`: as many rows
/// as the registers hold with them.
FmaTile getFmaTileOfVectors(FmaISA isa, int64_t vectors);

/// Whether an int8_dot kernel computes this layer exactly: weight codes fit
/// a signed byte, activation codes are 8 bits or fewer (they are) and the
/// exact sum fits i32.
bool isInt8DotExact(QuantType activation, QuantType weight, int64_t reduction);

/// How many groups of 4 k of AVX2 `vpmaddubsw` pair sums may add up in i16
/// (qnn.dot_matmul's `i16_groups`, at most `groups`) for activations of
/// `activation` (as the kernel feeds them: signed and bipolar codes with
/// their sign bit flipped, up to 128 + the largest code) and weight codes
/// of magnitude at most `largestWeight`; 0 when one pair sum could
/// saturate.
int64_t getDotI16Groups(QuantType activation, int64_t largestWeight,
                        int64_t groups);

/// The throughput of each kernel family on a target, per core: the cost
/// model of qnn-select-kernels. Figures are medians of the 3x3 layers of
/// ResNet-18 in the whole-network profile (bench/profile.sh) on the machine
/// named in docs/kernels.md ("Kernel choice by measured cost"), or estimates
/// from instruction throughput where no such machine was at hand (AArch64,
/// AVX-VNNI); only their ratios on one target matter.
struct KernelRates {
  /// Gbit-MAC/s of bitserial_matmul: 1-bit x 1-bit products, so a layer of
  /// m x k plane pairs costs m k of them per MAC.
  double bitSerial = 0;
  /// GMAC/s of int8_dot on the target's dot ISA; 0 without one.
  double int8Dot = 0;
  /// GMAC/s of int8_dot where the products fit i16 (getDotI16Groups > 0):
  /// AVX2's vpmaddubsw; elsewhere int8Dot.
  double int8DotNarrow = 0;
  /// GMAC/s of a GEMM on codes (f32_gemm, int_gemm).
  double codeGemm = 0;
};

/// The cost model's rates for `target`.
KernelRates getKernelRates(TargetAttr target);

/// The kernel family a layer of `planePairs` plane pairs costs least on
/// with `rates` (a tie goes to the GEMM: the old rule of a GEMM on codes
/// from 12 plane pairs); `dotApplies` says whether int8_dot can compute the
/// layer, `narrow` whether its products fit i16 (int8DotNarrow).
enum class CheapestKernel { BitSerial, Int8Dot, CodeGemm };
CheapestKernel getCheapestKernel(const KernelRates &rates, int64_t planePairs,
                                 bool dotApplies, bool narrow);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_KERNELCHOICE_H
