/* Runs a model compiled with qnn-compile --profile (build with
   -include model.h; one thread). Reads the input (raw float32), calls
   forward() `calls` times, writes the output of the last call (raw
   float32), and then, by `mode`:

   - table: prints the header's forward_profile_print() table (every call
     counted; test/e2e/profile.test);
   - reset: the same, with forward_profile_reset() after the first call, so
     the table counts one call fewer;
   - medians (bench/profile.sh): one more call first (the warm-up, which
     also faults in the static workspace), the table reset before each of
     the `calls` calls, and per row of the table the median ticks of one
     call (a median over calls, not a mean), with the counter's frequency
     (forward_profile_ticks_per_second) and the minor page faults
     (getrusage) of the calls after the warm-up:
       ticks_per_second F
       minor_faults_after_first N runs R
       index<TAB>name<TAB>step<TAB>macs<TAB>unit<TAB>median ticks   (a row each)

   Usage: profile_harness input.bin output.bin calls table|reset|medians */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int compareU64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static long minorFaults(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

/* Calls forward() `calls` times, reset before each, and prints the
   medians. */
static void printMedians(const float *input, float *output, int calls) {
  size_t cells = (size_t)calls * QNN_FORWARD_PROFILE_ROWS;
  uint64_t *ticks = calloc(cells, sizeof(uint64_t));
  uint64_t *column = calloc((size_t)calls, sizeof(uint64_t));
  /* The harness's own arrays are touched before counting. */
  memset(ticks, 0, cells * sizeof(uint64_t));
  memset(column, 0, (size_t)calls * sizeof(uint64_t));
  forward(input, output);
  long faults = minorFaults();
  for (int call = 0; call < calls; ++call) {
    forward_profile_reset();
    forward(input, output);
    for (int row = 0; row < QNN_FORWARD_PROFILE_ROWS; ++row)
      ticks[call * QNN_FORWARD_PROFILE_ROWS + row] = forward_profile[row][0];
  }
  faults = minorFaults() - faults;
  printf("ticks_per_second %.6g\n", forward_profile_ticks_per_second());
  printf("minor_faults_after_first %ld runs %d\n", faults, calls);
  for (int row = 0; row < QNN_FORWARD_PROFILE_ROWS; ++row) {
    for (int call = 0; call < calls; ++call)
      column[call] = ticks[call * QNN_FORWARD_PROFILE_ROWS + row];
    qsort(column, (size_t)calls, sizeof(uint64_t), compareU64);
    double median = calls % 2 ? (double)column[calls / 2]
                              : 0.5 * ((double)column[calls / 2 - 1] +
                                       (double)column[calls / 2]);
    const struct qnn_forward_profile_row *r = &qnn_forward_profile_rows[row];
    printf("%d\t%s\t%s\t%llu\t%s\t%.1f\n", row, r->name, r->step,
           (unsigned long long)r->macs, r->unit, median);
  }
  free(column);
  free(ticks);
}

int main(int argc, char **argv) {
  const char *mode = argc == 5 ? argv[4] : "";
  int calls = argc == 5 ? atoi(argv[3]) : 0;
  if (calls < 1 || (strcmp(mode, "table") != 0 && strcmp(mode, "reset") != 0 &&
                    strcmp(mode, "medians") != 0)) {
    fprintf(stderr,
            "usage: %s input.bin output.bin calls table|reset|medians\n",
            argv[0]);
    return 2;
  }
  float *input = malloc(sizeof(float) * QNN_FORWARD_INPUT_SIZE);
  float *output = malloc(sizeof(float) * QNN_FORWARD_OUTPUT_SIZE);
  FILE *in = fopen(argv[1], "rb");
  if (!in || fread(input, sizeof(float), QNN_FORWARD_INPUT_SIZE, in) !=
                 QNN_FORWARD_INPUT_SIZE) {
    fprintf(stderr, "cannot read %d floats from %s\n", QNN_FORWARD_INPUT_SIZE,
            argv[1]);
    return 1;
  }
  fclose(in);
  if (strcmp(mode, "medians") == 0) {
    printMedians(input, output, calls);
  } else {
    for (int call = 0; call < calls; ++call) {
      forward(input, output);
      if (call == 0 && strcmp(mode, "reset") == 0)
        forward_profile_reset();
    }
    forward_profile_print(stdout);
  }
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), QNN_FORWARD_OUTPUT_SIZE, out) !=
                  QNN_FORWARD_OUTPUT_SIZE) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(out);
  free(output);
  free(input);
  return 0;
}
