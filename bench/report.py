#!/usr/bin/env python3
"""Writes docs/benchmarks.md from the harness's results.json (bench/run.sh)."""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess

PAIRS = ["w1a1", "w2a2", "w1a2", "w2a4", "w4a4", "w8a8"]
PAIR_TEXT = {
    "w1a1": "W1A1 (bipolar x bipolar, xor)",
    "w2a2": "W2A2 (u2 x s2)",
    "w1a2": "W1A2 (u2 x bipolar)",
    "w2a4": "W2A4 (u4 x s2)",
    "w4a4": "W4A4 (u4 x s4)",
    "w8a8": "W8A8 (u8 x s8)",
}
SHAPE_ORDER = ["r2", "r3", "r4", "r5", "sq"]
SHAPE_TEXT = {
    "r2": "conv2_x: 3136 x 64 x 576",
    "r3": "conv3_x: 784 x 128 x 1152",
    "r4": "conv4_x: 196 x 256 x 2304",
    "r5": "conv5_x: 49 x 512 x 4608",
    "sq": "square: 1024 x 1024 x 1024",
}
# Targets of the issue: part 5 (W1A1 at K >= 1024, SGEMM speed-up) and part 4
# (W1A1 and W2A2 at K >= 1152 near the popcount limit).
TARGET_LIMIT_FRACTION = 0.50
TARGET_SGEMM_SPEEDUP = 15.0
TARGET_NEAR_LIMIT = 0.80
NEAR_LIMIT_PAIRS = ("w1a1", "w2a2")
NEAR_LIMIT_MIN_K = 1152


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


def cpuinfo():
    info = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            if ":" in line:
                key, value = line.split(":", 1)
                info.setdefault(key.strip(), value.strip())
    return info


def native_cpu(cc):
    """What -march=native resolves to: the CPU name and vector features."""
    text = subprocess.run([cc, "-march=native", "-###", "-x", "c", "-c", "/dev/null",
                           "-o", "/dev/null"], capture_output=True, text=True).stderr
    cpu = re.search(r'"-target-cpu" "([^"]+)"', text)
    feats = re.findall(r'"-target-feature" "\+([^"]+)"', text)
    interesting = [f for f in feats if f.startswith(("avx", "popcnt", "sse4.2", "fma", "bmi"))]
    return (cpu.group(1) if cpu else "?"), sorted(set(interesting))


def fmt_time(seconds):
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds * 1e6:.1f} us"


def functions(asm_text):
    """Splits llvm-objdump output into {function: [(address, mnemonic, operands)]}."""
    funcs, current = {}, None
    for line in asm_text.splitlines():
        head = re.match(r"^[0-9a-f]+ <([^>]+)>:", line)
        if head:
            current = funcs.setdefault(head.group(1), [])
            continue
        ins = re.match(r"^\s+([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if ins and current is not None:
            operands = ins.group(3).split("#")[0].strip()
            current.append((int(ins.group(1), 16), ins.group(2), operands))
    return funcs


def popcount_kind(mnemonics):
    if "vpopcntq" in mnemonics:
        return "vpopcntq (AVX-512 VPOPCNTDQ)"
    if "vpshufb" in mnemonics:
        return "the AVX2 nibble-table count (2 vpshufb + vpaddb, vpsadbw)"
    if "psadbw" in mnemonics:
        return "SSE2 bit-twiddling byte counts (psrlw/pand/psubb/paddb) + psadbw"
    if "popcntq" in mnemonics or "popcnt" in mnemonics:
        return "scalar popcnt"
    return "bit-twiddling (SWAR shifts, masks and a multiply: no popcount instruction)"


def inner_loop(insns):
    """The innermost backward-branch loop with the most popcount work."""
    loops = []
    for addr, mnem, ops in insns:
        if not mnem.startswith("j"):
            continue
        target = re.match(r"^0x([0-9a-f]+)", ops)
        if target and int(target.group(1), 16) < addr:
            loops.append((int(target.group(1), 16), addr))
    innermost = [(a, b) for a, b in loops
                 if not any((c, d) != (a, b) and a <= c and d <= b for c, d in loops)]
    best = None
    for start, end in innermost:
        body = [i for i in insns if start <= i[0] <= end]
        # 64-bit words counted per instruction: the hottest loop is the one
        # that counts the most words per iteration.
        words = {"vpshufb": 2, "vpopcntq": 8, "popcntq": 1, "psubb": 2, "imulq": 1}
        work = sum(words.get(m, 0) for _, m, _ in body)
        if best is None or work > best[0]:
            best = (work, body)
    return best[1] if best else []


def describe_loop(body):
    mnems = [m for _, m, _ in body]
    loads = stores = spills = 0
    for _, m, ops in body:
        parts = [p.strip() for p in re.split(r",(?![^(]*\))", ops)] if ops else []
        if not parts or m.startswith(("j", "lea", "nop")):
            continue
        if "(" in parts[-1] and len(parts) >= 2:
            stores += 1
            spills += "%rsp" in parts[-1]
        elif any("(" in p for p in parts[:-1]) or (len(parts) == 1 and "(" in parts[0]):
            loads += 1
            spills += any("%rsp" in p for p in parts[:-1])
    kind = popcount_kind(set(mnems))
    # Popcounts of a vector: one vpopcntq; two vpshufb (low and high
    # nibbles) for the AVX2 table count; one psubb for the SSE2 bit-twiddling
    # count. (LLVM may sum byte counts before one vpsadbw/psadbw, so those
    # are not counted.) Plus scalar popcnt.
    counts = (mnems.count("vpopcntq") + mnems.count("vpshufb") // 2 +
              mnems.count("psubb") + mnems.count("popcntq"))
    regs = set(re.findall(r"%[xyz]mm(\d+)", " ".join(o for _, _, o in body)))
    return {"instructions": len(body), "loads": loads, "stores": stores, "spills": spills,
            "popcounts": counts, "kind": kind, "vector_registers": len(regs),
            "xor": mnems.count("vpxor") + mnems.count("xorq"),
            "and": mnems.count("vpand") + mnems.count("andq") + mnems.count("vpandq")}


def run_to_run(folder, res, info):
    """Relative changes of the best times against a previous run on the same CPU."""
    try:
        with open(os.path.join(folder, "results.json")) as f:
            prev = json.load(f)
        with open(os.path.join(folder, "meta.json")) as f:
            meta = json.load(f)
    except (OSError, ValueError):
        return None
    if meta.get("cpu") != info.get("model name") or meta.get("flags") != info.get("flags"):
        return None
    before = {(r["build"], r["shape"], r["pair"]): r["best_s"] for r in prev.get("qnn", [])}
    changes = []
    for r in res["qnn"]:
        key = (r["build"], r["shape"], r["pair"])
        if key in before:
            changes.append((abs(r["best_s"] / before[key] - 1), "_".join(key)))
    base = []
    for kind in ("sgemm", "onednn"):
        old = {r["shape"]: r["best_s"] for r in prev.get(kind, [])}
        base += [abs(r["best_s"] / old[r["shape"]] - 1) for r in res[kind] if r["shape"] in old]
    if not changes:
        return None
    changes.sort()
    return {"date": meta.get("date", "?"), "git": meta.get("git", "?"), "count": len(changes),
            "median": changes[len(changes) // 2][0], "max": changes[-1][0],
            "worst": changes[-1][1], "baselines": max(base) if base else 0.0,
            "over20": sum(c > 0.2 for c, _ in changes),
            "limit": abs(max(l["bitmacs_per_s"] for l in res["limits"]) /
                         max(l["bitmacs_per_s"] for l in prev["limits"]) - 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--gen", required=True)
    parser.add_argument("--builds", nargs="+", required=True, help="name:lanes:flags")
    parser.add_argument("--lowering", required=True)
    parser.add_argument("--cc", required=True)
    parser.add_argument("--cxx", required=True)
    parser.add_argument("--load", default="?", help="load averages before the run")
    parser.add_argument("--openblas-coretype", default="",
                        help="the OPENBLAS_CORETYPE the harness ran with (empty: unset)")
    parser.add_argument("--openblas-detected", default="?",
                        help="the core OpenBLAS picks by itself on this host")
    parser.add_argument("--previous", default="",
                        help="folder with the previous run's results.json and meta.json")
    parser.add_argument("--extra-asm", nargs="*", default=[],
                        help="name:lanes:flags:file of objects disassembled but not run")
    args = parser.parse_args()

    with open(args.results) as f:
        res = json.load(f)
    builds = []
    for spec in args.builds:
        name, lanes, flags = spec.split(":", 2)
        builds.append((name, int(lanes), flags))
    host_name, host_lanes, _ = builds[0]

    info = cpuinfo()
    flags = info.get("flags", "").split()
    cc = args.cc.split()[0]
    native, native_feats = native_cpu(cc)
    clang_version = run([cc, "--version"]).splitlines()[0] if run([cc, "--version"]) else "?"
    git = run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse",
               "--short", "HEAD"]).strip()
    dirty = run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "status",
                 "--porcelain", "--untracked-files=no"]).strip()

    qnn = {(r["build"], r["shape"], r["pair"]): r for r in res["qnn"]}
    sgemm = {r["shape"]: r for r in res["sgemm"]}
    onednn = {r["shape"]: r for r in res["onednn"]}
    shapes = [s for s in SHAPE_ORDER if s in sgemm]
    dims = {}
    for r in res["qnn"]:
        dims[r["shape"]] = (int(r["m"]), int(r["n"]), int(r["k"]))

    limits = res["limits"]
    def best_limit(lanes):
        cands = [l for l in limits if l["lanes"] == lanes]
        return max(cands, key=lambda l: l["bitmacs_per_s"]) if cands else None
    limit = best_limit(host_lanes)
    limit_rate = limit["bitmacs_per_s"]

    def bitmacs(shape, pair):
        m, n, k = dims[shape]
        r = next(iter(v for key, v in qnn.items() if key[1] == shape and key[2] == pair))
        return m * n * k * r["wbits"] * r["abits"]

    L = []
    w = L.append
    now = datetime.datetime.fromtimestamp(os.path.getmtime(args.results),
                                          datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    has512 = "avx512f" in flags
    w("# Bit-serial kernel benchmarks")
    w("")
    w("Generated by `bench/run.sh` (see [bench/](../bench/)); do not edit by hand. "
      "Issue \"Bit-serial kernels\", parts 4 and 5.")
    w("")
    w(f"**Measured on:** `{info.get('model name', '?')}`, {os.cpu_count()} logical CPUs "
      f"(a virtual machine: `hypervisor` flag {'set' if 'hypervisor' in flags else 'not set'}), "
      + (("AVX-512 " + "/".join(name for flag, name in
                               (("avx512f", "F"), ("avx512bw", "BW"), ("avx512vl", "VL"),
                                ("avx512_vnni", "VNNI"), ("avx512_vpopcntdq", "VPOPCNTDQ"),
                                ("avx512_bf16", "BF16")) if flag in flags)
          + f", AMX {'yes' if 'amx_int8' in flags else 'no'}") if has512 else
         f"**no AVX-512**, AVX2 {'yes' if 'avx2' in flags else 'no'}")
      + f"; clang's `-march=native` resolves to `{native}`; "
      f"core clock measured at about {res['clock_ghz']:.2f} GHz (a chain of dependent adds), "
      f"{now}, qnn `{git}`{' with uncommitted changes' if dirty else ''}. "
      f"The load average was {args.load} before the run: other engineers "
      "shared the machine's 2 cores, so times are process CPU time, best of several runs "
      "(see \"What is measured\").")
    w("")
    if not has512:
        w("> These figures are from an **AVX2-only** machine. On the CI machine (AMD Zen 5: "
          "AVX-512 with VPOPCNTDQ, VNNI) `bench/run.sh` builds lanes=8 kernels with "
          "`vpopcntq`, and oneDNN uses VNNI: both the bit-serial numbers and the int8 "
          "baseline change, so the crossover must be re-measured there.")
        w("")

    if res["failures"]:
        w("## CHECK FAILURES")
        w("")
        w("Kernels that failed their check were not timed:")
        w("")
        for f in res["failures"]:
            w(f"- `{f}`")
        w("")

    # --- Summary of targets -------------------------------------------------
    w("## Targets")
    w("")
    big = [s for s in shapes if dims[s][2] >= 1024 and (host_name, s, "w1a1") in qnn]
    fractions = {s: bitmacs(s, "w1a1") / qnn[(host_name, s, "w1a1")]["best_s"] / limit_rate
                 for s in big}
    speedups = {s: sgemm[s]["best_s"] / qnn[(host_name, s, "w1a1")]["best_s"]
                for s in shapes if (host_name, s, "w1a1") in qnn}

    def limit_line(label, target, fractions, source=""):
        """One target line: each shape's fraction of the limit, met or not."""
        worst = min(fractions.values())
        met = worst >= target
        w(f"- **{label} as a fraction of the measured limit** "
          f"({source}target >= {target:.0%}): "
          + ", ".join(f"{SHAPE_TEXT[s].split(':')[0]} {fractions[s]:.0%}" for s in fractions)
          + f". **{'Met' if met else 'Missed'}**"
          + ("" if met else f" (worst {worst:.0%})") + ".")

    if fractions:
        limit_line("W1A1 at K >= 1024", TARGET_LIMIT_FRACTION, fractions)
    for pair in NEAR_LIMIT_PAIRS:
        near = {s: bitmacs(s, pair) / qnn[(host_name, s, pair)]["best_s"] / limit_rate
                for s in shapes
                if dims[s][2] >= NEAR_LIMIT_MIN_K and (host_name, s, pair) in qnn}
        if near:
            limit_line(f"{pair.upper()} at K >= {NEAR_LIMIT_MIN_K}", TARGET_NEAR_LIMIT,
                       near, source="issue part 4, ")
    if speedups:
        worst = min(speedups.values())
        met = worst >= TARGET_SGEMM_SPEEDUP
        w(f"- **W1A1 speed-up over OpenBLAS SGEMM** (target >= {TARGET_SGEMM_SPEEDUP:.0f}x): "
          + ", ".join(f"{SHAPE_TEXT[s].split(':')[0]} {speedups[s]:.1f}x" for s in shapes
                      if s in speedups)
          + f". **{'Met' if met else 'Missed'}**"
          + ("" if met else f" (worst {worst:.1f}x)") + ".")
    sgemm_best = max(dims[s][0] * dims[s][1] * dims[s][2] / sgemm[s]["best_s"] for s in shapes)
    if speedups and limit_rate / sgemm_best < TARGET_SGEMM_SPEEDUP:
        sgemm_best = max(dims[s][0] * dims[s][1] * dims[s][2] / sgemm[s]["best_s"] for s in shapes)
        w(f"- On this host the 15x target cannot be met even at 100% of the limit: the limit "
          f"({limit_rate / 1e9:.0f} Gbit-MAC/s) is only {limit_rate / sgemm_best:.1f}x OpenBLAS's "
          f"best SGEMM rate here ({sgemm_best / 1e9:.1f} GMAC/s). "
          + ("AVX2 has no vector popcount "
             "(a 256-bit count takes 7 instructions: vpand, vpsrlw, vpand, 2 vpshufb, vpaddb, "
             "vpsadbw), while SGEMM runs 2 x 8-wide FMAs per cycle. "
             "With AVX-512 VPOPCNTDQ (one `vpopcntq` per 512 bits) the ratio is several times "
             "larger: the target is for such machines." if host_lanes != 8 else
             "Even with one `vpopcntq` per 512 bits, SGEMM's 16-wide FMAs keep pace: the "
             "limit's ratio over SGEMM, not the kernels' distance from the limit, caps the "
             "speed-up here."))
    w(f"- The limit is the best `and + popcount + add` loop on `vector<{host_lanes}xi64>`"
      f" ({limit['name']}, {limit_rate / 1e9:.0f} Gbit-MAC/s); see \"The machine's limit\".")
    w("")

    # --- Definitions --------------------------------------------------------
    w("## What is measured")
    w("")
    w("- **Shapes**: ResNet-18's 3x3 convolutions at batch 1 as im2col GEMMs, "
      "M = output pixels, N = output channels, K = 9 x input channels, plus a square. "
      "Activations are the M x K left operand (`lhs`), weights the N x K right one (`rhs`).")
    w("- **Bit pairs**: unsigned activation codes x signed (two's complement) weight codes "
      "from 2 bits on; 1-bit codes are bipolar (-1/+1), so W1A1 is bipolar x bipolar "
      "(`K - 2 popcount(A xor B)`) and W1A2 is u2 activations x bipolar weights "
      "(`2 popcount(A and B) - popcount(A)` per plane, the code sums of the activation rows "
      "computed once per GEMM, inside the timed call). The i32 output is the exact integer "
      "product of the codes, which is what `qnn.bitserial_matmul` computes.")
    w("- **qnn kernels**: the real `convert-qnn-kernels-to-loops` output on pre-packed planes "
      "(packing not included; it is timed separately below). Timed call: one "
      "`qnn.bitserial_matmul` on memrefs, `memref<abits x M x K/64 x i64>`, "
      "`memref<wbits x N x K/64 x i64>` (the rows layout) or, for the "
      + (f"`{host_name}` build, the weights in panels of {host_lanes} channels "
         f"`memref<wbits x N/{host_lanes} x K/64 x {host_lanes} x i64>` (what "
         "`qnn-select-kernels` chooses for this target), " if host_lanes > 1 else "")
      + "`memref<M x N x i32>`.")
    w("- **Rates**: *bit-MACs* = M N K x wbits x abits (one 1-bit x 1-bit product "
      "accumulated; the W1A1 xor counts the same); *bit-ops/s* = 2 x bit-MACs/s (and/xor + "
      "count-and-add, the usual \"binary ops\" convention); *GMAC/s* = M N K / time, the "
      "logical GEMM's rate, comparable across qnn, SGEMM and int8.")
    w("- **Cost growth**: `norm. cost` = (time / (wbits x abits)) / time of W1A1 on the same "
      "shape; 1.0 means cost grows exactly with the number of plane pairs.")
    w("- **Timing**: each measurement is a warm-up call, then repeated calls until at least 10 "
      "runs and 1 s of wall time (at least 5 runs for calls longer than 0.4 s). The "
      "figure is the **best process CPU time** per call (`CLOCK_PROCESS_CPUTIME_ID`), "
      "which does not count the time the process waits while other processes use the "
      "core; the median CPU time is shown next to it. On an idle machine best wall time "
      "and best CPU time agree; the JSON results keep both. One thread, everything in one "
      "process; the register-only limit loops run 2 ms calls, many times.")
    spread = run_to_run(args.previous, res, info)
    if spread:
        w(f"- **Noise**: against the previous `bench/run.sh` run on this machine "
          f"({spread['date']}, qnn `{spread['git']}`), the best times of the "
          f"{spread['count']} qnn kernels changed by {spread['median']:.0%} (median), "
          f"{spread['over20']} of them by more than 20%, at most {spread['max']:.0%} "
          f"(`{spread['worst']}`); the baselines by up to {spread['baselines']:.0%}; the "
          f"limit by {spread['limit']:.0%}. Ratios and fractions within ~20% of a threshold "
          "are not decided by one run.")
    w("- **Correctness guard**: before any timing, every compiled kernel runs once and is "
      "compared with a plain C++ integer reference (sum of code products): four small shapes "
      "(13x11x1000, 3x3x64, 7x9x4608, 10x12x576: tile edges in both directions, partial "
      "words and partial vectors) in full, and every timed kernel on its first and last rows "
      "and columns plus 2048 random outputs; `qnn.pack_bits` word for word against a packer "
      "in the harness (and those packed planes are the ones the timed GEMMs use); OpenBLAS "
      "and oneDNN on 256 sampled outputs each. "
      f"{res['checked']} kernels checked, {len(res['failures'])} failures.")
    w("")

    # --- Main table ---------------------------------------------------------
    w(f"## qnn kernels on this host: `{host_name}` build (lanes={host_lanes}, "
      f"`{builds[0][2]}`)")
    w("")
    w("| shape (M x N x K) | bits | best | median | Gbit-MAC/s | bit-ops/s | GMAC/s | "
      "of limit | norm. cost | vs SGEMM | vs oneDNN int8 |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in shapes:
        m, n, k = dims[s]
        base = qnn.get((host_name, s, "w1a1"))
        for p in PAIRS:
            r = qnn.get((host_name, s, p))
            if not r:
                w(f"| {SHAPE_TEXT[s]} | {p.upper()} | not timed | | | | | | | | |")
                continue
            t = r["best_s"]
            bm = m * n * k * r["wbits"] * r["abits"]
            norm = (t / (r["wbits"] * r["abits"])) / base["best_s"] if base else float("nan")
            vs_sgemm = sgemm[s]["best_s"] / t
            vs_dnn = onednn[s]["best_s"] / t
            w(f"| {SHAPE_TEXT[s]} | {p.upper()} | {fmt_time(t)} | {fmt_time(r['median_s'])} | "
              f"{bm / t / 1e9:.1f} | {2 * bm / t / 1e12:.3f} T | {m * n * k / t / 1e9:.1f} | "
              f"{bm / t / limit_rate:.0%} | {norm:.2f} | {vs_sgemm:.1f}x | {vs_dnn:.2f}x |")
    w("")
    w("`vs SGEMM` and `vs oneDNN int8` are the baseline's time over qnn's time: above 1, "
      "bit-serial is faster.")
    w("")

    # --- Baselines ----------------------------------------------------------
    w("## Baselines (same logical shapes, same process, one thread)")
    w("")
    w(f"OpenBLAS `cblas_sgemm` (core `{res['openblas_core']}`, config "
      f"`{res['openblas_config'].strip()}`; "
      + (f"`OPENBLAS_CORETYPE={args.openblas_coretype}`: by itself OpenBLAS picked "
         f"`{args.openblas_detected}` on this host, whose kernels do not use its vector width, " if args.openblas_coretype
         else f"`OPENBLAS_CORETYPE` unset: `bench/run.sh` sets it only where OpenBLAS's own pick "
         f"(here `{args.openblas_detected}`) does not use the host's vector width, ")
      + "`OPENBLAS_L2_SIZE` unset, "
      "`OPENBLAS_NUM_THREADS=1`) on f32 codes, C = A B^T with B stored N x K. "
      "oneDNN "
      f"{res['onednn_version'].split(' ')[0]} `matmul` u8 x s8 -> s32 "
      "(`OMP_NUM_THREADS=1`), weights in the layout the primitive chose (`format_tag::any`, "
      "reordered once before timing: pre-packed, as qnn's planes are).")
    w("")
    w("| shape | SGEMM best | SGEMM GMAC/s | oneDNN int8 best | oneDNN GMAC/s | oneDNN implementation |")
    w("|---|---:|---:|---:|---:|---|")
    for s in shapes:
        m, n, k = dims[s]
        macs = m * n * k
        w(f"| {SHAPE_TEXT[s]} | {fmt_time(sgemm[s]['best_s'])} | "
          f"{macs / sgemm[s]['best_s'] / 1e9:.1f} | {fmt_time(onednn[s]['best_s'])} | "
          f"{macs / onednn[s]['best_s'] / 1e9:.1f} | `{onednn[s]['impl']}` |")
    w("")

    # --- Crossover ----------------------------------------------------------
    w("## Crossover against oneDNN int8")
    w("")
    w(f"Bit pairs for which the `{host_name}` bit-serial GEMM is faster (wins) or slower "
      "(loses) than oneDNN's u8 x s8 matmul on the same shape (ratio = oneDNN time / qnn time):")
    w("")
    w("| shape | bit-serial wins | bit-serial loses |")
    w("|---|---|---|")
    for s in shapes:
        wins, loses = [], []
        for p in PAIRS:
            r = qnn.get((host_name, s, p))
            if not r:
                continue
            ratio = onednn[s]["best_s"] / r["best_s"]
            (wins if ratio > 1 else loses).append(f"{p.upper()} ({ratio:.2f}x)")
        w(f"| {SHAPE_TEXT[s]} | {', '.join(wins) or '-'} | {', '.join(loses) or '-'} |")
    w("")

    # --- Observations -------------------------------------------------------
    w("## Observations")
    w("")
    def ratio_range(values):
        return f"{min(values):.2f}-{max(values):.2f}"
    norm = {}
    for p in PAIRS[1:]:
        vals = []
        for s in shapes:
            a, b = qnn.get((host_name, s, p)), qnn.get((host_name, s, "w1a1"))
            if a and b:
                vals.append((a["best_s"] / (a["wbits"] * a["abits"])) / b["best_s"])
        if vals:
            norm[p] = vals
    if norm:
        w("- **Cost grows with wbits x abits, slightly less than proportionally from 2 x 2 "
          "bits on**: time / (wbits x abits), relative to W1A1, is "
          + "; ".join(f"{p.upper()} {ratio_range(v)}" for p, v in norm.items())
          + " across the shapes. Several planes per side reuse each loaded word for more "
          "plane pairs (fewer loads per popcount than W1A1); W1A2 pays for the bipolar "
          "correction (`2 popcount(A and B) - popcount(A)`: a shift per pair and a "
          "per-row code sum).")
    rows_name = next((b[0] for b in builds[1:] if b[1] == host_lanes), None)
    if rows_name:
        parts = []
        for s in shapes:
            cells = []
            for p in NEAR_LIMIT_PAIRS:
                a, r = qnn.get((host_name, s, p)), qnn.get((rows_name, s, p))
                if a and r:
                    cells.append(f"{p.upper()} {bitmacs(s, p) / r['best_s'] / limit_rate:.0%} -> "
                                 f"{bitmacs(s, p) / a['best_s'] / limit_rate:.0%}")
            if cells:
                parts.append(f"{SHAPE_TEXT[s].split(':')[0]} " + ", ".join(cells))
        tails = []
        for s in shapes:
            words = dims[s][2] // 64
            if words % host_lanes:
                steps = -(-words // host_lanes)
                tails.append(f"K = {dims[s][2]} is {words} words = {words // host_lanes} full "
                             f"vectors + a masked {words % host_lanes}-word step "
                             f"({words / (steps * host_lanes):.0%} of the loaded lanes useful)")
        w(f"- **Weight panels against the rows layout, same run** (fraction of the limit, "
          f"`{rows_name}` -> `{host_name}`): " + "; ".join(parts) + ". The rows layout "
          f"(`{rows_name}`) loads {host_lanes} consecutive words of one row per vector: "
          + ("; ".join(tails) + ", " if tails else "")
          + f"and each {host_lanes}-lane accumulator of its tile is reduced horizontally "
          "per output after the word loop, which weighs on short reductions. With weights "
          f"in panels of {host_lanes} channels (`{host_name}`, what `qnn-select-kernels` "
          "chooses) a step reads one word per row, broadcast, against one vector of "
          f"{host_lanes} channels' words: every K is whole steps, each accumulator holds "
          f"{host_lanes} outputs (one vector add into the output, no horizontal sum), and "
          "several planes take one accumulator per shift (no shift or merge in the loop).")
    if len(builds) > 1:
        l1 = [b for b in builds if b[1] == 1 and "native" in b[2]]
        if l1:
            n1 = l1[0][0]
            rel = [qnn[(n1, s, p)]["best_s"] / qnn[(host_name, s, p)]["best_s"]
                   for s in shapes for p in PAIRS
                   if (n1, s, p) in qnn and (host_name, s, p) in qnn]
            grel = [qnn[("generic", s, p)]["best_s"] / qnn[(host_name, s, p)]["best_s"]
                    for s in shapes for p in PAIRS
                    if ("generic", s, p) in qnn and (host_name, s, p) in qnn]
            w(f"- **lanes=1 is not scalar code after LLVM**: the `{n1}` build (lanes=1, "
              f"`{l1[0][2]}`) takes {ratio_range(rel)}x the `{host_name}` build's time. "
              "LLVM's O3 pipeline (the one `qnn-translate --qnn-to-object` runs too) "
              "vectorizes much of the lanes=1 code itself - loop and SLP vectorizers, "
              + ("scalar words gathered into ymm registers, then the same shuffle-table "
                 "count (`vpsadbw` in the lanes=1 kernels below, next to some scalar "
                 "`popcnt`) - so lanes=1 and lanes=4 end up close and either can win on a "
                 "given kernel. " if host_lanes != 8 else
                 f"scalar words gathered into vector registers - so lanes=1 is not scalar "
                 f"code, though the lanes={host_lanes} kernels are the ones written for the "
                 "vector width. ")
              + "The `generic` x86-64 build (SSE2, no popcnt instruction) is "
              "vectorized too, to 128-bit bit-twiddling counts"
              + (f", and takes {ratio_range(grel)}x the `{host_name}` build's time." if grel else "."))
    dnn_impl = sorted({onednn[s]["impl"] for s in shapes})
    always_win, always_lose, mixed = [], [], []
    for p in PAIRS:
        wins = [onednn[s]["best_s"] > qnn[(host_name, s, p)]["best_s"]
                for s in shapes if (host_name, s, p) in qnn]
        if not wins:
            continue
        (always_win if all(wins) else always_lose if not any(wins) else mixed).append(p.upper())
    vnni = "avx512_vnni" in flags or "avx_vnni" in flags
    w(f"- **oneDNN int8 on this host** runs `{', '.join(dnn_impl)}`: "
      + ("with VNNI its u8 x s8 products can take `vpdpbusd`; " if vnni else
         "without AVX-512 VNNI (or AVX-VNNI) its u8 x s8 products go through "
         "`vpmaddubsw`/`vpmaddwd`; ")
      + f"here it runs at {ratio_range([sgemm[s]['best_s'] / onednn[s]['best_s'] for s in shapes])}x "
      "SGEMM's speed. Bit-serial wins on every shape at "
      + (", ".join(always_win) or "no bit pair")
      + "; loses on every shape at " + (", ".join(always_lose) or "no bit pair")
      + ("; and depends on the shape at " + ", ".join(mixed) if mixed else "")
      + (". Here both sides have their fast instruction (VNNI for int8, `vpopcntq` for "
         "bit-serial)." if vnni and host_lanes == 8 else
         ". With VNNI (CI) int8 gets several times faster while bit-serial gets "
         "`vpopcntq`: the crossover must be re-measured there."))
    packs_host = [r for r in res["pack"] if r["build"] == host_name]
    if packs_host:
        w1 = [r for r in packs_host if int(r["abits"]) == 1]
        shares = []
        for r in w1:
            g = qnn.get((host_name, r["shape"], "w1a1"))
            if g:
                shares.append((r["best_s"] / g["best_s"], r["shape"]))
        if shares:
            hi = max(shares)
            w(f"- **Packing is not free next to W1A1**: packing the bipolar activations takes "
              f"up to {hi[0]:.0%} of the W1A1 GEMM's time ({SHAPE_TEXT[hi[1]].split(':')[0]}, "
              "where M x K is largest relative to the GEMM's work); with more bits it is a "
              "few percent.")
    w("")

    # --- Other builds -------------------------------------------------------
    if len(builds) > 1:
        w("## Other builds of the same kernels")
        w("")
        w("| shape | bits | " + " | ".join(
            f"`{b[0]}` (lanes={b[1]}, `{b[2]}`)" for b in builds) + " |")
        w("|---|---|" + "---:|" * len(builds))
        for s in shapes:
            m, n, k = dims[s]
            for p in PAIRS:
                cells = []
                for b in builds:
                    r = qnn.get((b[0], s, p))
                    if not r:
                        cells.append("not timed")
                        continue
                    bm = m * n * k * r["wbits"] * r["abits"]
                    cells.append(f"{fmt_time(r['best_s'])} ({bm / r['best_s'] / 1e9:.1f} Gbit-MAC/s)")
                w(f"| {SHAPE_TEXT[s]} | {p.upper()} | " + " | ".join(cells) + " |")
        w("")

    # --- Packing ------------------------------------------------------------
    packs = [r for r in res["pack"] if r["build"] == host_name]
    if packs:
        w(f"## Activation packing (`qnn.pack_bits`, `{host_name}` build)")
        w("")
        w("M x K f32 activations quantized (scale 1) and packed into planes, timed on its "
          "own; `share` is packing time / (packing + GEMM time) for the bit pair with that "
          "activation type.")
        w("")
        w("| shape | activations | best | Gcodes/s | share with |")
        w("|---|---|---:|---:|---|")
        pair_of = {(1, "bipolar"): ["w1a1"], (2, "unsigned"): ["w2a2", "w1a2"],
                   (4, "unsigned"): ["w2a4", "w4a4"], (8, "unsigned"): ["w8a8"]}
        for s in shapes:
            m, n, k = dims[s]
            for r in sorted((r for r in packs if r["shape"] == s), key=lambda r: r["abits"]):
                t = r["best_s"]
                shares = []
                for p in pair_of.get((int(r["abits"]), r["aenc"]), []):
                    g = qnn.get((host_name, s, p))
                    if g:
                        shares.append(f"{p.upper()} {t / (t + g['best_s']):.0%}")
                enc = "b1" if r["aenc"] == "bipolar" else f"u{int(r['abits'])}"
                w(f"| {SHAPE_TEXT[s]} | {enc} | {fmt_time(t)} | {m * k / t / 1e9:.2f} | "
                  f"{', '.join(shares)} |")
        w("")

    # --- Limit --------------------------------------------------------------
    w("## The machine's limit")
    w("")
    w("A register-only loop (generated as LLVM IR by `bench/gen_kernels.py`, compiled with "
      f"`{args.cc} -march=native`): U independent accumulators, each iteration "
      "`acc_j += ctpop(x_j and b)`, where x_j passes through an empty inline-asm "
      "statement so nothing is hoisted and no instruction is spent on it. No loads, no "
      "stores. Best over U = 4, 6, 8:")
    w("")
    w("| vector | popcount | best U | Gbit-MAC/s | bit-ops/s | bit-MACs per cycle |")
    w("|---|---|---:|---:|---:|---:|")
    lim_funcs = functions(run(["llvm-objdump-19", "-d", "--no-show-raw-insn",
                               os.path.join(args.gen, "limit.o")]))
    for lanes in sorted({l["lanes"] for l in limits}):
        l = best_limit(lanes)
        kind = popcount_kind({m for _, m, _ in lim_funcs.get(l["name"], [])})
        vec = "i64 (scalar)" if lanes == 1 else f"vector<{lanes}xi64>"
        w(f"| {vec} | {kind} | {l['unroll']} | {l['bitmacs_per_s'] / 1e9:.1f} | "
          f"{2 * l['bitmacs_per_s'] / 1e12:.3f} T | "
          f"{l['bitmacs_per_s'] / 1e9 / res['clock_ghz']:.0f} |")
    w("")
    w(f"The fraction-of-limit column above uses the `vector<{host_lanes}xi64>` row "
      f"({limit_rate / 1e9:.1f} Gbit-MAC/s). "
      + ("The CI machine's figure (Zen 5, `vpopcntq` on zmm, "
         "docs/architecture.md section 6) is "
         f"about 1.9-2.0 Tbit-MAC/s, about {1.95e12 / limit_rate:.0f}x this host's. "
         if host_lanes != 8 else "")
      + "The limit is LLVM's own count per vector (one `ctpop` per and). Inside some "
      "kernels LLVM does a little better: where it unrolls a short word loop (W1A1 at "
      "K = 576 and 1024, several lanes=1 kernels) it adds the byte counts of consecutive "
      "steps of an accumulator (`vpaddb`) before a single `vpsadbw`; so a kernel can come "
      "close to the limit or, within noise, pass it.")
    w("")

    # --- Assembly -----------------------------------------------------------
    w("## The generated inner loop")
    w("")
    w("The innermost loop with the most popcounts of each kernel on the square shape "
      "(K = 1024, 16 words per row), from `llvm-objdump -d` of the objects the benchmark "
      "ran. For W1A1 (one plane each side) a step of the word loop computes a tile of "
      "R x C outputs from R + C loaded vectors, so R x C = popcounts and R + C = loads: "
      "each loaded lhs vector serves C outputs and each rhs vector R. With weights in "
      "panels (the lanes > 1 `host` build) a step reads one word of each of R rows, "
      "broadcast (`vpbroadcastq` from memory), and one vector of each of C panels of "
      "`lanes` channels: R x C popcounts of `lanes` outputs each. AVX2 has no vector "
      "popcount: LLVM splits each byte into nibbles (vpand, vpsrlw, vpand), looks both up "
      "in a 16-entry table (2 vpshufb), adds them (vpaddb) and sums the 8 bytes of each "
      "i64 (vpsadbw against zero), then the accumulator add (vpaddq). With AVX-512 "
      "VPOPCNTDQ all of that is one vpopcntq. Where LLVM unrolls a short word loop "
      "completely (lanes=8 at K = 1024: 2 steps), the innermost loop is the loop over "
      "tiles, and its stores are the tile's output updates.")
    w("")
    asm_rows = [(b[0], b[1], b[2], os.path.join(args.gen, b[0], "{pair}.s"), True)
                for b in builds]
    for spec in args.extra_asm:
        name, lanes, flags, path = spec.split(":", 3)
        asm_rows.append((name, int(lanes), flags, path, False))
    for name, lanes, flags, pattern, ran in asm_rows:
        for pair in ("w1a1", "w2a2"):
            spath = pattern.format(pair=pair)
            funcs = functions(open(spath).read()) if os.path.exists(spath) else {}
            fname = f"{name}_mm_sq_{pair}"
            if fname not in funcs:
                continue
            body = inner_loop(funcs[fname])
            d = describe_loop(body)
            tile = ""
            broadcasts = sum(1 for _, m, ops in body if m == "vpbroadcastq" and "(" in ops)
            if pair == "w1a1" and broadcasts and name == host_name and host_lanes > 1:
                tile = (f" - a {broadcasts} x {d['loads'] - broadcasts} register tile "
                        f"(rows x panels of {lanes} channels),")
            elif pair == "w1a1":
                p_, l_ = d["popcounts"], d["loads"]
                disc = l_ * l_ - 4 * p_
                if disc >= 0:
                    r1 = (l_ - disc ** 0.5) / 2
                    if abs(r1 - round(r1)) < 1e-9 and round(r1) >= 1:
                        tile = f" - a {round(r1)} x {l_ - round(r1)} register tile,"
            inventory = {m: sum(1 for _, x, _ in funcs[fname] if x == m)
                         for m in ("vpopcntq", "vpsadbw", "psadbw", "popcntq")}
            inventory = ", ".join(f"{n} {m}" for m, n in inventory.items() if n)
            w(f"- `{fname}` (lanes={lanes}, `{flags}`{'' if ran else ', compiled only: not run here'}; "
              f"whole function: {inventory or 'no popcount instruction'}): hottest inner loop "
              f"{d['instructions']} instructions, {d['popcounts']} popcounts via {d['kind']}"
              f"{tile or ','} {d['loads']} loads ({d['loads'] / max(d['popcounts'], 1):.2f} per popcount), "
              f"{d['stores']} store(s), {d['spills']} stack accesses (spills)"
              + (f", {d['vector_registers']} vector registers named" if d["vector_registers"] else "")
              + ".")
    w("")
    for name, lanes, flags, pattern, ran in asm_rows:
        spath = pattern.format(pair="w1a1")
        if not os.path.exists(spath) or not (name == host_name or not ran):
            continue
        body = inner_loop(functions(open(spath).read()).get(f"{name}_mm_sq_w1a1", []))
        if body:
            w(f"<details><summary>Inner loop of <code>{name}_mm_sq_w1a1</code> "
              f"(lanes={lanes}, <code>{flags}</code>)</summary>")
            w("")
            w("```")
            for addr, mnem, ops in body:
                w(f"{addr:6x}:  {mnem:10s} {ops}")
            w("```")
            w("</details>")
            w("")

    # --- Build facts --------------------------------------------------------
    w("## How it was built")
    w("")
    w(f"- CPU: `{info.get('model name', '?')}`, family {info.get('cpu family', '?')} "
      f"model {info.get('model', '?')}, cache {info.get('cache size', '?')}; "
      f"`-march=native` = `{native}` with {', '.join(native_feats)}.")
    w(f"- Compiler: {clang_version}. Kernels: `qnn-opt --convert-qnn-kernels-to-loops=lanes=L` then "
      f"`{args.lowering.strip()}`, `qnn-translate --mlir-to-llvmir`, `{args.cc} <target> -c`. "
      f"Limit loops: `{args.cc} -march=native`. Harness: `{args.cxx}`, linked with "
      "`-lopenblas -ldnnl` (Debian's OpenBLAS pthread variant, oneDNN with OpenMP).")
    for b in builds:
        w(f"- Build `{b[0]}`: lanes={b[1]}, tiles chosen per matmul by the pass (its default register budget for the lanes), target `{b[2]}`.")
    w(f"- Kernel: {platform.release()}.")
    w("")
    w("<details><summary>/proc/cpuinfo flags</summary>")
    w("")
    w("```")
    w(info.get("flags", ""))
    w("```")
    w("</details>")
    w("")
    # bench/networks.sh owns the whole-network section of the same file: keep it.
    begin, end = "<!-- networks: begin", "<!-- networks: end -->"
    if os.path.exists(args.out):
        old = open(args.out).read()
        if begin in old and end in old:
            L.append(old[old.index(begin):old.index(end) + len(end)])
            L.append("")
    with open(args.out, "w") as f:
        f.write("\n".join(L))
    with open(os.path.join(args.gen, "meta.json"), "w") as f:
        json.dump({"cpu": info.get("model name", "?"), "flags": info.get("flags", ""),
                   "date": now, "git": git}, f)


if __name__ == "__main__":
    main()
