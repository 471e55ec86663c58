//===- ConstantFolding.h - ONNX operators on constants ----------*- C++ -*-===//
//
// Evaluates ONNX operators on constant tensors at import (f32 or i64
// elements, as the importer keeps constants): the shape sub-graphs that
// exporters write (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) and
// the layout ops on weights. Every function takes valid arguments: the
// importer checks shapes and indices first and reports what is wrong.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_TARGET_ONNX_CONSTANTFOLDING_H
#define QNN_LIB_TARGET_ONNX_CONSTANTFOLDING_H

#include "Importer.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir {
namespace qnn {
namespace onnx_import {

/// Row-major strides of `shape`.
Shape getStrides(ArrayRef<int64_t> shape);

/// A tensor of `shape` whose element at each index is the element of `attr`
/// at the row-major position `source(index)` returns, or `fill` where it
/// returns -1. Keeps the element type (f32 or i64).
DenseElementsAttr
remapElements(DenseElementsAttr attr, ArrayRef<int64_t> shape,
              function_ref<int64_t(ArrayRef<int64_t>)> source,
              double fill = 0);

/// `attr` broadcast to `shape` (ONNX broadcasting), any element type.
DenseElementsAttr broadcastElements(DenseElementsAttr attr,
                                    ArrayRef<int64_t> shape);

/// Dimension `i` of the result is dimension `permutation[i]` of `attr`.
DenseElementsAttr transposeElements(DenseElementsAttr attr,
                                    ArrayRef<int64_t> permutation);

/// The constants joined along `axis`; they have one element type.
DenseElementsAttr concatElements(ArrayRef<DenseElementsAttr> attrs,
                                 int64_t axis);

/// `attr` with its elements converted to `elementType` (f32 or i64; float
/// to integer truncates toward zero, as C++ casts).
DenseElementsAttr castElements(DenseElementsAttr attr, Type elementType);

/// A tensor of the one element type of `attr`.
DenseElementsAttr makeElements(ArrayRef<int64_t> shape, Type elementType,
                               ArrayRef<double> values);

/// A Tensor holding a constant (no SSA value yet).
Tensor constantTensor(DenseElementsAttr attr);

} // namespace onnx_import
} // namespace qnn
} // namespace mlir

#endif // QNN_LIB_TARGET_ONNX_CONSTANTFOLDING_H
