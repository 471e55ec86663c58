//===- NumpyFile.cpp - NumPy .npy arrays ------------------------*- C++ -*-===//
//
// A small reader and writer of the .npy format: magic, version, a Python
// dict literal header ('descr', 'fortran_order', 'shape'), then raw data.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/NumpyFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstring>

using namespace llvm;
using namespace mlir::qnn;

static constexpr char kMagic[] = "\x93NUMPY";

int64_t NumpyArray::getNumElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

bool NumpyArray::isInteger() const {
  if (dtype.size() != 3 || (dtype[0] != '<' && dtype[0] != '|'))
    return false;
  return (dtype[1] == 'i' || dtype[1] == 'u') &&
         StringRef("1248").contains(dtype[2]);
}

ArrayRef<float> NumpyArray::asFloats() const {
  return ArrayRef<float>(reinterpret_cast<const float *>(data.data()),
                         data.size() / sizeof(float));
}

std::vector<int64_t> NumpyArray::toIntegers() const {
  unsigned width = dtype[2] - '0';
  bool isSigned = dtype[1] == 'i';
  std::vector<int64_t> values;
  values.reserve(getNumElements());
  for (size_t offset = 0; offset + width <= data.size(); offset += width) {
    uint64_t raw = 0;
    std::memcpy(&raw, data.data() + offset, width); // Little-endian host.
    if (isSigned && width < 8 && (raw >> (8 * width - 1)) & 1)
      raw |= ~uint64_t(0) << (8 * width);
    values.push_back(static_cast<int64_t>(raw));
  }
  return values;
}

/// Finds `'key': value` in the header dict and returns the value text.
static std::optional<StringRef> headerValue(StringRef header, StringRef key) {
  std::string quoted = ("'" + key + "'").str();
  size_t at = header.find(quoted);
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  size_t end = rest.front() == '(' ? rest.find(')') + 1
               : rest.front() == '\'' ? rest.find('\'', 1) + 1
                                      : rest.find_first_of(",}");
  return rest.take_front(end);
}

Expected<NumpyArray> mlir::qnn::readNumpyFile(StringRef path) {
  auto fail = [&](const Twine &message) {
    return createStringError(inconvertibleErrorCode(),
                             path + ": " + message);
  };
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false,
                                      /*IsVolatile=*/false, Align(4));
  if (!buffer)
    return fail("cannot open: " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (!bytes.starts_with(StringRef(kMagic, 6)) || bytes.size() < 10)
    return fail("not a .npy file (no NumPy magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) |
                   static_cast<unsigned char>(bytes[9]) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return fail("truncated .npy header");
    headerLength = 0;
    for (int i = 3; i >= 0; --i)
      headerLength = headerLength << 8 | static_cast<unsigned char>(bytes[8 + i]);
    headerStart = 12;
  } else {
    return fail("unsupported .npy version " + Twine(major));
  }
  if (bytes.size() < headerStart + headerLength)
    return fail("truncated .npy header");
  StringRef header = bytes.substr(headerStart, headerLength);

  NumpyArray array;
  auto descr = headerValue(header, "descr");
  auto fortran = headerValue(header, "fortran_order");
  auto shape = headerValue(header, "shape");
  if (!descr || !fortran || !shape)
    return fail("malformed .npy header");
  array.dtype = descr->trim("'").str();
  if (*fortran != "False")
    return fail("Fortran-order arrays are not supported; save C order");
  SmallVector<StringRef> dims;
  shape->trim("()").split(dims, ',', -1, /*KeepEmpty=*/false);
  int64_t count = 1;
  for (StringRef dim : dims) {
    int64_t size;
    if (dim.trim().getAsInteger(10, size) || size < 0)
      return fail("malformed shape " + *shape);
    if (MulOverflow(count, size, count))
      return fail("shape " + *shape + " has too many elements");
    array.shape.push_back(size);
  }
  if (!array.isFloat32() && !array.isInteger())
    return fail("unsupported dtype '" + array.dtype +
                "' (expected float32 or a little-endian integer type)");
  int64_t width = array.dtype[2] - '0';
  int64_t expected;
  if (MulOverflow(width, count, expected))
    return fail("shape " + *shape + " has too many elements");
  StringRef payload = bytes.drop_front(headerStart + headerLength);
  if (payload.size() != static_cast<uint64_t>(expected))
    return fail("holds " + Twine(payload.size()) + " data bytes, shape " +
                *shape + " needs " + Twine(expected) + " (truncated file?)");
  array.data = payload;
  array.buffer = std::move(*buffer);
  // NumPy pads the header so that the data starts at a multiple of 64 bytes,
  // but the format does not require it: data at an offset that is not a
  // multiple of the element size is copied, so that asFloats() can view it.
  if (reinterpret_cast<uintptr_t>(payload.data()) % width != 0) {
    std::unique_ptr<WritableMemoryBuffer> copy =
        WritableMemoryBuffer::getNewUninitMemBuffer(payload.size(), path);
    if (!copy)
      return fail("out of memory copying " + Twine(payload.size()) +
                  " misaligned data bytes");
    std::memcpy(copy->getBufferStart(), payload.data(), payload.size());
    array.data = StringRef(copy->getBufferStart(), copy->getBufferSize());
    array.buffer = std::move(copy);
  }
  return array;
}

Error mlir::qnn::writeNumpyFile(StringRef path, ArrayRef<int64_t> shape,
                                ArrayRef<float> values) {
  std::string shapeText = "(";
  for (int64_t dim : shape)
    shapeText += std::to_string(dim) + ", ";
  if (shape.size() > 1)
    shapeText.resize(shapeText.size() - 2);
  else if (shape.size() == 1)
    shapeText.pop_back(); // "(n,)"
  shapeText += ")";
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " +
                       shapeText + ", }";
  // Pad with spaces so that data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';

  std::error_code error;
  ToolOutputFile file(path, error, sys::fs::OF_None);
  if (error)
    return createStringError(error, path + ": cannot write: " + error.message());
  raw_fd_ostream &os = file.os();
  os.write(kMagic, 6);
  os << '\x01' << '\x00';
  os << static_cast<char>(header.size() & 0xff)
     << static_cast<char>(header.size() >> 8);
  os << header;
  os.write(reinterpret_cast<const char *>(values.data()),
           values.size() * sizeof(float));
  os.flush();
  if (os.has_error())
    return createStringError(inconvertibleErrorCode(),
                             path + ": write failed");
  file.keep();
  return Error::success();
}
