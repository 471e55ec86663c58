//===- KernelBuilder.h - constants, indices and loops of kernel loops -*- C++
//-*-===//
//
// The builder the bit-serial, pack_bits and im2col emitters of
// convert-qnn-kernels-to-loops share: function-level constants, folded index
// arithmetic and counted loops whose body a callback emits.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_KERNELSTOLOOPS_KERNELBUILDER_H
#define QNN_LIB_CONVERSION_KERNELSTOLOOPS_KERNELBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace mlir::qnn {

/// Builds the ops of one kernel lowering. All ops are created with the
/// conversion's rewriter `b`, whose insertion point the loop helpers move into
/// loop bodies. Constants are shared within the kernel and placed at the
/// entry of the enclosing function, so that loop bodies hold only the
/// arithmetic (the canonicalizer later merges those of different kernels).
class KernelBuilder {
public:
  KernelBuilder(RewriterBase &b, Operation *kernel)
      : b(b), loc(kernel->getLoc()),
        constantBlock(
            &kernel->getParentWithTrait<OpTrait::IsIsolatedFromAbove>()
                 ->getRegion(0)
                 .front()) {}

protected:
  Value constant(TypedAttr value) {
    Value &shared = constants[value];
    if (!shared) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(constantBlock);
      shared = b.create<arith::ConstantOp>(loc, value);
    }
    return shared;
  }

  Value index(int64_t value) { return constant(b.getIndexAttr(value)); }

  /// An integer constant of `type`, a scalar or a vector splat.
  Value integer(Type type, int64_t value) {
    auto vectorType = dyn_cast<VectorType>(type);
    TypedAttr scalar = b.getIntegerAttr(
        vectorType ? vectorType.getElementType() : type, value);
    if (!vectorType)
      return constant(scalar);
    return constant(DenseElementsAttr::get(vectorType, Attribute(scalar)));
  }

  /// A vector<size x i1> whose first `active` lanes are set.
  Value prefixMask(int64_t size, int64_t active) {
    SmallVector<bool> lanes(size, false);
    std::fill_n(lanes.begin(), active, true);
    return constant(DenseElementsAttr::get(
        VectorType::get({size}, b.getI1Type()), ArrayRef<bool>(lanes)));
  }

  /// `lhs + rhs` and `lhs * rhs` on indices. Constant operands fold here,
  /// rather than by createOrFold, which would materialize the folded
  /// constant inside the loop body.
  Value addIndex(Value lhs, Value rhs) {
    std::optional<int64_t> left = getConstantIntValue(lhs);
    std::optional<int64_t> right = getConstantIntValue(rhs);
    if (left && right)
      return index(*left + *right);
    if (left == 0)
      return rhs;
    if (right == 0)
      return lhs;
    return b.create<arith::AddIOp>(loc, lhs, rhs);
  }

  Value mulIndex(Value value, int64_t factor) {
    if (std::optional<int64_t> known = getConstantIntValue(value))
      return index(*known * factor);
    if (factor == 1)
      return value;
    return b.create<arith::MulIOp>(loc, value, index(factor));
  }

  Value offsetIndex(Value value, int64_t offset) {
    return addIndex(value, index(offset));
  }

  /// `sum_i coefficient_i * value_i + offset` on indices.
  Value affineIndex(ArrayRef<std::pair<int64_t, Value>> terms,
                    int64_t offset = 0) {
    Value sum = index(0);
    for (auto [coefficient, value] : terms)
      sum = addIndex(sum, mulIndex(value, coefficient));
    return offsetIndex(sum, offset);
  }

  /// A counted loop whose body returns the values it carries to the next
  /// iteration.
  scf::ForOp loop(int64_t begin, int64_t end, int64_t step, ValueRange carried,
                  function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    return b.create<scf::ForOp>(
        loc, index(begin), index(end), index(step), carried,
        [&](OpBuilder &, Location, Value iv, ValueRange iterArgs) {
          b.create<scf::YieldOp>(loc, body(iv, iterArgs));
        });
  }

  /// Calls `body` with each of begin, begin + step, ... below end. The
  /// starts are static: a single start needs no loop.
  void forEachStart(int64_t begin, int64_t end, int64_t step,
                    function_ref<void(Value)> body) {
    int64_t count = end > begin ? llvm::divideCeil(end - begin, step) : 0;
    if (count == 1)
      body(index(begin));
    else if (count > 1)
      loop(begin, end, step, ValueRange{}, [&](Value start, ValueRange) {
        body(start);
        return SmallVector<Value>{};
      });
  }

  RewriterBase &b;
  Location loc;
  Block *constantBlock;
  DenseMap<Attribute, Value> constants;
};

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_KERNELSTOLOOPS_KERNELBUILDER_H
