//===- CHeader.cpp - the C header of a compiled model -----------*- C++ -*-===//
//
// Writes the C header of the compiled-model ABI: the prototypes of forward()
// and forward_with_workspace(), the tensor shapes and the workspace size as
// constants and the per-layer bitwidths as a comment.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Object/CHeader.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Target/Object/EntryFunction.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// One entry of the `qnn.layers` module attribute.
struct LayerBitwidths {
  std::string name;
  int64_t weightBits;
  int64_t activationBits;
};

/// What the header says about one of the two tensors of forward().
struct TensorABI {
  /// "input" or "output": the suffix of the constants' names.
  StringRef role;
  /// The attribute the shape comes from; null if the module has none.
  DenseI64ArrayAttr shape;
  int64_t elementCount = 0;
};
} // namespace

/// The shape recorded under `name`, on the entry function or on the module
/// (the lowering may keep it on either). Both may carry it only if they agree.
static FailureOr<DenseI64ArrayAttr>
lookupShape(ModuleOp module, LLVM::LLVMFuncOp entry, StringRef name) {
  DenseI64ArrayAttr shape;
  for (Operation *op : {entry.getOperation(), module.getOperation()}) {
    Attribute attribute = op->getAttr(name);
    if (!attribute)
      continue;
    auto opShape = dyn_cast<DenseI64ArrayAttr>(attribute);
    if (!opShape) {
      return emitError(op->getLoc())
             << "'" << name << "' must be an array<i64>, got " << attribute;
    }
    if (shape && shape != opShape) {
      return emitError(entry.getLoc())
             << "'" << name << "' is " << shape << " on the entry function but "
             << opShape << " on the module";
    }
    shape = opShape;
  }
  return shape;
}

static FailureOr<TensorABI> lookupTensor(ModuleOp module,
                                         LLVM::LLVMFuncOp entry, StringRef role,
                                         StringRef name) {
  FailureOr<DenseI64ArrayAttr> shape = lookupShape(module, entry, name);
  if (failed(shape))
    return failure();
  TensorABI tensor{role, *shape};
  if (!tensor.shape)
    return tensor;
  // The header's sizes must fit the int64_t the C program will compute them
  // in; the dialect verifier has already rejected sizes below 1.
  tensor.elementCount = 1;
  for (int64_t size : tensor.shape.asArrayRef()) {
    if (size <= 0 ||
        llvm::MulOverflow(tensor.elementCount, size, tensor.elementCount)) {
      return emitError(module.getLoc())
             << "'" << name << "' = " << tensor.shape
             << " must have positive sizes whose product fits in int64_t";
    }
  }
  return tensor;
}

/// The integer entry `key` of a record that the qnn dialect's verifier
/// checked.
static int64_t getInteger(DictionaryAttr record, StringRef key) {
  return record.getAs<IntegerAttr>(key).getValue().getSExtValue();
}

/// The entries of `qnn.layers`, or none if the module has none. The
/// dialect's verifier checked the attribute.
static std::optional<SmallVector<LayerBitwidths>> getLayers(ModuleOp module) {
  auto entries = module->getAttrOfType<ArrayAttr>(QNNDialect::kLayersAttrName);
  if (!entries)
    return std::nullopt;
  SmallVector<LayerBitwidths> layers;
  for (auto layer : entries.getAsRange<DictionaryAttr>())
    layers.push_back({layer.getAs<StringAttr>("name").str(),
                      getInteger(layer, "weight_bits"),
                      getInteger(layer, "activation_bits")});
  return layers;
}

/// One row of the `qnn.profile` module attribute.
struct ProfileRow {
  std::string name;
  std::string step;
  int64_t macs;
  std::string unit;
};

/// Reads `qnn.profile` (checked by the dialect's verifier); `rows` stays
/// empty-optional if the module has none (it was compiled without a
/// profile). C has no empty arrays: an empty profile is an error.
static LogicalResult
lookupProfile(ModuleOp module, std::optional<SmallVector<ProfileRow>> &rows) {
  auto entries = module->getAttrOfType<ArrayAttr>(QNNDialect::kProfileAttrName);
  if (!entries)
    return success();
  if (entries.empty())
    return emitError(module.getLoc())
           << "'" << QNNDialect::kProfileAttrName << "' must not be empty";
  rows.emplace();
  for (auto row : entries.getAsRange<DictionaryAttr>())
    rows->push_back({row.getAs<StringAttr>("name").str(),
                     row.getAs<StringAttr>("step").str(),
                     getInteger(row, "macs"),
                     row.getAs<StringAttr>("unit").str()});
  return success();
}

/// `text` as the body of a C string literal.
static std::string cStringBody(StringRef text) {
  std::string body;
  llvm::raw_string_ostream os(body);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\')
      os << '\\' << c;
    else if (byte < 0x20 || byte >= 0x7f || c == '?')
      // Octal, three digits, so a following digit is not taken in; '?'
      // too, so that no trigraph forms.
      os << '\\' << char('0' + (byte >> 6)) << char('0' + ((byte >> 3) & 7))
         << char('0' + (byte & 7));
    else
      os << c;
  }
  return body;
}

/// Layer names come from the ONNX model and may contain anything; in a C
/// comment they must not end it ("*/"), open a nested one ("/*", which
/// -Wcomment reports) or break the line.
static std::string commentSafe(StringRef text) {
  std::string safe;
  for (char c : text) {
    bool isControl = static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    if (isControl)
      c = '?';
    if ((c == '/' && !safe.empty() && safe.back() == '*') ||
        (c == '*' && !safe.empty() && safe.back() == '/'))
      safe += ' ';
    safe += c;
  }
  return safe;
}

static void printTensor(llvm::raw_ostream &os, const TensorABI &tensor,
                        StringRef attributeName) {
  std::string macro = "QNN_FORWARD_" + tensor.role.upper();
  if (!tensor.shape) {
    os << "/* The module records no " << tensor.role << " shape (no '"
       << attributeName << "' attribute),\n * so there are no " << macro
       << "_* constants. */\n\n";
    return;
  }
  ArrayRef<int64_t> sizes = tensor.shape.asArrayRef();
  std::string capitalized = tensor.role.str();
  capitalized[0] = llvm::toUpper(capitalized[0]);
  os << "/* " << capitalized << ": float32, shape ";
  if (sizes.empty())
    os << "() (a scalar)";
  else
    llvm::interleave(sizes, os, "x");
  os << ", " << tensor.elementCount
     << (tensor.elementCount == 1 ? " element" : " elements") << ". */\n";
  os << "#define " << macro << "_RANK " << sizes.size() << "\n";
  os << "#define " << macro << "_SIZE " << tensor.elementCount << "\n";
  // C has no zero-length arrays: a scalar has a rank and a size only.
  if (!sizes.empty()) {
    os << "static const int64_t qnn_forward_" << tensor.role << "_shape["
       << macro << "_RANK] = {";
    llvm::interleaveComma(sizes, os);
    os << "};\n";
  }
  os << "\n";
}

static void
printLayers(llvm::raw_ostream &os,
            const std::optional<SmallVector<LayerBitwidths>> &layers) {
  if (!layers) {
    os << "/* The module records no per-layer bitwidths (no '"
       << QNNDialect::kLayersAttrName << "' attribute). */\n\n";
    return;
  }
  if (layers->empty()) {
    os << "/* Per-layer bitwidths: the model has no quantized layers. */\n\n";
    return;
  }
  os << "/* Per-layer bitwidths, in data-flow order (" << layers->size()
     << (layers->size() == 1 ? " layer" : " layers") << "):\n";
  for (const LayerBitwidths &layer : *layers) {
    os << " *   " << commentSafe(layer.name) << ": " << layer.weightBits
       << "-bit weights, " << layer.activationBits << "-bit activations\n";
  }
  os << " */\n\n";
}

/// Prints the workspace constants, or says that there are none.
static void printWorkspace(llvm::raw_ostream &os,
                           std::optional<uint64_t> workspaceBytes) {
  if (!workspaceBytes) {
    os << "/* The module records no workspace plan (no '"
       << QNNDialect::kWorkspaceBytesAttrName << "' attribute),\n"
       << " * so there is no " << kWorkspaceEntryFunctionName << "(). */\n\n";
    return;
  }
  os << "/* Workspace: every temporary of a call lives in one buffer of\n"
        " * QNN_FORWARD_WORKSPACE_BYTES bytes, aligned to\n"
        " * QNN_FORWARD_WORKSPACE_ALIGNMENT bytes; a call allocates nothing. "
        "*/\n";
  os << "#define QNN_FORWARD_WORKSPACE_BYTES " << *workspaceBytes << "\n";
  os << "#define QNN_FORWARD_WORKSPACE_ALIGNMENT "
     << QNNDialect::kWorkspaceAlignment << "\n\n";
}

/// The profile table's rows and the printer of the table, or nothing for
/// a model compiled without a profile.
static void printProfileRows(llvm::raw_ostream &os,
                             const std::optional<SmallVector<ProfileRow>> &rows) {
  if (!rows)
    return;
  os << "/* Profile (compiled with --profile): every step of a call is timed "
        "with the\n"
        " * target's counter (rdtsc on x86-64, CNTVCT_EL0 on AArch64: ticks "
        "at a fixed\n"
        " * frequency, not core cycles); forward_profile[i] = {ticks, calls} "
        "of row i\n"
        " * adds up over calls. The last row is the whole call. macs: "
        "multiply-\n"
        " * accumulates per call (bit-MAC: of 1-bit planes). */\n";
  os << "#define QNN_FORWARD_PROFILE_ROWS " << rows->size() << "\n";
  os << "struct qnn_forward_profile_row {\n"
        "  const char *name; /* the ONNX node(s) */\n"
        "  const char *step; /* the kind of work */\n"
        "  uint64_t macs;    /* per call, 0 if none */\n"
        "  const char *unit; /* \"MAC\", \"bit-MAC\" or \"\" */\n"
        "};\n";
  os << "static const struct qnn_forward_profile_row\n"
        "    qnn_forward_profile_rows[QNN_FORWARD_PROFILE_ROWS] = {\n";
  for (const ProfileRow &row : *rows)
    os << "        {\"" << cStringBody(row.name) << "\", \""
       << cStringBody(row.step) << "\", " << row.macs << "u, \""
       << cStringBody(row.unit) << "\"},\n";
  os << "};\n\n";
}

// The profile's functions: the object's table and clock, and inline code
// that resets and prints it. qnn-run --profile prints the same table
// (lib/Execution/Profile.cpp): keep the two formats alike.
static constexpr llvm::StringLiteral kHeaderProfileFunctions = R"(

/* The profile: {ticks, calls} per row, zero when the program starts. */
extern uint64_t forward_profile[QNN_FORWARD_PROFILE_ROWS][2];

/* Reads the counter the profile counts ticks of. */
uint64_t forward_profile_clock(void);

/* The rows as the object itself describes them: "name\tstep\tmacs\tunit\n"
 * a row, the same as qnn_forward_profile_rows. */
extern const char forward_profile_names[];

#ifdef __cplusplus
}
#endif

static inline void forward_profile_reset(void) {
  for (int row = 0; row < QNN_FORWARD_PROFILE_ROWS; ++row)
    forward_profile[row][0] = forward_profile[row][1] = 0;
}

/* The counter's ticks per second, measured against CLOCK_MONOTONIC over
 * 20 ms (needs POSIX clock_gettime). */
static inline double forward_profile_ticks_per_second(void) {
  struct timespec start, now;
  double elapsed;
  uint64_t first, last;
  clock_gettime(CLOCK_MONOTONIC, &start);
  first = forward_profile_clock();
  do {
    clock_gettime(CLOCK_MONOTONIC, &now);
    elapsed = (double)(now.tv_sec - start.tv_sec) +
              1e-9 * (double)(now.tv_nsec - start.tv_nsec);
  } while (elapsed < 0.02);
  last = forward_profile_clock();
  return (double)(last - first) / elapsed;
}

/* Prints the table: per row the calls, the ticks and microseconds per
 * call, the multiply-accumulates per call and the rate they ran at
 * (G per second), and the row's share of the whole calls' ticks. */
static inline void forward_profile_print(FILE *out) {
  double hz = forward_profile_ticks_per_second();
  uint64_t whole = forward_profile[QNN_FORWARD_PROFILE_ROWS - 1][0];
  int row;
  fprintf(out, "profile: %d rows, %.6g ticks/s\n", QNN_FORWARD_PROFILE_ROWS,
          hz);
  fprintf(out, "%4s %-28s %-16s %8s %12s %10s %12s %-7s %8s %6s\n", "row",
          "name", "step", "calls", "ticks/call", "us/call", "macs/call",
          "unit", "G/s", "share");
  for (row = 0; row < QNN_FORWARD_PROFILE_ROWS; ++row) {
    const struct qnn_forward_profile_row *r = &qnn_forward_profile_rows[row];
    uint64_t ticks = forward_profile[row][0];
    uint64_t calls = forward_profile[row][1];
    double perCall = calls ? (double)ticks / (double)calls : 0.0;
    char rate[32] = "-";
    if (r->macs && ticks)
      snprintf(rate, sizeof rate, "%.2f",
               (double)r->macs * (double)calls * hz / (double)ticks * 1e-9);
    fprintf(out, "%4d %-28s %-16s %8llu %12.0f %10.3f %12llu %-7s %8s %5.1f%%\n",
            row, r->name, r->step, (unsigned long long)calls, perCall,
            perCall / hz * 1e6, (unsigned long long)r->macs,
            r->unit[0] ? r->unit : "-", rate,
            whole ? 100.0 * (double)ticks / (double)whole : 0.0);
  }
})";

// The fixed text of the header, around the constants and the bitwidths. The
// ABI fixes the names: the symbol is `forward` (kEntryFunctionName), so the
// guard and the constants are QNN_FORWARD_*.
static constexpr llvm::StringLiteral kHeaderPrologue =
    R"(/* C interface of a model compiled by qnn-translate --qnn-to-object.
 * Generated file: regenerate it with the object file, do not edit it.
 *
 * Link the object file that came with this header and libm (-lm); no
 * other runtime. The model takes its fixed batch: float32 input in the
 * model's layout (NCHW for ONNX models), float32 output. */

#ifndef QNN_FORWARD_H
#define QNN_FORWARD_H

#include <stdint.h>

)";

static constexpr llvm::StringLiteral kHeaderFunctionsBegin =
    R"(#ifdef __cplusplus
extern "C" {
#endif

/* Runs the model: reads the input tensor from `input` and writes the
 * output tensor to `output`, which must not overlap.)";

static constexpr llvm::StringLiteral kHeaderStaticWorkspace = R"(
 * Its workspace is static storage inside the object (zero pages until the
 * first call, no page faults after it), so it is NOT reentrant: one call
 * at a time in the whole process. Threads use forward_with_workspace.)";

static constexpr llvm::StringLiteral kHeaderWorkspaceFunction = R"(

/* The same with a workspace the caller owns: QNN_FORWARD_WORKSPACE_BYTES
 * bytes aligned to QNN_FORWARD_WORKSPACE_ALIGNMENT bytes, overlapping
 * neither tensor; it needs no initialization and holds garbage afterwards
 * (it may be NULL if QNN_FORWARD_WORKSPACE_BYTES is 0). Reentrant: threads
 * may run it at the same time, each with a workspace of its own. */
void forward_with_workspace(const float *input, float *output,
                            void *workspace);)";

static constexpr llvm::StringLiteral kHeaderEpilogue = R"(

#ifdef __cplusplus
}
#endif

#endif /* QNN_FORWARD_H */
)";

// With a profile, extern "C" closes before the inline functions.
static constexpr llvm::StringLiteral kHeaderProfileEpilogue = R"(

#endif /* QNN_FORWARD_H */
)";

LogicalResult mlir::qnn::emitCHeader(ModuleOp module, llvm::raw_ostream &os) {
  LLVM::LLVMFuncOp entry = lookupEntryFunction(module);
  if (!entry)
    return failure();
  FailureOr<TensorABI> input =
      lookupTensor(module, entry, "input", QNNDialect::kInputShapeAttrName);
  if (failed(input))
    return failure();
  FailureOr<TensorABI> output =
      lookupTensor(module, entry, "output", QNNDialect::kOutputShapeAttrName);
  if (failed(output))
    return failure();
  std::optional<SmallVector<LayerBitwidths>> layers = getLayers(module);
  FailureOr<LLVM::LLVMFuncOp> withWorkspace =
      lookupWorkspaceEntryFunction(module);
  if (failed(withWorkspace))
    return failure();
  std::optional<SmallVector<ProfileRow>> profile;
  if (failed(lookupProfile(module, profile)))
    return failure();
  std::optional<uint64_t> workspaceBytes;
  if (*withWorkspace)
    workspaceBytes = module->getAttrOfType<IntegerAttr>(
                               QNNDialect::kWorkspaceBytesAttrName)
                         .getValue()
                         .getZExtValue();

  // Every check is done: from here on the header is only printed.
  os << kHeaderPrologue;
  if (profile)
    os << "#include <stdio.h>\n#include <time.h>\n\n";
  printTensor(os, *input, QNNDialect::kInputShapeAttrName);
  printTensor(os, *output, QNNDialect::kOutputShapeAttrName);
  printLayers(os, layers);
  printWorkspace(os, workspaceBytes);
  printProfileRows(os, profile);
  os << kHeaderFunctionsBegin;
  if (workspaceBytes)
    os << kHeaderStaticWorkspace;
  os << " */\nvoid " << kEntryFunctionName
     << "(const float *input, float *output);";
  if (workspaceBytes)
    os << kHeaderWorkspaceFunction;
  if (profile)
    os << kHeaderProfileFunctions << kHeaderProfileEpilogue;
  else
    os << kHeaderEpilogue;
  return success();
}
