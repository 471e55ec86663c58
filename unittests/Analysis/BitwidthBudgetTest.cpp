//===- BitwidthBudgetTest.cpp - tests of the budget solver ------*- C++ -*-===//
//
// Checks solveBitwidthBudget against brute-force enumeration of every
// assignment on random small problems (chains and DAGs with pinned layers),
// and on hand-made cases whose answer is known.
//
//===----------------------------------------------------------------------===//

#include "qnn/Analysis/BitwidthBudget.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>

using namespace mlir::qnn;

namespace {

/// The best monotone assignment by enumeration of all of them, with the
/// same tie-break as the solver (cost, then bytes).
struct BruteForce {
  bool anyMonotone = false;
  uint64_t minMonotoneBytes = std::numeric_limits<uint64_t>::max();
  std::optional<double> bestCost;
  uint64_t bestBytes = 0;
};

BruteForce enumerate(const std::vector<BudgetLayer> &layers, uint64_t budget) {
  BruteForce result;
  std::vector<std::size_t> choice(layers.size(), 0);
  while (true) {
    bool monotone = true;
    for (std::size_t i = 0; i < layers.size() && monotone; ++i)
      for (unsigned pred : layers[i].predecessors)
        if (layers[i].options[choice[i]].bits >
            layers[pred].options[choice[pred]].bits)
          monotone = false;
    if (monotone) {
      uint64_t bytes = 0;
      double cost = 0.0;
      // Summed in layer order, as the solver does, so equal costs compare
      // equal.
      for (std::size_t i = 0; i < layers.size(); ++i) {
        bytes += layers[i].options[choice[i]].bytes;
        cost += layers[i].options[choice[i]].cost;
      }
      result.anyMonotone = true;
      result.minMonotoneBytes = std::min(result.minMonotoneBytes, bytes);
      if (bytes <= budget &&
          (!result.bestCost || cost < *result.bestCost ||
           (cost == *result.bestCost && bytes < result.bestBytes))) {
        result.bestCost = cost;
        result.bestBytes = bytes;
      }
    }
    // Next assignment, odometer-style.
    std::size_t i = 0;
    while (i < layers.size() && ++choice[i] == layers[i].options.size())
      choice[i++] = 0;
    if (i == layers.size())
      break;
  }
  return result;
}

/// Checks that `bits` is a valid answer to the problem with the totals the
/// solver reported.
void expectConsistent(const std::vector<BudgetLayer> &layers, uint64_t budget,
                      const BudgetResult &result) {
  ASSERT_EQ(result.bits.size(), layers.size());
  uint64_t bytes = 0;
  double cost = 0.0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    auto option = std::find_if(
        layers[i].options.begin(), layers[i].options.end(),
        [&](const BitwidthOption &o) { return o.bits == result.bits[i]; });
    ASSERT_NE(option, layers[i].options.end()) << "layer " << i;
    bytes += option->bytes;
    cost += option->cost;
    for (unsigned pred : layers[i].predecessors)
      EXPECT_LE(result.bits[i], result.bits[pred])
          << "edge " << pred << " -> " << i;
  }
  EXPECT_EQ(bytes, result.bytes);
  EXPECT_DOUBLE_EQ(cost, result.cost);
  EXPECT_LE(bytes, budget);
}

/// A random problem shaped like the pass builds them: per layer a unit of
/// bytes per bit and a cost weight * params * 4^-bits, candidates shared by
/// the free layers, some layers pinned, random forward edges.
std::vector<BudgetLayer> randomProblem(std::mt19937 &rng, bool chain) {
  std::uniform_int_distribution<int> numLayersDist(2, 6),
      numCandidatesDist(3, 6);
  std::uniform_int_distribution<int> unitDist(1, 40), paramsDist(1, 5000);
  std::uniform_real_distribution<double> weightDist(0.1, 1.1), coin(0.0, 1.0);
  int numLayers = numLayersDist(rng);
  std::vector<unsigned> all = {1, 2, 3, 4, 5, 6, 7, 8};
  std::shuffle(all.begin(), all.end(), rng);
  std::vector<unsigned> candidates(all.begin(),
                                   all.begin() + numCandidatesDist(rng));

  std::vector<BudgetLayer> layers(numLayers);
  for (int i = 0; i < numLayers; ++i) {
    uint64_t unit = 8 * unitDist(rng);
    double weight = weightDist(rng);
    double params = paramsDist(rng);
    std::vector<unsigned> bits = candidates;
    if (coin(rng) < 0.15)
      bits = {unsigned(1 + rng() % 8)}; // pinned, maybe outside the candidates
    for (unsigned b : bits)
      layers[i].options.push_back(
          {b, b * unit, weight * std::ldexp(params, -2 * int(b))});
    if (chain) {
      if (i > 0)
        layers[i].predecessors.push_back(i - 1);
      continue;
    }
    for (int pred = 0; pred < i; ++pred)
      if (coin(rng) < 0.45)
        layers[i].predecessors.push_back(pred);
  }
  return layers;
}

uint64_t maxBytes(const std::vector<BudgetLayer> &layers) {
  uint64_t total = 0;
  for (const BudgetLayer &layer : layers) {
    uint64_t most = 0;
    for (const BitwidthOption &option : layer.options)
      most = std::max(most, option.bytes);
    total += most;
  }
  return total;
}

void checkAgainstBruteForce(bool chain, unsigned seed) {
  std::mt19937 rng(seed);
  unsigned solved = 0, overBudget = 0, noMonotone = 0;
  for (int instance = 0; instance < 200; ++instance) {
    std::vector<BudgetLayer> layers = randomProblem(rng, chain);
    uint64_t budget =
        std::uniform_int_distribution<uint64_t>(0, maxBytes(layers))(rng);
    SCOPED_TRACE("instance " + std::to_string(instance) + ", budget " +
                 std::to_string(budget));
    BruteForce expected = enumerate(layers, budget);
    BudgetResult result = solveBitwidthBudget(layers, budget);
    if (!expected.anyMonotone) {
      EXPECT_EQ(result.status, BudgetStatus::NoMonotoneAssignment);
      ++noMonotone;
    } else if (!expected.bestCost) {
      ASSERT_EQ(result.status, BudgetStatus::OverBudget);
      EXPECT_EQ(result.minFeasibleBytes, expected.minMonotoneBytes);
      ++overBudget;
    } else {
      ASSERT_EQ(result.status, BudgetStatus::Solved) << result.message;
      EXPECT_EQ(result.cost, *expected.bestCost);
      EXPECT_EQ(result.bytes, expected.bestBytes);
      EXPECT_EQ(result.minFeasibleBytes, expected.minMonotoneBytes);
      expectConsistent(layers, budget, result);
      ++solved;
    }
  }
  // The random budgets exercise both outcomes.
  EXPECT_GT(solved, 50u);
  EXPECT_GT(overBudget, 5u);
  (void)noMonotone;
}

TEST(BitwidthBudget, MatchesBruteForceOnChains) {
  checkAgainstBruteForce(true, 1);
}

TEST(BitwidthBudget, MatchesBruteForceOnDAGs) {
  checkAgainstBruteForce(false, 2);
}

TEST(BitwidthBudget, MatchesBruteForceOnMoreDAGs) {
  for (unsigned seed = 3; seed < 8; ++seed)
    checkAgainstBruteForce(false, seed);
}

/// A case small enough to check by hand: (4, 4) is the only monotone
/// assignment within 440 bytes that keeps the sensitive layer above 2 bits.
TEST(BitwidthBudget, KnownOptimum) {
  auto layer = [](double weight, uint64_t unit, std::vector<unsigned> preds) {
    BudgetLayer l;
    for (unsigned b : {8u, 4u, 2u})
      l.options.push_back({b, b * unit, weight * std::ldexp(1.0, -2 * int(b))});
    l.predecessors = std::move(preds);
    return l;
  };
  // Layer 0 is large and insensitive, layer 1 small and sensitive; (8, 4),
  // which a per-layer choice would like, does not fit, and layer 1 cannot
  // have more bits than layer 0.
  std::vector<BudgetLayer> layers = {layer(0.01, 100, {}), layer(1.0, 10, {0})};
  BudgetResult result = solveBitwidthBudget(layers, 4 * 100 + 4 * 10);
  ASSERT_EQ(result.status, BudgetStatus::Solved);
  EXPECT_EQ(result.bits, (std::vector<unsigned>{4, 4}));
}

/// A residual block: 0 -> 1 -> 2 -> 3 and 0 -> 3 (implied), plus a shortcut
/// layer 4 from 0 into 5 together with 3. The open branches are tracked.
TEST(BitwidthBudget, ResidualGraph) {
  std::vector<BudgetLayer> layers(6);
  for (BudgetLayer &layer : layers)
    for (unsigned b : {8u, 4u, 2u, 1u})
      layer.options.push_back({b, 16ull * b, std::ldexp(1000.0, -2 * int(b))});
  layers[1].predecessors = {0};
  layers[2].predecessors = {1};
  layers[3].predecessors = {2, 0};
  layers[4].predecessors = {0};
  layers[5].predecessors = {3, 4};
  // The shortcut is cheap in cost terms only if small: make it tiny.
  for (BitwidthOption &option : layers[4].options)
    option.bytes = option.bits;
  uint64_t budget = 16 * (8 + 4 + 4 + 4 + 2) + 8;
  BruteForce expected = enumerate(layers, budget);
  BudgetResult result = solveBitwidthBudget(layers, budget);
  ASSERT_EQ(result.status, BudgetStatus::Solved);
  EXPECT_EQ(result.cost, *expected.bestCost);
  expectConsistent(layers, budget, result);
}

TEST(BitwidthBudget, OverBudgetReportsSmallestFeasible) {
  std::vector<BudgetLayer> layers(3);
  for (unsigned i = 0; i < 3; ++i) {
    for (unsigned b : {8u, 4u, 2u})
      layers[i].options.push_back({b, 10ull * b * (i + 1), 1.0 / b});
    if (i > 0)
      layers[i].predecessors = {i - 1};
  }
  // Pin the first layer at 4: the rest can go down to 2.
  layers[0].options = {{4, 40, 0.0}};
  BudgetResult result = solveBitwidthBudget(layers, 100);
  ASSERT_EQ(result.status, BudgetStatus::OverBudget);
  EXPECT_EQ(result.minFeasibleBytes, 40u + 40u + 60u);
  EXPECT_EQ(solveBitwidthBudget(layers, 140).status, BudgetStatus::Solved);
}

TEST(BitwidthBudget, NoMonotoneAssignment) {
  std::vector<BudgetLayer> layers(2);
  layers[0].options = {{2, 16, 0.0}};
  layers[1].options = {{8, 64, 0.0}, {4, 32, 0.0}};
  layers[1].predecessors = {0};
  EXPECT_EQ(solveBitwidthBudget(layers, 1000).status,
            BudgetStatus::NoMonotoneAssignment);
}

TEST(BitwidthBudget, RejectsMalformedProblems) {
  std::vector<BudgetLayer> layers(2);
  layers[0].options = {{8, 8, 0.0}};
  layers[1].options = {{8, 8, 0.0}};
  layers[0].predecessors = {1};
  BudgetResult result = solveBitwidthBudget(layers, 100);
  EXPECT_EQ(result.status, BudgetStatus::InvalidProblem);
  EXPECT_NE(result.message.find("data-flow order"), std::string::npos);

  layers[0].predecessors.clear();
  layers[1].options = {{8, 8, 0.0}, {8, 4, 0.0}};
  EXPECT_EQ(solveBitwidthBudget(layers, 100).status,
            BudgetStatus::InvalidProblem);

  layers[1].options.clear();
  EXPECT_EQ(solveBitwidthBudget(layers, 100).status,
            BudgetStatus::InvalidProblem);
}

/// Many parallel branches open at once exceed the state bound and are
/// reported, never solved approximately.
TEST(BitwidthBudget, TooWide) {
  std::vector<BudgetLayer> layers(12);
  for (unsigned i = 0; i < layers.size(); ++i)
    for (unsigned b : {8u, 6u, 4u, 3u, 2u, 1u})
      layers[i].options.push_back({b, b, 1.0 / b});
  // Ten branches from layer 0, all joined by layer 11.
  for (unsigned i = 1; i < 11; ++i) {
    layers[i].predecessors = {0};
    layers[11].predecessors.push_back(i);
  }
  BudgetResult result = solveBitwidthBudget(layers, 1000, /*maxStates=*/1000);
  EXPECT_EQ(result.status, BudgetStatus::TooWide);
  EXPECT_FALSE(result.message.empty());
}

TEST(BitwidthBudget, EmptyProblem) {
  BudgetResult result = solveBitwidthBudget({}, 0);
  EXPECT_EQ(result.status, BudgetStatus::Solved);
  EXPECT_TRUE(result.bits.empty());
}

} // namespace
