/* Runs a compiled model: reads the input (raw float32, the size the model's
   header gives), calls forward, prints the per-image argmax and the time per
   call (mean of 200 calls, or of the optional third argument; 0: one call,
   untimed, as tests under qemu want), and writes the output (raw float32).
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
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s input.bin output.bin [timed-runs]\n", argv[0]);
    return 2;
  }
  int runs = argc == 4 ? atoi(argv[3]) : 200;
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

  forward(input, output); /* also the warm-up */
  double start = now();
  for (int i = 0; i < runs; ++i)
    forward(input, output);
  double seconds = runs > 0 ? (now() - start) / runs : 0;

  int batch = (int)qnn_forward_output_shape[0];
  int classes = QNN_FORWARD_OUTPUT_SIZE / batch;
  for (int n = 0; n < batch; ++n) {
    int best = 0;
    for (int c = 1; c < classes; ++c)
      if (output[n * classes + c] > output[n * classes + best])
        best = c;
    printf("image %d: class %d\n", n, best);
  }
  if (runs > 0)
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
