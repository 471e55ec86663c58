//===- Int8Dot.cpp - the int8_dot kernel of a quantized layer ---*- C++ -*-===//
//
// Packs a layer's weight codes at compile time into the VNNI panel layout of
// qnn.dot_matmul (docs/kernels.md) and emits the op.
//
//===----------------------------------------------------------------------===//

#include "Int8Dot.h"

#include "qnn/Dialect/QNN/Utils/KernelChoice.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstdlib>

using namespace mlir;
using namespace mlir::qnn;

Value mlir::qnn::emitInt8DotProduct(OpBuilder &b, Location loc,
                                    Value activations, QuantType activation,
                                    ArrayRef<int64_t> codes,
                                    int64_t outChannels, int64_t reduction,
                                    DotISA isa) {
  Encoding activationEncoding = activation.getEncoding();
  int64_t rows = cast<ShapedType>(activations.getType()).getDimSize(0);
  int64_t panelWidth = getDotPanelWidth(isa, outChannels);
  int64_t panels = llvm::divideCeil(outChannels, panelWidth);
  int64_t k0 = getDotGroupSize(isa);
  int64_t groups = llvm::divideCeil(reduction, k0);
  // rhs[p][g][k0 j + i] = w[NR p + j][k0 g + i]; zeros past O and past K
  // add nothing to any sum.
  SmallVector<int8_t> packed(panels * groups * panelWidth * k0, 0);
  SmallVector<int32_t> sums(outChannels, 0);
  for (int64_t o = 0; o < outChannels; ++o) {
    int64_t p = o / panelWidth, j = o % panelWidth;
    for (int64_t k = 0; k < reduction; ++k) {
      int64_t code = codes[o * reduction + k];
      packed[((p * groups + k / k0) * panelWidth + j) * k0 + k % k0] =
          static_cast<int8_t>(code);
      sums[o] += static_cast<int32_t>(code);
    }
  }
  auto panelType =
      RankedTensorType::get({panels, groups, panelWidth * k0}, b.getI8Type());
  Value rhs = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(panelType, ArrayRef<int8_t>(packed)));
  auto sumsType = RankedTensorType::get({outChannels}, b.getI32Type());
  Value columnSums = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(sumsType, ArrayRef<int32_t>(sums)));

  Type i32 = b.getI32Type();
  Value empty =
      b.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{rows, outChannels}, i32);
  Value zero = b.create<arith::ConstantOp>(loc, b.getZeroAttr(i32));
  Value init = b.create<linalg::FillOp>(loc, zero, empty).getResult(0);
  MLIRContext *context = b.getContext();
  int64_t largestWeight = 0;
  for (int64_t code : codes)
    largestWeight = std::max<int64_t>(largestWeight, std::abs(code));
  int64_t i16Groups = isa == DotISA::AVX2
                          ? getDotI16Groups(activation, largestWeight, groups)
                          : 0;
  return b
      .create<DotMatmulOp>(
          loc, TypeRange{init.getType()}, activations, rhs, columnSums, init,
          EncodingAttr::get(context, activationEncoding),
          DotISAAttr::get(context, isa),
          i16Groups > 0 ? b.getI64IntegerAttr(i16Groups) : IntegerAttr())
      .getResult()[0];
}

LogicalResult mlir::qnn::checkInt8DotApplies(Operation *layer,
                                             KernelAttr kernel) {
  if (kernel.getKind() != KernelKind::Int8Dot)
    return success();
  auto elementOf = [&](unsigned operand) {
    return dyn_cast<QuantType>(
        cast<ShapedType>(layer->getOperand(operand).getType()).getElementType());
  };
  QuantType activation = elementOf(0), weight = elementOf(1);
  if (!activation)
    return layer->emitError(
        "kernel 'int8_dot' needs activation codes, not float activations");
  if (!isInt8DotExact(activation, weight,
                      getLayerGemmShape(layer).reduction))
    return layer->emitError(
        "kernel 'int8_dot' cannot compute this layer exactly: its weight "
        "codes do not fit a signed byte or its sums can overflow i32");
  return success();
}
