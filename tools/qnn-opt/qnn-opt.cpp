//===- qnn-opt.cpp - the qnn pass driver ------------------------*- C++ -*-===//
//
// Registers the qnn dialect, its passes and the upstream dialects and passes
// that qnn pipelines use, then runs MLIR's standard optimizer driver.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/FatalErrors.h"
#include "qnn/InitQNN.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::qnn::installFatalErrorHandler("qnn-opt");
  mlir::DialectRegistry registry;
  mlir::qnn::registerAllDialects(registry);
  mlir::qnn::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "qnn optimizer driver: runs qnn and upstream passes\n",
      registry));
}
