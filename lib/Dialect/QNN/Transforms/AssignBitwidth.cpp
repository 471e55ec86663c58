//===- AssignBitwidth.cpp - progressive bitwidth assignment -----*- C++ -*-===//
//
// Implements qnn-assign-bitwidth: gives every graph-level layer weight and
// activation bitwidths that never increase along the data flow, by measured
// separability, under a memory budget, by an explicit schedule, or
// uniformly. The reasoning behind each choice is in
// docs/bitwidth-assignment.md.
//
//===----------------------------------------------------------------------===//

#include "qnn/Analysis/BitwidthBudget.h"
#include "qnn/Analysis/LayerGraph.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <limits>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNASSIGNBITWIDTH
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

using Strategy = BitwidthStrategy;

/// The default candidate set of the separability and budget strategies.
constexpr unsigned kDefaultCandidates[] = {8, 6, 4, 3, 2, 1};

/// Keeps the budget objective from ignoring the most separable layer
/// entirely: with weight 0 its bitwidth would not matter to the objective,
/// and a generous budget would not buy it any precision.
constexpr double kSensitivityFloor = 0.1;

constexpr unsigned kMaxBits = 8;

/// Separability below this counts as this, so that ratios stay finite.
constexpr double kSeparabilityFloor = 1e-12;

/// A memory budget as given: bytes, or a fraction of the homogeneous network.
struct Budget {
  bool isFraction = false;
  uint64_t bytes = 0;
  double fraction = 0.0;
};

/// The pass options, checked.
struct Config {
  Strategy strategy = Strategy::Separability;
  /// Distinct, in decreasing order.
  SmallVector<unsigned> candidates;
  Budget budget;
  SmallVector<unsigned> schedule;
  /// Empty: the same as the weights.
  std::optional<unsigned> activationBits;
};

/// Parses `budget=`: an integer is bytes; a number with a decimal point is
/// a fraction of the homogeneous network in (0, 1].
FailureOr<Budget> parseBudget(StringRef text) {
  Budget budget;
  text = text.trim();
  if (text.contains('.')) {
    double fraction;
    if (text.getAsDouble(fraction) || !(fraction > 0.0 && fraction <= 1.0))
      return failure();
    budget.isFraction = true;
    budget.fraction = fraction;
    return budget;
  }
  if (text.getAsInteger(10, budget.bytes))
    return failure();
  return budget;
}

/// Bitwidths as the options spell them, e.g. `8,4,2`.
std::string describeList(ArrayRef<unsigned> values) {
  return llvm::join(
      llvm::map_range(values, [](unsigned v) { return std::to_string(v); }),
      ",");
}

struct QNNAssignBitwidthPass
    : qnn::impl::QNNAssignBitwidthBase<QNNAssignBitwidthPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  FailureOr<Config> checkOptions();
  /// Normalized separability of the layers not pinned by a policy, by index;
  /// fails (with an error at the layer) when one has none.
  FailureOr<SmallVector<double>> normalizedSeparability(const LayerGraph &graph,
                                                        ArrayRef<bool> isFree) {
    return separabilityOf(graph, isFree, /*normalize=*/true);
  }
  /// The measured values of the free layers, unnormalized.
  FailureOr<SmallVector<double>> rawSeparability(const LayerGraph &graph,
                                                 ArrayRef<bool> isFree) {
    return separabilityOf(graph, isFree, /*normalize=*/false);
  }
  FailureOr<SmallVector<double>> separabilityOf(const LayerGraph &graph,
                                                ArrayRef<bool> isFree,
                                                bool normalize);
  LogicalResult enforceMonotonicity(const LayerGraph &graph,
                                    ArrayRef<bool> isFree,
                                    ArrayRef<bool> isExempt,
                                    ArrayRef<unsigned> allowed,
                                    SmallVectorImpl<unsigned> &bits);
  LogicalResult solveBudget(const LayerGraph &graph, const Config &config,
                            ArrayRef<bool> isFree, ArrayRef<bool> isExempt,
                            ArrayRef<std::optional<unsigned>> pinned,
                            SmallVectorImpl<unsigned> &bits);
};

FailureOr<Config> QNNAssignBitwidthPass::checkOptions() {
  Operation *root = getOperation();
  Config config;
  config.strategy = strategy;
  bool choosesFromCandidates = config.strategy == Strategy::Separability ||
                               config.strategy == Strategy::Budget;

  auto inRange = [](unsigned value) { return value >= 1 && value <= kMaxBits; };
  if (!candidates.empty() && !choosesFromCandidates)
    return emitError(root->getLoc())
           << "'candidates' applies to strategy=separability and "
              "strategy=budget only";
  config.candidates.assign(candidates.begin(), candidates.end());
  if (config.candidates.empty())
    config.candidates.assign(std::begin(kDefaultCandidates),
                             std::end(kDefaultCandidates));
  if (!llvm::all_of(config.candidates, inRange))
    return emitError(root->getLoc())
           << "candidates must be bitwidths in [1, " << kMaxBits << "], got "
           << describeList(config.candidates);
  llvm::sort(config.candidates, std::greater<unsigned>());
  config.candidates.erase(llvm::unique(config.candidates),
                          config.candidates.end());

  if (!budget.empty() && config.strategy != Strategy::Budget)
    return emitError(root->getLoc())
           << "'budget' applies to strategy=budget only";
  if (config.strategy == Strategy::Budget) {
    if (budget.empty())
      return emitError(root->getLoc())
             << "strategy=budget needs 'budget': bytes (budget=12000) or a "
                "fraction of the homogeneous network (budget=0.6)";
    auto parsedBudget = parseBudget(budget);
    if (failed(parsedBudget))
      return emitError(root->getLoc())
             << "bad budget '" << budget
             << "': expected bytes (an integer) or a fraction in (0, 1] with a "
                "decimal point";
    config.budget = *parsedBudget;
  }

  if (!schedule.empty() && config.strategy != Strategy::Schedule)
    return emitError(root->getLoc())
           << "'schedule' applies to strategy=schedule only";
  if (config.strategy == Strategy::Schedule) {
    config.schedule.assign(schedule.begin(), schedule.end());
    if (config.schedule.empty())
      return emitError(root->getLoc())
             << "strategy=schedule needs 'schedule', e.g. schedule=8,4,2";
    if (!llvm::all_of(config.schedule, inRange))
      return emitError(root->getLoc())
             << "schedule stages must be bitwidths in [1, " << kMaxBits
             << "], got " << describeList(config.schedule);
    if (!llvm::is_sorted(config.schedule, std::greater<unsigned>()))
      return emitError(root->getLoc())
             << "schedule must not increase (bitwidths never increase with "
                "depth), got "
             << describeList(config.schedule);
  }

  if (!inRange(bits))
    return emitError(root->getLoc())
           << "bits must be in [1, " << kMaxBits << "], got " << unsigned(bits);
  if (firstLayerBits > kMaxBits)
    return emitError(root->getLoc())
           << "first-layer-bits must be in [0, " << kMaxBits
           << "] (0: no policy), got " << unsigned(firstLayerBits);
  if (budgetReferenceBits > kMaxBits)
    return emitError(root->getLoc())
           << "budget-reference-bits must be in [0, " << kMaxBits
           << "] (0: every layer at first-layer-bits), got "
           << unsigned(budgetReferenceBits);
  if (budgetReferenceBits != 0 && config.strategy != Strategy::Budget)
    return emitError(root->getLoc())
           << "'budget-reference-bits' applies to strategy=budget only";
  if (lastLayerBits > kMaxBits)
    return emitError(root->getLoc())
           << "last-layer-bits must be in [0, " << kMaxBits
           << "] (0: no policy), got " << unsigned(lastLayerBits);
  if (activationBits != "same") {
    unsigned value;
    if (StringRef(activationBits).getAsInteger(10, value) || !inRange(value))
      return emitError(root->getLoc())
             << "activation-bits must be 'same' or in [1, " << kMaxBits
             << "], got '" << activationBits << "'";
    config.activationBits = value;
  }
  return config;
}

FailureOr<SmallVector<double>>
QNNAssignBitwidthPass::separabilityOf(const LayerGraph &graph,
                                      ArrayRef<bool> isFree, bool normalize) {
  SmallVector<double> values(graph.size(), 0.0);
  std::optional<std::pair<StringAttr, unsigned>> firstMeasure;
  bool failedAny = false;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (unsigned i = 0; i < graph.size(); ++i) {
    if (!isFree[i])
      continue;
    Operation *layer = graph.getLayer(i);
    auto separability = layer->getAttrOfType<SeparabilityAttr>(
        QNNDialect::kSeparabilityAttrName);
    if (!separability) {
      layer->emitError()
          << "layer '" << graph.getName(i) << "' has no '"
          << QNNDialect::kSeparabilityAttrName << "': strategy="
          << (strategy == Strategy::Budget ? "budget" : "separability")
          << " needs one on every layer it assigns (measure "
             "separability first, or use strategy=schedule or uniform)";
      failedAny = true;
      continue;
    }
    // Values of different measures are not comparable.
    if (!firstMeasure) {
      firstMeasure = {separability.getMeasure(), i};
    } else if (firstMeasure->first != separability.getMeasure()) {
      layer->emitError() << "layer '" << graph.getName(i)
                         << "' has separability measured by '"
                         << separability.getMeasure().getValue() << "', layer '"
                         << graph.getName(firstMeasure->second) << "' by '"
                         << firstMeasure->first.getValue() << "'";
      failedAny = true;
      continue;
    }
    values[i] = separability.getValueAsDouble();
    low = std::min(low, values[i]);
    high = std::max(high, values[i]);
  }
  if (failedAny)
    return failure();
  if (!normalize)
    return values;
  // Min-max over the layers being assigned; equal values say nothing about
  // which layer needs fewer bits, so they all count as least separable.
  for (unsigned i = 0; i < graph.size(); ++i)
    values[i] =
        isFree[i] && high > low ? (values[i] - low) / (high - low) : 0.0;
  return values;
}

/// Lowers each free layer's bitwidth to the smallest of its constraining
/// predecessors', snapped down to `allowed` when it is not empty. Going in
/// data-flow order, every predecessor is final before its successors.
LogicalResult QNNAssignBitwidthPass::enforceMonotonicity(
    const LayerGraph &graph, ArrayRef<bool> isFree, ArrayRef<bool> isExempt,
    ArrayRef<unsigned> allowed, SmallVectorImpl<unsigned> &bits) {
  for (unsigned i = 0; i < graph.size(); ++i) {
    if (!isFree[i] || isExempt[i])
      continue;
    unsigned bound = bits[i];
    std::optional<unsigned> boundingPred;
    for (unsigned pred : graph.getPredecessors(i)) {
      if (bits[pred] < bound) {
        bound = bits[pred];
        boundingPred = pred;
      }
    }
    if (allowed.empty()) {
      bits[i] = bound;
      continue;
    }
    const unsigned *fit =
        llvm::find_if(allowed, [&](unsigned c) { return c <= bound; });
    if (fit == allowed.end()) {
      InFlightDiagnostic diag = graph.getLayer(i)->emitError()
                                << "no candidate bitwidth is at most " << bound;
      if (boundingPred)
        diag << ", the bitwidth of layer '" << graph.getName(*boundingPred)
             << "' before it";
      return failure();
    }
    bits[i] = *fit;
  }
  return success();
}

LogicalResult QNNAssignBitwidthPass::solveBudget(
    const LayerGraph &graph, const Config &config, ArrayRef<bool> isFree,
    ArrayRef<bool> isExempt, ArrayRef<std::optional<unsigned>> pinned,
    SmallVectorImpl<unsigned> &bits) {
  Operation *root = getOperation();
  auto separability = normalizedSeparability(graph, isFree);
  if (failed(separability))
    return failure();

  SmallVector<LayerGeometry> geometries;
  for (unsigned i = 0; i < graph.size(); ++i)
    geometries.push_back(*getLayerGeometry(graph.getLayer(i)));

  // The homogeneous network the fraction refers to: every layer at the
  // first layer's bitwidth, which is the largest any layer may get.
  // With budget-reference-bits, the layers not pinned by a policy at those
  // bits and the pinned ones at their pinned bits.
  unsigned homogeneousBits = firstLayerBits != 0 ? unsigned(firstLayerBits)
                                                 : config.candidates.front();
  if (budgetReferenceBits != 0)
    homogeneousBits = budgetReferenceBits;
  uint64_t homogeneousBytes = 0;
  for (unsigned i = 0; i < graph.size(); ++i)
    homogeneousBytes += geometries[i].packedBytes(
        budgetReferenceBits != 0 ? pinned[i].value_or(homogeneousBits)
                                 : homogeneousBits);
  uint64_t budgetBytes = config.budget.isFraction
                             ? uint64_t(std::floor(config.budget.fraction *
                                                   double(homogeneousBytes)))
                             : config.budget.bytes;

  std::vector<BudgetLayer> problem(graph.size());
  for (unsigned i = 0; i < graph.size(); ++i) {
    const LayerGeometry &geometry = geometries[i];
    if (!isExempt[i])
      problem[i].predecessors.assign(graph.getPredecessors(i).begin(),
                                     graph.getPredecessors(i).end());
    if (pinned[i]) {
      problem[i].options.push_back(
          {*pinned[i], geometry.packedBytes(*pinned[i]), 0.0});
      continue;
    }
    // Quantization noise of a uniform quantizer scales as 4^-bits per
    // weight; a layer whose features already separate the classes well
    // tolerates more of it.
    double sensitivity = 1.0 - (*separability)[i] + kSensitivityFloor;
    for (unsigned candidate : config.candidates)
      problem[i].options.push_back(
          {candidate, geometry.packedBytes(candidate),
           sensitivity *
               std::ldexp(double(geometry.params), -2 * int(candidate))});
  }

  BudgetResult result = solveBitwidthBudget(problem, budgetBytes);
  auto describeBudget = [&](InFlightDiagnostic &diag) {
    diag << "budget of " << budgetBytes << " bytes";
    if (config.budget.isFraction)
      diag << " (" << budget << " of the " << homogeneousBytes
           << " bytes of the homogeneous " << homogeneousBits
           << "-bit network)";
  };
  switch (result.status) {
  case BudgetStatus::Solved:
    bits.assign(result.bits.begin(), result.bits.end());
    return success();
  case BudgetStatus::OverBudget: {
    InFlightDiagnostic diag = emitError(root->getLoc());
    describeBudget(diag);
    diag << " is infeasible: the smallest feasible budget is "
         << result.minFeasibleBytes << " bytes";
    return failure();
  }
  case BudgetStatus::NoMonotoneAssignment:
    return emitError(root->getLoc())
           << "no assignment of candidates " << describeList(config.candidates)
           << " keeps bitwidths non-increasing under first-layer-bits="
           << unsigned(firstLayerBits);
  case BudgetStatus::TooWide:
  case BudgetStatus::InvalidProblem:
    return emitError(root->getLoc())
           << "the budget solver cannot solve this graph: " << result.message;
  }
  llvm_unreachable("unknown budget status");
}

void QNNAssignBitwidthPass::runOnOperation() {
  FailureOr<Config> config = checkOptions();
  if (failed(config))
    return signalPassFailure();

  LayerGraph graph(getOperation());
  bool valid = true;
  for (unsigned i = 0; i < graph.size(); ++i) {
    Operation *layer = graph.getLayer(i);
    if (!LayerGraph::isGraphLevelLayer(layer)) {
      layer->emitError() << "qnn-assign-bitwidth expects graph-level layers; '"
                         << layer->getName() << "' is already quantized";
      valid = false;
    } else if (failed(getLayerGeometry(layer))) {
      layer->emitError() << "layer '" << graph.getName(i)
                         << "' needs a static weight shape";
      valid = false;
    }
  }
  if (!valid)
    return signalPassFailure();
  if (graph.empty())
    return;

  // Policies: the first layers are pinned and bound everything after them;
  // the last layers are pinned and, being pinned above the layers before
  // them, exempt from monotonicity. `uniform` is the homogeneous baseline
  // and has no policy.
  unsigned count = graph.size();
  SmallVector<std::optional<unsigned>> pinned(count);
  SmallVector<bool> isExempt(count, false);
  if (config->strategy != Strategy::Uniform) {
    for (unsigned i = 0; i < count; ++i) {
      if (firstLayerBits != 0 && graph.isFirst(i)) {
        pinned[i] = firstLayerBits;
      } else if (lastLayerBits != 0 && graph.isLast(i)) {
        pinned[i] = lastLayerBits;
        isExempt[i] = true;
      }
    }
  }
  SmallVector<bool> isFree = llvm::to_vector(
      llvm::map_range(pinned, [](auto p) { return !p.has_value(); }));
  SmallVector<unsigned> freeLayers;
  for (unsigned i = 0; i < count; ++i)
    if (isFree[i])
      freeLayers.push_back(i);

  SmallVector<unsigned> weightBits(count, 0);
  for (unsigned i = 0; i < count; ++i)
    weightBits[i] = pinned[i].value_or(0);

  switch (config->strategy) {
  case Strategy::Uniform:
    weightBits.assign(count, bits);
    break;
  case Strategy::Separability: {
    auto separability = rawSeparability(graph, isFree);
    if (failed(separability))
      return signalPassFailure();
    // One bit less per doubling of separability relative to the first
    // layer being assigned, which gets the most bits: the paper's layers
    // separate the classes progressively, and a layer whose features are
    // twice as separable tolerates about twice the quantization noise
    // amplitude, i.e. one bit less. Rounded to the nearest bit, then down
    // to a candidate; never above the largest candidate.
    if (!freeLayers.empty()) {
      double reference =
          std::max((*separability)[freeLayers.front()], kSeparabilityFloor);
      for (unsigned i : freeLayers) {
        double ratio = std::max((*separability)[i], kSeparabilityFloor) /
                       reference;
        double target =
            std::round(double(config->candidates.front()) - std::log2(ratio));
        const unsigned *fit = llvm::find_if(
            config->candidates, [&](unsigned c) { return double(c) <= target; });
        weightBits[i] =
            fit == config->candidates.end() ? config->candidates.back() : *fit;
      }
    }
    if (failed(enforceMonotonicity(graph, isFree, isExempt, config->candidates,
                                   weightBits)))
      return signalPassFailure();
    break;
  }
  case Strategy::Budget:
    if (failed(
            solveBudget(graph, *config, isFree, isExempt, pinned, weightBits)))
      return signalPassFailure();
    break;
  case Strategy::Schedule: {
    // Consecutive groups of the free layers in data-flow order, earlier
    // groups one larger when the stages do not divide the layers evenly.
    // A topological order keeps a non-increasing schedule monotone on any
    // DAG; enforcing it again only matters below a pinned first layer.
    unsigned numStages = config->schedule.size();
    unsigned numFree = freeLayers.size();
    if (numStages > numFree && numFree > 0)
      emitWarning(getOperation()->getLoc())
          << "schedule has " << numStages << " stages for " << numFree
          << " layers: only the first " << numFree << " are used";
    unsigned position = 0;
    for (unsigned stage = 0; stage < numStages; ++stage) {
      unsigned groupSize =
          numFree / numStages + (stage < numFree % numStages ? 1 : 0);
      for (unsigned k = 0; k < groupSize; ++k)
        weightBits[freeLayers[position++]] = config->schedule[stage];
    }
    if (failed(enforceMonotonicity(graph, isFree, isExempt, {}, weightBits)))
      return signalPassFailure();
    break;
  }
  }

  // Activations: pinned layers take their pinned bits; the others the
  // requested bits, lowered so that they never increase either.
  SmallVector<unsigned> activationBitsOf(weightBits);
  if (config->activationBits) {
    for (unsigned i = 0; i < count; ++i)
      activationBitsOf[i] = pinned[i].value_or(*config->activationBits);
    if (failed(
            enforceMonotonicity(graph, isFree, isExempt, {}, activationBitsOf)))
      return signalPassFailure();
  }

  MLIRContext *context = &getContext();
  for (unsigned i = 0; i < count; ++i)
    graph.getLayer(i)->setAttr(
        QNNDialect::kBitwidthAttrName,
        BitwidthAttr::get(context, weightBits[i], activationBitsOf[i]));
}

} // namespace
