//===- Translations.h - qnn translations for mlir-translate -----*- C++ -*-===//
//
// Registers the translations of qnn-translate with MLIR's translation
// registry, for use with mlirTranslateMain.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_TRANSLATIONS_H
#define QNN_TARGET_TRANSLATIONS_H

namespace mlir {
namespace qnn {

/// Registers `--qnn-to-object` and its options `--target=`, `--mcpu=`,
/// `--mattr=` and `--header=` (docs/translate.md). Call it before
/// mlirTranslateMain parses the command line; calling it again is harmless.
void registerQNNTranslations();

} // namespace qnn
} // namespace mlir

#endif // QNN_TARGET_TRANSLATIONS_H
