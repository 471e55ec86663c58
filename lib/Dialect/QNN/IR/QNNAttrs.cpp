//===- QNNAttrs.cpp - qnn attributes ----------------------------*- C++ -*-===//
//
// Verifiers and custom syntax of the qnn attributes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/BitPlanes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include "FloatSyntax.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"

void QNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"
      >();
}

LogicalResult
BitwidthAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                     unsigned weight, unsigned activation) {
  if (weight < 1 || weight > 8)
    return emitError() << "weight bitwidth must be in [1, 8], got " << weight;
  if (activation < 1 || activation > 8)
    return emitError() << "activation bitwidth must be in [1, 8], got "
                       << activation;
  return success();
}

LogicalResult
SeparabilityAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         StringAttr measure, FloatAttr value) {
  if (!measure || measure.getValue().empty())
    return emitError() << "separability needs a measure name";
  double v = value.getValueAsDouble();
  if (!std::isfinite(v) || v < 0)
    return emitError() << "separability must be finite and non-negative, got "
                       << v;
  return success();
}

// #qnn.separability<fisher = 1.75>
Attribute SeparabilityAttr::parse(AsmParser &parser, Type) {
  std::string measure;
  double value = 0;
  if (parser.parseLess() || parser.parseKeywordOrString(&measure) ||
      parser.parseEqual() || parser.parseFloat(value) ||
      parser.parseGreater())
    return {};
  MLIRContext *context = parser.getContext();
  return parser.getChecked<SeparabilityAttr>(
      context, StringAttr::get(context, measure),
      FloatAttr::get(Float64Type::get(context), value));
}

void SeparabilityAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printer.printKeywordOrString(getMeasure().getValue());
  printer << " = ";
  syntax::printRoundTripDouble(printer.getStream(), getValueAsDouble());
  printer << ">";
}

//===----------------------------------------------------------------------===//
// #qnn.kernel and #qnn.target
//===----------------------------------------------------------------------===//

LogicalResult KernelAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 KernelKind kind, WeightStorage weights,
                                 Layout layout, DotISA isa, FmaISA fma,
                                 int64_t panel) {
  if (panel != 0 && (kind != KernelKind::BitSerial || !isPanelWidth(panel)))
    return emitError() << "a panel of " << panel
                       << " channels needs a bitserial kernel and a width of "
                          "2, 4 or 8";
  // A depthwise direct_conv channels last may run on FMA vectors too.
  bool fmaDirectConv = kind == KernelKind::DirectConv && fma != FmaISA::None;
  if (fmaDirectConv && layout != Layout::NHWC)
    return emitError() << "kernel 'direct_conv' with an fma needs layout nhwc";
  if (!fmaDirectConv && (kind == KernelKind::F32Fma) != (fma != FmaISA::None))
    return emitError() << "kernel '" << stringifyKernelKind(kind) << "' "
                       << (fma == FmaISA::None
                               ? "needs an fma (avx512, avx2 or neon)"
                               : "takes no fma");
  if ((kind == KernelKind::Int8Dot) != (isa != DotISA::None))
    return emitError() << "kernel '" << stringifyKernelKind(kind) << "' "
                       << (isa == DotISA::None
                               ? "needs an isa (avx512_vnni, avx_vnni, avx2, "
                                 "neon_sdot or neon_i8mm)"
                               : "takes no isa");
  bool fits = false;
  switch (kind) {
  case KernelKind::BitSerial:
    fits = weights == WeightStorage::BitPlanes;
    break;
  case KernelKind::F32Gemm:
    fits = weights == WeightStorage::ChannelPlanes ||
           weights == WeightStorage::Codes;
    break;
  case KernelKind::IntGemm:
    fits = weights == WeightStorage::Codes;
    break;
  case KernelKind::DirectConv:
    // Codes of a quantized grouped convolution, or a float one's weights.
    fits = weights == WeightStorage::Codes || weights == WeightStorage::F32;
    break;
  case KernelKind::Int8Dot:
    fits = weights == WeightStorage::Panels;
    break;
  case KernelKind::F32Fma:
    fits = weights == WeightStorage::F32;
    break;
  }
  if (!fits)
    return emitError() << "kernel '" << stringifyKernelKind(kind)
                       << "' cannot read weights stored as '"
                       << stringifyWeightStorage(weights) << "'";
  return success();
}

/// The LLVM features kernel selection and lowering look at, per architecture.
static constexpr StringLiteral kX86KernelFeatures[] = {
    "avx2",       "fma",        "avx512f", "avx512bw", "avx512vl",
    "avx512vpopcntdq", "avx512vnni", "avxvnni", "amx-tile", "amx-int8"};
static constexpr StringLiteral kAArch64KernelFeatures[] = {"neon", "dotprod",
                                                           "i8mm"};

TargetAttr TargetAttr::get(MLIRContext *context, StringRef triple,
                           StringRef cpu,
                           function_ref<bool(StringRef)> hasFeature) {
  llvm::Triple parsed(triple);
  ArrayRef<StringLiteral> known;
  if (parsed.isX86())
    known = kX86KernelFeatures;
  else if (parsed.isAArch64())
    known = kAArch64KernelFeatures;
  std::string features;
  for (StringRef feature : known) {
    if (!hasFeature(feature))
      continue;
    if (!features.empty())
      features += ',';
    features += feature.str();
  }
  return get(context, triple, cpu, features);
}

TargetAttr TargetAttr::getHost(MLIRContext *context) {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  return get(context, llvm::sys::getProcessTriple(),
             llvm::sys::getHostCPUName(),
             [&](StringRef name) { return features.lookup(name); });
}

bool TargetAttr::hasFeature(StringRef feature) const {
  SmallVector<StringRef> features;
  getFeatures().split(features, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  return llvm::is_contained(features, feature);
}

bool TargetAttr::isX86() const { return llvm::Triple(getTriple()).isX86(); }

bool TargetAttr::isAArch64() const {
  return llvm::Triple(getTriple()).isAArch64();
}

int64_t TargetAttr::getPopcountLanes() const {
  if (isAArch64())
    return 2;
  if (!isX86())
    return 1;
  if (hasFeature("avx512vpopcntdq") && hasFeature("avx512f"))
    return 8;
  return hasFeature("avx2") ? 4 : 1;
}

int64_t mlir::qnn::getDotLanes(DotISA isa) {
  switch (isa) {
  case DotISA::AVX512VNNI:
    return 16;
  case DotISA::NeonSdot:
  case DotISA::NeonI8mm:
    return 4;
  default:
    return 8;
  }
}

int64_t mlir::qnn::getDotGroupSize(DotISA isa) {
  return isa == DotISA::NeonI8mm ? 8 : 4;
}

DotISA TargetAttr::getDotISA() const {
  if (isAArch64())
    return hasFeature("i8mm")      ? DotISA::NeonI8mm
           : hasFeature("dotprod") ? DotISA::NeonSdot
                                   : DotISA::None;
  if (!isX86())
    return DotISA::None;
  bool avx512vnni = hasFeature("avx512vnni");
  if (avx512vnni && hasFeature("avx512f"))
    return DotISA::AVX512VNNI;
  if (hasFeature("avxvnni") || (avx512vnni && hasFeature("avx512vl")))
    return DotISA::AVXVNNI;
  return hasFeature("avx2") ? DotISA::AVX2 : DotISA::None;
}

FmaISA TargetAttr::getFmaISA() const {
  if (isAArch64())
    return FmaISA::Neon;
  if (!isX86())
    return FmaISA::None;
  if (hasFeature("avx512f"))
    return FmaISA::AVX512;
  if (hasFeature("avx2") && hasFeature("fma"))
    return FmaISA::AVX2;
  return FmaISA::None;
}

int64_t TargetAttr::getRegisterBudget() const {
  // NEON has 32 vector registers: tiles may be larger than the SSE2 budget
  // that lanes 2 defaults to (docs/kernels.md measured 14 spill-free).
  return isAArch64() ? 14 : 0;
}

std::string TargetAttr::getISAName() const {
  if (isAArch64()) {
    std::string name = "NEON";
    if (hasFeature("dotprod"))
      name += " dotprod";
    if (hasFeature("i8mm"))
      name += " i8mm";
    return name;
  }
  if (!isX86())
    return "scalar";
  std::string name;
  if (hasFeature("avx512f")) {
    name = "AVX-512";
    if (hasFeature("avx512vpopcntdq"))
      name += " VPOPCNTDQ";
    if (hasFeature("avx512vnni"))
      name += " VNNI";
  } else if (hasFeature("avx2")) {
    name = "AVX2";
    if (hasFeature("avxvnni"))
      name += " AVX-VNNI";
  } else {
    name = "x86-64";
  }
  if (hasFeature("amx-int8"))
    name += " AMX-INT8";
  return name;
}
