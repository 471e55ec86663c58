//===- Tensors.cpp - tensor-level builders shared by the lowerings -------===//
//
// Implements padSpatial, reshapeTo, transposeTensor, concatTensors and
// padTensor.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Tensors.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
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

Value mlir::qnn::transposeTensor(OpBuilder &b, Location loc, Value input,
                                 ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation)
    shape.push_back(type.getDimSize(dim));
  Value init = b.create<tensor::EmptyOp>(loc, shape, type.getElementType());
  return b.create<linalg::TransposeOp>(loc, input, init, permutation)
      ->getResult(0);
}

Value mlir::qnn::concatTensors(OpBuilder &b, Location loc, ValueRange inputs,
                               RankedTensorType resultType, int64_t axis) {
  Value result = b.create<tensor::EmptyOp>(loc, resultType.getShape(),
                                           resultType.getElementType());
  int64_t offset = 0;
  for (Value input : inputs) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(input.getType()).getShape();
    SmallVector<int64_t> offsets(shape.size(), 0);
    offsets[axis] = offset;
    SmallVector<int64_t> strides(shape.size(), 1);
    result = b.create<tensor::InsertSliceOp>(loc, input, result, ValueRange{},
                                             ValueRange{}, ValueRange{},
                                             offsets, shape, strides);
    offset += shape[axis];
  }
  return result;
}

Value mlir::qnn::padTensor(OpBuilder &b, Location loc, Value input,
                           ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                           Value value) {
  auto type = cast<RankedTensorType>(input.getType());
  auto indices = [&](ArrayRef<int64_t> values) {
    return llvm::to_vector(llvm::map_range(values, [&](int64_t v) {
      return OpFoldResult(b.getIndexAttr(v));
    }));
  };
  SmallVector<int64_t> shape(type.getShape());
  for (size_t dim = 0; dim < shape.size(); ++dim)
    shape[dim] += low[dim] + high[dim];
  return b.create<tensor::PadOp>(loc, type.clone(shape), input, indices(low),
                                 indices(high), value);
}
