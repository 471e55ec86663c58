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

#include <limits>
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
    SmallVector<double> thresholds;
    for (int64_t n :
         findThresholds([&](int64_t n) { return code(double(n) * step); },
                        ArrayRef<int64_t>(levels).drop_front(), -bound, bound))
      thresholds.push_back(double(n) * step);
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
  EXPECT_EQ(findThresholds([&](int64_t n) { return code(double(n)); },
                           {1, 2, 3}, -20, 20),
            (SmallVector<int64_t>{3, 6, 11}));
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
        [&](int64_t n) {
          return type.quantize(epilogue.evaluate(double(n)), 0,
                               RoundingMode::Round, false);
        },
        {1, 2, 3}, -4, 4);
  };
  EXPECT_EQ(thresholds(100.0f), (SmallVector<int64_t>{-4, -4, -4}));
  EXPECT_EQ(thresholds(-100.0f), (SmallVector<int64_t>{5, 5, 5}));
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

TEST_F(RequantizationTest, OrderedFloatsAscend) {
  EXPECT_EQ(getOrderedFloat(0), 0.0f);
  EXPECT_EQ(getOrderedFloat(1), std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(getOrderedFloat(-1), -std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(getOrderedFloat(kOrderedFloatInfinity),
            std::numeric_limits<float>::infinity());
  EXPECT_EQ(getOrderedFloat(-kOrderedFloatInfinity),
            -std::numeric_limits<float>::infinity());
  EXPECT_EQ(getOrderedFloat(0x3f800000), 1.0f);
  for (int64_t n = -kOrderedFloatInfinity; n + 9973 <= kOrderedFloatInfinity;
       n += 9973)
    ASSERT_LT(getOrderedFloat(n), getOrderedFloat(n + 9973)) << n;
}

TEST_F(RequantizationTest, FloatThresholdsMatchQuantize) {
  // The thresholds of qnn.quantize over the floats: every float near each
  // threshold, infinities and random values give quantize()'s code.
  std::mt19937 random(3);
  std::uniform_real_distribution<float> value(-40.0f, 40.0f);
  struct Case {
    QuantType type;
    RoundingMode rounding;
    bool narrow;
  };
  SmallVector<Case> cases = {
      {QuantType::getPerTensor(&context, 2, Encoding::Unsigned, 0.3),
       RoundingMode::Round, false},
      {QuantType::getPerTensor(&context, 2, Encoding::Signed, 1.7),
       RoundingMode::Floor, true},
      {QuantType::getPerTensor(&context, 2, Encoding::Unsigned, 0.5, 1.5),
       RoundingMode::Ceil, false},
      {QuantType::getPerTensor(&context, 1, Encoding::Unsigned, 2.0),
       RoundingMode::RoundToZero, false}};
  for (const Case &test : cases) {
    auto code = [&](float x) {
      return test.type.quantize(x, 0, test.rounding, test.narrow);
    };
    SmallVector<int64_t> levels = getCodeLevels(test.type);
    if (test.narrow)
      levels.erase(levels.begin());
    SmallVector<int64_t> positions =
        findThresholds([&](int64_t n) { return code(getOrderedFloat(n)); },
                       ArrayRef<int64_t>(levels).drop_front(),
                       -kOrderedFloatInfinity, kOrderedFloatInfinity);
    SmallVector<double> thresholds;
    for (int64_t n : positions)
      thresholds.push_back(getOrderedFloat(n));
    auto check = [&](float x) {
      ASSERT_EQ(codeFromThresholds(x, levels, thresholds), code(x)) << x;
    };
    for (int64_t n : positions)
      for (int64_t near = n - 300; near <= n + 300; ++near)
        check(getOrderedFloat(near));
    check(std::numeric_limits<float>::infinity());
    check(-std::numeric_limits<float>::infinity());
    for (int trial = 0; trial < 100000; ++trial)
      check(value(random));
  }
}

TEST_F(RequantizationTest, ExactReciprocalsGiveEveryFloatItsCode) {
  // Powers of two divide exactly: their reciprocal always works.
  QuantType powerOfTwo =
      QuantType::getPerTensor(&context, 8, Encoding::Unsigned, 0.125);
  EXPECT_EQ(findExactReciprocal(powerOfTwo, 0, RoundingMode::Round, false),
            std::optional<float>(8.0f));
  EXPECT_EQ(findExactReciprocal(
                QuantType::getPerTensor(&context, 1, Encoding::Bipolar, 0.3), 0,
                RoundingMode::Round, false),
            std::nullopt);
  // Other scales (some powers of two among them): where a multiplier is
  // returned, every float tried, near
  // each code boundary or at random, gets the code the division gives.
  std::mt19937 random(11);
  std::uniform_real_distribution<double> logScale(-12.0, 4.0);
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  int found = 0;
  for (int trial = 0; trial < 60; ++trial) {
    double scale =
        std::exp2(trial % 6 ? logScale(random) : std::round(logScale(random)));
    QuantType type = QuantType::getPerTensor(&context, trial % 2 ? 8 : 4,
                                             trial % 3 ? Encoding::Unsigned
                                                       : Encoding::Signed,
                                             scale, trial % 5 == 0 ? 3.0 : 0.0);
    RoundingMode mode = trial % 4 ? RoundingMode::Round : RoundingMode::Floor;
    std::optional<float> reciprocal = findExactReciprocal(type, 0, mode, false);
    if (!reciprocal)
      continue;
    ++found;
    auto byMultiply = [&](float x) {
      float rounded = QuantType::round(
          x * *reciprocal + float(type.getZeroPoints()[0]), mode);
      return static_cast<int64_t>(
          std::min(std::max(rounded, float(type.getCodeMin())),
                   float(type.getCodeMax())));
    };
    for (int64_t code = type.getCodeMin(); code <= type.getCodeMax(); ++code) {
      // Floats around the boundary below `code`.
      auto boundary = static_cast<float>(
          (double(code) - 0.5 - type.getZeroPoints()[0]) * scale);
      float x = boundary;
      for (int step = 0; step < 40; ++step)
        x = std::nextafter(x, -std::numeric_limits<float>::infinity());
      for (int step = 0; step < 80; ++step) {
        ASSERT_EQ(byMultiply(x), type.quantize(x, 0, mode, false))
            << x << " at scale " << scale;
        x = std::nextafter(x, std::numeric_limits<float>::infinity());
      }
    }
    for (int sample = 0; sample < 2000; ++sample) {
      float x = unit(random) * float(scale) * 300.0f;
      ASSERT_EQ(byMultiply(x), type.quantize(x, 0, mode, false)) << x;
    }
  }
  // Over every float, a boundary where x * r and x / scale round apart is
  // common: most scales that are not powers of two keep the division.
  EXPECT_GT(found, 0);
}

} // namespace
