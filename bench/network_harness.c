/* Times one network compiled by qnn-compile (bench/networks.sh): reads the
   input (raw float32, the size the model's header gives), calls forward once
   and writes that output (raw float32) for the check, then times `runs`
   further calls one by one (CLOCK_MONOTONIC, one thread) and prints their
   median and minimum, and the minor page faults (getrusage) the timed
   calls took: with the static workspace, 0 after the first call. Build with -include model.h, as
   examples/mixed-precision-cnn/run_model.c.

   Usage: network_harness input.bin output.bin runs */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static long minorFaults(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s input.bin output.bin runs\n", argv[0]);
    return 2;
  }
  int runs = atoi(argv[3]);
  float *input = malloc(sizeof(float) * QNN_FORWARD_INPUT_SIZE);
  float *output = malloc(sizeof(float) * QNN_FORWARD_OUTPUT_SIZE);
  double *times = malloc(sizeof(double) * (runs > 0 ? runs : 1));
  FILE *in = fopen(argv[1], "rb");
  if (!in || fread(input, sizeof(float), QNN_FORWARD_INPUT_SIZE, in) !=
                 QNN_FORWARD_INPUT_SIZE) {
    fprintf(stderr, "cannot read %d floats from %s\n", QNN_FORWARD_INPUT_SIZE,
            argv[1]);
    return 1;
  }
  fclose(in);

  double start = now();
  forward(input, output); /* the checked output; also the warm-up */
  double first = now() - start;
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), QNN_FORWARD_OUTPUT_SIZE, out) !=
                  QNN_FORWARD_OUTPUT_SIZE) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(out);

  long faults = minorFaults();
  for (int i = 0; i < runs; ++i) {
    double t = now();
    forward(input, output);
    times[i] = now() - t;
  }
  faults = minorFaults() - faults;
  printf("first_ms %.6f\n", first * 1e3);
  printf("minor_faults_after_first %ld\n", faults);
  if (runs > 0) {
    qsort(times, runs, sizeof(double), compareDoubles);
    double median = runs % 2 ? times[runs / 2]
                             : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
    printf("median_ms %.6f\nmin_ms %.6f\nruns %d\n", median * 1e3,
           times[0] * 1e3, runs);
  }
  free(times);
  free(output);
  free(input);
  return 0;
}
