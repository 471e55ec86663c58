//===- RequantizationTest.cpp - thresholds against every sum --------------===//
//
// The thresholds a requantized layer compares its sums against
// (Requantization.h) give, for every sum the layer can produce, the code the
// arithmetic epilogue gives: checked by brute force over all sums, for
// random channel epilogues and every kind of code.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/Requantization.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The code the thresholds give: the lowest level, raised to every level
/// whose threshold the sum reaches.
int64_t codeFromThresholds(double sum, ArrayRef<int64_t> levels,
                           ArrayRef<double> thresholds) {
  int64_t code = levels[0];
  for (auto [level, threshold] : llvm::zip(levels.drop_front(), thresholds))
    if (sum >= threshold)
      code = level;
  return code;
}

class RequantizationTest : public ::testing::Test {
protected:
  RequantizationTest() { context.loadDialect<QNNDialect>(); }

  /// Checks the thresholds of `type` for `epilogue` over every n * step
  /// with |n| <= bound.
  void checkEverySum(QuantType type, ChannelEpilogue epilogue, int64_t bound,
                     double step) {
    auto code = [&](double sum) {
      return type.quantize(epilogue.evaluate(sum), 0, RoundingMode::Round,
                           /*narrow=*/false);
    };
    SmallVector<int64_t> levels = getCodeLevels(type);
    SmallVector<double> thresholds = findThresholds(
        code, ArrayRef<int64_t>(levels).drop_front(), -bound, bound, step);
    ASSERT_EQ(thresholds.size(), levels.size() - 1);
    for (int64_t n = -bound; n <= bound; ++n) {
      double sum = double(n) * step;
      ASSERT_EQ(codeFromThresholds(sum, levels, thresholds), code(sum))
          << "sum " << sum << " of " << bound << " x " << step << ", scale "
          << epilogue.scale << ", bias " << epilogue.bias.value_or(0.0f);
    }
  }

  MLIRContext context;
};

TEST_F(RequantizationTest, LevelsOfEveryEncoding) {
  EXPECT_EQ(getCodeLevels(
                QuantType::getPerTensor(&context, 1, Encoding::Bipolar, 1.0)),
            (SmallVector<int64_t>{-1, 1}));
  EXPECT_EQ(getCodeLevels(
                QuantType::getPerTensor(&context, 2, Encoding::Unsigned, 1.0)),
            (SmallVector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(getCodeLevels(
                QuantType::getPerTensor(&context, 2, Encoding::Signed, 1.0)),
            (SmallVector<int64_t>{-2, -1, 0, 1}));
}

TEST_F(RequantizationTest, HalfToEvenTies) {
  // value = sum / 4 on a grid of 0.5: ties at 0.5, 1.5 and 2.5 round to
  // 0, 2 and 2: code 1 from sum 3 (0.75), 2 from 6 (1.5), 3 from 11.
  QuantType type =
      QuantType::getPerTensor(&context, 2, Encoding::Unsigned, 0.5);
  ChannelEpilogue epilogue{0.125, std::nullopt, std::nullopt};
  auto code = [&](double sum) {
    return type.quantize(epilogue.evaluate(sum), 0, RoundingMode::Round, false);
  };
  EXPECT_EQ(findThresholds(code, {1, 2, 3}, -20, 20, 1.0),
            (SmallVector<double>{3, 6, 11}));
  checkEverySum(type, epilogue, 20, 1.0);
}

TEST_F(RequantizationTest, UnreachedAndAlwaysReachedLevels) {
  // A large bias: every sum in [-4, 4] has code 3 of u2 but none reaches
  // more; a large negative one: none leaves code 0.
  QuantType type =
      QuantType::getPerTensor(&context, 2, Encoding::Unsigned, 1.0);
  auto thresholds = [&](float bias) {
    ChannelEpilogue epilogue{0.5, 0.0, bias};
    return findThresholds(
        [&](double sum) {
          return type.quantize(epilogue.evaluate(sum), 0, RoundingMode::Round,
                               false);
        },
        {1, 2, 3}, -4, 4, 1.0);
  };
  EXPECT_EQ(thresholds(100.0f), (SmallVector<double>{-4, -4, -4}));
  EXPECT_EQ(thresholds(-100.0f), (SmallVector<double>{5, 5, 5}));
}

TEST_F(RequantizationTest, RandomEpiloguesMatchEverySum) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> logScale(-8.0, 2.0);
  std::uniform_real_distribution<float> bias(-4.0f, 4.0f);
  SmallVector<QuantType> types = {
      QuantType::getPerTensor(&context, 1, Encoding::Bipolar, 1.0),
      QuantType::getPerTensor(&context, 1, Encoding::Unsigned, 0.37),
      QuantType::getPerTensor(&context, 2, Encoding::Unsigned, 0.21),
      QuantType::getPerTensor(&context, 2, Encoding::Signed, 0.5),
      QuantType::getPerTensor(&context, 2, Encoding::Unsigned, 0.3, 1.0),
      QuantType::getPerTensor(&context, 4, Encoding::Unsigned, 0.05)};
  for (QuantType type : types) {
    for (int trial = 0; trial < 50; ++trial) {
      ChannelEpilogue epilogue{
          std::exp2(logScale(random)),
          trial % 2 ? std::optional<double>(0.01 * trial) : std::nullopt,
          trial % 3 ? std::optional<float>(bias(random)) : std::nullopt};
      checkEverySum(type, epilogue, 3000, trial % 4 ? 1.0 : 0.25);
    }
  }
}

} // namespace
