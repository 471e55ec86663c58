//===- QNNDialect.cpp - qnn dialect registration ----------------*- C++ -*-===//
//
// Registers the dialect's types, attributes and operations, and verifies the
// discardable attributes the dialect gives a meaning to.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNDialect.cpp.inc"

void QNNDialect::initialize() {
  registerTypes();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "qnn/Dialect/QNN/IR/QNNOps.cpp.inc"
      >();
}

/// Whether `value` is an array of dictionaries, each with a string under
/// every key of `strings` and an integer under every key of `integers`, of
/// at most `maxIntegerBits` significant bits.
static bool isArrayOfRecords(Attribute value, ArrayRef<StringRef> strings,
                             ArrayRef<StringRef> integers,
                             unsigned maxIntegerBits = UINT_MAX) {
  auto records = dyn_cast<ArrayAttr>(value);
  if (!records)
    return false;
  for (Attribute record : records) {
    auto entry = dyn_cast<DictionaryAttr>(record);
    if (!entry)
      return false;
    for (StringRef key : strings)
      if (!isa_and_nonnull<StringAttr>(entry.get(key)))
        return false;
    for (StringRef key : integers) {
      auto integer = dyn_cast_or_null<IntegerAttr>(entry.get(key));
      if (!integer || integer.getValue().getSignificantBits() > maxIntegerBits)
        return false;
    }
  }
  return true;
}

LogicalResult QNNDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  // Most attributes have one rule: their kind (and the op they sit on).
  auto expect = [&](bool valid, StringRef what) -> LogicalResult {
    if (valid)
      return success();
    return op->emitError() << "'" << name << "' must be " << what;
  };
  if (name == kBitwidthAttrName)
    return expect(isa<BitwidthAttr>(value), "a #qnn.bits attribute");
  if (name == kSeparabilityAttrName)
    return expect(isa<SeparabilityAttr>(value),
                  "a #qnn.separability attribute");
  if (name == kTargetAttrName)
    return expect(isa<TargetAttr>(value), "a #qnn.target attribute");
  if (name == kQuantizedModelAttrName)
    return expect(isa<UnitAttr>(value) && isa<ModuleOp>(op),
                  "a unit attribute on a module");
  if (name == kWorkspaceBytesAttrName) {
    auto bytes = dyn_cast<IntegerAttr>(value);
    return expect(bytes && isa<ModuleOp>(op) && bytes.getType().isInteger(64) &&
                      !bytes.getValue().isNegative(),
                  "a non-negative i64 on a module");
  }
  if (name == kInputShapeAttrName || name == kOutputShapeAttrName) {
    auto shape = dyn_cast<DenseI64ArrayAttr>(value);
    return expect(shape && llvm::all_of(shape.asArrayRef(),
                                        [](int64_t dim) { return dim > 0; }),
                  "an array<i64> of positive sizes");
  }
  if (name == kProfileAttrName)
    return expect(isa<ModuleOp>(op) &&
                      isArrayOfRecords(value, {"name", "step", "unit"},
                                       {"macs"}, /*maxIntegerBits=*/64),
                  "an array of {name, step, macs, unit} on a module");
  if (name == kKernelAttrName) {
    auto kernel = dyn_cast<KernelAttr>(value);
    if (!kernel)
      return expect(false, "a #qnn.kernel attribute");
    // A float convolution takes only the f32_fma kernel, or (grouped) the
    // direct convolution on f32 weights.
    bool fma = kernel.getKind() == KernelKind::F32Fma;
    bool floatWeights = kernel.getWeights() == WeightStorage::F32;
    if (auto conv = dyn_cast<Conv2DOp>(op)) {
      if (fma && conv.getGroups() > 1 &&
          (!conv.isDepthwise() || kernel.getLayout() != Layout::NHWC))
        return op->emitError()
               << "'" << name
               << "': kernel 'f32_fma' on a grouped qnn.conv2d needs a "
                  "depthwise one (one channel per group) and layout nhwc";
      return expect(
          fma || (kernel.getKind() == KernelKind::DirectConv && floatWeights),
          "kernel 'f32_fma', or 'direct_conv' with f32 weights, on "
          "qnn.conv2d");
    }
    if (!isa<QConv2DOp, QDenseOp>(op))
      return op->emitError() << "'" << name
                             << "' belongs on qnn.qconv2d, qnn.qdense or "
                                "qnn.conv2d";
    if (fma || floatWeights)
      return op->emitError() << "'" << name << "': kernel '"
                             << stringifyKernelKind(kernel.getKind())
                             << "' on f32 weights is for float convolutions";
    if (kernel.getFma() != FmaISA::None) {
      // direct_conv on FMA vectors: the depthwise form of qnn.fma_matmul.
      auto conv = dyn_cast<QConv2DOp>(op);
      if (!conv || !conv.isDepthwise())
        return op->emitError()
               << "'" << name
               << "': kernel 'direct_conv' with an fma needs a depthwise "
                  "qnn.qconv2d (one channel per group)";
    }
    return success();
  }
  if (name == kLayersAttrName) {
    if (!isArrayOfRecords(value, {"name"}, {"weight_bits", "activation_bits"}))
      return op->emitError()
             << "'" << name
             << "' must be an array of {name, weight_bits, activation_bits}";
    // The same range as #qnn.bits, or 32 for the float activations of a
    // weight-only quantized layer. The integers may have any type and
    // width: compare them as signed APInts rather than through getInt().
    for (auto entry : cast<ArrayAttr>(value).getAsRange<DictionaryAttr>()) {
      for (StringRef key : {"weight_bits", "activation_bits"}) {
        APInt bits = cast<IntegerAttr>(entry.get(key)).getValue();
        bool isFloat =
            key == "activation_bits" && bits.getBitWidth() >= 7 && bits == 32;
        if (!isFloat && (bits.slt(1) || bits.sgt(8)))
          return op->emitError()
                 << "'" << name << "': " << key << " of layer "
                 << entry.get("name") << " must be in [1, 8]"
                 << (key == "activation_bits" ? " (or 32: float)" : "")
                 << ", got " << llvm::toString(bits, 10, /*Signed=*/true);
      }
    }
    return success();
  }
  return op->emitError() << "unknown qnn attribute '" << name << "'";
}
