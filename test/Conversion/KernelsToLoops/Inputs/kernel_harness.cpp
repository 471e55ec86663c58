// Checks the compiled kernel cases (kernel_cases.py) against a plain integer
// reference written here: random codes in, exact integer sums out; packed
// words bit by bit; im2col element by element. Prints one summary line per
// kind of case and exits with 1 on any mismatch.
//
// The reference never packs bits or counts them: the matmul multiplies codes,
// the packer's reference tests one bit of a word at a time.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <type_traits>
#include <vector>

namespace {

/// The descriptor MLIR passes a ranked memref by (llvm.emit_c_interface).
template <typename T, int Rank> struct MemRef {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];
};

template <typename T, int Rank>
MemRef<T, Rank> view(std::vector<T> &data, const int64_t (&sizes)[Rank]) {
  MemRef<T, Rank> ref;
  ref.allocated = ref.aligned = data.data();
  ref.offset = 0;
  int64_t stride = 1;
  for (int d = Rank - 1; d >= 0; --d) {
    ref.sizes[d] = sizes[d];
    ref.strides[d] = stride;
    stride *= sizes[d];
  }
  return ref;
}

template <int Bits>
using Accumulator = std::conditional_t<Bits == 32, int32_t, int64_t>;

using Planes = MemRef<int64_t, 3>;
/// Planes in the rows layout (bits x rows x words, panel 0) or in panels of
/// `Panel` rows (bits x ceil(rows / Panel) x words x Panel).
template <int Panel>
using PanelPlanes = std::conditional_t<Panel == 0, Planes, MemRef<int64_t, 4>>;
using Codes2D = MemRef<int8_t, 2>;
using Floats2D = MemRef<float, 2>;
using Floats4D = MemRef<float, 4>;

} // namespace

// Declarations of the compiled functions, from the case table.
#define MATMUL_CASE(name, m, n, k, le, lb, re, rb, acc, extreme, panel)        \
  extern "C" void _mlir_ciface_##name(Codes2D *, Codes2D *, Planes *,          \
                                      PanelPlanes<panel> *,                    \
                                      MemRef<Accumulator<acc>, 2> *);
#define PACK_CASE(name, r, k, enc, bits, panel)                                \
  extern "C" void _mlir_ciface_##name(Codes2D *, PanelPlanes<panel> *);
#define IM2COL_CASE(name, n, c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw,  \
                    value, last)                                               \
  extern "C" void _mlir_ciface_##name(Floats4D *, Floats2D *);
#include "cases.inc"
#undef MATMUL_CASE
#undef PACK_CASE
#undef IM2COL_CASE

namespace {

std::mt19937_64 rng(20240229);
int failures = 0;

/// Prints the first few mismatches of a case; counts them all.
bool report(const char *name, const char *what, long long got,
            long long expected) {
  if (got == expected)
    return true;
  if (++failures <= 20)
    std::fprintf(stderr, "%s: %s: got %lld, expected %lld\n", name, what, got,
                 expected);
  return false;
}

int64_t codeMin(char encoding, int bits) {
  if (encoding == 'U')
    return 0;
  if (encoding == 'S')
    return -(int64_t(1) << (bits - 1));
  return -1;
}

int64_t codeMax(char encoding, int bits) {
  if (encoding == 'U')
    return (int64_t(1) << bits) - 1;
  if (encoding == 'S')
    return (int64_t(1) << (bits - 1)) - 1;
  return 1;
}

/// A random code of the encoding, or the one of largest magnitude.
int64_t drawCode(char encoding, int bits, bool extreme) {
  if (encoding == 'B')
    return extreme || (rng() & 1) ? 1 : -1;
  if (extreme)
    return encoding == 'U' ? codeMax(encoding, bits) : codeMin(encoding, bits);
  int64_t low = codeMin(encoding, bits), high = codeMax(encoding, bits);
  return low + int64_t(rng() % uint64_t(high - low + 1));
}

/// A view of plane words: bits x rows x words, or with panels of `Panel`
/// rows bits x ceil(rows / Panel) x words x Panel.
template <int Panel>
PanelPlanes<Panel> planesView(std::vector<int64_t> &data, int64_t bits,
                              int64_t rows, int64_t words) {
  if constexpr (Panel == 0)
    return view(data, {bits, rows, words});
  else
    return view(data,
                {bits, (rows + Panel - 1) / Panel, words, int64_t(Panel)});
}

/// Index of word `word` of plane `t`, row `row`, in either layout.
int64_t planeIndex(int panel, int64_t t, int64_t rows, int64_t row,
                   int64_t words, int64_t word) {
  if (panel == 0)
    return (t * rows + row) * words + word;
  int64_t panels = (rows + panel - 1) / panel;
  return ((t * panels + row / panel) * words + word) * panel + row % panel;
}

/// Words of `bits` planes of `rows` rows in either layout.
int64_t planeWords(int panel, int64_t bits, int64_t rows, int64_t words) {
  int64_t padded = panel == 0 ? rows : (rows + panel - 1) / panel * panel;
  return bits * padded * words;
}

template <int AccBits, int Panel>
void runMatmul(const char *name,
               void (*fn)(Codes2D *, Codes2D *, Planes *, PanelPlanes<Panel> *,
                          MemRef<Accumulator<AccBits>, 2> *),
               int64_t m, int64_t n, int64_t k, char le, int lb, char re,
               int rb, bool extreme) {
  int64_t words = (k + 63) / 64;
  std::vector<int64_t> lhsCodes(m * k), rhsCodes(n * k);
  std::vector<int8_t> lhs(m * k), rhs(n * k);
  for (int64_t i = 0; i < m * k; ++i)
    lhs[i] = int8_t(lhsCodes[i] = drawCode(le, lb, extreme));
  for (int64_t i = 0; i < n * k; ++i)
    rhs[i] = int8_t(rhsCodes[i] = drawCode(re, rb, extreme));
  // Garbage in the plane buffers: packing must overwrite every word,
  // including the bits past K.
  std::vector<int64_t> lhsPlanes(lb * m * words),
      rhsPlanes(planeWords(Panel, rb, n, words));
  for (int64_t &word : lhsPlanes)
    word = int64_t(rng());
  for (int64_t &word : rhsPlanes)
    word = int64_t(rng());
  using Acc = Accumulator<AccBits>;
  std::vector<Acc> acc(m * n), init(m * n);
  for (int64_t i = 0; i < m * n; ++i)
    acc[i] = init[i] = Acc(int64_t(rng() % 2001) - 1000);

  auto lhsRef = view(lhs, {m, k});
  auto rhsRef = view(rhs, {n, k});
  auto lhsPlanesRef = view(lhsPlanes, {int64_t(lb), m, words});
  auto rhsPlanesRef = planesView<Panel>(rhsPlanes, rb, n, words);
  auto accRef = view(acc, {m, n});
  fn(&lhsRef, &rhsRef, &lhsPlanesRef, &rhsPlanesRef, &accRef);

  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      int64_t sum = 0;
      for (int64_t x = 0; x < k; ++x)
        sum += lhsCodes[i * k + x] * rhsCodes[j * k + x];
      char what[64];
      std::snprintf(what, sizeof what, "acc[%lld][%lld]", (long long)i,
                    (long long)j);
      report(name, what, acc[i * n + j], init[i * n + j] + sum);
    }
  }
}

template <int Panel>
void runPack(const char *name, void (*fn)(Codes2D *, PanelPlanes<Panel> *),
             int64_t r, int64_t k, char encoding, int bits) {
  int64_t words = (k + 63) / 64;
  std::vector<int8_t> input(r * k);
  for (int8_t &x : input)
    x = int8_t(drawCode(encoding, bits, /*extreme=*/false));
  std::vector<int64_t> planes(planeWords(Panel, bits, r, words));
  for (int64_t &word : planes)
    word = int64_t(rng());
  auto inputRef = view(input, {r, k});
  auto planesRef = planesView<Panel>(planes, bits, r, words);
  fn(&inputRef, &planesRef);

  // The padding rows of the last panel hold zero words.
  int64_t paddedRows = Panel == 0 ? r : (r + Panel - 1) / Panel * Panel;
  for (int64_t row = r; row < paddedRows; ++row)
    for (int t = 0; t < bits; ++t)
      for (int64_t w = 0; w < words; ++w)
        report(name, "padding row word",
               planes[planeIndex(Panel, t, r, row, words, w)], 0);
  for (int64_t row = 0; row < r; ++row) {
    for (int64_t i = 0; i < words * 64; ++i) {
      // Unsigned codes are stored as their bit pattern.
      int64_t code = i >= k            ? 0
                     : encoding == 'U' ? int64_t(uint8_t(input[row * k + i]))
                                       : int64_t(input[row * k + i]);
      // Plane t holds bit t of the two's-complement code; a bipolar +1 is a
      // set bit; past K every bit is 0.
      uint64_t pattern =
          encoding == 'B' ? (i < k && code > 0 ? 1 : 0) : uint64_t(code);
      for (int t = 0; t < bits; ++t) {
        uint64_t word =
            uint64_t(planes[planeIndex(Panel, t, r, row, words, i / 64)]);
        char what[96];
        std::snprintf(what, sizeof what,
                      "plane %d row %lld bit %lld (code %lld)", t,
                      (long long)row, (long long)i, (long long)code);
        report(name, what, (word >> (i % 64)) & 1, (pattern >> t) & 1);
      }
    }
  }
}

void runIm2Col(const char *name, void (*fn)(Floats4D *, Floats2D *), int64_t n,
               int64_t c, int64_t h, int64_t w, int64_t kh, int64_t kw,
               int64_t sh, int64_t sw, int64_t pt, int64_t pl, int64_t pb,
               int64_t pr, int64_t dh, int64_t dw, float padding,
               bool channelsLast) {
  int64_t oh = (h + pt + pb - dh * (kh - 1) - 1) / sh + 1;
  int64_t ow = (w + pl + pr - dw * (kw - 1) - 1) / sw + 1;
  std::vector<float> input(n * c * h * w);
  for (float &x : input)
    x = float(int64_t(rng() % 1000));
  int64_t rows = n * oh * ow, cols = kh * kw * c;
  std::vector<float> columns(rows * cols, -12345.0f);
  auto inputRef =
      channelsLast ? view(input, {n, h, w, c}) : view(input, {n, c, h, w});
  auto columnsRef = view(columns, {rows, cols});
  fn(&inputRef, &columnsRef);

  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x)
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t j = 0; j < kw; ++j)
            for (int64_t ch = 0; ch < c; ++ch) {
              int64_t iy = y * sh - pt + i * dh, ix = x * sw - pl + j * dw;
              bool inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
              int64_t at = channelsLast ? ((b * h + iy) * w + ix) * c + ch
                                        : ((b * c + ch) * h + iy) * w + ix;
              float expected = inside ? input[at] : padding;
              int64_t row = (b * oh + y) * ow + x;
              int64_t col = (i * kw + j) * c + ch;
              char what[64];
              std::snprintf(what, sizeof what, "cols[%lld][%lld]",
                            (long long)row, (long long)col);
              // Values are small integers or the padding value: compare the
              // bits of the floats, exactly.
              int32_t gotBits, expectedBits;
              std::memcpy(&gotBits, &columns[row * cols + col], 4);
              std::memcpy(&expectedBits, &expected, 4);
              report(name, what, gotBits, expectedBits);
            }
}

} // namespace

int main() {
  int before = 0, count = 0;
#define MATMUL_CASE(name, m, n, k, le, lb, re, rb, acc, extreme, panel)        \
  runMatmul<acc, panel>(#name, _mlir_ciface_##name, m, n, k, le, lb, re, rb,   \
                        extreme);                                              \
  ++count;
#define PACK_CASE(name, r, k, enc, bits, panel)
#define IM2COL_CASE(name, n, c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw,  \
                    value, last)
#include "cases.inc"
#undef MATMUL_CASE
#undef PACK_CASE
#undef IM2COL_CASE
  std::printf("matmul: %d cases, %d mismatches\n", count, failures - before);

  before = failures;
  count = 0;
#define MATMUL_CASE(name, m, n, k, le, lb, re, rb, acc, extreme, panel)
#define PACK_CASE(name, r, k, enc, bits, panel)                                \
  runPack<panel>(#name, _mlir_ciface_##name, r, k, enc, bits);                 \
  ++count;
#define IM2COL_CASE(name, n, c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw,  \
                    value, last)
#include "cases.inc"
#undef MATMUL_CASE
#undef PACK_CASE
#undef IM2COL_CASE
  std::printf("pack_bits: %d cases, %d mismatches\n", count, failures - before);

  before = failures;
  count = 0;
#define MATMUL_CASE(name, m, n, k, le, lb, re, rb, acc, extreme, panel)
#define PACK_CASE(name, r, k, enc, bits, panel)
#define IM2COL_CASE(name, n, c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw,  \
                    value, last)                                               \
  runIm2Col(#name, _mlir_ciface_##name, n, c, h, w, kh, kw, sh, sw, pt, pl,    \
            pb, pr, dh, dw, value, last);                                      \
  ++count;
#include "cases.inc"
#undef MATMUL_CASE
#undef PACK_CASE
#undef IM2COL_CASE
  std::printf("im2col: %d cases, %d mismatches\n", count, failures - before);
  return failures == 0 ? 0 : 1;
}
