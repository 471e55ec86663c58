// Runs the qnn.dot_matmul cases of dot_cases.py on random codes (and the
// extreme ones) and checks every output against a plain integer reference;
// the weight panels are packed here, independently of the compiler.
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

using DotFunction = void (*)(int8_t *, int8_t *, int32_t *, int32_t *);
struct DotCase {
  DotFunction function;
  int64_t rows, reduction, columns, panelWidth;
  bool signedActivations;
  int64_t groupSize; // k0: consecutive k of a channel per group
  // The codes' ranges (activations as values: 0..255 unsigned), and the
  // activation and weight codes of the extreme run (largest products).
  int activationMin, activationMax, activationExtreme, weightMin, weightMax;
};
#include "cases.inc"

int main() {
  std::mt19937 random(7);
  int64_t mismatches = 0, count = 0;
  for (const DotCase &c : kCases) {
    for (int extreme = 0; extreme < 2; ++extreme) {
      int64_t m = c.rows, k = c.reduction, n = c.columns, nr = c.panelWidth;
      int64_t k0 = c.groupSize;
      int64_t panels = (n + nr - 1) / nr, groups = (k + k0 - 1) / k0;
      std::vector<int8_t> a(m * k), w(n * k),
          packed(panels * groups * nr * k0, 0);
      std::vector<int32_t> sums(n, 0), c0(m * n), out;
      auto draw = [&](int low, int high) {
        return int8_t(uint8_t(low + int(random() % uint32_t(high - low + 1))));
      };
      for (auto &x : a)
        x = extreme ? int8_t(uint8_t(c.activationExtreme))
                    : draw(c.activationMin, c.activationMax);
      for (auto &x : w)
        x = extreme ? int8_t(c.weightMin) : draw(c.weightMin, c.weightMax);
      for (auto &x : c0)
        x = int32_t(random() % 2001) - 1000;
      for (int64_t o = 0; o < n; ++o)
        for (int64_t i = 0; i < k; ++i) {
          packed[(((o / nr) * groups + i / k0) * nr + o % nr) * k0 + i % k0] =
              w[o * k + i];
          sums[o] += w[o * k + i];
        }
      out = c0;
      c.function(a.data(), packed.data(), sums.data(), out.data());
      for (int64_t r = 0; r < m; ++r)
        for (int64_t o = 0; o < n; ++o) {
          int64_t expected = c0[r * n + o];
          for (int64_t i = 0; i < k; ++i) {
            int64_t code = c.signedActivations ? int64_t(a[r * k + i])
                                               : int64_t(uint8_t(a[r * k + i]));
            expected += code * w[o * k + i];
          }
          if (expected != out[r * n + o]) {
            if (mismatches < 5)
              std::printf("mismatch %lldx%lldx%lld nr %lld signed %d at (%lld, %lld): %d, expected %lld\n",
                          (long long)m, (long long)k, (long long)n, (long long)nr,
                          int(c.signedActivations), (long long)r, (long long)o,
                          out[r * n + o], (long long)expected);
            ++mismatches;
          }
        }
      ++count;
    }
  }
  std::printf("dot_matmul: %lld cases, %lld mismatches\n", (long long)count,
              (long long)mismatches);
  return mismatches != 0;
}
