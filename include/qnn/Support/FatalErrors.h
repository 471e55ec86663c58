//===- FatalErrors.h - LLVM fatal errors as tool errors ---------*- C++ -*-===//
//
// LLVM reports some failures with report_fatal_error, which aborts with a
// crash report (for example instruction selection with an inconsistent
// target feature set). The qnn tools turn them into an ordinary error.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_FATALERRORS_H
#define QNN_SUPPORT_FATALERRORS_H

namespace mlir::qnn {

/// Makes LLVM's fatal errors print "<tool>: error: LLVM failed: <reason>",
/// remove the output files registered for removal on a signal (those of
/// llvm::ToolOutputFile, so no partial output is left) and exit with
/// status 1.
void installFatalErrorHandler(const char *tool);

} // namespace mlir::qnn

#endif // QNN_SUPPORT_FATALERRORS_H
