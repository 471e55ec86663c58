//===- FuzzCommon.h - shared setup of the qnn fuzz harnesses ----*- C++ -*-===//
//
// A fresh single-threaded MLIRContext per input (so inputs do not interact
// through uniqued attributes), diagnostics swallowed (an error is a correct
// answer to bad input; only crashes, sanitizer reports and LLVM fatal errors
// are findings), and LLVM fatal errors turned into aborts so that libFuzzer
// records them as crashes instead of a silent exit(1).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TOOLS_QNN_FUZZ_FUZZCOMMON_H
#define QNN_TOOLS_QNN_FUZZ_FUZZCOMMON_H

#include "qnn/InitQNN.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <memory>

namespace qnn_fuzz {

inline const mlir::DialectRegistry &getRegistry() {
  static const mlir::DialectRegistry *registry = [] {
    auto *value = new mlir::DialectRegistry;
    mlir::qnn::registerAllDialects(*value);
    llvm::install_fatal_error_handler([](void *, const char *reason, bool) {
      llvm::errs() << "qnn-fuzz: LLVM fatal error: " << reason << "\n";
      std::abort();
    });
    return value;
  }();
  return *registry;
}

/// A context for one input; QNN_FUZZ_VERBOSE=1 prints its diagnostics.
inline std::unique_ptr<mlir::MLIRContext> makeContext() {
  auto context = std::make_unique<mlir::MLIRContext>(
      getRegistry(), mlir::MLIRContext::Threading::DISABLED);
  static const bool verbose = std::getenv("QNN_FUZZ_VERBOSE") != nullptr;
  context->getDiagEngine().registerHandler([](mlir::Diagnostic &diagnostic) {
    if (verbose)
      llvm::errs() << diagnostic << "\n";
    return mlir::success();
  });
  return context;
}

} // namespace qnn_fuzz

#endif // QNN_TOOLS_QNN_FUZZ_FUZZCOMMON_H
