//===- Matmul.cpp - GEMMs whose loops vectorize -----------------*- C++ -*-===//
//
// Implements createRowMajorMatmul and createTransposedConstant.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Matmul.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

Value mlir::qnn::createRowMajorMatmul(OpBuilder &b, Location loc, Value lhs,
                                      Value rhs, Value init) {
  MLIRContext *context = b.getContext();
  AffineExpr m = b.getAffineDimExpr(0), k = b.getAffineDimExpr(1),
             n = b.getAffineDimExpr(2);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, context),
                                 AffineMap::get(3, 0, {k, n}, context),
                                 AffineMap::get(3, 0, {m, n}, context)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::reduction,
                                                utils::IteratorType::parallel};
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{init.getType()}, ValueRange{lhs, rhs}, ValueRange{init},
          maps, iterators,
          [](OpBuilder &nb, Location nl, ValueRange args) {
            // `contract` lets LLVM fuse the pair into one FMA where the
            // target has it.
            auto contract = arith::FastMathFlagsAttr::get(
                nb.getContext(), arith::FastMathFlags::contract);
            Value product =
                nb.create<arith::MulFOp>(nl, args[0], args[1], contract);
            nb.create<linalg::YieldOp>(
                nl, ValueRange{nb.create<arith::AddFOp>(nl, args[2], product,
                                                        contract)});
          })
      .getResult(0);
}

Value mlir::qnn::createTransposedConstant(OpBuilder &b, Location loc,
                                          ArrayRef<float> values, int64_t rows,
                                          int64_t cols) {
  SmallVector<float> transposed(values.size());
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t col = 0; col < cols; ++col)
      transposed[row * cols + col] = values[col * rows + row];
  auto type = RankedTensorType::get({rows, cols}, b.getF32Type());
  return b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(type, ArrayRef<float>(transposed)));
}
