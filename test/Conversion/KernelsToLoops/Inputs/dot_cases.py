#!/usr/bin/env python3
"""Writes the qnn.dot_matmul execution cases: one module of memref functions
(bare-pointer convention, one per case) and a C++ table of their shapes for
dot_harness.cpp.

Usage: dot_cases.py --mlir cases.mlir --cases cases.inc
                    --isa avx512_vnni|avx_vnni|avx2|neon_sdot|neon_i8mm

With avx2, further cases of narrow codes carry `i16_groups`: the most
groups of 4 k whose vpmaddubsw pair sums fit i16 for the codes' ranges,
computed here from the bound the op documents, so that the harness's
extreme codes reach it.
"""
import argparse

# Channels per vector (per panel unit), and k per group (k0).
LANES = {"avx512_vnni": 16, "avx_vnni": 8, "avx2": 8, "neon_sdot": 4,
         "neon_i8mm": 2}
GROUP = {"neon_i8mm": 8}


def full_range(signed):
    """(activation min, max, extreme) and (weight min, max) of 8-bit codes:
    the extremes are those of dot_harness.cpp before ranges existed."""
    return ((-128, 127, -128) if signed else (0, 255, 255)), (-128, 127)


def narrow_range(activation_bits, weight_bits, signed):
    """The ranges of narrower codes; the extreme activation is the one that
    enters the kernel largest (signed codes get their sign bit flipped)."""
    if signed:
        low, high = -2 ** (activation_bits - 1), 2 ** (activation_bits - 1) - 1
    else:
        low, high = 0, 2 ** activation_bits - 1
    return (low, high, high), (-2 ** (weight_bits - 1), 2 ** (weight_bits - 1) - 1)


def i16_groups(activation, weight, signed, groups):
    largest_activation = activation[1] + (128 if signed else 0)
    largest_weight = max(-weight[0], weight[1])
    return min(groups, 32767 // (2 * largest_activation * largest_weight))


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
                yield rows, reduction, columns, width, signed, full_range(signed), False


def narrow_cases(lanes):
    # (activation bits, weight bits, signed activations): many groups in
    # i16 (1 x 8, 2 x 3, 4 x 4), a few, and one (7 x 8, 8 x 7: a single
    # pair sum is within 255 of saturating).
    bits = [(1, 8, False), (2, 3, False), (3, 2, True), (4, 4, False),
            (4, 4, True), (7, 8, False), (8, 7, False), (6, 6, True)]
    shapes = [(3, 4, 5), (7, 9, 17), (13, 147, 64), (9, 576, 128),
              (2, 4608, 512), (25, 33, 100), (6, 1000, 8)]
    for activation_bits, weight_bits, signed in bits:
        for rows, reduction, columns in shapes:
            for width in sorted({lanes, 2 * lanes}):
                yield (rows, reduction, columns, width, signed,
                       narrow_range(activation_bits, weight_bits, signed), True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--isa", required=True, choices=sorted(LANES))
    args = parser.parse_args()
    functions, table = [], []
    all_cases = list(cases(LANES[args.isa]))
    if args.isa == "avx2":
        all_cases += list(narrow_cases(LANES[args.isa]))
    for i, (m, k, n, width, signed, ranges, narrow) in enumerate(all_cases):
        panels = -(-n // width)
        k0 = GROUP.get(args.isa, 4)
        groups = -(-k // k0)
        encoding = "signed" if signed else "unsigned"
        (a_min, a_max, a_extreme), (w_min, w_max) = ranges
        attributes = f"lhs_encoding = #qnn<encoding {encoding}>, isa = #qnn<dot_isa {args.isa}>"
        if narrow:
            attributes += f", i16_groups = {i16_groups(ranges[0], ranges[1], signed, groups)}"
        functions.append(f"""
func.func @dot_{i}(%a: memref<{m}x{k}xi8>, %w: memref<{panels}x{groups}x{k0 * width}xi8>,
                   %s: memref<{n}xi32>, %c: memref<{m}x{n}xi32>) {{
  qnn.dot_matmul ins(%a, %w, %s : memref<{m}x{k}xi8>, memref<{panels}x{groups}x{k0 * width}xi8>, memref<{n}xi32>)
      outs(%c : memref<{m}x{n}xi32>)
      {{{attributes}}}
  return
}}""")
        table.append(f"  {{dot_{i}, {m}, {k}, {n}, {width}, {int(signed)}, {k0}, "
                     f"{a_min}, {a_max}, {a_extreme}, {w_min}, {w_max}}},")
    with open(args.mlir, "w") as f:
        f.write("\n".join(functions) + "\n")
    with open(args.cases, "w") as f:
        for i in range(len(table)):
            f.write(f"extern \"C\" void dot_{i}(int8_t *, int8_t *, int32_t *, int32_t *);\n")
        f.write("static const DotCase kCases[] = {\n" + "\n".join(table) + "\n};\n")


if __name__ == "__main__":
    main()
