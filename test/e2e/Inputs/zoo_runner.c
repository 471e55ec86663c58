/* Runs a compiled model on a file of inputs: raw float32, any number of
   inputs of QNN_FORWARD_INPUT_SIZE floats each (the model's own batch), one
   forward call per input, the outputs written one after the other (raw
   float32). Build with -include model.h. Used by python/qonnx_zoo.py check. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s inputs.bin outputs.bin\n", argv[0]);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  fseek(in, 0, SEEK_END);
  long bytes = ftell(in);
  fseek(in, 0, SEEK_SET);
  long per_call = (long)sizeof(float) * QNN_FORWARD_INPUT_SIZE;
  if (bytes <= 0 || bytes % per_call != 0) {
    fprintf(stderr, "%s: %ld bytes is not a multiple of the input size %ld\n", argv[1], bytes,
            per_call);
    return 1;
  }
  long calls = bytes / per_call;
  float *input = malloc(bytes);
  float *output = malloc(sizeof(float) * QNN_FORWARD_OUTPUT_SIZE * calls);
  if (!input || !output || fread(input, 1, bytes, in) != (size_t)bytes) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  fclose(in);
  for (long i = 0; i < calls; ++i)
    forward(input + i * QNN_FORWARD_INPUT_SIZE, output + i * QNN_FORWARD_OUTPUT_SIZE);
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), QNN_FORWARD_OUTPUT_SIZE * calls, out) !=
                  (size_t)(QNN_FORWARD_OUTPUT_SIZE * calls)) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(out);
  printf("%ld calls\n", calls);
  return 0;
}
