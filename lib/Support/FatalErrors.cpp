//===- FatalErrors.cpp - LLVM fatal errors as tool errors -------*- C++ -*-===//
//
// Implements installFatalErrorHandler.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/FatalErrors.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

void mlir::qnn::installFatalErrorHandler(const char *tool) {
  llvm::install_fatal_error_handler(
      [](void *user, const char *reason, bool) {
        llvm::errs() << static_cast<const char *>(user)
                     << ": error: LLVM failed: " << reason << "\n";
        llvm::sys::RunInterruptHandlers();
        llvm::sys::Process::Exit(1, /*NoCleanup=*/true);
      },
      const_cast<char *>(tool));
}
