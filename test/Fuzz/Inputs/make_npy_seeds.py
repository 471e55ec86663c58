#!/usr/bin/python3
"""Writes small .npy files (no NumPy needed) into a folder: the seed corpus
of qnn-fuzz-npy - every dtype the reader accepts, versions 1 to 3, C and
Fortran order, scalars and empty shapes, and a truncated one."""
import os
import struct
import sys


def npy(descr, shape, payload, version=1, fortran=False):
    shape_text = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False", shape_text)
    prefix = 10 if version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() + payload


folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)
seeds = {
    "f4.npy": npy("<f4", [2, 3], struct.pack("<6f", *range(6))),
    "f4-v2.npy": npy("<f4", [4], struct.pack("<4f", 1, 2, 3, 4), version=2),
    "f4-v3.npy": npy("<f4", [1, 1], struct.pack("<f", 5), version=3),
    "f4-scalar.npy": npy("<f4", [], struct.pack("<f", 1)),
    "f4-empty.npy": npy("<f4", [0, 3], b""),
    "i8.npy": npy("<i8", [3], struct.pack("<3q", -1, 0, 7)),
    "i4.npy": npy("<i4", [2], struct.pack("<2i", -5, 9)),
    "u1.npy": npy("|u1", [4], bytes([0, 1, 2, 255])),
    "i2.npy": npy("<i2", [2], struct.pack("<2h", -300, 300)),
    "f8.npy": npy("<f8", [1], struct.pack("<d", 1.5)),
    "fortran.npy": npy("<f4", [2, 2], struct.pack("<4f", 1, 2, 3, 4), fortran=True),
    "truncated.npy": npy("<f4", [2, 3], struct.pack("<2f", 1, 2)),
}
for name, data in seeds.items():
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
