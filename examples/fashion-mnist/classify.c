/* Classifies the Fashion-MNIST test set with a model compiled by
 * qnn-compile, one image per forward() call, and prints its accuracy and
 * per-image latency:
 *
 *   classify <t10k-images-idx3-ubyte> <t10k-labels-idx1-ubyte> [predictions.bin]
 *
 * Build it with the header that came with the object (batch 1, input
 * 1x1x28x28, output 1x10):
 *
 *   cc -O2 -I<dir of model.h> classify.c model.o -o classify
 *
 * Latency is wall time of each call on one thread, after a warm-up pass
 * over the first 100 images; the median and mean over all images are
 * printed. The optional third argument receives one predicted class per
 * image (one byte each), to compare two compiled models. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "idx.h"
#include "model.h"

#if QNN_FORWARD_INPUT_SIZE != 784 || QNN_FORWARD_OUTPUT_SIZE != 10
#error "classify.c expects a batch-1 model with 1x1x28x28 input and 10 outputs"
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s <images-idx3-ubyte> <labels-idx1-ubyte> "
                    "[predictions.bin]\n", argv[0]);
    return 1;
  }
  struct Idx images, labels;
  if (readIdx(argv[1], 3, &images))
    return 1;
  if (readIdx(argv[2], 1, &labels))
    return 1;
  size_t count = images.dims[0];
  if (labels.dims[0] != count || images.dims[1] != 28 || images.dims[2] != 28) {
    fprintf(stderr, "%s, %s: expected N 28x28 images and N labels\n", argv[1],
            argv[2]);
    return 1;
  }

  float input[784], logits[10];
  unsigned char *predictions = malloc(count);
  double *seconds = malloc(count * sizeof(double));
  size_t warmUp = count < 100 ? count : 100;
  for (size_t pass = 0; pass < 2; ++pass) {
    for (size_t n = 0; n < (pass ? count : warmUp); ++n) {
      for (int i = 0; i < 784; ++i)
        input[i] = images.data[n * 784 + i] / 255.0f;
      double start = now();
      forward(input, logits);
      seconds[n] = now() - start;
      int best = 0;
      for (int c = 1; c < 10; ++c)
        if (logits[c] > logits[best])
          best = c;
      predictions[n] = (unsigned char)best;
    }
  }

  size_t correct = 0;
  double total = 0;
  for (size_t n = 0; n < count; ++n) {
    correct += predictions[n] == labels.data[n];
    total += seconds[n];
  }
  qsort(seconds, count, sizeof(double), compareDoubles);
  printf("accuracy: %.4f (%zu of %zu test images)\n", (double)correct / count,
         correct, count);
  printf("latency per image: median %.1f us, mean %.1f us\n",
         1e6 * seconds[count / 2], 1e6 * total / count);

  if (argc == 4) {
    FILE *f = fopen(argv[3], "wb");
    if (!f || fwrite(predictions, 1, count, f) != count || fclose(f)) {
      fprintf(stderr, "%s: cannot write predictions\n", argv[3]);
      return 1;
    }
  }
  free(predictions);
  free(seconds);
  freeIdx(&images);
  freeIdx(&labels);
  return 0;
}
