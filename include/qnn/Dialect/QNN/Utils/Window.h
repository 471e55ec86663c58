//===- Window.h - geometry of a sliding window along one axis ---*- C++ -*-===//
//
// The arithmetic of convolution and pooling windows along one spatial axis:
// `kernelSize` taps `dilation` apart, moved by `stride` over an input padded
// with `padBegin` and `padEnd` elements. Header-only, so that the verifiers,
// the lowerings and the ONNX importer compute output sizes and input indices
// the same way.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_WINDOW_H
#define QNN_DIALECT_QNN_UTILS_WINDOW_H

#include <cstdint>

namespace mlir::qnn {

/// Elements a window spans from its first tap to its last, inclusive.
inline int64_t getWindowExtent(int64_t kernelSize, int64_t dilation) {
  return dilation * (kernelSize - 1) + 1;
}

/// Window positions along the axis, `(padded input - extent) / stride + 1`,
/// i.e. `(input + padBegin + padEnd - dilation * (kernelSize - 1) - 1) /
/// stride + 1`. Meaningful only when the window fits the padded input.
inline int64_t getWindowOutputSize(int64_t inputSize, int64_t kernelSize,
                                   int64_t stride, int64_t dilation,
                                   int64_t padBegin, int64_t padEnd) {
  int64_t padded = inputSize + padBegin + padEnd;
  return (padded - getWindowExtent(kernelSize, dilation)) / stride + 1;
}

/// The input index that tap `kernelIndex` of window position `outputIndex`
/// reads: `outputIndex * stride - padBegin + kernelIndex * dilation`. Outside
/// [0, inputSize) it falls on padding.
inline int64_t getWindowInputIndex(int64_t outputIndex, int64_t kernelIndex,
                                   int64_t stride, int64_t dilation,
                                   int64_t padBegin) {
  return outputIndex * stride - padBegin + kernelIndex * dilation;
}

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_WINDOW_H
