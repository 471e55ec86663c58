/* Runs a compiled model: reads the input (raw float32, the size the model's
   header gives), calls forward, prints the per-image argmax and the time per
   call, and writes the output (raw float32).
   Build with -include model.h so that the header's constants are known. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

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

  int runs = 200;
  forward(input, output); /* warm-up */
  double start = now();
  for (int i = 0; i < runs; ++i)
    forward(input, output);
  double seconds = (now() - start) / runs;

  int batch = (int)qnn_forward_output_shape[0];
  int classes = QNN_FORWARD_OUTPUT_SIZE / batch;
  for (int n = 0; n < batch; ++n) {
    int best = 0;
    for (int c = 1; c < classes; ++c)
      if (output[n * classes + c] > output[n * classes + best])
        best = c;
    printf("image %d: class %d\n", n, best);
  }
  printf("forward: %.1f us per batch of %d (mean of %d runs, one thread)\n",
         seconds * 1e6, batch, runs);

  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), QNN_FORWARD_OUTPUT_SIZE, out) !=
                  QNN_FORWARD_OUTPUT_SIZE) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(out);
  return 0;
}
