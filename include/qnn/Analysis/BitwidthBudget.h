//===- BitwidthBudget.h - exact budgeted bitwidth choice --------*- C++ -*-===//
//
// The solver behind `qnn-assign-bitwidth strategy=budget`: picks one bitwidth
// per layer, non-increasing along the data flow, minimizing a separable cost
// under a bound on total bytes. Depends on the C++ standard library only, so
// it is unit-tested on its own against brute-force enumeration.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_ANALYSIS_BITWIDTHBUDGET_H
#define QNN_ANALYSIS_BITWIDTHBUDGET_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mlir::qnn {

/// One bitwidth a layer may take, with what it costs in memory and in the
/// objective (lower is better).
struct BitwidthOption {
  unsigned bits = 0;
  uint64_t bytes = 0;
  double cost = 0.0;
};

/// A layer of the problem. Layers are given in a topological order of the
/// data flow: every predecessor index is smaller than the layer's own index.
/// The constraint is `bits(layer) <= bits(pred)` for every predecessor.
struct BudgetLayer {
  /// Distinct bitwidths; a layer with one option is pinned.
  std::vector<BitwidthOption> options;
  std::vector<unsigned> predecessors;
};

enum class BudgetStatus {
  /// `bits`, `bytes`, `cost` hold an optimal assignment.
  Solved,
  /// Monotone assignments exist but none fits; `minFeasibleBytes` says the
  /// smallest budget that would.
  OverBudget,
  /// No assignment satisfies the monotonicity constraints at all (e.g. a
  /// pinned layer allows fewer bits than any option of a layer after it).
  NoMonotoneAssignment,
  /// The data-flow graph is too wide for the exact search (`message`).
  TooWide,
  /// The problem is malformed (`message`).
  InvalidProblem,
};

struct BudgetResult {
  BudgetStatus status = BudgetStatus::InvalidProblem;
  /// The chosen bitwidth of each layer (when Solved).
  std::vector<unsigned> bits;
  uint64_t bytes = 0;
  double cost = 0.0;
  /// The fewest bytes of any monotone assignment (Solved and OverBudget).
  uint64_t minFeasibleBytes = 0;
  std::string message;
};

/// Finds, exactly, an assignment of one option per layer that satisfies the
/// monotonicity constraints, has total bytes <= `budget`, and minimizes the
/// total cost; among equal costs, the fewest bytes.
///
/// Method: dynamic programming over the layers in the given order. After
/// layer i the state is the choice of every "live" layer (one at or before i
/// with a successor after i, in the transitive reduction of the graph): on a
/// chain that is the current bitwidth alone, on a residual network the
/// bitwidths of the open branches. For each state the DP keeps the Pareto
/// frontier of (bytes, cost) over the partial assignments reaching it, pruned
/// by the budget. A partial assignment dominated by another one of the same
/// state can be replaced by it in any completion, so the optimum survives
/// pruning and the result is exact; the frontier never holds more entries
/// than distinct byte totals, so the worst case is pseudo-polynomial.
/// `maxStates` bounds the number of live-choice states of one step; a wider
/// graph is reported as TooWide rather than solved approximately.
BudgetResult solveBitwidthBudget(const std::vector<BudgetLayer> &layers,
                                 uint64_t budget,
                                 std::size_t maxStates = std::size_t(1) << 16);

} // namespace mlir::qnn

#endif // QNN_ANALYSIS_BITWIDTHBUDGET_H
