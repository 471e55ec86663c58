/* Calls a model compiled by qnn-compile: fills the input with a ramp, runs
   forward once and prints the output's size, sum and largest value. */
#include <stdio.h>

#include "model.h"

int main(void) {
  static float input[QNN_FORWARD_INPUT_SIZE];
  static float output[QNN_FORWARD_OUTPUT_SIZE];
  for (int i = 0; i < QNN_FORWARD_INPUT_SIZE; ++i)
    input[i] = (float)(i % 17) / 8.0f - 1.0f;
  forward(input, output);
  float sum = 0, largest = output[0];
  int argmax = 0;
  for (int i = 0; i < QNN_FORWARD_OUTPUT_SIZE; ++i) {
    sum += output[i];
    if (output[i] > largest) {
      largest = output[i];
      argmax = i;
    }
  }
  printf("output: %d values, sum %g, largest y[%d] = %g\n",
         QNN_FORWARD_OUTPUT_SIZE, sum, argmax, largest);
  return 0;
}
