#!/usr/bin/python3
"""The Fashion-MNIST demo model, compiled by qnn under several bitwidth
assignments, against the float model compiled by qnn, on the same 10,000
test images.

Every configuration is compiled with qnn-compile, linked with
examples/fashion-mnist/classify.c and run on the test set, one image per
call, one thread. Peers (onnxruntime, OpenVINO, PyTorch in their best
configurations) are timed by bench/networks.sh on other networks
(docs/benchmarks.md); this benchmark had timed a Python interpreter of the
ONNX graph as "PyTorch", which measured Python, not PyTorch. Latencies are the median per image; each configuration is run
--repeats times, interleaved, and the lowest median is kept, so that a
transient load on the machine does not count against one configuration.
Writes a Markdown report (docs/fashion-mnist.md by default).

Usage: bench/fashion_mnist.sh (sets up and builds first), or
       /usr/bin/python3 bench/fashion_mnist.py --bin build/bin --work DIR --doc FILE
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

import numpy as np
import onnx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "fashion-mnist")

# name, qnn-compile options (calibration options are added to all but float)
CONFIGS = [
    ("float (qnn, --keep-float)", ["--keep-float"]),
    ("uniform 8-bit", ["--strategy=uniform"]),
    ("8-bit first/last, 4-bit body", ["--strategy=schedule", "--schedule=4"]),
    ("budget 0.7", ["--strategy=budget", "--budget=0.7"]),
    ("budget 0.7, --keep-weights-packed=false", ["--strategy=budget", "--budget=0.7",
                                                "--keep-weights-packed=false"]),
    ("budget 0.5", ["--strategy=budget", "--budget=0.5"]),
    ("separability, candidates 8,6,4 (the demo)",
     ["--strategy=separability", "--candidates=8,6,4"]),
    ("separability (default candidates)", ["--strategy=separability"]),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="folder of qnn-compile")
    parser.add_argument("--work", required=True, help="folder for generated files")
    parser.add_argument("--doc", default=os.path.join(ROOT, "docs", "fashion-mnist.md"))
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--calibration", type=int, default=1000)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    data = subprocess.run([os.path.join(ROOT, "scripts", "fashion-mnist-data.sh"),
                           args.work, str(args.calibration)],
                          check=True, capture_output=True, text=True).stdout.split()
    images_idx, labels_idx, cal_x, cal_y = data
    model = os.path.join(EXAMPLE, "model.onnx")

    rows = []
    for index, (name, options) in enumerate(CONFIGS):
        folder = os.path.join(args.work, f"config{index}")
        os.makedirs(folder, exist_ok=True)
        command = [os.path.join(args.bin, "qnn-compile"), model,
                   "-o", os.path.join(folder, "model.o")] + options
        if "--keep-float" not in options:
            command += [f"--calibration-inputs={cal_x}", f"--calibration-labels={cal_y}",
                        f"--report={folder}/report.json"]
        subprocess.run(command, check=True, capture_output=True)
        subprocess.run(["cc", "-O2", f"-I{folder}", f"-I{EXAMPLE}",
                        os.path.join(EXAMPLE, "classify.c"), os.path.join(folder, "model.o"),
                        "-lm", "-o", os.path.join(folder, "classify")], check=True)
        row = {"name": name, "latency": float("inf")}
        if "--keep-float" in options:
            params = sum(int(np.prod(t.dims)) for t in onnx.load(model).graph.initializer)
            row.update(bytes=4 * params, bits="float32")
        else:
            with open(os.path.join(folder, "report.json")) as f:
                report = json.load(f)
            row.update(bytes=report["total_packed_bytes"],
                       eight=report["homogeneous_packed_bytes"],
                       bits=", ".join(f"{l['weight_bits']}/{l['activation_bits']}"
                                      for l in report["layers"]))
        row["object"] = os.path.getsize(os.path.join(folder, "model.o"))
        rows.append((row, os.path.join(folder, "classify")))

    for repeat in range(args.repeats):
        for row, binary in rows:
            out = subprocess.run([binary, images_idx, labels_idx], check=True,
                                 capture_output=True, text=True).stdout
            row["accuracy"] = float(re.search(r"accuracy: ([0-9.]+)", out).group(1))
            median = float(re.search(r"median ([0-9.]+) us", out).group(1))
            row["latency"] = min(row["latency"], median)
        print(f"repeat {repeat + 1}/{args.repeats} done", file=sys.stderr)

    table = [row for row, _ in rows]
    base = rows[0][0]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.machine())
    flags = set(next((l.split(":", 1)[1].split() for l in open("/proc/cpuinfo")
                      if l.startswith("flags")), []))
    isa = ("AVX-512 with VPOPCNTDQ" if {"avx512f", "avx512_vpopcntdq"} <= flags else
           "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else platform.machine())
    cpu = f"{cpu}, {isa}"
    with open(args.doc, "w") as doc:
        doc.write(f"""# Fashion-MNIST: accuracy, weight memory and latency

Generated by `bench/fashion_mnist.sh` on {datetime.date.today()} ({cpu},
{os.cpu_count()} cores; single-threaded runs). Do not edit by hand.

The model is `examples/fashion-mnist/model.onnx` (three 3x3 conv blocks with
max pooling, two dense layers, 60,688 parameters), trained by
`python/train_fashion_mnist.py`. Each qnn row is compiled by `qnn-compile`
(post-training quantization, activation ranges from the first
{args.calibration} training images; separability measured on the same
slice), linked with `examples/fashion-mnist/classify.c` and run on the 10,000
test images, one image per call.
Latency is the median per image, the lowest of {args.repeats} interleaved runs.
Speed-up is against the float model compiled by qnn (`--keep-float`).

Weight bytes are the memory report's (bit-planes as the bit-serial kernels
store them; the float row: 4 bytes per parameter); the object column is the
size of the whole `model.o` (code included), which shows what the build
really stores.

Peers: onnxruntime, OpenVINO and PyTorch (TorchScript and `torch.compile`),
each in its best single-thread configuration, are timed against qnn's float
and quantized builds on four other CNNs by `bench/networks.sh`: see the
whole-network section of [benchmarks.md](benchmarks.md). (An earlier version
of this table had a "PyTorch" row that ran the ONNX graph through a Python
interpreter of `torch.nn.functional` calls; it measured Python overhead, not
PyTorch, and is gone.)

| model | bits per layer (weights/activations) | weight bytes | vs 8-bit | object bytes | accuracy | latency (us/image) | speed-up vs qnn float |
|---|---|---:|---:|---:|---:|---:|---:|
""")
        for row in table:
            eight = f"{100 * (1 - row['bytes'] / row['eight']):.1f}% less" if "eight" in row else "-"
            doc.write(f"| {row['name']} | {row['bits']} | {row['bytes']} | {eight} | "
                      f"{row.get('object', '-')} | "
                      f"{100 * row['accuracy']:.2f}% | {row['latency']:.0f} | "
                      f"{base['latency'] / row['latency']:.2f}x |\n")
    print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
