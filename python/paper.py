#!/usr/bin/env python3
"""The paper's loop on Fashion-MNIST, end to end (scripts/paper.sh):

  1. train the float model (python/fashion_mnist.py: the demo CNN, a small ResNet);
  2. qnn assigns bitwidths from it without compiling it
     (`qnn-compile --assign-only --report=...`: separability, budgets);
  3. Brevitas fine-tunes the model at each assignment (python/qat.py);
  4. export_qonnx; check that the exported quantizers carry the assignment;
  5. qnn-compile the QONNX model (it keeps those bitwidths);
  6. run the compiled object on the test images from Python
     (python/qnn_model.py) against Brevitas's fake-quantized model.

    paper.py run --work DIR --bin build/bin [--networks cnn,resnet] [--seeds 0,1,2]
    paper.py report --work DIR --docs docs      # docs/results.{json,md}, plot

Every finished (network, configuration, seed) is a JSON file under
DIR/results; `run` skips those, so an interrupted run resumes from its last
finished configuration. Progress (epochs, accuracy so far, time left) goes
to stdout.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

import qat  # noqa: E402
from fashion_mnist import load_split  # noqa: E402
from qnn_model import CompiledModel  # noqa: E402

LAYERS = {"cnn": 5, "resnet": 10}
SEPARABILITY_CANDIDATES = "4,3,2,1"
BUDGETS = (0.5, 0.6, 0.75)
CONTROL_CANDIDATES = (1, 2, 3, 4)


def per_network(value, network):
    """`4096` or `cnn=4096,resnet=1024`."""
    if "=" not in value:
        return int(value)
    return int(dict(item.split("=") for item in value.split(","))[network])


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def atomic_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


class Progress:
    """Time left, from the mean time of the jobs finished in this process."""

    def __init__(self, total, done):
        self.total, self.done, self.start, self.ran = total, done, time.time(), 0

    def finished(self):
        self.done += 1
        self.ran += 1

    def eta(self):
        if not self.ran:
            return "unknown"
        left = (time.time() - self.start) / self.ran * (self.total - self.done)
        return f"{left / 60:.0f} min"


def export_float(model, onnx_path):
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), onnx_path + ".tmp",
                      input_names=["input"], output_names=["logits"], opset_version=13,
                      do_constant_folding=True)
    os.replace(onnx_path + ".tmp", onnx_path)


def train_float(network, work, args, data):
    folder = os.path.join(work, network)
    os.makedirs(folder, exist_ok=True)
    pt, onnx_path = os.path.join(folder, "float.pt"), os.path.join(folder, "float.onnx")
    float_class = qat.NETWORKS[network][0]
    model = float_class()
    if os.path.exists(pt):
        model.load_state_dict(torch.load(pt))
        model.eval()
        if not os.path.exists(onnx_path):
            export_float(model, onnx_path)
        return model, onnx_path
    x, y = data["train"]
    x, y = x[:per_network(args.float_images, network)], y[:per_network(args.float_images, network)]
    start = time.time()

    def progress(epoch, step, steps, loss):
        if step == steps - 1:
            acc = qat.accuracy(model, *data["test"])
            model.train()
            log(f"{network} float: epoch {epoch + 1}/{args.float_epochs}, loss {loss:.3f}, "
                f"test top-1 {acc:.2f}% ({time.time() - start:.0f} s)")
    qat.train(model, x, y, args.float_epochs, 2e-3, seed=0, log=progress)
    export_float(model.eval(), onnx_path)
    torch.save(model.state_dict(), pt)
    return model, onnx_path


def assign(network, onnx_path, work, args, name, flags):
    """qnn's assignment of the float model: its report, cached."""
    path = os.path.join(work, network, f"assign-{name}.json")
    if not os.path.exists(path):
        cmd = [os.path.join(args.bin, "qnn-compile"), onnx_path, "--assign-only",
               "--report=" + path, "--calibration-inputs=" + args.calibration_x,
               "--calibration-labels=" + args.calibration_y] + flags
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(path) as f:
        return json.load(f)


def bytes_of(bits, per_bit):
    return sum(b * p for b, p in zip(bits, per_bit))


def controls(sep_bits, per_bit, rng):
    """Weight bitwidths of the free layers, at about the memory of the
    separability assignment: the increasing one closest to it, and a random
    order (neither non-increasing nor non-decreasing) within 5% of it."""
    target = bytes_of(sep_bits, per_bit)
    free = len(sep_bits) - 2
    best = None
    for body in itertools.combinations_with_replacement(CONTROL_CANDIDATES, free):
        bits = [8] + list(body) + [8]
        if len(set(body)) == 1:
            continue
        gap = abs(bytes_of(bits, per_bit) - target)
        if best is None or gap < best[0]:
            best = (gap, bits)
    increasing = best[1]
    best = None
    for _ in range(20000):
        body = list(rng.choice(CONTROL_CANDIDATES, free))
        if body == sorted(body) or body == sorted(body, reverse=True):
            continue
        bits = [8] + body + [8]
        gap = abs(bytes_of(bits, per_bit) - target)
        if best is None or gap < best[0]:
            best = (gap, bits)
        if gap <= 0.05 * target:
            break
    return increasing, [int(b) for b in best[1]]


def trainable(bits):
    """Activation bits below 2 are raised to 2: Brevitas exports an unsigned
    1-bit QuantReLU as Relu -> BipolarQuant, not what it trained (see
    docs/qat.md)."""
    return [(w, max(2, a)) for w, a in bits]


def uniform_configs(network):
    layers = LAYERS[network]
    return [(f"uniform-{b}", "uniform", trainable(qat.assignment_from_schedule(layers, b)))
            for b in (8, 4, 2, 1)]


def assigned_configs(network, float_onnx, work, args):
    """qnn's assignments (separability, budgets) and the controls at the
    separability assignment's memory."""
    configs = []
    sep = assign(network, float_onnx, work, args, "separability",
                 ["--strategy=separability", "--candidates=" + SEPARABILITY_CANDIDATES])
    configs.append(("separability", "separability", qat.assignment_from_report(sep)))
    for budget in BUDGETS:
        rep = assign(network, float_onnx, work, args, f"budget-{budget}",
                     ["--strategy=budget", f"--budget={budget}", "--budget-reference-bits=4"])
        configs.append((f"budget-{int(round(100 * budget))}", "budget",
                        qat.assignment_from_report(rep)))
    per_bit = [l["packed_bytes"] / l["weight_bits"] for l in sep["layers"]]
    sep_w = [w for w, _ in qat.assignment_from_report(sep)]
    inc, rnd = controls(sep_w, per_bit, np.random.default_rng(2026))
    configs.append(("increasing", "increasing", [(b, b) for b in inc]))
    configs.append(("random", "random", [(b, b) for b in rnd]))
    return [(n, s, trainable(b)) for n, s, b in configs]


CONFIG_NAMES = ["uniform-8", "uniform-4", "uniform-2", "uniform-1", "separability",
                "budget-50", "budget-60", "budget-75", "increasing", "random"]


def run_one(network, name, strategy, bits, seed, float_model, work, args, data, progress):
    folder = os.path.join(work, network, f"{name}-seed{seed}")
    os.makedirs(folder, exist_ok=True)
    model = qat.build(network, bits, float_model)
    x, y = data["train"]
    x, y = x[:per_network(args.qat_images, network)], y[:per_network(args.qat_images, network)]
    start = time.time()

    def progress_log(epoch, step, steps, loss):
        if step == steps - 1 or step % 200 == 0:
            log(f"{network} {name} seed {seed}: epoch {epoch + 1}/{args.qat_epochs} "
                f"step {step + 1}/{steps}, loss {loss:.3f} ({time.time() - start:.0f} s); "
                f"time left about {progress.eta()}")
    qat.train(model, x, y, args.qat_epochs, args.qat_lr, seed, log=progress_log)
    xt, yt = data["test"]
    fake = qat.predict(model, xt)
    qonnx_path = os.path.join(folder, "model.onnx")
    qat.export(model, qonnx_path)
    exported = qat.exported_bitwidths(qonnx_path)
    if exported != [tuple(b) for b in bits]:
        raise SystemExit(f"{qonnx_path}: exported bitwidths {exported} != assignment {bits}")
    obj = os.path.join(folder, "model.o")
    report_path = os.path.join(folder, "report.json")
    subprocess.run([os.path.join(args.bin, "qnn-compile"), qonnx_path, "-o", obj,
                    "--report=" + report_path], check=True, stdout=subprocess.DEVNULL)
    with open(report_path) as f:
        report = json.load(f)
    compiled_bits = [(l["weight_bits"], l["activation_bits"]) for l in report["layers"]]
    if compiled_bits != [tuple(b) for b in bits]:
        raise SystemExit(f"{obj}: compiled bitwidths {compiled_bits} != assignment {bits}")
    compiled = CompiledModel(obj)
    out = compiled.run(xt)
    latency = compiled.latency_us(xt[:args.latency_images])
    result = {
        "network": network, "config": name, "strategy": strategy,
        "weight_bits": [b[0] for b in bits], "activation_bits": [b[1] for b in bits],
        "packed_bytes": report["total_packed_bytes"], "latency_us": round(latency, 1),
        "seed": seed,
        "binary_top1": 100.0 * float((out.argmax(1) == yt).mean()),
        "fakequant_top1": 100.0 * float((fake.argmax(1) == yt).mean()),
        "argmax_agreement": 100.0 * float((out.argmax(1) == fake.argmax(1)).mean()),
        "test_images": int(len(xt)), "train_seconds": round(time.time() - start, 1),
    }
    return result


def run(args):
    work = os.path.abspath(args.work)
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    torch.set_num_threads(args.threads)
    xtr, ytr = load_split("train")
    xte, yte = load_split("t10k")
    data = {"train": (xtr, ytr), "test": (xte[:args.test_images], yte[:args.test_images])}
    args.calibration_x = os.path.join(work, "calibration-x.npy")
    args.calibration_y = os.path.join(work, "calibration-y.npy")
    np.save(args.calibration_x, xtr[:args.calibration_images])
    np.save(args.calibration_y, ytr[:args.calibration_images].astype(np.int64))
    networks = args.networks.split(",")
    seeds = [int(s) for s in args.seeds.split(",")]
    wanted = args.configs.split(",") if args.configs else CONFIG_NAMES
    floats, assigned = {}, {}
    for network in networks:
        floats[network] = train_float(network, work, args, data)

    def configs_of(network, kind):
        """Uniform configurations need no qnn; the assigned ones are
        resolved (qnn-compile --assign-only) when first reached."""
        if kind == "uniform":
            configs = uniform_configs(network)
        else:
            if network not in assigned:
                assigned[network] = assigned_configs(network, floats[network][1], work, args)
                for name, _, bits in assigned[network]:
                    log(f"{network} {name}: weight bits {[b[0] for b in bits]}, "
                        f"activation bits {[b[1] for b in bits]}")
            configs = assigned[network]
        return [c for c in configs if c[0] in wanted]

    path = lambda s, n, c: os.path.join(work, "results", f"{n}-{c}-seed{s}.json")  # noqa
    jobs = [(seed, network, kind) for seed in seeds for kind in ("uniform", "assigned")
            for network in networks]
    names = {"uniform": [c for c in CONFIG_NAMES[:4] if c in wanted],
             "assigned": [c for c in CONFIG_NAMES[4:] if c in wanted]}
    total = sum(len(names[k]) for _, _, k in jobs)
    progress = Progress(total, sum(os.path.exists(path(s, n, c)) for s, n, k in jobs
                                   for c in names[k]))
    for seed, network, kind in jobs:
        if all(os.path.exists(path(seed, network, c)) for c in names[kind]):
            continue
        for name, strategy, bits in configs_of(network, kind):
            if os.path.exists(path(seed, network, name)):
                continue
            result = run_one(network, name, strategy, bits, seed, floats[network][0], work,
                             args, data, progress)
            atomic_json(path(seed, network, name), result)
            progress.finished()
            log(f"[{progress.done}/{progress.total}] {network} {name} seed {seed}: binary "
                f"{result['binary_top1']:.2f}%, fake-quant {result['fakequant_top1']:.2f}%, "
                f"agreement {result['argmax_agreement']:.2f}%, {result['packed_bytes']} bytes, "
                f"{result['latency_us']} us; time left about {progress.eta()}")
    log("all configurations done")


def collect(work):
    rows = {}
    folder = os.path.join(work, "results")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name)) as f:
            r = json.load(f)
        key = (r["network"], r["config"])
        row = rows.setdefault(key, {k: r[k] for k in (
            "network", "config", "strategy", "weight_bits", "activation_bits",
            "packed_bytes")})
        row.setdefault("latencies", []).append(r["latency_us"])
        row.setdefault("seeds", []).append({k: r[k] for k in (
            "seed", "binary_top1", "fakequant_top1", "argmax_agreement")})
    order = CONFIG_NAMES
    out = []
    for net in ("cnn", "resnet"):
        for c in order:
            if (net, c) in rows:
                row = rows[(net, c)]
                row["latency_us"] = float(np.median(row.pop("latencies")))
                row["seeds"].sort(key=lambda s: s["seed"])
                out.append(row)
    return out


def tables(rows):
    """The Markdown tables of docs/results.md, one per network."""
    lines = []
    for net, title in (("cnn", "Demo CNN"), ("resnet", "Small ResNet")):
        net_rows = [r for r in rows if r["network"] == net]
        if not net_rows:
            continue
        ref = next((r["packed_bytes"] for r in net_rows if r["config"] == "uniform-4"), None)
        lines += [f"### {title}", "",
                  "| config | weight bits | activation bits | packed bytes | saving vs 4-bit "
                  "| binary top-1 mean (min-max) | fake-quant top-1 mean | argmax agreement (min) "
                  "| latency us | seeds |",
                  "|---|---|---|---:|---:|---|---:|---:|---:|---:|"]
        for r in net_rows:
            b = [x["binary_top1"] for x in r["seeds"]]
            fq = [x["fakequant_top1"] for x in r["seeds"]]
            ag = [x["argmax_agreement"] for x in r["seeds"]]
            saving = f"{100 * (1 - r['packed_bytes'] / ref):.1f}%" if ref else "-"
            lines.append(
                f"| {r['config']} | {','.join(map(str, r['weight_bits']))} "
                f"| {','.join(map(str, r['activation_bits']))} | {r['packed_bytes']} | {saving} "
                f"| {np.mean(b):.2f} ({min(b):.2f}-{max(b):.2f}) | {np.mean(fq):.2f} "
                f"| {min(ag):.2f} | {r['latency_us']:.0f} | {len(b)} |")
        lines.append("")
    return "\n".join(lines)


def report(args):
    rows = collect(os.path.abspath(args.work))
    atomic_json(os.path.join(args.docs, "results.json"), {"rows": rows})
    md = os.path.join(args.docs, "results.md")
    if os.path.exists(md):
        text = open(md).read()
        start, end = "<!-- tables: python/paper.py report -->", "<!-- /tables -->"
        if start in text and end in text:
            text = (text[:text.index(start) + len(start)] + "\n\n" + tables(rows) + "\n"
                    + text[text.index(end):])
            with open(md, "w") as f:
                f.write(text)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    markers = {"uniform": "s", "separability": "*", "budget": "o", "increasing": "^",
               "random": "x"}
    for ax, net in zip(axes, ("cnn", "resnet")):
        for row in (r for r in rows if r["network"] == net):
            acc = np.array([s["binary_top1"] for s in row["seeds"]])
            mean = acc.mean()
            ax.errorbar(row["packed_bytes"], mean, yerr=[[mean - acc.min()], [acc.max() - mean]],
                        fmt=markers[row["strategy"]], capsize=3, label=row["config"])
        ax.set_xscale("log")
        ax.set_xlabel("packed weight bytes")
        ax.set_ylabel("compiled-binary top-1 (%), min-max over seeds")
        ax.set_title({"cnn": "demo CNN", "resnet": "small ResNet"}[net])
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(args.docs, "results.png"), dpi=110)
    print(f"wrote {args.docs}/results.json and results.png ({len(rows)} rows)")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--work", required=True)
    r.add_argument("--bin", required=True, help="folder of qnn-compile")
    r.add_argument("--networks", default="cnn,resnet")
    r.add_argument("--configs", default="", help="only these configurations (comma-separated)")
    r.add_argument("--seeds", default="0,1,2")
    r.add_argument("--float-epochs", type=int, default=1)
    r.add_argument("--float-images", default="cnn=60000,resnet=20000",
                   help="training images of the float model: N, or cnn=N,resnet=M")
    r.add_argument("--qat-epochs", type=int, default=1)
    r.add_argument("--qat-images", default="cnn=3072,resnet=1024",
                   help="training images of each fine-tuning: N, or cnn=N,resnet=M")
    r.add_argument("--qat-lr", type=float, default=1e-3)
    r.add_argument("--test-images", type=int, default=10000)
    r.add_argument("--latency-images", type=int, default=1000)
    r.add_argument("--calibration-images", type=int, default=1000)
    r.add_argument("--threads", type=int, default=2)
    s = sub.add_parser("report")
    s.add_argument("--work", required=True)
    s.add_argument("--docs", required=True)
    args = p.parse_args()
    run(args) if args.command == "run" else report(args)


if __name__ == "__main__":
    main()
