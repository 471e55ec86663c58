#!/usr/bin/env python3
"""Writes the modules of the f32_fma kernel benchmark (bench/fma_kernels.sh):
one qnn.fma_matmul memref function per ResNet-18 convolution shape (M output
channels, K = C KH KW, N output pixels, batch 1) and a C header listing them."""
import argparse
import pathlib

# name, M (out channels), K (in channels x window), N (output pixels)
SHAPES = [
    ("stem7x7", 64, 147, 12544),
    ("l1_3x3", 64, 576, 3136),
    ("l2a_3x3s2", 128, 576, 784),
    ("l2_3x3", 128, 1152, 784),
    ("l2_1x1s2", 128, 64, 784),
    ("l3_3x3", 256, 2304, 196),
    ("l4_3x3", 512, 4608, 49),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--isa", default="avx512")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    lines = []
    for name, m, k, n in SHAPES:
        w, x, b, o = (f"memref<{m}x{k}xf32>", f"memref<1x{k}x{n}xf32>",
                      f"memref<{m}xf32>", f"memref<1x{m}x{n}xf32>")
        lines += [
            f"func.func @fma_{name}(%w: {w}, %x: {x}, %b: {b}, %o: {o}) {{",
            f"  qnn.fma_matmul ins(%w, %x, %b : {w}, {x}, {b}) outs(%o : {o})",
            f"      {{isa = #qnn<fma_isa {args.isa}>}}",
            "  return",
            "}",
        ]
    (out / "fma_kernels.mlir").write_text("\n".join(lines) + "\n")
    header = ["typedef void (*fma_fn)(const float *, const float *, const float *, float *);"]
    header += [f"void fma_{s[0]}(const float *, const float *, const float *, float *);"
               for s in SHAPES]
    header.append("static const struct { const char *name; int m, k, n; fma_fn fn; } shapes[] = {")
    header += [f'  {{"{s[0]}", {s[1]}, {s[2]}, {s[3]}, fma_{s[0]}}},' for s in SHAPES]
    header.append("};")
    (out / "fma_kernels.h").write_text("\n".join(header) + "\n")


if __name__ == "__main__":
    main()
