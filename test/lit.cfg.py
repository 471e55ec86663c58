# lit configuration of the qnn test suite.
import os
import platform
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "qnn"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".c", ".cpp"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qnn_obj_root, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%qnn_src_root", config.qnn_src_root))
config.substitutions.append(("%qnn_obj_root", config.qnn_obj_root))
# `%exit1 tool ...`: the tool must fail with exit status exactly 1.
config.substitutions.append(
    ("%exit1", os.path.join(config.qnn_src_root, "test", "Inputs", "exit-status.sh") + " 1"))
# Debian's Python packages (numpy, onnx, torch) live with /usr/bin/python3;
# the python3 first on PATH may be another interpreter.
config.substitutions.append(("%python", "/usr/bin/python3"))

llvm_config.use_default_substitutions()
# FileCheck, not and count live in LLVM's tool folder, not on PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_system_environment(["HOME", "OPENBLAS_CORETYPE",
                                     "ASAN_OPTIONS", "UBSAN_OPTIONS"])

tool_dirs = [config.qnn_tools_dir, config.llvm_tools_dir]
tools = ["qnn-opt", "qnn-translate", "qnn-run", "qnn-compile",
         "qnn-fuzz-ir", "qnn-fuzz-pipeline", "qnn-fuzz-npy", "qnn-fuzz-onnx",
         "qnn-fuzz-onnx-structured"]
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in tools], tool_dirs)
llvm_config.add_tool_substitutions(
    [ToolSubst("llvm-objdump", unresolved="ignore"),
     ToolSubst("llvm-readobj", unresolved="ignore")], [config.llvm_tools_dir])

# Host CPU features decide which native execution tests can run here.
def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()

flags = cpu_flags()
if platform.machine() == "x86_64":
    config.available_features.add("host-x86_64")
    if "avx2" in flags:
        config.available_features.add("host-avx2")
    if "avx512f" in flags and "avx512_vpopcntdq" in flags:
        config.available_features.add("host-avx512vpopcntdq")
    # vpdpbusd: zmm with AVX-512 VNNI, ymm also with VL (EVEX) or AVX-VNNI.
    if "avx512f" in flags and "avx512_vnni" in flags:
        config.available_features.add("host-avx512vnni")
        if "avx512vl" in flags:
            config.available_features.add("host-vnni256")
    if "avx_vnni" in flags:
        config.available_features.add("host-vnni256")
    if "host-avx512vnni" not in config.available_features:
        lit_config.note("the host has no AVX-512 VNNI: the vpdpbusd "
                        "execution tests are UNSUPPORTED")

# Debian's python3-onnx and python3-torch for /usr/bin/python3
# (scripts/setup.sh): the ONNX generators need the first, the PyTorch
# references both.
def python_has(module):
    try:
        subprocess.run(["/usr/bin/python3", "-c", "import " + module],
                       check=True, capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


for module in ("onnx", "torch"):
    if python_has(module):
        config.available_features.add("python-" + module)

# The pinned PyPI environment of python/requirements.txt (PyTorch, Brevitas,
# qonnx, onnxruntime), made by scripts/venv.sh under the build folder: the
# tests against the real exporters and executors need it. Without it (no
# package index) those tests are reported UNSUPPORTED, and the note says why.
venv_python = os.path.join(config.qnn_obj_root, "venv", "bin", "python")
venv_stamp = os.path.join(config.qnn_obj_root, "venv", ".requirements.sha256")
if os.path.exists(venv_python) and os.path.exists(venv_stamp):
    config.available_features.add("venv")
    config.substitutions.append(("%venv_python", venv_python))
else:
    lit_config.note("no Python venv at " + os.path.dirname(os.path.dirname(venv_python)) +
                    " (scripts/venv.sh failed or was not run): the tests "
                    "that need PyTorch, Brevitas, qonnx or onnxruntime are "
                    "UNSUPPORTED")

# Cross execution of AArch64 objects under qemu-user.
if shutil.which("qemu-aarch64-static") and shutil.which("aarch64-linux-gnu-gcc"):
    config.available_features.add("qemu-aarch64")

# GoogleTest unit tests, built when Debian's libgtest-dev is installed.
config.substitutions.append(
    ("%qnn_unittests_dir", os.path.join(config.qnn_obj_root, "unittests")))
if os.path.isdir(os.path.join(config.qnn_obj_root, "unittests", "Analysis")):
    config.available_features.add("qnn-unittests")

# The libFuzzer harnesses of tools/qnn-fuzz, built only by the instrumented
# build (scripts/sanitize.sh, -DQNN_ENABLE_FUZZERS=ON): the default build
# stays small, and test/Fuzz reports UNSUPPORTED there with this note.
if config.qnn_fuzzers.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("fuzzers")
else:
    lit_config.note("the fuzz harnesses are not built (QNN_ENABLE_FUZZERS "
                    "is off; scripts/sanitize.sh builds them): test/Fuzz is "
                    "UNSUPPORTED")
if config.qnn_sanitizers:
    config.available_features.add("sanitizers")
    # scripts/sanitizer-env.sh's options, also when lit or ninja check-qnn
    # is run without it.
    if "ASAN_OPTIONS" not in config.environment:
        env = subprocess.run(
            ["bash", "-c", "source " + os.path.join(config.qnn_src_root, "scripts",
                                                     "sanitizer-env.sh") +
             " && echo \"$ASAN_OPTIONS\" && echo \"$UBSAN_OPTIONS\""],
            capture_output=True, text=True).stdout.splitlines()
        config.environment["ASAN_OPTIONS"] = env[0]
        config.environment["UBSAN_OPTIONS"] = env[1]
# Peak RSS bound of test/e2e/large-model.test (measured about 0.5 GB; ASan's
# shadow memory and redzones roughly triple it).
config.substitutions.append(
    ("%large_model_rss_mb", "4096" if config.qnn_sanitizers else "1024"))
