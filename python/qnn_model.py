"""Runs an object file compiled by qnn-compile from Python.

    from qnn_model import CompiledModel
    model = CompiledModel("model.o")          # model.h beside it
    logits = model.run(x)                     # x: N x <input shape>, float32
    us = model.latency_us(x[:1000])           # median per call, one thread

The object (position-independent, as qnn-compile writes it) is linked with
a small C shim into a shared library next to it (`cc -shared`) and called
through ctypes: the shim loops over the N samples in C, so the batch costs
one Python call. Shapes come from the model's header (QNN_FORWARD_*_SIZE);
the model's batch size is whatever it was compiled with (1 for the exports
of python/qat.py), and each call of forward() takes one such batch.
"""
import ctypes
import os
import re
import subprocess

import numpy as np

SHIM = r"""
#define _POSIX_C_SOURCE 199309L
#include <stdlib.h>
#include <time.h>
#include "%(header)s"
long qnn_input_size(void) { return QNN_FORWARD_INPUT_SIZE; }
long qnn_output_size(void) { return QNN_FORWARD_OUTPUT_SIZE; }
void qnn_run(const float *input, float *output, long calls) {
  for (long n = 0; n < calls; ++n)
    forward(input + n * QNN_FORWARD_INPUT_SIZE, output + n * QNN_FORWARD_OUTPUT_SIZE);
}
static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
/* Median wall time of one forward() call, in seconds. */
double qnn_median_seconds(const float *input, float *output, long calls) {
  double *t = malloc(calls * sizeof(double));
  struct timespec a, b;
  for (long n = 0; n < calls; ++n) {
    clock_gettime(CLOCK_MONOTONIC, &a);
    forward(input + n * QNN_FORWARD_INPUT_SIZE, output + n * QNN_FORWARD_OUTPUT_SIZE);
    clock_gettime(CLOCK_MONOTONIC, &b);
    t[n] = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
  }
  qsort(t, calls, sizeof(double), cmp);
  double median = t[calls / 2];
  free(t);
  return median;
}
"""


class CompiledModel:
    def __init__(self, object_path, header_path=None, library_path=None, cc="cc"):
        object_path = os.path.abspath(object_path)
        header_path = os.path.abspath(header_path or os.path.splitext(object_path)[0] + ".h")
        library_path = library_path or os.path.splitext(object_path)[0] + ".so"
        shim_path = os.path.splitext(library_path)[0] + "_shim.c"
        with open(shim_path, "w") as f:
            f.write(SHIM % {"header": header_path})
        subprocess.run([cc, "-O2", "-shared", "-fPIC", "-o", library_path, shim_path,
                        object_path, "-lm"], check=True)
        self.lib = ctypes.CDLL(os.path.abspath(library_path))
        self.lib.qnn_input_size.restype = ctypes.c_long
        self.lib.qnn_output_size.restype = ctypes.c_long
        self.lib.qnn_median_seconds.restype = ctypes.c_double
        ptr = ctypes.POINTER(ctypes.c_float)
        self.lib.qnn_run.argtypes = [ptr, ptr, ctypes.c_long]
        self.lib.qnn_median_seconds.argtypes = [ptr, ptr, ctypes.c_long]
        self.input_size = self.lib.qnn_input_size()
        self.output_size = self.lib.qnn_output_size()
        with open(header_path) as f:
            self.header = f.read()

    def _buffers(self, x):
        x = np.ascontiguousarray(x, dtype=np.float32)
        if x.size % self.input_size:
            raise ValueError(f"input of {x.size} values is not a whole number of "
                             f"{self.input_size}-value model inputs")
        calls = x.size // self.input_size
        out = np.empty((calls, self.output_size), dtype=np.float32)
        ptr = ctypes.POINTER(ctypes.c_float)
        return x, out, calls, x.ctypes.data_as(ptr), out.ctypes.data_as(ptr)

    def run(self, x):
        """Outputs of forward() for each model input in x, one row each."""
        x, out, calls, xp, op = self._buffers(x)
        self.lib.qnn_run(xp, op, calls)
        return out

    def latency_us(self, x):
        """Median microseconds per forward() call over the inputs in x."""
        x, out, calls, xp, op = self._buffers(x)
        self.lib.qnn_run(xp, op, min(calls, 100))  # warm up
        return 1e6 * self.lib.qnn_median_seconds(xp, op, calls)
