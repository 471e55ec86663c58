/* Runs a model compiled with --profile (build with -include model.h):
   reads the input (raw float32), calls forward() `calls` times, writes the
   output of the last call (raw float32) and prints the profile table with
   the header's forward_profile_print(); with a fourth argument "reset" it
   calls forward_profile_reset() after the first call, so the table counts
   one call fewer. Usage: profile_harness input.bin output.bin calls [reset] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: %s input.bin output.bin calls [reset]\n", argv[0]);
    return 2;
  }
  int calls = atoi(argv[3]);
  int reset = argc == 5 && strcmp(argv[4], "reset") == 0;
  static float input[QNN_FORWARD_INPUT_SIZE];
  static float output[QNN_FORWARD_OUTPUT_SIZE];
  FILE *in = fopen(argv[1], "rb");
  if (!in || fread(input, sizeof(float), QNN_FORWARD_INPUT_SIZE, in) !=
                 QNN_FORWARD_INPUT_SIZE) {
    fprintf(stderr, "cannot read %d floats from %s\n", QNN_FORWARD_INPUT_SIZE,
            argv[1]);
    return 1;
  }
  fclose(in);
  for (int i = 0; i < calls; ++i) {
    forward(input, output);
    if (i == 0 && reset)
      forward_profile_reset();
  }
  forward_profile_print(stdout);
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), QNN_FORWARD_OUTPUT_SIZE, out) !=
                  QNN_FORWARD_OUTPUT_SIZE) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(out);
  return 0;
}
