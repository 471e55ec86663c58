//===- qnn-translate.cpp - the qnn translation driver -----------*- C++ -*-===//
//
// Registers the translations qnn uses (upstream --mlir-to-llvmir, qnn's
// --import-onnx and --qnn-to-object), then runs MLIR's translation driver.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/FatalErrors.h"
#include "qnn/Target/ONNX/ImportONNX.h"
#include "qnn/Target/Translations.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::qnn::installFatalErrorHandler("qnn-translate");
  mlir::registerToLLVMIRTranslation();
  mlir::qnn::registerQNNTranslations();
  mlir::qnn::registerImportONNXTranslation();
  return mlir::failed(mlir::mlirTranslateMain(
             argc, argv,
             "qnn translation driver: ONNX import, LLVM IR, object files\n"))
             ? 1
             : 0;
}
