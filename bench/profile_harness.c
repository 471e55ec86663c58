/* Profiles one network compiled by qnn-compile --profile (bench/profile.sh):
   reads the input (raw float32), calls forward() once (the warm-up, which
   also faults in the static workspace), then `runs` more calls, resetting
   the profile table before each, and prints per row of the table the
   median ticks of one call (so each row is a median over calls, not a
   mean), with the counter's frequency (forward_profile_ticks_per_second)
   and the minor page faults (getrusage) of all calls after the first.
   One thread. Build with -include model.h.

   Usage: profile_harness input.bin runs
   Output: "ticks_per_second F", "minor_faults_after_first N runs R", then
   one line per row: index<TAB>name<TAB>step<TAB>macs<TAB>unit<TAB>median ticks */
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

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s input.bin runs\n", argv[0]);
    return 2;
  }
  int runs = atoi(argv[2]);
  if (runs < 1)
    runs = 1;
  float *input = malloc(sizeof(float) * QNN_FORWARD_INPUT_SIZE);
  float *output = malloc(sizeof(float) * QNN_FORWARD_OUTPUT_SIZE);
  uint64_t *ticks = malloc(sizeof(uint64_t) * runs * QNN_FORWARD_PROFILE_ROWS);
  uint64_t *column = malloc(sizeof(uint64_t) * runs);
  FILE *in = fopen(argv[1], "rb");
  if (!in || fread(input, sizeof(float), QNN_FORWARD_INPUT_SIZE, in) !=
                 QNN_FORWARD_INPUT_SIZE) {
    fprintf(stderr, "cannot read %d floats from %s\n", QNN_FORWARD_INPUT_SIZE,
            argv[1]);
    return 1;
  }
  fclose(in);
  /* The harness's own arrays are touched before counting. */
  memset(ticks, 0, sizeof(uint64_t) * runs * QNN_FORWARD_PROFILE_ROWS);
  memset(column, 0, sizeof(uint64_t) * runs);
  forward(input, output);
  long faults = minorFaults();
  for (int run = 0; run < runs; ++run) {
    forward_profile_reset();
    forward(input, output);
    for (int row = 0; row < QNN_FORWARD_PROFILE_ROWS; ++row)
      ticks[run * QNN_FORWARD_PROFILE_ROWS + row] = forward_profile[row][0];
  }
  faults = minorFaults() - faults;
  printf("ticks_per_second %.6g\n", forward_profile_ticks_per_second());
  printf("minor_faults_after_first %ld runs %d\n", faults, runs);
  for (int row = 0; row < QNN_FORWARD_PROFILE_ROWS; ++row) {
    for (int run = 0; run < runs; ++run)
      column[run] = ticks[run * QNN_FORWARD_PROFILE_ROWS + row];
    qsort(column, runs, sizeof(uint64_t), compareU64);
    double median = runs % 2 ? (double)column[runs / 2]
                             : 0.5 * ((double)column[runs / 2 - 1] +
                                      (double)column[runs / 2]);
    const struct qnn_forward_profile_row *r = &qnn_forward_profile_rows[row];
    printf("%d\t%s\t%s\t%llu\t%s\t%.1f\n", row, r->name, r->step,
           (unsigned long long)r->macs, r->unit, median);
  }
  free(column);
  free(ticks);
  free(output);
  free(input);
  return 0;
}
