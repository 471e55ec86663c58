// The bit-serial benchmark harness (bench/run.sh builds and runs it).
//
// In one process, single thread:
//   1. the machine's limit: register-only and + popcount + add loops
//      (bench/gen_kernels.py writes them as LLVM IR), and the core clock;
//   2. correctness: every compiled qnn kernel (convert-qnn-kernels-to-loops output) is
//      checked against a plain integer reference before anything is timed -
//      small shapes in full, the timed shapes on sampled outputs and on
//      every output of their first and last rows and columns (tile edges);
//      qnn.pack_bits is checked bit for bit against a packer written here;
//   3. timing of the qnn GEMMs on pre-packed planes, of activation packing,
//      of OpenBLAS SGEMM and of oneDNN's u8 x s8 -> s32 matmul on the same
//      logical shapes.
// Writes the results as JSON (argv[1]); bench/report.py turns them into
// docs/benchmarks.md. A kernel that fails its check is never timed.

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <cblas.h>
#include <dnnl.hpp>

extern "C" {
char *openblas_get_corename(void);
char *openblas_get_config(void);
void openblas_set_num_threads(int);
}

enum Encoding { Unsigned = 0, Signed = 1, Bipolar = 2 };

// Declarations of the compiled functions, from the generated table.
#define MM(fn, build, shape, pair, m, n, k, wb, we, ab, ae, check, panel)      \
  extern "C" void fn(const int64_t *, const int64_t *, int32_t *);
#define PACK(fn, build, shape, m, k, ab, ae, check)                            \
  extern "C" void fn(const int8_t *, int64_t *);
#define LIMIT(fn, lanes, unroll) extern "C" int64_t fn(int64_t);
#include "cases.inc"
#undef MM
#undef PACK
#undef LIMIT
extern "C" int64_t clock_chain(int64_t);

namespace {

struct MatmulCase {
  void (*fn)(const int64_t *, const int64_t *, int32_t *);
  const char *name, *build, *shape, *pair;
  int64_t m, n, k;
  int wbits, wenc, abits, aenc;
  bool check;
  /// Weight rows per panel of the rhs layout, 0 for the rows layout.
  int panel;
};

struct PackCase {
  void (*fn)(const int8_t *, int64_t *);
  const char *name, *build, *shape;
  int64_t m, k;
  int abits, aenc;
  bool check;
};

struct LimitCase {
  int64_t (*fn)(int64_t);
  const char *name;
  int lanes, unroll;
};

const MatmulCase kMatmuls[] = {
#define MM(fn, build, shape, pair, m, n, k, wb, we, ab, ae, check, panel)      \
  {fn, #fn, build, shape, pair, m, n, k, wb, we, ab, ae, bool(check), panel},
#define PACK(fn, build, shape, m, k, ab, ae, check)
#define LIMIT(fn, lanes, unroll)
#include "cases.inc"
#undef MM
#undef PACK
#undef LIMIT
};

const PackCase kPacks[] = {
#define MM(fn, build, shape, pair, m, n, k, wb, we, ab, ae, check, panel)
#define PACK(fn, build, shape, m, k, ab, ae, check)                            \
  {fn, #fn, build, shape, m, k, ab, ae, bool(check)},
#define LIMIT(fn, lanes, unroll)
#include "cases.inc"
#undef MM
#undef PACK
#undef LIMIT
};

const LimitCase kLimits[] = {
#define MM(fn, build, shape, pair, m, n, k, wb, we, ab, ae, check, panel)
#define PACK(fn, build, shape, m, k, ab, ae, check)
#define LIMIT(fn, lanes, unroll) {fn, #fn, lanes, unroll},
#include "cases.inc"
#undef MM
#undef PACK
#undef LIMIT
};

std::mt19937_64 rng(20240301);
double minTime = 1.0; // Seconds of timed runs per measurement, at least.
int minRuns = 10, maxRuns = 1000;

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// CPU time of the process: unlike wall time, it does not count the time the
/// benchmark waits while other processes run on a shared machine.
double cpuNow() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct Timing {
  double best = 0, median = 0;       // CPU time per call.
  double bestWall = 0, medianWall = 0; // Wall time per call.
  int runs = 0;
};

/// Warms up once, then runs `f` until both minRuns runs and minTime seconds
/// are reached (at most maxRuns; at least 5 runs however long one takes).
Timing measure(const std::function<void()> &f) {
  f();
  std::vector<double> cpu, wall;
  double total = 0;
  while (wall.size() < size_t(maxRuns)) {
    double start = now(), cpuStart = cpuNow();
    f();
    double cpuEnd = cpuNow(), end = now();
    cpu.push_back(cpuEnd - cpuStart);
    wall.push_back(end - start);
    total += end - start;
    if ((wall.size() >= size_t(minRuns) && total >= minTime) ||
        (wall.size() >= 5 && total >= 2 * minTime))
      break;
  }
  std::sort(cpu.begin(), cpu.end());
  std::sort(wall.begin(), wall.end());
  return {cpu.front(), cpu[cpu.size() / 2], wall.front(), wall[wall.size() / 2],
          int(wall.size())};
}

/// For the register-only loops: an iteration count whose call takes about
/// `seconds` (short calls are rarely interrupted on a shared machine).
int64_t sizeRun(int64_t (*fn)(int64_t), double seconds) {
  int64_t n = 1024;
  while (true) {
    double start = cpuNow();
    volatile int64_t r = fn(n);
    (void)r;
    double t = cpuNow() - start;
    if (t > seconds / 4)
      return int64_t(double(n) * seconds / t) + 1;
    n *= 2;
  }
}

//===----------------------------------------------------------------------===//
// Codes, the packer and the reference
//===----------------------------------------------------------------------===//

int64_t codeMin(int enc, int bits) {
  return enc == Unsigned ? 0 : enc == Signed ? -(int64_t(1) << (bits - 1)) : -1;
}
int64_t codeMax(int enc, int bits) {
  return enc == Unsigned ? (int64_t(1) << bits) - 1
         : enc == Signed ? (int64_t(1) << (bits - 1)) - 1
                         : 1;
}

std::vector<int8_t> drawCodes(int64_t count, int enc, int bits) {
  std::vector<int8_t> codes(count);
  int64_t low = codeMin(enc, bits), high = codeMax(enc, bits);
  for (auto &c : codes) {
    if (enc == Bipolar)
      c = (rng() & 1) ? 1 : -1;
    else
      c = int8_t(low + int64_t(rng() % uint64_t(high - low + 1)));
  }
  return codes;
}

/// The kernel level's bit-plane layout: bits x rows x ceil(K/64) words,
/// plane t holds bit t of each two's-complement code (1 for bipolar +1).
std::vector<int64_t> packPlanes(const std::vector<int8_t> &codes, int64_t rows,
                                int64_t k, int enc, int bits) {
  int64_t words = (k + 63) / 64;
  std::vector<uint64_t> planes(bits * rows * words, 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t i = 0; i < k; ++i) {
      int c = codes[r * k + i];
      uint64_t pattern = enc == Bipolar ? (c > 0 ? 1 : 0) : uint64_t(int64_t(c));
      for (int t = 0; t < bits; ++t)
        if ((pattern >> t) & 1)
          planes[(t * rows + r) * words + i / 64] |= uint64_t(1) << (i % 64);
    }
  return std::vector<int64_t>(planes.begin(), planes.end());
}

/// The panel layout of the same planes: bits x ceil(rows/width) x words x
/// width, element [t][p][w][j] = word w of row p * width + j (0 past rows).
std::vector<int64_t> toPanels(const std::vector<int64_t> &planes, int64_t rows,
                              int64_t k, int bits, int width) {
  int64_t words = (k + 63) / 64, panels = (rows + width - 1) / width;
  std::vector<int64_t> out(bits * panels * words * width, 0);
  for (int t = 0; t < bits; ++t)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t w = 0; w < words; ++w)
        out[((t * panels + r / width) * words + w) * width + r % width] =
            planes[(t * rows + r) * words + w];
  return out;
}

int64_t dotCodes(const int8_t *a, const int8_t *b, int64_t k, bool aUnsigned) {
  int64_t sum = 0;
  if (aUnsigned) {
    for (int64_t i = 0; i < k; ++i)
      sum += int64_t(uint8_t(a[i])) * b[i];
  } else {
    for (int64_t i = 0; i < k; ++i)
      sum += int64_t(a[i]) * b[i];
  }
  return sum;
}

/// Activation codes are stored as int8; unsigned 8-bit codes as uint8 bits.
std::vector<int8_t> drawActivations(int64_t count, int enc, int bits) {
  if (enc == Unsigned && bits == 8) {
    std::vector<int8_t> codes(count);
    for (auto &c : codes)
      c = int8_t(uint8_t(rng() % 256));
    return codes;
  }
  return drawCodes(count, enc, bits);
}

std::vector<int64_t> packActivations(const std::vector<int8_t> &codes,
                                     int64_t rows, int64_t k, int enc,
                                     int bits) {
  if (enc == Unsigned && bits == 8) {
    // packPlanes reads int8: give it the two's-complement bits of the u8 code.
    return packPlanes(codes, rows, k, Signed, 8);
  }
  return packPlanes(codes, rows, k, enc, bits);
}

//===----------------------------------------------------------------------===//
// JSON output
//===----------------------------------------------------------------------===//

std::string json;
void field(const char *key, const std::string &value, bool last = false) {
  json += "\"" + std::string(key) + "\": \"" + value + "\"" + (last ? "" : ", ");
}
void field(const char *key, double value, bool last = false) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  json += "\"" + std::string(key) + "\": " + buffer + (last ? "" : ", ");
}
std::string escape(const char *text) {
  std::string out;
  for (const char *p = text; *p; ++p) {
    if (*p == '"' || *p == '\\')
      out += '\\';
    if (*p == '\n') {
      out += "\\n";
      continue;
    }
    out += *p;
  }
  return out;
}

std::vector<std::string> failures;
void fail(const std::string &what) {
  if (failures.size() < 50)
    std::fprintf(stderr, "MISMATCH %s\n", what.c_str());
  failures.push_back(what);
}

//===----------------------------------------------------------------------===//
// Data of one shape
//===----------------------------------------------------------------------===//

/// Codes and packed planes per (rows, k, encoding, bits), drawn once.
struct Operand {
  std::vector<int8_t> codes;
  std::vector<int64_t> planes;
  /// The planes in panel layouts, by panel width.
  std::map<int, std::vector<int64_t>> panels;
  const int64_t *layout(int width, int64_t rows, int64_t k, int bits) {
    if (width == 0)
      return planes.data();
    auto it = panels.find(width);
    if (it == panels.end())
      it = panels.emplace(width, toPanels(planes, rows, k, bits, width)).first;
    return it->second.data();
  }
};
std::map<std::tuple<int64_t, int64_t, int, int, char>, Operand> operands;

Operand &operand(char side, int64_t rows, int64_t k, int enc, int bits) {
  auto key = std::make_tuple(rows, k, enc, bits, side);
  auto it = operands.find(key);
  if (it != operands.end())
    return it->second;
  Operand op;
  op.codes = side == 'a' ? drawActivations(rows * k, enc, bits)
                         : drawCodes(rows * k, enc, bits);
  op.planes = side == 'a' ? packActivations(op.codes, rows, k, enc, bits)
                          : packPlanes(op.codes, rows, k, enc, bits);
  return operands.emplace(key, std::move(op)).first->second;
}

int64_t reference(const MatmulCase &c, const Operand &a, const Operand &w,
                  int64_t i, int64_t j) {
  return dotCodes(&a.codes[i * c.k], &w.codes[j * c.k], c.k,
                  c.aenc == Unsigned && c.abits == 8);
}

/// Runs a kernel once on random init values and compares outputs: every one
/// for a check case, else first/last rows and columns plus random samples.
bool checkMatmul(const MatmulCase &c) {
  Operand &a = operand('a', c.m, c.k, c.aenc, c.abits);
  Operand &w = operand('w', c.n, c.k, c.wenc, c.wbits);
  std::vector<int32_t> acc(c.m * c.n), init(c.m * c.n);
  for (int64_t i = 0; i < c.m * c.n; ++i)
    acc[i] = init[i] = int32_t(int64_t(rng() % 2001) - 1000);
  c.fn(a.planes.data(), w.layout(c.panel, c.n, c.k, c.wbits), acc.data());
  std::set<std::pair<int64_t, int64_t>> points;
  if (c.check) {
    for (int64_t i = 0; i < c.m; ++i)
      for (int64_t j = 0; j < c.n; ++j)
        points.insert({i, j});
  } else {
    for (int64_t j = 0; j < c.n; ++j)
      points.insert({0, j}), points.insert({c.m - 1, j});
    for (int64_t i = 0; i < c.m; ++i)
      points.insert({i, 0}), points.insert({i, c.n - 1});
    for (int s = 0; s < 2048; ++s)
      points.insert({int64_t(rng() % c.m), int64_t(rng() % c.n)});
  }
  int bad = 0;
  for (auto [i, j] : points) {
    int64_t expected = init[i * c.n + j] + reference(c, a, w, i, j);
    int64_t got = acc[i * c.n + j];
    if (got != expected) {
      if (++bad <= 3) {
        char what[256];
        std::snprintf(what, sizeof what, "%s: acc[%" PRId64 "][%" PRId64
                      "] = %" PRId64 ", expected %" PRId64,
                      c.name, i, j, got, expected);
        fail(what);
      }
    }
  }
  if (bad > 3)
    fail(std::string(c.name) + ": " + std::to_string(bad) + " mismatches in all");
  return bad == 0;
}

bool checkPack(const PackCase &p, const std::vector<int8_t> &x,
               const std::vector<int64_t> &expected) {
  std::vector<int64_t> planes(expected.size());
  for (auto &word : planes)
    word = int64_t(rng()); // Packing must write every word.
  p.fn(x.data(), planes.data());
  int64_t bad = 0;
  for (size_t i = 0; i < planes.size(); ++i)
    bad += planes[i] != expected[i];
  if (bad)
    fail(std::string(p.name) + ": " + std::to_string(bad) + " of " +
         std::to_string(planes.size()) + " words differ");
  return bad == 0;
}

struct Shape {
  std::string name;
  int64_t m, n, k;
};

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s results.json\n", argv[0]);
    return 2;
  }
  if (const char *v = std::getenv("BENCH_MIN_TIME"))
    minTime = std::atof(v);
  std::setvbuf(stdout, nullptr, _IOLBF, 0); // Progress lines as they come.
  openblas_set_num_threads(1);
  json = "{";

  // The clock: 8 dependent single-cycle adds per iteration.
  {
    int64_t n = sizeRun(clock_chain, 2e-3);
    Timing t = measure([&] { volatile int64_t r = clock_chain(n); (void)r; });
    double ghz = 8.0 * n / t.best / 1e9;
    std::printf("clock: about %.2f GHz (dependent add chain)\n", ghz);
    json += "\"clock_ghz\": " + std::to_string(ghz) + ", ";
  }

  // The limit loops: 2 ms calls, best of many.
  json += "\"limits\": [";
  for (size_t i = 0; i < std::size(kLimits); ++i) {
    const LimitCase &l = kLimits[i];
    int64_t n = sizeRun(l.fn, 2e-3);
    Timing t = measure([&] { volatile int64_t r = l.fn(n); (void)r; });
    double bitmacs = double(n) * l.unroll * l.lanes * 64;
    std::printf("limit %-14s %8.1f Gbit-MAC/s\n", l.name, bitmacs / t.best / 1e9);
    json += std::string(i ? ", " : "") + "{";
    field("name", l.name);
    field("lanes", l.lanes);
    field("unroll", l.unroll);
    field("bitmacs_per_s", bitmacs / t.best);
    field("median_bitmacs_per_s", bitmacs / t.medianWall, true);
    json += "}";
  }
  json += "], ";

  // Correctness of every kernel before any timing.
  std::set<std::string> broken; // Functions that must not be timed.
  int checked = 0;
  for (const MatmulCase &c : kMatmuls) {
    if (!checkMatmul(c))
      broken.insert(c.name);
    ++checked;
  }
  // qnn.pack_bits reads i8 codes (an 8-bit unsigned code as its bit pattern).
  std::map<std::tuple<std::string, int64_t, int64_t, int, int>,
           std::vector<int8_t>>
      packInputs;
  for (const PackCase &p : kPacks) {
    Operand &a = operand('a', p.m, p.k, p.aenc, p.abits);
    std::vector<int8_t> x = a.codes;
    if (!checkPack(p, x, a.planes))
      broken.insert(p.name);
    ++checked;
    if (!p.check)
      packInputs[{p.build, p.m, p.k, p.abits, p.aenc}] = std::move(x);
  }
  std::printf("checked %d kernels: %zu failed\n", checked, broken.size());
  json += "\"checked\": " + std::to_string(checked) + ", ";

  // qnn GEMMs on pre-packed planes.
  json += "\"qnn\": [";
  bool first = true;
  for (const MatmulCase &c : kMatmuls) {
    if (c.check)
      continue;
    if (broken.count(c.name)) {
      std::printf("%-28s NOT TIMED (failed its check)\n", c.name);
      continue;
    }
    Operand &a = operand('a', c.m, c.k, c.aenc, c.abits);
    Operand &w = operand('w', c.n, c.k, c.wenc, c.wbits);
    std::vector<int32_t> acc(c.m * c.n, 0);
    Timing t = measure([&] {
      c.fn(a.planes.data(), w.layout(c.panel, c.n, c.k, c.wbits), acc.data());
    });
    double macs = double(c.m) * c.n * c.k;
    std::printf("%-28s %9.3f ms  %8.1f Gbit-MAC/s  %7.1f GMAC/s\n", c.name,
                t.best * 1e3, macs * c.wbits * c.abits / t.best / 1e9,
                macs / t.best / 1e9);
    json += std::string(first ? "" : ", ") + "{";
    first = false;
    field("build", c.build);
    field("shape", c.shape);
    field("pair", c.pair);
    field("m", c.m);
    field("n", c.n);
    field("k", c.k);
    field("wbits", c.wbits);
    field("abits", c.abits);
    field("best_s", t.best);
    field("median_s", t.median);
    field("best_wall_s", t.bestWall);
    field("median_wall_s", t.medianWall);
    field("runs", t.runs, true);
    json += "}";
  }
  json += "], ";

  // Activation packing (qnn.pack_bits), M x K codes to planes.
  json += "\"pack\": [";
  first = true;
  for (const PackCase &p : kPacks) {
    if (p.check || broken.count(p.name))
      continue;
    const std::vector<int8_t> &x = packInputs[{p.build, p.m, p.k, p.abits, p.aenc}];
    std::vector<int64_t> planes(p.abits * p.m * ((p.k + 63) / 64));
    Timing t = measure([&] { p.fn(x.data(), planes.data()); });
    std::printf("%-28s %9.3f ms\n", p.name, t.best * 1e3);
    json += std::string(first ? "" : ", ") + "{";
    first = false;
    field("build", p.build);
    field("shape", p.shape);
    field("abits", p.abits);
    field("aenc", p.aenc == Bipolar ? "bipolar" : "unsigned");
    field("best_s", t.best);
    field("median_s", t.median);
    field("best_wall_s", t.bestWall);
    field("median_wall_s", t.medianWall, true);
    json += "}";
  }
  json += "], ";

  // The same logical shapes through OpenBLAS and oneDNN.
  std::vector<Shape> shapes;
  for (const MatmulCase &c : kMatmuls)
    if (!c.check &&
        std::none_of(shapes.begin(), shapes.end(),
                     [&](const Shape &s) { return s.name == c.shape; }))
      shapes.push_back({c.shape, c.m, c.n, c.k});

  const char *corename = openblas_get_corename();
  const char *config = openblas_get_config();
  std::printf("openblas: core %s (OPENBLAS_CORETYPE=%s), config %s\n",
              corename ? corename : "?",
              std::getenv("OPENBLAS_CORETYPE") ? std::getenv("OPENBLAS_CORETYPE")
                                               : "unset",
              config ? config : "?");
  json += "\"openblas_core\": \"" + escape(corename ? corename : "?") + "\", ";
  json += "\"openblas_config\": \"" + escape(config ? config : "?") + "\", ";
  json += "\"sgemm\": [";
  for (size_t s = 0; s < shapes.size(); ++s) {
    const Shape &sh = shapes[s];
    // Codes as floats: u4 activations, s4 weights; exact in f32.
    std::vector<int8_t> ac = drawCodes(sh.m * sh.k, Unsigned, 4);
    std::vector<int8_t> wc = drawCodes(sh.n * sh.k, Signed, 4);
    std::vector<float> a(ac.begin(), ac.end()), w(wc.begin(), wc.end());
    std::vector<float> c(sh.m * sh.n);
    auto run = [&] {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, sh.m, sh.n, sh.k,
                  1.0f, a.data(), sh.k, w.data(), sh.k, 0.0f, c.data(), sh.n);
    };
    run();
    for (int i = 0; i < 256; ++i) {
      int64_t r = rng() % sh.m, col = rng() % sh.n;
      int64_t expected = dotCodes(&ac[r * sh.k], &wc[col * sh.k], sh.k, false);
      if (c[r * sh.n + col] != float(expected)) {
        fail("sgemm " + sh.name + " differs from the integer reference");
        break;
      }
    }
    Timing t = measure(run);
    double macs = double(sh.m) * sh.n * sh.k;
    std::printf("sgemm %-6s %9.3f ms  %7.1f GMAC/s\n", sh.name.c_str(),
                t.best * 1e3, macs / t.best / 1e9);
    json += std::string(s ? ", " : "") + "{";
    field("shape", sh.name);
    field("best_s", t.best);
    field("median_s", t.median);
    field("best_wall_s", t.bestWall);
    field("median_wall_s", t.medianWall, true);
    json += "}";
  }
  json += "], ";

  {
    const dnnl_version_t *v = dnnl_version();
    char text[128];
    std::snprintf(text, sizeof text, "%d.%d.%d (cpu runtime %u, isa %s)",
                  v->major, v->minor, v->patch, v->cpu_runtime,
                  "see impl");
    json += "\"onednn_version\": \"" + escape(text) + "\", ";
  }
  json += "\"onednn\": [";
  {
    using namespace dnnl;
    engine eng(engine::kind::cpu, 0);
    stream strm(eng);
    for (size_t s = 0; s < shapes.size(); ++s) {
      const Shape &sh = shapes[s];
      // u8 activations x s8 weights; codes in the u4 x s4 range, so that no
      // implementation's intermediate 16-bit sums can saturate and the
      // result is checkable (the time does not depend on the values).
      std::vector<int8_t> ac = drawCodes(sh.m * sh.k, Unsigned, 4);
      std::vector<int8_t> wc = drawCodes(sh.n * sh.k, Signed, 4);
      memory::desc srcMd({sh.m, sh.k}, memory::data_type::u8, memory::format_tag::ab);
      // Weights are K x N logically; stored N x K (row n holds a filter),
      // which is the `ba` layout. The primitive picks its own layout (any)
      // and the weights are reordered into it once, before timing:
      // pre-packed, like qnn's planes.
      memory::desc wUserMd({sh.k, sh.n}, memory::data_type::s8, memory::format_tag::ba);
      memory::desc wAnyMd({sh.k, sh.n}, memory::data_type::s8, memory::format_tag::any);
      memory::desc dstMd({sh.m, sh.n}, memory::data_type::s32, memory::format_tag::ab);
      matmul::primitive_desc pd(matmul::desc(srcMd, wAnyMd, dstMd), eng);
      memory src(srcMd, eng, ac.data());
      memory wUser(wUserMd, eng, wc.data());
      memory weights(pd.weights_desc(), eng);
      reorder(wUser, weights).execute(strm, wUser, weights);
      memory dst(dstMd, eng);
      matmul prim(pd);
      auto run = [&] {
        prim.execute(strm, {{DNNL_ARG_SRC, src},
                            {DNNL_ARG_WEIGHTS, weights},
                            {DNNL_ARG_DST, dst}});
        strm.wait();
      };
      run();
      const int32_t *out = static_cast<const int32_t *>(dst.get_data_handle());
      for (int i = 0; i < 256; ++i) {
        int64_t r = rng() % sh.m, col = rng() % sh.n;
        int64_t expected = dotCodes(&ac[r * sh.k], &wc[col * sh.k], sh.k, false);
        if (out[r * sh.n + col] != expected) {
          fail("onednn " + sh.name + " differs from the integer reference");
          break;
        }
      }
      Timing t = measure(run);
      double macs = double(sh.m) * sh.n * sh.k;
      std::printf("onednn %-6s %9.3f ms  %7.1f GMAC/s  (%s)\n", sh.name.c_str(),
                  t.best * 1e3, macs / t.best / 1e9, pd.impl_info_str());
      json += std::string(s ? ", " : "") + "{";
      field("shape", sh.name);
      field("impl", pd.impl_info_str());
      field("best_s", t.best);
      field("median_s", t.median);
      field("best_wall_s", t.bestWall);
      field("median_wall_s", t.medianWall, true);
      json += "}";
    }
  }
  json += "], ";
  // Kernel check failures and baseline check failures alike.
  json += "\"failures\": [";
  for (size_t i = 0; i < failures.size(); ++i)
    json += std::string(i ? ", " : "") + "\"" + escape(failures[i].c_str()) + "\"";
  json += "]}";

  FILE *f = std::fopen(argv[1], "w");
  if (!f) {
    std::perror(argv[1]);
    return 2;
  }
  std::fprintf(f, "%s\n", json.c_str());
  std::fclose(f);
  return failures.empty() ? 0 : 1;
}
