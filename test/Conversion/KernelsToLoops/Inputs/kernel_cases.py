#!/usr/bin/env python3
"""Writes the kernel execution cases: one MLIR module with a memref function
per case, and cases.inc, the case table the C++ harness (kernel_harness.cpp)
includes.

This script only lists shapes and encodings; it computes no expected value.
The harness draws the inputs and checks every result against its own integer
reference, so that the reference shares no arithmetic with the compiler.

Functions (all with llvm.emit_c_interface):
  @mm_<i>(lhs codes MxK, rhs codes NxK, lhs planes, rhs planes, acc MxN):
      qnn.pack_bits both i8 code matrices, then qnn.bitserial_matmul into
      acc. The planes are arguments so that the harness can fill them with
      garbage first: packing must write every word.
  @pack_<i>(codes RxK, planes): qnn.pack_bits of i8 codes of an encoding.
  @im2col_<i>(input NxCxHxW or, channels_last, NxHxWxC, columns): qnn.im2col.

With --panel W, more matmul and packing cases whose rhs planes are in the
panel layout of W rows (bits x ceil(N / W) x words x W), the layout of
weights for a vector target: reductions that are not multiples of 512 bits
(1000, 1152, ...), columns that leave a partial last panel, every encoding.
"""

import argparse
import itertools

# Reduction lengths: single bit, one word, one word and one bit, lengths that
# fill 2, 4 and 8 words exactly (one vector step at lanes 2, 4, 8), and long
# rows with a tail after the vector loop at every lane count.
REDUCTIONS = [1, 63, 64, 65, 128, 200, 256, 512, 1000, 1029, 1500]
# Row and column counts: odd ones, ones below, at and above every tile size
# (the tiles are 1 to 4 rows or columns).
SHAPES = [(1, 1), (3, 5), (5, 7), (8, 8), (9, 13), (2, 3), (7, 1), (4, 6),
          (6, 4), (11, 3), (1, 9)]
# Small shapes for the sweep over bitwidth pairs: the generated code grows
# with the product of the bitwidths, and the pairs need no tile edges of
# their own (SHAPES test those).
SWEEP_SHAPES = [(1, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1)]

def words(k):
    return (k + 63) // 64


ENCODING_NAME = {"U": "unsigned", "S": "signed", "B": "bipolar"}


def matmul_cases():
    """(M, N, K, lhs encoding, lhs bits, rhs encoding, rhs bits, acc bits,
    extreme) tuples; `extreme` asks the harness for the largest products."""
    cases = []
    reductions = itertools.cycle(REDUCTIONS)
    # Tile edges and word tails: every shape with three reduction lengths,
    # every reduction length with three shapes.
    for index, (m, n) in enumerate(SHAPES):
        for k in (REDUCTIONS[(3 * index + j) % len(REDUCTIONS)] for j in range(3)):
            cases.append((m, n, k, "U", 2, "U", 1, 32, 0))
    for (m, n), k in zip(SHAPES, REDUCTIONS[1::2] * 2):
        cases.append((m, n, k, "B", 1, "B", 1, 32, 0))
    # Every unsigned x unsigned pair of bitwidths, on rows of at most four
    # words: the word loop and its tail are the same code at every bitwidth,
    # and the cases above and below run them at length.
    shapes = itertools.cycle(SWEEP_SHAPES)
    short = itertools.cycle([k for k in REDUCTIONS if k <= 256])
    for lb, rb in itertools.product(range(1, 9), repeat=2):
        m, n = next(shapes)
        cases.append((m, n, next(short), "U", lb, "U", rb, 32, 0))
    # Signed codes on either side or both.
    for le, lb, re, rb in [("U", 2, "S", 2), ("U", 3, "S", 4), ("U", 1, "S", 2),
                           ("U", 8, "S", 3), ("S", 2, "U", 2), ("S", 4, "U", 1),
                           ("S", 5, "U", 3), ("S", 2, "S", 2), ("S", 3, "S", 5),
                           ("S", 4, "S", 4), ("S", 8, "S", 8), ("S", 6, "S", 2)]:
        for k in (65, 1029) if lb * rb <= 16 else (1029,):
            m, n = next(shapes)
            cases.append((m, n, k, le, lb, re, rb, 32, 0))
    # Bipolar against bipolar, unsigned and signed planes, on both sides.
    for k in (1, 63, 64, 65, 200, 1029):
        m, n = next(shapes)
        cases.append((m, n, k, "B", 1, "B", 1, 32, 0))
    for le, lb, re, rb in [("B", 1, "U", 1), ("B", 1, "U", 2), ("B", 1, "U", 8),
                           ("B", 1, "S", 2), ("B", 1, "S", 5), ("U", 3, "B", 1),
                           ("U", 1, "B", 1), ("S", 4, "B", 1), ("S", 8, "B", 1)]:
        for k in (63, 1029):
            m, n = next(shapes)
            cases.append((m, n, k, le, lb, re, rb, 32, 0))
    # i64 accumulators, and extreme codes whose sums need more than 31 bits.
    for case in [(3, 2, 1029, "U", 4, "S", 4, 64, 0),
                 (3, 5, 65, "B", 1, "B", 1, 64, 0),
                 (9, 13, 200, "B", 1, "S", 3, 64, 0),
                 (11, 3, 1029, "U", 3, "B", 1, 32, 0),
                 (3, 5, 65, "B", 1, "U", 2, 32, 0),
                 (1, 1, 40000, "U", 8, "U", 8, 64, 1),
                 (1, 1, 40000, "S", 8, "S", 8, 64, 1),
                 (1, 2, 40000, "U", 8, "S", 8, 64, 1),
                 (2, 2, 3000, "B", 1, "B", 1, 32, 1),
                 (1, 2, 1029, "U", 8, "U", 8, 32, 1),
                 (2, 1, 1029, "S", 8, "U", 8, 32, 1)]:
        cases.append(case)
    return cases


def panel_matmul_cases():
    """matmul_cases() tuples for the panel layout of rhs."""
    cases = []
    # Tile edges (rows, panels and the partial last panel) at reductions that
    # are not multiples of 512 bits, and single words.
    shapes = [(13, 11), (1, 1), (7, 9), (6, 32), (5, 17), (8, 8), (3, 25),
              (12, 7), (2, 3), (9, 40)]
    ks = [1000, 1152, 64, 65, 1, 200, 1029, 576, 63, 1152]
    for (m, n), k in zip(shapes, ks):
        cases.append((m, n, k, "B", 1, "B", 1, 32, 0))
        cases.append((m, n, k, "U", 2, "S", 2, 32, 0))
    # Every encoding pair and several shift-class counts at K = 1152 and
    # 1000, with the plane blocks of many planes.
    shapes = itertools.cycle([(7, 9), (3, 17), (6, 8), (1, 5), (4, 3)])
    for le, lb, re, rb in [("U", 1, "U", 1), ("U", 2, "U", 3), ("U", 4, "S", 4),
                           ("S", 2, "S", 2), ("S", 3, "U", 2), ("U", 8, "S", 8),
                           ("B", 1, "U", 2), ("B", 1, "S", 3), ("U", 3, "B", 1),
                           ("S", 4, "B", 1), ("U", 2, "S", 4)]:
        for k in (1152, 1000):
            m, n = next(shapes)
            cases.append((m, n, k, le, lb, re, rb, 32, 0))
    # i64 accumulators and extreme codes.
    cases += [(2, 9, 1152, "U", 8, "S", 8, 32, 1),
              (3, 10, 40000, "B", 1, "B", 1, 64, 1),
              (1, 3, 40000, "U", 8, "U", 8, 64, 1),
              (5, 11, 1000, "S", 8, "S", 8, 64, 1)]
    return cases


def panel_pack_cases():
    """pack_cases() tuples for the panel layout: rows that fill panels and
    rows that leave padding rows."""
    return [(11, 1000, "B", 1), (8, 1152, "S", 2), (3, 65, "U", 3), (17, 64, "S", 8),
            (1, 1, "U", 1), (5, 200, "U", 4)]


def pack_cases():
    """(R, K, encoding, bits)."""
    return [
        (3, 1, "U", 1), (2, 63, "U", 4), (4, 64, "U", 3), (3, 65, "S", 4),
        (5, 130, "S", 8), (2, 200, "U", 8), (3, 129, "B", 1), (2, 300, "S", 2),
        (1, 1000, "U", 2), (2, 77, "S", 5),
    ]


def im2col_cases():
    """(N, C, H, W, kernel, strides, padding, dilations, padding value)."""
    return [
        (2, 3, 7, 6, (3, 3), (2, 2), (1, 1, 1, 1), (2, 2), 0.0),
        (1, 2, 5, 8, (2, 3), (1, 2), (0, 1, 2, 0), (2, 1), -1.5),
        (1, 4, 4, 4, (1, 1), (1, 1), (0, 0, 0, 0), (1, 1), 0.0),
        (1, 5, 6, 5, (3, 2), (2, 1), (2, 0, 1, 3), (1, 2), 0.25),
    ]


def window_out(size, kernel, stride, pad_begin, pad_end, dilation):
    return (size + pad_begin + pad_end - dilation * (kernel - 1) - 1) // stride + 1


def planes_type(bits, rows, w, panel):
    """The plane memref of `rows` rows: rows layout, or panels of `panel`."""
    if panel:
        return f"memref<{bits}x{(rows + panel - 1) // panel}x{w}x{panel}xi64>"
    return f"memref<{bits}x{rows}x{w}xi64>"


def emit(mlir_path, inc_path, panel):
    funcs, table = [], []
    matmuls = [case + (0,) for case in matmul_cases()]
    packs = [case + (0,) for case in pack_cases()]
    if panel:
        matmuls += [case + (panel,) for case in panel_matmul_cases()]
        packs += [case + (panel,) for case in panel_pack_cases()]
    for i, (m, n, k, le, lb, re, rb, acc, extreme, rp) in enumerate(matmuls):
        w = words(k)
        lhs_t, rhs_t = f"memref<{m}x{k}xi8>", f"memref<{n}x{k}xi8>"
        lp_t, rp_t = planes_type(lb, m, w, 0), planes_type(rb, n, w, rp)
        acc_t = f"memref<{m}x{n}xi{acc}>"
        funcs.append(f"""
func.func @mm_{i}(%x: {lhs_t}, %y: {rhs_t}, %a: {lp_t}, %b: {rp_t}, %acc: {acc_t})
    attributes {{llvm.emit_c_interface}} {{
  qnn.pack_bits ins(%x : {lhs_t}) outs(%a : {lp_t}) {{encoding = #qnn<encoding {ENCODING_NAME[le]}>}}
  qnn.pack_bits ins(%y : {rhs_t}) outs(%b : {rp_t}) {{encoding = #qnn<encoding {ENCODING_NAME[re]}>}}
  qnn.bitserial_matmul ins(%a, %b : {lp_t}, {rp_t}) outs(%acc : {acc_t})
      {{lhs_encoding = #qnn<encoding {ENCODING_NAME[le]}>,
       rhs_encoding = #qnn<encoding {ENCODING_NAME[re]}>, reduction_length = {k}}}
  return
}}""")
        table.append(f"MATMUL_CASE(mm_{i}, {m}, {n}, {k}, '{le}', {lb}, '{re}', {rb}, {acc}, "
                     f"{extreme}, {rp})")

    for i, (r, k, enc, bits, rp) in enumerate(packs):
        w = words(k)
        in_t, out_t = f"memref<{r}x{k}xi8>", planes_type(bits, r, w, rp)
        attrs = f"encoding = #qnn<encoding {ENCODING_NAME[enc]}>"
        funcs.append(f"""
func.func @pack_{i}(%x: {in_t}, %p: {out_t}) attributes {{llvm.emit_c_interface}} {{
  qnn.pack_bits ins(%x : {in_t}) outs(%p : {out_t}) {{{attrs}}}
  return
}}""")
        table.append(f"PACK_CASE(pack_{i}, {r}, {k}, '{enc}', {bits}, {rp})")

    im2cols = [case + (last,) for last in (0, 1) for case in im2col_cases()]
    for i, (n, c, h, w, kern, strides, pads, dil, value, last) in enumerate(im2cols):
        oh = window_out(h, kern[0], strides[0], pads[0], pads[2], dil[0])
        ow = window_out(w, kern[1], strides[1], pads[1], pads[3], dil[1])
        in_t = f"memref<{n}x{h}x{w}x{c}xf32>" if last else f"memref<{n}x{c}x{h}x{w}xf32>"
        out_t = f"memref<{n * oh * ow}x{kern[0] * kern[1] * c}xf32>"
        arr = lambda v: "array<i64: " + ", ".join(map(str, v)) + ">"
        funcs.append(f"""
func.func @im2col_{i}(%x: {in_t}, %cols: {out_t}) attributes {{llvm.emit_c_interface}} {{
  qnn.im2col ins(%x : {in_t}) outs(%cols : {out_t})
      {{kernel = {arr(kern)}, strides = {arr(strides)}, padding = {arr(pads)},
       dilations = {arr(dil)}, padding_value = {value!r} : f32{", channels_last" if last else ""}}}
  return
}}""")
        table.append(f"IM2COL_CASE(im2col_{i}, {n}, {c}, {h}, {w}, {kern[0]}, {kern[1]}, "
                     f"{strides[0]}, {strides[1]}, {pads[0]}, {pads[1]}, {pads[2]}, "
                     f"{pads[3]}, {dil[0]}, {dil[1]}, {value!r}f, {last})")

    with open(mlir_path, "w") as f:
        f.write("// Generated by kernel_cases.py.\nmodule {" + "".join(funcs) + "\n}\n")
    with open(inc_path, "w") as f:
        f.write("// Generated by kernel_cases.py: one line per case.\n")
        f.write("\n".join(table) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--panel", type=int, default=0,
                        help="also cases with rhs planes in panels of this many rows")
    args = parser.parse_args()
    emit(args.mlir, args.cases, args.panel)
