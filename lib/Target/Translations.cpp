//===- Translations.cpp - qnn translations for mlir-translate ---*- C++ -*-===//
//
// Registers --qnn-to-object: the object file goes to the translation's
// output (-o), the C header beside it or to --header=.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Translations.h"

#include "qnn/InitQNN.h"
#include "qnn/Target/Object/CHeader.h"
#include "qnn/Target/Object/ObjectEmitter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// The command-line options of --qnn-to-object. They are global options of
/// the tool, as for every mlir-translate translation.
struct QNNToObjectOptions {
  llvm::cl::OptionCategory category{"--qnn-to-object options"};
  llvm::cl::opt<std::string> triple{
      "target",
      llvm::cl::desc("Target triple of the object file, e.g. "
                     "x86_64-linux-gnu or aarch64-linux-gnu (default: the "
                     "host's)"),
      llvm::cl::value_desc("triple"), llvm::cl::cat(category)};
  llvm::cl::opt<std::string> cpu{
      "mcpu",
      llvm::cl::desc("Target CPU (default: the host CPU if the target is the "
                     "host's, else generic)"),
      llvm::cl::value_desc("cpu"), llvm::cl::cat(category)};
  llvm::cl::opt<std::string> features{
      "mattr",
      llvm::cl::desc("Target features on top of the CPU's, e.g. "
                     "+avx512vpopcntdq,-avx512f"),
      llvm::cl::value_desc("+feature,-feature,..."), llvm::cl::cat(category)};
  llvm::cl::opt<std::string> header{
      "header",
      llvm::cl::desc("Where to write the C header (default: the -o path with "
                     "the extension .h; none with -o -)"),
      llvm::cl::value_desc("filename"), llvm::cl::cat(category)};
};
} // namespace

/// The value of an option that mlirTranslateMain owns, found through LLVM's
/// option registry since mlirTranslateMain offers no accessor: `o` (the
/// output file) is an opt<std::string> there. Null if the option is not
/// registered, i.e. the translation runs under another driver.
static const llvm::cl::Option *findDriverOption(StringRef name) {
  llvm::StringMap<llvm::cl::Option *> &options =
      llvm::cl::getRegisteredOptions();
  auto it = options.find(name);
  return it == options.end() ? nullptr : it->second;
}

static std::optional<std::string> getDriverOutputFilename() {
  const llvm::cl::Option *option = findDriverOption("o");
  if (!option)
    return std::nullopt;
  return static_cast<const llvm::cl::opt<std::string> *>(option)->getValue();
}

/// With --split-input-file the translation runs once per chunk into one
/// output stream: one header file cannot describe several modules, and one
/// chunk's header could survive another chunk's failure.
static bool isSplittingInput() {
  const llvm::cl::Option *option = findDriverOption("split-input-file");
  return option && option->getNumOccurrences() > 0;
}

/// True if `header` and `object` name one file ("-" being stdout); the
/// object exists already, so a header that does not is another file.
static bool isSameFile(StringRef header, StringRef object) {
  if (header == object)
    return true;
  bool equivalent = false;
  return !llvm::sys::fs::equivalent(header, object, equivalent) && equivalent;
}

/// Where the header goes: --header=, else beside the -o file. Empty: no
/// header (the object goes to stdout or a device, or the input is split).
static FailureOr<std::string> getHeaderPath(ModuleOp module,
                                            const QNNToObjectOptions &options) {
  std::optional<std::string> outputFilename = getDriverOutputFilename();
  std::string headerPath = options.header;
  if (isSplittingInput()) {
    if (!headerPath.empty()) {
      return emitError(module.getLoc())
             << "--header cannot be used with --split-input-file: one "
                "header describes one module";
    }
    return std::string();
  }
  // mlirTranslateMain has created -o by now. A header goes beside it only if
  // it is a regular file: beside -o /dev/null it would land in /dev.
  if (headerPath.empty() && outputFilename && *outputFilename != "-" &&
      llvm::sys::fs::is_regular_file(*outputFilename)) {
    llvm::SmallString<256> path(*outputFilename);
    llvm::sys::path::replace_extension(path, "h");
    headerPath = path.str().str();
  }
  if (!headerPath.empty() && outputFilename &&
      isSameFile(headerPath, *outputFilename)) {
    return emitError(module.getLoc())
           << "the header and the object would both be written to '"
           << headerPath << "'; pass --header= or another -o";
  }
  return headerPath;
}

static LogicalResult translateToObject(ModuleOp module, raw_ostream &output,
                                       const QNNToObjectOptions &options) {
  FailureOr<std::string> headerPath = getHeaderPath(module, options);
  if (failed(headerPath))
    return failure();

  // Both outputs are produced in memory first, so that a failure in either
  // leaves no file behind.
  ObjectTargetOptions target;
  target.triple = options.triple;
  target.cpu = options.cpu;
  target.features = options.features;
  SmallVector<char, 0> object;
  if (failed(emitObject(module, target, object)))
    return failure();
  std::string header;
  llvm::raw_string_ostream headerStream(header);
  if (failed(emitCHeader(module, headerStream)))
    return failure();

  if (!headerPath->empty()) {
    // ToolOutputFile deletes the file unless kept, also on a signal.
    std::error_code error;
    llvm::ToolOutputFile headerFile(*headerPath, error, llvm::sys::fs::OF_Text);
    if (error) {
      return emitError(module.getLoc())
             << "cannot open header file '" << *headerPath
             << "': " << error.message();
    }
    headerFile.os() << header;
    headerFile.os().flush();
    if (headerFile.os().has_error()) {
      std::error_code writeError = headerFile.os().error();
      headerFile.os().clear_error();
      return emitError(module.getLoc())
             << "cannot write header file '" << *headerPath
             << "': " << writeError.message();
    }
    // mlirTranslateMain keeps the object once this returns success, and
    // nothing after this point can fail.
    headerFile.keep();
  }
  output.write(object.data(), object.size());
  return success();
}

void mlir::qnn::registerQNNTranslations() {
  static const bool registered = [] {
    static QNNToObjectOptions options;
    TranslateFromMLIRRegistration toObject(
        "qnn-to-object",
        "Emit an object file exporting forward() and its C header, from a "
        "module in the LLVM dialect",
        [](ModuleOp module, raw_ostream &output) {
          return translateToObject(module, output, options);
        },
        [](DialectRegistry &registry) { registerAllDialects(registry); });
    return true;
  }();
  (void)registered;
}
