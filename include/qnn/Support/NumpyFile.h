//===- NumpyFile.h - NumPy .npy arrays --------------------------*- C++ -*-===//
//
// Reads and writes the NumPy .npy format (version 1 to 3, C order), the
// file format of qnn-run's inputs and outputs and of calibration data.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_NUMPYFILE_H
#define QNN_SUPPORT_NUMPYFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::qnn {

/// An array read from a .npy file, converted to float or int64 on request.
/// The file is memory-mapped, not copied: large calibration sets stay on disk
/// and are paged in as batches are read.
struct NumpyArray {
  llvm::SmallVector<int64_t> shape;
  /// The NumPy dtype descriptor, e.g. "<f4" or "<i8".
  std::string dtype;
  /// Raw little-endian element bytes, row-major (a view into `buffer`).
  llvm::StringRef data;
  std::unique_ptr<llvm::MemoryBuffer> buffer;

  int64_t getNumElements() const;
  bool isFloat32() const { return dtype == "<f4"; }
  /// Whether the elements are integers (signed or unsigned, 1 to 8 bytes).
  bool isInteger() const;
  /// The elements as float; requires isFloat32().
  llvm::ArrayRef<float> asFloats() const;
  /// The elements as int64; requires isInteger().
  std::vector<int64_t> toIntegers() const;
};

/// Reads `path`; the error names the file and says what is wrong.
llvm::Expected<NumpyArray> readNumpyFile(llvm::StringRef path);

/// Writes a float32 array to `path` atomically: on failure nothing is left.
llvm::Error writeNumpyFile(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<float> values);

} // namespace mlir::qnn

#endif // QNN_SUPPORT_NUMPYFILE_H
