//===- BitPlanes.h - word sizes of packed bit-planes ------------*- C++ -*-===//
//
// The bit-serial kernels pack codes along the reduction axis into 64-bit
// words, one row of words per bit-plane and row; `channel_planes` weight
// storage packs output channels into 32-bit words. Header-only, so that the
// op verifiers, the lowerings, the kernel choice and the layer graph share
// one definition of both.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_BITPLANES_H
#define QNN_DIALECT_QNN_UTILS_BITPLANES_H

#include <cstdint>

namespace mlir::qnn {

/// Bits of one bit-plane word of the bit-serial kernels.
constexpr int64_t kPlaneWordBits = 64;
/// Output channels per i32 word of `channel_planes` weight storage.
constexpr int64_t kChannelPlaneWordBits = 32;

/// Words of one packed row of `reductionLength` codes: ceil(K / 64).
inline int64_t getPackedWords(int64_t reductionLength) {
  return (reductionLength + kPlaneWordBits - 1) / kPlaneWordBits;
}

/// Panels of `rows` rows of `width` rows each: ceil(rows / width). The
/// panel layout of bit-planes is `bits x panels x words x width`: element
/// [t][p][w][j] is word w of plane t of row `p * width + j` (0 past the last
/// row), so one vector load reads word w of `width` consecutive rows.
inline int64_t getPanelCount(int64_t rows, int64_t width) {
  return (rows + width - 1) / width;
}

/// Whether `width` rows per panel is a panel width the kernels take: a
/// vector of i64 words on some target (2, 4 or 8).
inline bool isPanelWidth(int64_t width) {
  return width == 2 || width == 4 || width == 8;
}

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_BITPLANES_H
