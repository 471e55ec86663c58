//===- Tensors.cpp - tensor-level builders shared by the lowerings -------===//
//
// Implements padSpatial and reshapeTo.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Tensors.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

Value mlir::qnn::padSpatial(OpBuilder &b, Location loc, Value input,
                            ArrayRef<int64_t> padding, Value value) {
  if (llvm::all_of(padding, [](int64_t pad) { return pad == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[2] += padding[0] + padding[2];
  shape[3] += padding[1] + padding[3];
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                   b.getIndexAttr(padding[0]),
                                   b.getIndexAttr(padding[1])};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(padding[2]),
                                    b.getIndexAttr(padding[3])};
  return b.create<tensor::PadOp>(loc, type.clone(shape), input, low, high,
                                 value);
}

Value mlir::qnn::reshapeTo(OpBuilder &b, Location loc, Value input,
                           RankedTensorType resultType) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type == resultType)
    return input;
  auto allDims = [](int64_t rank) {
    ReassociationIndices dims;
    for (int64_t dim = 0; dim < rank; ++dim)
      dims.push_back(dim);
    return SmallVector<ReassociationIndices>{dims};
  };
  Value flat = input;
  if (type.getRank() != 1)
    flat = b.create<tensor::CollapseShapeOp>(loc, input, allDims(type.getRank()));
  if (resultType.getRank() == 1)
    return flat;
  return b.create<tensor::ExpandShapeOp>(loc, resultType, flat,
                                         allDims(resultType.getRank()));
}
