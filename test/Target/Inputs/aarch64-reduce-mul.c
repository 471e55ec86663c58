/* Runs forward() of aarch64-reduce-mul.mlir on codes 1..8 and prints both
 * outputs with the sums of the same products done here in C. */
#include "model.h"

#include <stdio.h>

int main(void) {
  static const int weights[2][8] = {{1, 1, 1, 1, 1, -1, 1, -1},
                                    {-1, 1, -1, -1, -1, -1, 1, 1}};
  float input[QNN_FORWARD_INPUT_SIZE], output[QNN_FORWARD_OUTPUT_SIZE];
  int channel, k;
  for (k = 0; k < 8; ++k)
    input[k] = (float)(k + 1);
  forward(input, output);
  for (channel = 0; channel < 2; ++channel) {
    int expected = 0;
    for (k = 0; k < 8; ++k)
      expected += weights[channel][k] * (k + 1);
    printf("channel %d: %g, expected %d\n", channel, output[channel], expected);
  }
  return 0;
}
