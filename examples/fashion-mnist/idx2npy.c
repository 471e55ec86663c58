/* Converts Fashion-MNIST (or MNIST) IDX files to NumPy .npy files for
 * qnn-compile's calibration options:
 *
 *   idx2npy images <images-idx3-ubyte> <count> <out.npy>   float32 Nx1xHxW in [0, 1]
 *   idx2npy labels <labels-idx1-ubyte> <count> <out.npy>   int64 N
 *
 * The first <count> records are written. The IDX files must be
 * uncompressed (gzip -dc). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx.h"

static int writeNpy(const char *path, const char *descr, const char *shape,
                    const void *data, size_t bytes) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "idx2npy: %s: %s\n", path, strerror(errno));
    return 1;
  }
  char header[128];
  int length = snprintf(header, sizeof header,
                        "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                        descr, shape);
  /* Magic (6) + version (2) + header length (2) + header, padded with spaces
   * to a multiple of 64 bytes and ended by a newline. */
  int total = (10 + length + 1 + 63) / 64 * 64;
  uint16_t headerLength = (uint16_t)(total - 10);
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fputc(headerLength & 0xff, f);
  fputc(headerLength >> 8, f);
  fwrite(header, 1, (size_t)length, f);
  for (int i = 10 + length; i < total - 1; ++i)
    fputc(' ', f);
  fputc('\n', f);
  fwrite(data, 1, bytes, f);
  if (fclose(f) != 0) {
    fprintf(stderr, "idx2npy: %s: write failed\n", path);
    remove(path);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 5 || (strcmp(argv[1], "images") && strcmp(argv[1], "labels"))) {
    fprintf(stderr, "usage: idx2npy images|labels <idx-file> <count> <out.npy>\n");
    return 1;
  }
  int images = strcmp(argv[1], "images") == 0;
  struct Idx idx;
  if (readIdx(argv[2], images ? 3 : 1, &idx))
    return 1;
  long count = strtol(argv[3], NULL, 10);
  if (count <= 0 || (size_t)count > idx.dims[0]) {
    fprintf(stderr, "idx2npy: %s has %zu records; cannot take %s\n", argv[2],
            idx.dims[0], argv[3]);
    return 1;
  }
  char shape[64];
  int status;
  if (images) {
    size_t pixels = idx.dims[1] * idx.dims[2];
    float *x = malloc((size_t)count * pixels * sizeof(float));
    for (size_t i = 0; i < (size_t)count * pixels; ++i)
      x[i] = idx.data[i] / 255.0f;
    snprintf(shape, sizeof shape, "(%ld, 1, %zu, %zu)", count, idx.dims[1],
             idx.dims[2]);
    status = writeNpy(argv[4], "<f4", shape, x, (size_t)count * pixels * sizeof(float));
    free(x);
  } else {
    int64_t *y = malloc((size_t)count * sizeof(int64_t));
    for (long i = 0; i < count; ++i)
      y[i] = idx.data[i];
    snprintf(shape, sizeof shape, "(%ld,)", count);
    status = writeNpy(argv[4], "<i8", shape, y, (size_t)count * sizeof(int64_t));
    free(y);
  }
  freeIdx(&idx);
  return status;
}
