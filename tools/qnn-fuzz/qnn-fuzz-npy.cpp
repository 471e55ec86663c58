//===- qnn-fuzz-npy.cpp - fuzz the .npy reader ------------------*- C++ -*-===//
//
// Writes arbitrary bytes to a file and reads it with qnn::readNumpyFile (the
// reader takes a path: it memory-maps the file), then converts what it
// accepted as qnn-run and the calibration passes do.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/NumpyFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string path = [] {
    llvm::SmallString<128> name;
    llvm::sys::fs::createTemporaryFile("qnn-fuzz-npy", "npy", name);
    return name.str().str();
  }();
  {
    std::FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
      return 0;
    std::fwrite(data, 1, size, file);
    std::fclose(file);
  }
  llvm::Expected<mlir::qnn::NumpyArray> array =
      mlir::qnn::readNumpyFile(path);
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  volatile double sum = 0;
  if (array->isFloat32()) {
    for (float value : array->asFloats())
      sum = sum + value;
  } else if (array->isInteger()) {
    for (int64_t value : array->toIntegers())
      sum = sum + static_cast<double>(value);
  }
  return 0;
}
