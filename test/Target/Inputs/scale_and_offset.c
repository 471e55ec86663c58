/* Runs forward() from an object emitted by qnn-translate --qnn-to-object
 * and checks it against the same arithmetic done here in C: for the model
 * of scale_and_offset.mlir, output[i] = 2 * input[i] + i. The sizes come
 * from the generated header, so this also checks its constants. */
#include "model.h"

#include <stdint.h>
#include <stdio.h>

int main(void) {
  static float input[QNN_FORWARD_INPUT_SIZE];
  static float output[QNN_FORWARD_OUTPUT_SIZE];
  int64_t product = 1;
  int64_t i;
  int mismatches = 0;
  uint32_t state = 12345u;

  /* The header's size must be the product of its shape. */
  printf("input shape");
  for (i = 0; i < QNN_FORWARD_INPUT_RANK; ++i) {
    printf(" %lld", (long long)qnn_forward_input_shape[i]);
    product *= qnn_forward_input_shape[i];
  }
  printf(", size %lld\n", (long long)QNN_FORWARD_INPUT_SIZE);
  if (product != QNN_FORWARD_INPUT_SIZE ||
      QNN_FORWARD_INPUT_SIZE != QNN_FORWARD_OUTPUT_SIZE) {
    printf("FAIL: inconsistent sizes\n");
    return 1;
  }

  /* Pseudo-random inputs of both signs, with fractions. */
  for (i = 0; i < QNN_FORWARD_INPUT_SIZE; ++i) {
    state = state * 1103515245u + 12345u;
    input[i] = (float)((int32_t)(state >> 8) % 20000 - 10000) / 64.0f;
    output[i] = -1.0e30f;
  }

  forward(input, output);

  for (i = 0; i < QNN_FORWARD_OUTPUT_SIZE; ++i) {
    float expected = 2.0f * input[i] + (float)i;
    if (output[i] != expected) {
      printf("FAIL: output[%lld] = %g, expected %g\n", (long long)i,
             (double)output[i], (double)expected);
      ++mismatches;
    }
  }
  printf("%d mismatches in %lld outputs\n", mismatches,
         (long long)QNN_FORWARD_OUTPUT_SIZE);
  return mismatches != 0;
}
