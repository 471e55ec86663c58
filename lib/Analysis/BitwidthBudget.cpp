//===- BitwidthBudget.cpp - exact budgeted bitwidth choice ------*- C++ -*-===//
//
// Dynamic programming over the layers in data-flow order; the state is the
// choice of each live layer and every state keeps a Pareto frontier of
// (bytes, cost). See BitwidthBudget.h for why this is exact.
//
//===----------------------------------------------------------------------===//

#include "qnn/Analysis/BitwidthBudget.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

using namespace mlir::qnn;

namespace {

/// A partial assignment of layers 0..i: its totals, the option it chose for
/// layer i, and the entry of step i - 1 it extends.
struct Entry {
  uint64_t bytes;
  double cost;
  uint32_t parent;
  uint32_t option;
};

constexpr uint32_t kNoParent = std::numeric_limits<uint32_t>::max();

/// Checks the problem; returns an error message, or "" when it is well formed.
std::string validate(const std::vector<BudgetLayer> &layers) {
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const BudgetLayer &layer = layers[i];
    std::string where = "layer " + std::to_string(i) + ": ";
    if (layer.options.empty())
      return where + "no bitwidth options";
    for (std::size_t a = 0; a < layer.options.size(); ++a) {
      if (!std::isfinite(layer.options[a].cost))
        return where + "cost is not finite";
      for (std::size_t b = a + 1; b < layer.options.size(); ++b)
        if (layer.options[a].bits == layer.options[b].bits)
          return where + "bitwidth " + std::to_string(layer.options[a].bits) +
                 " listed twice";
    }
    for (unsigned pred : layer.predecessors)
      if (pred >= i)
        return where + "predecessor " + std::to_string(pred) +
               " does not come before it (layers must be in data-flow order)";
  }
  return "";
}

/// The predecessors of each layer in the transitive reduction of the graph:
/// an edge implied by a longer path adds no constraint (bitwidths compare
/// transitively) but would keep its source live, widening the DP state.
std::vector<std::vector<unsigned>>
reducePredecessors(const std::vector<BudgetLayer> &layers) {
  std::size_t count = layers.size();
  std::vector<std::vector<bool>> ancestors(count, std::vector<bool>(count));
  std::vector<std::vector<unsigned>> reduced(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<unsigned> preds = layers[i].predecessors;
    std::sort(preds.begin(), preds.end());
    preds.erase(std::unique(preds.begin(), preds.end()), preds.end());
    for (unsigned pred : preds) {
      bool implied =
          std::any_of(preds.begin(), preds.end(), [&](unsigned other) {
            return other != pred && ancestors[other][pred];
          });
      if (!implied)
        reduced[i].push_back(pred);
      ancestors[i][pred] = true;
      for (std::size_t j = 0; j < count; ++j)
        if (ancestors[pred][j])
          ancestors[i][j] = true;
    }
  }
  return reduced;
}

/// Encodes the choices of the live layers as one mixed-radix number.
struct StateSpace {
  std::vector<unsigned> live;
  std::vector<uint64_t> strides;

  uint64_t choiceOf(uint64_t key, std::size_t slot,
                    const std::vector<BudgetLayer> &layers) const {
    return key / strides[slot] % layers[live[slot]].options.size();
  }
};

} // namespace

BudgetResult
mlir::qnn::solveBitwidthBudget(const std::vector<BudgetLayer> &layers,
                               uint64_t budget, std::size_t maxStates) {
  BudgetResult result;
  result.message = validate(layers);
  if (!result.message.empty())
    return result;
  std::size_t count = layers.size();
  if (count == 0) {
    result.status = BudgetStatus::Solved;
    return result;
  }

  std::vector<std::vector<unsigned>> preds = reducePredecessors(layers);
  // A layer stays live until its last successor has been assigned.
  std::vector<std::size_t> lastUse(count, 0);
  for (std::size_t i = 0; i < count; ++i)
    for (unsigned pred : preds[i])
      lastUse[pred] = std::max(lastUse[pred], i);

  // The live layers after each step, and the size of each state space.
  std::vector<StateSpace> spaces(count);
  for (std::size_t i = 0; i < count; ++i) {
    uint64_t stride = 1;
    for (std::size_t u = 0; u <= i; ++u) {
      if (lastUse[u] <= i)
        continue;
      spaces[i].live.push_back(u);
      spaces[i].strides.push_back(stride);
      uint64_t radix = layers[u].options.size();
      if (stride > maxStates / radix) {
        result.status = BudgetStatus::TooWide;
        result.message = "after layer " + std::to_string(i) + ", " +
                         std::to_string(spaces[i].live.size()) +
                         " branches are open at once: more than " +
                         std::to_string(maxStates) +
                         " bitwidth combinations to track";
        return result;
      }
      stride *= radix;
    }
  }

  // Step by step: the frontier of each state, flattened into `arena[i]`
  // (kept for backtracking), and the fewest bytes reaching each state
  // regardless of the budget (for the error that names the smallest budget).
  std::vector<std::vector<Entry>> arena(count);
  std::map<uint64_t, std::pair<uint32_t, uint32_t>> frontierOf; // key -> range
  std::map<uint64_t, uint64_t> minBytesOf;
  // Before layer 0: one empty assignment.
  std::vector<Entry> start = {{0, 0.0, kNoParent, 0}};
  StateSpace noLive;
  frontierOf[0] = {0, 1};
  minBytesOf[0] = 0;

  for (std::size_t i = 0; i < count; ++i) {
    const StateSpace &before = i == 0 ? noLive : spaces[i - 1];
    const StateSpace &after = spaces[i];
    const std::vector<Entry> &previous = i == 0 ? start : arena[i - 1];
    const BudgetLayer &layer = layers[i];

    // Where each live slot after this step comes from before it.
    std::vector<int> slotBefore(after.live.size(), -1);
    for (std::size_t s = 0; s < after.live.size(); ++s)
      for (std::size_t t = 0; t < before.live.size(); ++t)
        if (before.live[t] == after.live[s])
          slotBefore[s] = int(t);
    std::vector<std::size_t> predSlots;
    for (unsigned pred : preds[i])
      for (std::size_t t = 0; t < before.live.size(); ++t)
        if (before.live[t] == pred)
          predSlots.push_back(t);

    std::map<uint64_t, std::vector<Entry>> candidates;
    std::map<uint64_t, uint64_t> nextMinBytes;
    for (const auto &[stateKey, minBytes] : minBytesOf) {
      // A plain copy: lambdas cannot capture structured bindings in C++17.
      uint64_t key = stateKey;
      for (uint32_t option = 0; option < layer.options.size(); ++option) {
        const BitwidthOption &choice = layer.options[option];
        bool monotone =
            std::all_of(predSlots.begin(), predSlots.end(), [&](std::size_t t) {
              const BudgetLayer &predLayer = layers[before.live[t]];
              return choice.bits <=
                     predLayer.options[before.choiceOf(key, t, layers)].bits;
            });
        if (!monotone)
          continue;
        uint64_t nextKey = 0;
        for (std::size_t s = 0; s < after.live.size(); ++s) {
          uint64_t digit = after.live[s] == i
                               ? option
                               : before.choiceOf(key, slotBefore[s], layers);
          nextKey += digit * after.strides[s];
        }
        uint64_t reached = minBytes + choice.bytes;
        auto [it, inserted] = nextMinBytes.try_emplace(nextKey, reached);
        if (!inserted)
          it->second = std::min(it->second, reached);

        auto range = frontierOf.find(key);
        if (range == frontierOf.end())
          continue;
        for (uint32_t e = range->second.first; e < range->second.second; ++e) {
          const Entry &entry = previous[e];
          uint64_t bytes = entry.bytes + choice.bytes;
          if (bytes > budget)
            continue;
          candidates[nextKey].push_back(
              {bytes, entry.cost + choice.cost, e, option});
        }
      }
    }
    if (nextMinBytes.empty()) {
      result.status = BudgetStatus::NoMonotoneAssignment;
      result.message = "no bitwidth of layer " + std::to_string(i) +
                       " is at most that of every layer before it";
      return result;
    }

    // Keep each state's Pareto frontier: sorted by bytes, strictly
    // decreasing cost.
    frontierOf.clear();
    for (auto &[key, entries] : candidates) {
      std::sort(
          entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
            return a.bytes != b.bytes ? a.bytes < b.bytes : a.cost < b.cost;
          });
      uint32_t begin = arena[i].size();
      double bestCost = std::numeric_limits<double>::infinity();
      for (const Entry &entry : entries) {
        if (entry.cost >= bestCost)
          continue;
        bestCost = entry.cost;
        arena[i].push_back(entry);
      }
      frontierOf[key] = {begin, uint32_t(arena[i].size())};
    }
    minBytesOf = std::move(nextMinBytes);
  }

  // No layer is live after the last one: a single final state, key 0.
  result.minFeasibleBytes = minBytesOf.begin()->second;
  auto final = frontierOf.find(0);
  if (final == frontierOf.end() ||
      final->second.first == final->second.second) {
    result.status = BudgetStatus::OverBudget;
    return result;
  }
  // The frontier's cost strictly decreases with bytes: its last entry has
  // the lowest cost, and the fewest bytes among assignments of that cost.
  uint32_t index = final->second.second - 1;
  result.status = BudgetStatus::Solved;
  result.bytes = arena[count - 1][index].bytes;
  result.cost = arena[count - 1][index].cost;
  result.bits.assign(count, 0);
  for (std::size_t i = count; i-- > 0;) {
    const Entry &entry = arena[i][index];
    result.bits[i] = layers[i].options[entry.option].bits;
    index = entry.parent;
  }
  return result;
}
