/* A reader of IDX files of unsigned bytes (the MNIST and Fashion-MNIST
 * format: big-endian magic 0x0000080R, R dimensions, then the data). */
#ifndef QNN_EXAMPLES_IDX_H
#define QNN_EXAMPLES_IDX_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Idx {
  size_t dims[3];
  unsigned char *data;
};

/* Reads `path`, which must have `rank` dimensions. Returns 0, or prints an
 * error naming the file and returns 1. */
static int readIdx(const char *path, int rank, struct Idx *idx) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: %s\n", path, strerror(errno));
    return 1;
  }
  unsigned char header[16];
  size_t headerSize = 4 + 4 * (size_t)rank;
  if (fread(header, 1, headerSize, f) != headerSize || header[0] || header[1] ||
      header[2] != 0x08 || header[3] != rank) {
    fprintf(stderr, "%s: not an IDX file of unsigned bytes with %d dimensions\n",
            path, rank);
    fclose(f);
    return 1;
  }
  size_t total = 1;
  for (int i = 0; i < 3; ++i) {
    const unsigned char *b = header + 4 + 4 * i;
    idx->dims[i] = i < rank ? ((size_t)b[0] << 24 | (size_t)b[1] << 16 |
                               (size_t)b[2] << 8 | b[3])
                            : 1;
    total *= idx->dims[i];
  }
  idx->data = malloc(total);
  if (!idx->data || fread(idx->data, 1, total, f) != total) {
    fprintf(stderr, "%s: truncated: expected %zu bytes of data\n", path, total);
    free(idx->data);
    fclose(f);
    return 1;
  }
  fclose(f);
  return 0;
}

static void freeIdx(struct Idx *idx) { free(idx->data); }

#endif /* QNN_EXAMPLES_IDX_H */
