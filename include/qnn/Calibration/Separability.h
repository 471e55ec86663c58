//===- Separability.h - class separability of feature vectors ---*- C++ -*-===//
//
// Streaming measures of how well feature vectors separate labelled classes:
// Fisher's criterion and nearest-class-mean accuracy. Memory grows with the
// number of classes times the feature size, never with the sample count.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_SEPARABILITY_H
#define QNN_CALIBRATION_SEPARABILITY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <vector>

namespace mlir::qnn {

/// Class statistics of one layer's features, accumulated sample by sample.
class SeparabilityAccumulator {
public:
  explicit SeparabilityAccumulator(int64_t featureSize)
      : featureSize(featureSize) {}

  /// First pass: adds one labelled feature vector.
  void add(llvm::ArrayRef<float> feature, int64_t label);

  /// Fisher's criterion trace(S_between) / trace(S_within) over the samples
  /// added so far: between-class scatter of the class means around the
  /// global mean (weighted by class size) over within-class scatter. The
  /// traces need only per-class sums and sums of squared norms.
  double fisher() const;

  /// Second pass: classifies `feature` by the nearest class mean of the first
  /// pass and counts whether that is `label`.
  void addForNearestMean(llvm::ArrayRef<float> feature, int64_t label);
  /// Accuracy of the nearest-class-mean classifier over the second pass.
  double nearestMeanAccuracy() const;

private:
  struct ClassSums {
    int64_t count = 0;
    std::vector<double> sum;
    double squaredNorms = 0;
  };
  int64_t featureSize;
  llvm::SmallVector<ClassSums> classes;
  llvm::SmallVector<int64_t> labels;
  llvm::DenseMap<int64_t, unsigned> classIndex;
  /// Class means, computed once when the second pass starts.
  std::vector<std::vector<double>> means;
  int64_t correct = 0, classified = 0;
};

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_SEPARABILITY_H
