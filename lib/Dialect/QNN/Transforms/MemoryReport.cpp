//===- MemoryReport.cpp - per-layer memory report ---------------*- C++ -*-===//
//
// Implements qnn-memory-report: each layer's bitwidths and packed weight
// bytes, the totals, and the saving against the homogeneous network, as a
// text table or as the report JSON of docs/architecture.md section 4.
//
//===----------------------------------------------------------------------===//

#include "qnn/Analysis/LayerGraph.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/MemoryReport.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/KernelChoice.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNMEMORYREPORT
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

std::string formatSeparability(SeparabilityAttr separability) {
  if (!separability)
    return "-";
  std::string text;
  llvm::raw_string_ostream(text)
      << separability.getMeasure().getValue() << " = "
      << llvm::format("%g", separability.getValueAsDouble());
  return text;
}

} // namespace

void mlir::qnn::printMemoryReportText(const MemoryReport &report,
                                      raw_ostream &os) {
  static constexpr const char *kHeader[] = {
      "layer",           "op",           "params",      "weight_bits",
      "activation_bits", "packed_bytes", "separability"};
  SmallVector<std::array<std::string, 7>> cells;
  for (const MemoryReportLayer &row : report.layers)
    cells.push_back({row.name, row.op, std::to_string(row.params),
                     std::to_string(row.bits.weight),
                     std::to_string(row.bits.activation),
                     std::to_string(row.packedBytes),
                     formatSeparability(row.separability)});
  std::array<size_t, 7> widths;
  for (size_t column = 0; column < 7; ++column) {
    widths[column] = StringRef(kHeader[column]).size();
    for (const auto &line : cells)
      widths[column] = std::max(widths[column], line[column].size());
  }
  // Text columns left-aligned, numbers right-aligned.
  auto printLine = [&](auto cell) {
    for (size_t column = 0; column < 7; ++column) {
      bool numeric = column >= 2 && column <= 5;
      os << (column == 0 ? "" : "  ");
      if (numeric)
        os << llvm::right_justify(cell(column), widths[column]);
      else if (column == 6)
        os << cell(column);
      else
        os << llvm::left_justify(cell(column), widths[column]);
    }
    os << "\n";
  };

  os << "qnn memory report: " << report.layers.size()
     << " layers in data-flow order\n";
  printLine([&](size_t column) { return StringRef(kHeader[column]); });
  for (const auto &line : cells)
    printLine([&](size_t column) { return StringRef(line[column]); });
  os << "total params: " << report.totalParams << "\n";
  os << "total packed bytes: " << report.totalPackedBytes << "\n";
  os << "homogeneous " << report.homogeneousBits
     << "-bit network: " << report.homogeneousPackedBytes << " bytes\n";
  os << llvm::formatv("saving: {0:P2}\n", report.saving());
  if (report.totalStoredBytes)
    os << "weight bytes as the chosen kernels store them: "
       << *report.totalStoredBytes << "\n";
  if (report.workspaceBytes)
    os << "workspace bytes (the temporaries of one call): "
       << *report.workspaceBytes << "\n";
}

void mlir::qnn::printMemoryReportJson(const MemoryReport &report,
                                      raw_ostream &os) {
  llvm::json::Array layers;
  for (const MemoryReportLayer &row : report.layers) {
    llvm::json::Object layer{
        {"name", row.name},
        {"op", row.op},
        {"params", row.params},
        {"weight_bits", int64_t(row.bits.weight)},
        {"activation_bits", int64_t(row.bits.activation)},
        {"packed_bytes", int64_t(row.packedBytes)},
        {"homogeneous_packed_bytes", int64_t(row.homogeneousBytes)},
    };
    if (row.kernel) {
      layer["kernel"] = stringifyKernelKind(row.kernel.getKind());
      layer["weight_storage"] = stringifyWeightStorage(row.kernel.getWeights());
      layer["stored_bytes"] = int64_t(row.storedBytes);
    }
    if (row.separability) {
      layer["separability"] = row.separability.getValueAsDouble();
      layer["separability_measure"] = row.separability.getMeasure().getValue();
    } else {
      layer["separability"] = nullptr;
      layer["separability_measure"] = nullptr;
    }
    layers.push_back(std::move(layer));
  }
  llvm::json::Object root{
      {"layers", std::move(layers)},
      {"total_params", report.totalParams},
      {"total_packed_bytes", int64_t(report.totalPackedBytes)},
      {"homogeneous_bits", int64_t(report.homogeneousBits)},
      {"homogeneous_packed_bytes", int64_t(report.homogeneousPackedBytes)},
      {"total_stored_bytes",
       report.totalStoredBytes ? llvm::json::Value(int64_t(*report.totalStoredBytes))
                               : llvm::json::Value(nullptr)},
      {"saving", report.saving()},
  };
  if (report.workspaceBytes)
    root["workspace_bytes"] = int64_t(*report.workspaceBytes);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
}

FailureOr<MemoryReport> mlir::qnn::buildMemoryReport(Operation *root) {
  LayerGraph graph(root);
  MemoryReport report;
  bool failedAny = false;
  // In a QONNX model the exporter fixed every layer's bits: a layer without
  // quantized weights is a float layer.
  bool bitsFromModel = false;
  for (Operation *op = root; op && !bitsFromModel; op = op->getParentOp())
    bitsFromModel = op->hasAttr(QNNDialect::kQuantizedModelAttrName);
  for (unsigned i = 0; i < graph.size(); ++i) {
    Operation *layer = graph.getLayer(i);
    std::optional<LayerBits> bits = getLayerBits(layer);
    bool isFloat = !bits && bitsFromModel;
    if (isFloat)
      bits = LayerBits{LayerBits::kFloatBits, LayerBits::kFloatBits};
    FailureOr<LayerGeometry> geometry = getLayerGeometry(layer);
    if (!bits) {
      layer->emitError()
          << "layer '" << graph.getName(i) << "' has no '"
          << QNNDialect::kBitwidthAttrName
          << "': assign bitwidths (qnn-assign-bitwidth) before "
             "reporting memory";
      failedAny = true;
      continue;
    }
    if (failed(geometry)) {
      layer->emitError() << "layer '" << graph.getName(i)
                         << "' needs a static weight shape";
      failedAny = true;
      continue;
    }
    auto kernel = layer->getAttrOfType<KernelAttr>(QNNDialect::kKernelAttrName);
    uint64_t storedBytes = 0;
    if (isFloat && report.totalStoredBytes) {
      storedBytes = geometry->params * sizeof(float);
      *report.totalStoredBytes += storedBytes;
    } else if (kernel && report.totalStoredBytes) {
      storedBytes = getWeightStorageBytes(
          kernel.getWeights(),
          cast<QuantType>(cast<ShapedType>(layer->getOperand(1).getType())
                              .getElementType()),
          getLayerGemmShape(layer), kernel.getIsa(), kernel.getPanel());
      *report.totalStoredBytes += storedBytes;
    } else {
      report.totalStoredBytes.reset();
    }
    report.layers.push_back(
        {graph.getName(i), layer->getName().getStringRef().str(),
         geometry->params, *bits, geometry->packedBytes(bits->weight), 0,
         kernel, storedBytes,
         layer->getAttrOfType<SeparabilityAttr>(
             QNNDialect::kSeparabilityAttrName)});
    report.totalParams += geometry->params;
    report.totalPackedBytes += report.layers.back().packedBytes;
  }
  if (failedAny)
    return failure();

  // The homogeneous network runs every layer at the first layer's bits.
  if (!report.layers.empty()) {
    report.homogeneousBits = report.layers.front().bits.weight;
    for (unsigned i = 0; i < graph.size(); ++i) {
      uint64_t bytes = getLayerGeometry(graph.getLayer(i))
                           ->packedBytes(report.homogeneousBits);
      report.layers[i].homogeneousBytes = bytes;
      report.homogeneousPackedBytes += bytes;
    }
  }

  if (auto workspace = root->getAttrOfType<IntegerAttr>(
          QNNDialect::kWorkspaceBytesAttrName))
    report.workspaceBytes = workspace.getInt();
  return report;
}

namespace {

struct QNNMemoryReportPass
    : qnn::impl::QNNMemoryReportBase<QNNMemoryReportPass> {
  using Base::Base;

  void runOnOperation() override {
    Operation *root = getOperation();

    FailureOr<MemoryReport> report = buildMemoryReport(root);
    if (failed(report))
      return signalPassFailure();

    std::string text;
    llvm::raw_string_ostream os(text);
    if (format == ReportFormat::Json)
      printMemoryReportJson(*report, os);
    else
      printMemoryReportText(*report, os);
    os.flush();

    if (output == "stderr") {
      llvm::errs() << text;
    } else if (output == "-") {
      llvm::outs() << text;
      llvm::outs().flush();
    } else {
      std::string message;
      std::unique_ptr<llvm::ToolOutputFile> file =
          openOutputFile(output, &message);
      if (!file) {
        emitError(root->getLoc())
            << "cannot write the memory report: " << message;
        return signalPassFailure();
      }
      file->os() << text;
      file->keep();
    }
    markAllAnalysesPreserved();
  }
};

} // namespace
