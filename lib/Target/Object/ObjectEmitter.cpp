//===- ObjectEmitter.cpp - LLVM dialect to a relocatable object -*- C++ -*-===//
//
// Translates a module in the LLVM dialect to LLVM IR, optimizes it at O3 and
// emits a position-independent relocatable object for the requested target.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Object/ObjectEmitter.h"

#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Target/Object/EntryFunction.h"
#include "qnn/Target/Object/LLVMWorkarounds.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>

using namespace mlir;
using namespace mlir::qnn;

/// One qnn-translate cross-compiles to every target LLVM was built with, so
/// all of them are registered, not only the native one. InitializeAllTargets
/// alone registers neither the MC layers nor the asm printers that object
/// emission needs; asm parsers are needed for inline assembly.
static void initializeAllLLVMTargets() {
  static const bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    llvm::InitializeAllAsmParsers();
    return true;
  }();
  (void)initialized;
}

namespace {
/// A target with every default filled in and every name checked.
struct ResolvedTarget {
  llvm::Triple triple;
  const llvm::Target *target = nullptr;
  std::string cpu;
  std::string features;
};
} // namespace

/// The host CPU name is meaningful for any triple with the host's
/// architecture and operating system; vendor and environment are spelled in
/// many ways (x86_64-pc-linux-gnu and x86_64-linux-gnu are the same target).
static bool isHostTarget(const llvm::Triple &triple) {
  llvm::Triple host(llvm::sys::getProcessTriple());
  return triple.getArch() == host.getArch() &&
         triple.getSubArch() == host.getSubArch() &&
         triple.getOS() == host.getOS();
}

static bool isKnownFeature(const llvm::MCSubtargetInfo &subtarget,
                           StringRef name) {
  return llvm::any_of(subtarget.getAllProcessorFeatures(),
                      [&](const llvm::SubtargetFeatureKV &feature) {
                        return name == feature.Key;
                      });
}

/// The features the host reports, in --mattr form. The host CPU's name alone
/// is not enough: a virtual machine may hide features (AVX-512, say) that
/// the CPU model has, and code using them would fault. Features the target
/// does not know are dropped, or LLVM would warn about each one.
static std::string getHostFeatures(const llvm::MCSubtargetInfo &subtarget) {
  std::string features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures()) {
    if (!isKnownFeature(subtarget, feature.getKey()))
      continue;
    if (!features.empty())
      features += ',';
    features += (feature.getValue() ? "+" : "-") + feature.getKey().str();
  }
  return features;
}

/// Checks a --mattr list and returns it without blanks. LLVM itself only
/// warns about an unknown feature and ignores it, and it reads a feature
/// without a sign as disabled: both are errors here.
static FailureOr<std::string>
checkFeatures(Location loc, StringRef features,
              const llvm::MCSubtargetInfo &subtarget,
              const llvm::Triple &triple) {
  SmallVector<StringRef> list;
  features.split(list, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::string checked;
  for (StringRef feature : list) {
    feature = feature.trim();
    if (feature.empty())
      continue;
    if (!feature.starts_with("+") && !feature.starts_with("-")) {
      return emitError(loc) << "feature '" << feature
                            << "' in --mattr must start with '+' or '-'";
    }
    if (!isKnownFeature(subtarget, feature.drop_front())) {
      return emitError(loc)
             << "unknown feature '" << feature.drop_front()
             << "' in --mattr for target '" << triple.str() << "'";
    }
    if (!checked.empty())
      checked += ',';
    checked += feature.str();
  }
  return checked;
}

static FailureOr<ResolvedTarget>
resolveTarget(Location loc, const ObjectTargetOptions &options) {
  ResolvedTarget resolved;
  std::string tripleName = options.triple.empty()
                               ? llvm::sys::getProcessTriple()
                               : llvm::Triple::normalize(options.triple);
  resolved.triple = llvm::Triple(tripleName);
  std::string error;
  resolved.target = llvm::TargetRegistry::lookupTarget(tripleName, error);
  if (!resolved.target) {
    StringRef asGiven =
        options.triple.empty() ? StringRef(tripleName) : options.triple;
    return emitError(loc) << "unknown target triple '" << asGiven
                          << "': " << error;
  }

  // A subtarget with no CPU and no features only serves to look up names:
  // one with bad names would print LLVM's own warnings.
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      resolved.target->createMCSubtargetInfo(tripleName, "", ""));
  if (!subtarget) {
    return emitError(loc) << "target '" << tripleName
                          << "' has no subtarget information";
  }

  std::string defaultFeatures;
  if (!options.cpu.empty()) {
    resolved.cpu = options.cpu;
    if (!subtarget->isCPUStringValid(resolved.cpu)) {
      return emitError(loc) << "unknown CPU '" << resolved.cpu
                            << "' in --mcpu for target '" << tripleName << "'";
    }
  } else if (isHostTarget(resolved.triple)) {
    resolved.cpu = llvm::sys::getHostCPUName().str();
    // LLVM may know the host by a name the target's table lacks; generic
    // code plus the host's features is then the closest safe choice.
    if (!subtarget->isCPUStringValid(resolved.cpu))
      resolved.cpu = "generic";
    defaultFeatures = getHostFeatures(*subtarget);
  } else {
    resolved.cpu = "generic";
  }

  FailureOr<std::string> features =
      checkFeatures(loc, options.features, *subtarget, resolved.triple);
  if (failed(features))
    return failure();
  // Later entries win in LLVM's feature strings, so --mattr overrides the
  // host's features.
  resolved.features = defaultFeatures;
  if (!resolved.features.empty() && !features->empty())
    resolved.features += ',';
  resolved.features += *features;
  return resolved;
}

FailureOr<TargetAttr>
mlir::qnn::resolveTargetAttr(MLIRContext *context, Location loc,
                             const ObjectTargetOptions &options) {
  FailureOr<ResolvedTarget> resolved = resolveTarget(loc, options);
  if (failed(resolved))
    return failure();
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      resolved->target->createMCSubtargetInfo(resolved->triple.str(),
                                              resolved->cpu, resolved->features));
  // Only features the target knows: asking about others makes LLVM warn.
  auto known = subtarget->getAllProcessorFeatures();
  return TargetAttr::get(
      context, resolved->triple.str(), resolved->cpu, [&](StringRef feature) {
        return llvm::any_of(known,
                            [&](const llvm::SubtargetFeatureKV &entry) {
                              return feature == entry.Key;
                            }) &&
               subtarget->checkFeatures(("+" + feature).str());
      });
}

namespace {
/// Reports LLVM's own errors and warnings (from the optimizer or the
/// backend, e.g. on inline assembly) as MLIR diagnostics at the module.
/// Without a handler, LLVMContext prints an error and calls exit(1), which
/// would leave a partial output file behind.
struct LLVMDiagnosticForwarder {
  Location loc;
  bool hadError = false;

  static void handle(const llvm::DiagnosticInfo *info, void *context) {
    auto *self = static_cast<LLVMDiagnosticForwarder *>(context);
    llvm::DiagnosticSeverity severity = info->getSeverity();
    if (severity != llvm::DS_Error && severity != llvm::DS_Warning)
      return;
    std::string message;
    llvm::raw_string_ostream stream(message);
    llvm::DiagnosticPrinterRawOStream printer(stream);
    info->print(printer);
    if (severity == llvm::DS_Error) {
      self->hadError = true;
      emitError(self->loc) << message;
    } else {
      emitWarning(self->loc) << message;
    }
  }
};
} // namespace

/// Runs LLVM's standard O3 pipeline with the target's cost model, as
/// `clang -O3` does, vectorizers included.
static void optimize(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::LoopAnalysisManager loopAnalyses;
  llvm::FunctionAnalysisManager functionAnalyses;
  llvm::CGSCCAnalysisManager cgsccAnalyses;
  llvm::ModuleAnalysisManager moduleAnalyses;

  llvm::PipelineTuningOptions tuning;
  tuning.LoopInterleaving = true;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  tuning.LoopUnrolling = true;

  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(moduleAnalyses);
  builder.registerCGSCCAnalyses(cgsccAnalyses);
  builder.registerFunctionAnalyses(functionAnalyses);
  builder.registerLoopAnalyses(loopAnalyses);
  builder.crossRegisterProxies(loopAnalyses, functionAnalyses, cgsccAnalyses,
                               moduleAnalyses);
  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, moduleAnalyses);
}

LogicalResult mlir::qnn::emitObject(ModuleOp module,
                                    const ObjectTargetOptions &options,
                                    llvm::SmallVectorImpl<char> &object) {
  Location loc = module.getLoc();
  if (!lookupEntryFunction(module) ||
      failed(lookupWorkspaceEntryFunction(module)))
    return failure();

  initializeAllLLVMTargets();
  FailureOr<ResolvedTarget> resolved = resolveTarget(loc, options);
  if (failed(resolved))
    return failure();

  std::unique_ptr<llvm::TargetMachine> machine(
      resolved->target->createTargetMachine(
          resolved->triple.str(), resolved->cpu, resolved->features,
          llvm::TargetOptions(), llvm::Reloc::PIC_, std::nullopt,
          llvm::CodeGenOptLevel::Aggressive));
  if (!machine) {
    return emitError(loc) << "cannot create a target machine for '"
                          << resolved->triple.str() << "'";
  }

  llvm::LLVMContext llvmContext;
  LLVMDiagnosticForwarder diagnostics{loc};
  llvmContext.setDiagnosticHandlerCallBack(LLVMDiagnosticForwarder::handle,
                                           &diagnostics);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return failure();
  // The target decides the data layout; one the module may carry from its
  // lowering describes some other machine at best.
  llvmModule->setTargetTriple(resolved->triple.str());
  llvmModule->setDataLayout(machine->createDataLayout());

  optimize(*llvmModule, *machine);
  if (diagnostics.hadError)
    return failure();
  applyLLVMWorkarounds(*llvmModule, resolved->triple);

  // Code is generated into memory: on any failure nothing reaches the
  // output file.
  SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, stream, /*DwoOut=*/nullptr,
                                   llvm::CodeGenFileType::ObjectFile)) {
    return emitError(loc) << "target '" << resolved->triple.str()
                          << "' cannot emit object files";
  }
  codegen.run(*llvmModule);
  if (diagnostics.hadError)
    return failure();
  object.append(buffer.begin(), buffer.end());
  return success();
}
