// The f32_fma kernel benchmark (bench/fma_kernels.sh): each qnn.fma_matmul
// of a ResNet-18 convolution shape against OpenBLAS cblas_sgemm on the same
// operands in the same process, one thread. Checks the results agree, then
// prints the best CPU time of many calls and GMAC/s for both.
#include "fma_kernels.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);
char *openblas_get_corename(void);

static double cpuSeconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static float *randomFloats(long count) {
  float *values = aligned_alloc(64, ((count * 4 + 63) / 64) * 64);
  for (long i = 0; i < count; ++i)
    values[i] = (float)rand() / RAND_MAX - 0.5f;
  return values;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 30;
  openblas_set_num_threads(1);
  printf("openblas core %s, best of %d calls\n", openblas_get_corename(), reps);
  int status = 0;
  for (unsigned s = 0; s < sizeof(shapes) / sizeof(shapes[0]); ++s) {
    int m = shapes[s].m, k = shapes[s].k, n = shapes[s].n;
    float *w = randomFloats((long)m * k), *x = randomFloats((long)k * n);
    float *bias = randomFloats(m), *out = randomFloats((long)m * n);
    float *ref = randomFloats((long)m * n);
    double best = 1e9, bestBlas = 1e9;
    for (int r = 0; r < reps; ++r) {
      double start = cpuSeconds();
      shapes[s].fn(w, x, bias, out);
      double mid = cpuSeconds();
      for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j)
          ref[(long)i * n + j] = bias[i];
      double blasStart = cpuSeconds();
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, w,
                  k, x, n, 1.0f, ref, n);
      double end = cpuSeconds();
      best = fmin(best, mid - start);
      bestBlas = fmin(bestBlas, end - blasStart);
    }
    double worst = 0;
    for (long i = 0; i < (long)m * n; ++i)
      worst = fmax(worst, fabs(out[i] - ref[i]));
    if (worst > 1e-3) {
      printf("%s: differs from sgemm by %g\n", shapes[s].name, worst);
      status = 1;
    }
    double macs = (double)m * n * k;
    printf("%-10s M %4d K %5d N %6d  qnn %8.3f ms %6.1f GMAC/s  sgemm %8.3f ms "
           "%6.1f GMAC/s  ratio %.2f\n",
           shapes[s].name, m, k, n, best * 1e3, macs / best * 1e-9,
           bestBlas * 1e3, macs / bestBlas * 1e-9, bestBlas / best);
    free(w), free(x), free(bias), free(out), free(ref);
  }
  return status;
}
