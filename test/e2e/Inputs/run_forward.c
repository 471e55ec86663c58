/* Runs a model compiled by qnn-compile once: reads QNN_FORWARD_INPUT_SIZE
   raw float32 values, calls forward, writes QNN_FORWARD_OUTPUT_SIZE raw
   float32 values. Build with -include model.h (the header qnn-compile writes
   beside the object). Unlike examples/mixed-precision-cnn/run_model.c it
   does not time 200 calls, which under qemu-user would take most of a
   test's time. */
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s input.bin output.bin\n", argv[0]);
    return 2;
  }
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
  forward(input, output);
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), QNN_FORWARD_OUTPUT_SIZE, out) !=
                  QNN_FORWARD_OUTPUT_SIZE ||
      fclose(out) != 0) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
