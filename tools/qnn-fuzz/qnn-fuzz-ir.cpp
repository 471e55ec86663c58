//===- qnn-fuzz-ir.cpp - fuzz the qnn IR parser and verifiers ---*- C++ -*-===//
//
// Parses arbitrary bytes as a module of the dialects qnn registers and
// verifies it (every op's verifier, the qnn types' and attributes' parsers),
// then prints what parsed: printing must not crash either.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto context = qnn_fuzz::makeContext();
  // MLIR's lexer needs a NUL after the text, as every tool's file buffer
  // has; libFuzzer's buffer has none.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, context.get());
  if (!module)
    return 0;
  if (mlir::failed(mlir::verify(*module)))
    return 0;
  std::string printed;
  llvm::raw_string_ostream os(printed);
  module->print(os);
  return 0;
}
