//===- ShapeInferenceTest.cpp - result types from the op builders ---------===//
//
// The builders that ODS generates from the ops' InferTypeOpInterface
// (ShapeInference.cpp) give each op the result type its verifier expects,
// from operands and attributes alone.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::qnn;

namespace {

class ShapeInferenceTest : public ::testing::Test {
protected:
  ShapeInferenceTest() : builder(&context) {
    context.loadDialect<QNNDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A function argument of the given type, to build ops on.
  Value argument(Type type) {
    if (!function) {
      function = builder.create<func::FuncOp>(
          builder.getUnknownLoc(), "f", builder.getFunctionType({}, {}));
      builder.setInsertionPointToStart(function.addEntryBlock());
    }
    return function.getBody().addArgument(type, builder.getUnknownLoc());
  }

  Value floats(ArrayRef<int64_t> shape) {
    return argument(RankedTensorType::get(shape, builder.getF32Type()));
  }

  Value codes(ArrayRef<int64_t> shape, unsigned bits) {
    auto quant =
        QuantType::getPerTensor(&context, bits, Encoding::Unsigned, 0.5);
    return argument(RankedTensorType::get(shape, quant));
  }

  ArrayRef<int64_t> shapeOf(Operation *op) {
    EXPECT_TRUE(succeeded(verify(op))) << "the built op does not verify";
    return cast<ShapedType>(op->getResult(0).getType()).getShape();
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  func::FuncOp function;
};

TEST_F(ShapeInferenceTest, ConvolutionWindow) {
  // 9x9 input, 3x3 kernel dilated by 2 (extent 5), padding 1/2, stride 2:
  // (9 + 1 + 2 - 5) / 2 + 1 = 4 rows; (9 + 0 + 0 - 5) / 2 + 1 = 3 columns.
  auto conv = builder.create<Conv2DOp>(
      builder.getUnknownLoc(), floats({2, 4, 9, 9}), floats({6, 2, 3, 3}),
      Value(), ArrayRef<int64_t>{2, 2}, ArrayRef<int64_t>{1, 0, 2, 0},
      ArrayRef<int64_t>{2, 2}, /*groups=*/2);
  EXPECT_EQ(shapeOf(conv), ArrayRef<int64_t>({2, 6, 4, 3}));
}

TEST_F(ShapeInferenceTest, QuantizedLayers) {
  auto conv = builder.create<QConv2DOp>(
      builder.getUnknownLoc(), codes({1, 3, 8, 8}, 2), codes({16, 3, 3, 3}, 4),
      floats({16}), ArrayRef<int64_t>{1, 1}, ArrayRef<int64_t>{1, 1, 1, 1},
      ArrayRef<int64_t>{1, 1}, /*groups=*/1);
  EXPECT_EQ(shapeOf(conv), ArrayRef<int64_t>({1, 16, 8, 8}));
  auto dense = builder.create<QDenseOp>(builder.getUnknownLoc(),
                                        codes({3, 70}, 2), codes({10, 70}, 1),
                                        Value());
  EXPECT_EQ(shapeOf(dense), ArrayRef<int64_t>({3, 10}));
}

TEST_F(ShapeInferenceTest, DensePoolsFlatten) {
  auto dense = builder.create<DenseOp>(builder.getUnknownLoc(),
                                       floats({1, 64}), floats({10, 64}), Value());
  EXPECT_EQ(shapeOf(dense), ArrayRef<int64_t>({1, 10}));
  Value x = floats({1, 16, 7, 7});
  auto max = builder.create<MaxPool2DOp>(
      builder.getUnknownLoc(), x, ArrayRef<int64_t>{3, 3},
      ArrayRef<int64_t>{2, 2}, ArrayRef<int64_t>{1, 1, 1, 1},
      ArrayRef<int64_t>{1, 1});
  EXPECT_EQ(shapeOf(max), ArrayRef<int64_t>({1, 16, 4, 4}));
  auto avg = builder.create<AvgPool2DOp>(
      builder.getUnknownLoc(), x, ArrayRef<int64_t>{2, 2},
      ArrayRef<int64_t>{2, 2}, ArrayRef<int64_t>{0, 0, 0, 0},
      ArrayRef<int64_t>{1, 1}, /*countIncludePad=*/true);
  EXPECT_EQ(shapeOf(avg), ArrayRef<int64_t>({1, 16, 3, 3}));
  auto global = builder.create<GlobalAvgPoolOp>(builder.getUnknownLoc(), x);
  EXPECT_EQ(shapeOf(global), ArrayRef<int64_t>({1, 16, 1, 1}));
  auto flat = builder.create<FlattenOp>(builder.getUnknownLoc(), x, 2);
  EXPECT_EQ(shapeOf(flat), ArrayRef<int64_t>({16, 49}));
}

TEST_F(ShapeInferenceTest, InvalidWindowIsDynamic) {
  // A 5x5 kernel does not fit a 3x3 input: the sizes inference cannot
  // compute are dynamic, so the verifier, not the interface, reports it.
  auto conv = builder.create<Conv2DOp>(
      builder.getUnknownLoc(), floats({1, 2, 3, 3}), floats({4, 2, 5, 5}),
      Value(), ArrayRef<int64_t>{1, 1}, ArrayRef<int64_t>{0, 0, 0, 0},
      ArrayRef<int64_t>{1, 1}, /*groups=*/1);
  EXPECT_EQ(conv.getType().getShape(),
            ArrayRef<int64_t>({1, 4, ShapedType::kDynamic, ShapedType::kDynamic}));
  EXPECT_TRUE(failed(verify(conv)));
}

} // namespace
