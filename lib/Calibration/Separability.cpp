//===- Separability.cpp - class separability of feature vectors -*- C++ -*-===//
//
// trace(S_w) = sum_c (sum_{i in c} |x_i|^2 - n_c |mu_c|^2),
// trace(S_b) = sum_c n_c |mu_c - mu|^2, accumulated in double.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Separability.h"

#include <limits>

using namespace mlir::qnn;

void SeparabilityAccumulator::add(llvm::ArrayRef<float> feature, int64_t label) {
  auto [entry, inserted] = classIndex.try_emplace(label, classes.size());
  if (inserted) {
    classes.emplace_back();
    classes.back().sum.assign(featureSize, 0.0);
    labels.push_back(label);
  }
  ClassSums &sums = classes[entry->second];
  ++sums.count;
  for (int64_t i = 0; i < featureSize; ++i) {
    sums.sum[i] += feature[i];
    sums.squaredNorms += double(feature[i]) * feature[i];
  }
}

double SeparabilityAccumulator::fisher() const {
  int64_t total = 0;
  std::vector<double> globalSum(featureSize, 0.0);
  for (const ClassSums &sums : classes) {
    total += sums.count;
    for (int64_t i = 0; i < featureSize; ++i)
      globalSum[i] += sums.sum[i];
  }
  double within = 0, between = 0;
  for (const ClassSums &sums : classes) {
    double meanNorm = 0, distance = 0;
    for (int64_t i = 0; i < featureSize; ++i) {
      double mean = sums.sum[i] / sums.count;
      meanNorm += mean * mean;
      double offset = mean - globalSum[i] / total;
      distance += offset * offset;
    }
    within += sums.squaredNorms - sums.count * meanNorm;
    between += sums.count * distance;
  }
  // Rounding can leave a tiny negative within-class scatter when classes are
  // points; a zero one means perfectly separated (or constant) features.
  if (within <= 1e-12 * (between + 1e-300))
    return between > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return between / within;
}

void SeparabilityAccumulator::addForNearestMean(llvm::ArrayRef<float> feature,
                                                int64_t label) {
  if (means.empty())
    for (const ClassSums &sums : classes) {
      std::vector<double> mean(featureSize);
      for (int64_t i = 0; i < featureSize; ++i)
        mean[i] = sums.sum[i] / sums.count;
      means.push_back(std::move(mean));
    }
  unsigned best = 0;
  double bestDistance = std::numeric_limits<double>::infinity();
  for (unsigned c = 0; c < means.size(); ++c) {
    double distance = 0;
    for (int64_t i = 0; i < featureSize; ++i) {
      double offset = feature[i] - means[c][i];
      distance += offset * offset;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  ++classified;
  correct += labels[best] == label;
}

double SeparabilityAccumulator::nearestMeanAccuracy() const {
  return classified ? double(correct) / classified : 0.0;
}
