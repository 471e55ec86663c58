#!/usr/bin/env bash
# Float builds (qnn-compile --keep-float) of the whole-network benchmark's
# models with and without the f32_fma kernel (--fma-float-convolutions),
# each checked against the model's reference output and timed next to
# onnxruntime in interleaved rounds, one thread, batch 1. A quick subset of
# bench/networks.sh; the models come from `bench/networks.py generate`.
#
# Usage: bench/fma_networks.sh models-dir [networks...]   (default: resnet20 resnet18 mobilenet-v1)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
bin=$build/bin
python=$build/venv/bin/python
models=$1
shift
networks=("${@:-resnet20 resnet18 mobilenet-v1}")
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for network in ${networks[@]}; do
  for fma in true false; do
    dir=$models/$network/fma-$fma
    mkdir -p "$dir"
    "$bin/qnn-compile" "$models/$network/float.onnx" --keep-float \
      --fma-float-convolutions=$fma -o "$dir/model.o" >/dev/null
    cc -O2 -include "$dir/model.h" "$root/bench/network_harness.c" "$dir/model.o" -lm \
      -o "$dir/harness"
  done
done
"$python" - "$models" ${networks[@]} <<'PY'
import subprocess, sys, time
import numpy as np
import onnxruntime as ort

models, networks = sys.argv[1], sys.argv[2:]
opts = ort.SessionOptions()
opts.intra_op_num_threads = opts.inter_op_num_threads = 1
for network in networks:
    base = f"{models}/{network}"
    x = np.load(f"{base}/input.npy").astype(np.float32)
    reference = np.load(f"{base}/reference-float.npy")
    session = ort.InferenceSession(f"{base}/float.onnx", opts, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    rows = {"onnxruntime": [], "qnn f32_fma": [], "qnn linalg GEMM": []}
    for _ in range(3):
        for fma, label in (("true", "qnn f32_fma"), ("false", "qnn linalg GEMM")):
            out = subprocess.run(["taskset", "-c", "1", f"{base}/fma-{fma}/harness",
                                  f"{base}/input.bin", f"{base}/fma-{fma}/out.bin", "30"],
                                 check=True, capture_output=True, text=True).stdout
            y = np.fromfile(f"{base}/fma-{fma}/out.bin", dtype=np.float32).reshape(reference.shape)
            error = float(np.max(np.abs(y - reference)) / max(1e-30, np.max(np.abs(reference))))
            assert error < 1e-4, (network, fma, error)
            minimum = [float(l.split()[1]) for l in out.splitlines() if l.startswith("min_ms")]
            rows[label].append(minimum[0] if minimum else float("nan"))
        times = []
        for _ in range(30):
            start = time.perf_counter()
            session.run(None, {name: x})
            times.append(time.perf_counter() - start)
        rows["onnxruntime"].append(min(times) * 1e3)
    print(network, ", ".join(f"{k}: best {min(v):.3f} ms" for k, v in rows.items()))
PY
