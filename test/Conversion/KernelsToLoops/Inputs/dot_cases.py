#!/usr/bin/env python3
"""Writes the qnn.dot_matmul execution cases: one module of memref functions
(bare-pointer convention, one per case) and a C++ table of their shapes for
dot_harness.cpp.

Usage: dot_cases.py --mlir cases.mlir --cases cases.inc
                    --isa avx512_vnni|avx_vnni|avx2|neon_sdot|neon_i8mm
"""
import argparse

# Channels per vector (per panel unit), and k per group (k0).
LANES = {"avx512_vnni": 16, "avx_vnni": 8, "avx2": 8, "neon_sdot": 4,
         "neon_i8mm": 2}
GROUP = {"neon_i8mm": 8}


def cases(lanes):
    # (rows, reduction, columns, panel width, signed activations): K not a
    # multiple of 4, rows on both sides of every row tile, columns ending in
    # a partial vector and a partial panel, K long enough for sums near 2^31.
    shapes = [(1, 1, 1), (3, 4, 5), (7, 9, 17), (6, 64, 64), (13, 147, 64),
              (9, 576, 128), (14, 1000, 40), (25, 33, 100), (2, 4608, 512),
              (5, 65000, 3), (17, 12, 256)]
    for rows, reduction, columns in shapes:
        for width in sorted({lanes, 2 * lanes, 4 * lanes}):
            for signed in (False, True):
                yield rows, reduction, columns, width, signed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--isa", required=True, choices=sorted(LANES))
    args = parser.parse_args()
    functions, table = [], []
    for i, (m, k, n, width, signed) in enumerate(cases(LANES[args.isa])):
        panels = -(-n // width)
        k0 = GROUP.get(args.isa, 4)
        groups = -(-k // k0)
        encoding = "signed" if signed else "unsigned"
        functions.append(f"""
func.func @dot_{i}(%a: memref<{m}x{k}xi8>, %w: memref<{panels}x{groups}x{k0 * width}xi8>,
                   %s: memref<{n}xi32>, %c: memref<{m}x{n}xi32>) {{
  qnn.dot_matmul ins(%a, %w, %s : memref<{m}x{k}xi8>, memref<{panels}x{groups}x{k0 * width}xi8>, memref<{n}xi32>)
      outs(%c : memref<{m}x{n}xi32>)
      {{lhs_encoding = #qnn<encoding {encoding}>, isa = #qnn<dot_isa {args.isa}>}}
  return
}}""")
        table.append(f"  {{dot_{i}, {m}, {k}, {n}, {width}, {int(signed)}, {k0}}},")
    with open(args.mlir, "w") as f:
        f.write("\n".join(functions) + "\n")
    with open(args.cases, "w") as f:
        for i in range(len(table)):
            f.write(f"extern \"C\" void dot_{i}(int8_t *, int8_t *, int32_t *, int32_t *);\n")
        f.write("static const DotCase kCases[] = {\n" + "\n".join(table) + "\n};\n")


if __name__ == "__main__":
    main()
