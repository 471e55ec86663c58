#!/usr/bin/python3
"""Writes a random float32 input of N values (raw), or compares two raw
float32 outputs: prints how many elements differ by more than 1e-3."""
import sys

import numpy as np

if sys.argv[1] == "input":
    np.random.default_rng(1).uniform(-2, 18, size=int(sys.argv[2])).astype(np.float32).tofile(sys.argv[3])
else:
    a, b = (np.fromfile(p, np.float32) for p in sys.argv[2:4])
    print("%d of %d outputs differ" % (int((np.abs(a - b) > 1e-3).sum()), a.size))
