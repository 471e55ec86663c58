//===- Reductions.cpp - ReduceMean, ReduceSum, ReduceMax, ... ---*- C++ -*-===//
//
// Imports ReduceMean, ReduceSum, ReduceMax and ReduceMin: the mean over the
// spatial axes of a 4-D tensor is qnn.global_avg_pool, any other reduction
// qnn.reduce_mean, qnn.reduce_sum, qnn.reduce_max or qnn.reduce_min, with a
// qnn.reshape where `keepdims` differs from the op's result.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"

#include "llvm/ADT/STLExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

/// The axes are an attribute before opset 13 (ReduceSum) or 18 (the
/// others), then an optional input; `noop_with_empty_axes` (from the same
/// opsets) makes no axes the identity rather than a reduction over all.
LogicalResult Importer::importReduce() {
  StringRef opType = node->op_type();
  bool isMean = opType == "ReduceMean";
  int64_t inputOpset = opType == "ReduceSum" ? 13 : 18;
  SmallVector<StringRef, 3> known = {"keepdims"};
  known.push_back(opset < inputOpset ? "axes" : "noop_with_empty_axes");
  FailureOr<Tensor *> input = checkNodeAndGetInput(known);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  FailureOr<int64_t> keepDims = getInt("keepdims", 1);
  FailureOr<int64_t> noop = getInt("noop_with_empty_axes", 0);
  FailureOr<std::optional<Shape>> given = getAxes(1, inputOpset, rank);
  if (failed(keepDims) || failed(noop) || failed(given))
    return failure();
  Shape axes;
  if (*given)
    axes = **given;
  if (axes.empty()) {
    if (*noop) {
      defineOutputAlias(*input);
      return success();
    }
    axes.resize(rank);
    std::iota(axes.begin(), axes.end(), 0);
  }
  llvm::sort(axes);
  if (axes.size() == shape.size() && !*keepDims) {
    return error() << "reducing every dimension of " << formatShape(shape)
                   << " to a scalar is not supported";
  }
  Shape kept, ones;
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool reduced = llvm::is_contained(axes, dim);
    if (!reduced)
      kept.push_back(shape[dim]);
    ones.push_back(reduced ? 1 : shape[dim]);
  }
  FailureOr<Value> operand = toOperand(**input);
  if (failed(operand))
    return failure();
  Location loc = getNodeLoc();
  // qnn has no rank-0 tensors: a reduction over every dimension reduces a
  // reshape with a leading 1.
  if (axes.size() == shape.size()) {
    Shape padded = {1};
    padded.append(shape.begin(), shape.end());
    *operand = reshapeValue(*operand, padded);
    for (int64_t &axis : axes)
      ++axis;
  }
  Value reduced;
  if (isMean && rank == 4 && axes == Shape{2, 3}) {
    reduced = builder.create<GlobalAvgPoolOp>(loc, *operand);
  } else if (isMean) {
    reduced = builder.create<ReduceMeanOp>(loc, *operand, axes);
  } else if (opType == "ReduceSum") {
    reduced = builder.create<ReduceSumOp>(loc, *operand, axes);
  } else if (opType == "ReduceMax") {
    reduced = builder.create<ReduceMaxOp>(loc, *operand, axes);
  } else {
    reduced = builder.create<ReduceMinOp>(loc, *operand, axes);
  }
  defineOutput(reshapeValue(reduced, *keepDims ? ones : kept));
  return success();
}
