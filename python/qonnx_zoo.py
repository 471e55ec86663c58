#!/usr/bin/env python3
"""A zoo of real QONNX exports, their references, and a checker that compiles
each one with qnn-compile and compares what the object computes.

Run with the pinned venv's python (scripts/venv.sh, python/requirements.txt):

  generate OUT [--models M ...] [--inputs N]
      Builds each model with Brevitas 0.13.4 (random weights; batch-norm
      statistics and activation scales from a few train-mode passes on random
      data, fixed seeds), exports it with brevitas.export.export_qonnx in both
      torch exporters (dynamo=False: TorchScript; dynamo=True: torch.export +
      onnxscript), optionally post-processes it (qonnx's cleanup_model, the
      legacy onnx.brevitas domain), and writes per model and mode a folder
      OUT/<model>.<mode>/ with model.onnx, input.npy / input.bin (N inputs of
      batch 1), ref_qonnx.npy (qonnx.core.onnx_exec.execute_onnx on the
      exported model after ModelWrapper + InferShapes), ref_framework.npy
      (Brevitas's own PyTorch forward, or NumPy for the QKeras-style graph)
      and meta.json (opsets, IR version, domains, op histogram, export
      arguments). Nothing in it comes from qnn.
  check ZOO --bin BIN --runner RUNNER.c [--target host|aarch64] [--jobs J]
      Compiles every model with qnn-compile (for the host, or with
      --target=aarch64-linux-gnu, linked by aarch64-linux-gnu-gcc and run
      under qemu-aarch64-static), links it with the C runner, runs it on the
      inputs and compares: against qonnx's executor the largest |error| must
      stay within float rounding of the output range (--rtol of the largest
      |reference|) and the argmax must be the same on every input (a row whose
      two best reference values are themselves within that tolerance is a
      tie and not counted); against the framework the argmax must agree on at
      least 99.9% of the inputs. Prints one PASS/FAIL line per model and mode
      and exits 1 if any failed.
  report ZOO --results R.json [R.json ...] -o REPORT.txt
      The per-model report: what each export wrote and what qnn made of it.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

SEED = 2026
QONNX_DOMAIN = "qonnx.custom_op.general"
MODES = ("torchscript", "dynamo")
# What each mode passes to export_qonnx (which forwards it to
# torch.onnx.export). external_data=False: torch 2.8's dynamo exporter
# writes the weights to a model.onnx.data file by default; Brevitas then
# loads the model and saves it again with the data inline, leaving the .data
# file behind (the mode "dynamo-extdata" of tfc-2w2a keeps that default, to
# record it).
EXPORT_KWARGS = {
    "torchscript": {"dynamo": False},
    "dynamo": {"dynamo": True, "optimize": True, "external_data": False},
    "dynamo-extdata": {"dynamo": True, "optimize": True},
}


# ---------------------------------------------------------------------------
# The models (PyTorch / Brevitas modules)
# ---------------------------------------------------------------------------


def randomize_batch_norm(model):
    import torch
    for m in model.modules():
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            m.momentum = None  # cumulative average over the calibration passes
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)


def tfc(weight_bits, act_bits):
    """brevitas_examples' FINN TFC (28x28 -> 64 -> 64 -> 64 -> 10): input
    scaling 2x-1, QuantIdentity quantizers in [-1, 1], BatchNorm1d, binary or
    2-bit constant-scale weights, TensorNorm at the end."""
    from brevitas_examples.bnn_pynq.models.FC import FC
    return FC(num_classes=10, weight_bit_width=weight_bits, act_bit_width=act_bits,
              in_bit_width=act_bits, in_channels=1, out_features=[64, 64, 64],
              in_features=(28, 28))


def cnv(weight_bits, act_bits):
    """brevitas_examples' FINN CNV (3x3 valid convolutions, BatchNorm2d,
    QuantIdentity in [-1, 1] (a quantized hard tanh), 2x2 max pools, three
    dense layers, TensorNorm), with the channel counts divided by 8 so that it
    compiles in seconds: 3x32x32 -> 8, 8, pool, 16, 16, pool, 32, 32 -> 32,
    32 -> 10."""
    from brevitas_examples.bnn_pynq.models import CNV as cnv_module
    saved = (cnv_module.CNV_OUT_CH_POOL, cnv_module.INTERMEDIATE_FC_FEATURES,
             cnv_module.LAST_FC_IN_FEATURES)
    cnv_module.CNV_OUT_CH_POOL = [(8, False), (8, True), (16, False), (16, True), (32, False),
                                  (32, False)]
    cnv_module.INTERMEDIATE_FC_FEATURES = [(32, 32), (32, 32)]
    cnv_module.LAST_FC_IN_FEATURES = 32
    try:
        return cnv_module.CNV(num_classes=10, weight_bit_width=weight_bits,
                              act_bit_width=act_bits, in_bit_width=8, in_ch=3)
    finally:
        (cnv_module.CNV_OUT_CH_POOL, cnv_module.INTERMEDIATE_FC_FEATURES,
         cnv_module.LAST_FC_IN_FEATURES) = saved


def cnv_relu(weight_bits, act_bits):
    """A CNV-style network with QuantReLU and QuantHardTanh activations,
    per-channel weight scales and padded convolutions: conv, batch norm,
    activation, max pool, twice, then two dense layers."""
    import brevitas.nn as qnn
    from brevitas.quant import Int8ActPerTensorFloat, Int8WeightPerChannelFloat
    from torch import nn

    def conv(cin, cout):
        return qnn.QuantConv2d(cin, cout, 3, padding=1, bias=False,
                               weight_quant=Int8WeightPerChannelFloat,
                               weight_bit_width=weight_bits)

    class CnvRelu(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = qnn.QuantIdentity(act_quant=Int8ActPerTensorFloat, bit_width=8,
                                         return_quant_tensor=True)
            self.conv1, self.bn1 = conv(3, 16), nn.BatchNorm2d(16)
            self.act1 = qnn.QuantReLU(bit_width=act_bits, return_quant_tensor=True)
            self.pool1 = nn.MaxPool2d(2)
            self.conv2, self.bn2 = conv(16, 16), nn.BatchNorm2d(16)
            self.act2 = qnn.QuantHardTanh(bit_width=act_bits, min_val=-1.0, max_val=1.0,
                                          return_quant_tensor=True)
            self.pool2 = nn.MaxPool2d(2)
            self.fc1 = qnn.QuantLinear(16 * 4 * 4, 32, bias=True,
                                       weight_quant=Int8WeightPerChannelFloat,
                                       weight_bit_width=weight_bits)
            self.bn3 = nn.BatchNorm1d(32)
            self.act3 = qnn.QuantReLU(bit_width=act_bits, return_quant_tensor=True)
            self.fc2 = qnn.QuantLinear(32, 10, bias=True, weight_bit_width=8)

        def forward(self, x):
            x = self.inp(x)
            x = self.pool1(self.act1(self.bn1(self.conv1(x))))
            x = self.pool2(self.act2(self.bn2(self.conv2(x))))
            x = x.reshape(x.shape[0], -1)
            x = self.act3(self.bn3(self.fc1(x)))
            return self.fc2(x)

    return CnvRelu()


def resnet():
    """A ResNet-style network from brevitas_examples' QuantBasicBlock (4-bit
    per-channel weights, 4-bit QuantReLUs, the residual adds through a shared
    quantizer): a 3x3 stem with batch norm, ReLU and a 3x3/2 max pool, two
    blocks of 8 channels, one of 16 (stride 2, 1x1 projection), the final
    TruncAvgPool2d and an 8-bit classifier with an Int32 bias, as in
    brevitas_examples' QuantResNet."""
    import brevitas.nn as qnn
    from brevitas.quant import Int8WeightPerChannelFloat, Int8WeightPerTensorFloat, Int32Bias
    from brevitas.quant import TruncTo8bit
    from brevitas_examples.bnn_pynq.models.resnet import QuantBasicBlock as ExampleBlock
    from torch import nn

    class QuantBasicBlock(ExampleBlock):
        """brevitas_examples' block without its asserts that both addends
        are QuantTensors: under dynamo=True Brevitas disables QuantTensors
        during the export, and the example's block then fails to export."""

        def forward(self, x):
            out = self.relu1(self.bn1(self.conv1(x)))
            out = self.relu2(self.bn2(self.conv2(out)))
            if len(self.downsample):
                x = self.downsample(x)
            return self.relu_out(out + x)

    class MiniResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = qnn.QuantIdentity(bit_width=8, return_quant_tensor=True)
            self.conv1 = qnn.QuantConv2d(3, 8, 3, padding=1, bias=False,
                                         weight_quant=Int8WeightPerChannelFloat, weight_bit_width=8)
            self.bn1 = nn.BatchNorm2d(8)
            shared = qnn.QuantReLU(bit_width=4, return_quant_tensor=True)
            self.relu = shared
            self.maxpool = nn.MaxPool2d(3, 2, 1)
            self.block1 = QuantBasicBlock(8, 8, 1, shared_quant_act=shared, act_bit_width=4,
                                          weight_bit_width=4)
            # as in QuantResNet._make_layer: the next block's residual add
            # shares the quantizer of the previous block's output
            self.block2 = QuantBasicBlock(8, 8, 1, shared_quant_act=self.block1.relu_out,
                                          act_bit_width=4, weight_bit_width=4)
            self.block3 = QuantBasicBlock(8, 16, 2, shared_quant_act=self.block2.relu_out,
                                          act_bit_width=4, weight_bit_width=4)
            self.pool = qnn.TruncAvgPool2d(kernel_size=4, trunc_quant=TruncTo8bit,
                                           float_to_int_impl_type="FLOOR")
            self.fc = qnn.QuantLinear(16, 10, bias=True, weight_bit_width=8,
                                      weight_quant=Int8WeightPerTensorFloat, bias_quant=Int32Bias)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(self.inp(x)))))
            x = self.block3(self.block2(self.block1(x)))
            x = self.pool(x)
            return self.fc(x.reshape(x.shape[0], -1))

    return MiniResNet()


def mobilenet():
    """brevitas_examples' quantized MobileNet v1 at 4W4A (8-bit first and last
    layers), narrowed: 3x16x16, stem 8 channels (per-channel activation
    scales), depthwise/pointwise blocks to 16, 32, 32 (per-channel activation
    scales on all pointwise layers but the last stage), TruncAvgPool2d (ROUND),
    a dense classifier with an Int32 bias."""
    from brevitas_examples.imagenet_classification.models.mobilenetv1 import MobileNet
    return MobileNet(channels=[[8], [16], [32, 32]], first_stage_stride=False, act_bit_width=4,
                     weight_bit_width=4, avg_pool_kernel_size=4, in_channels=3, num_classes=10)


def trunc_avg_pool():
    """TruncAvgPool2d on its own: an 8-bit input quantizer, a 4-bit conv,
    QuantReLU (4 bits), TruncAvgPool2d(2) truncating to 6 bits (FLOOR), a
    4-bit conv, a dense layer."""
    import brevitas.nn as qnn
    from brevitas.quant import Int8ActPerTensorFloat
    from torch import nn

    class TruncPool(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = qnn.QuantIdentity(act_quant=Int8ActPerTensorFloat, return_quant_tensor=True)
            self.conv1 = qnn.QuantConv2d(3, 8, 3, padding=1, bias=False, weight_bit_width=4)
            self.bn1 = nn.BatchNorm2d(8)
            self.act1 = qnn.QuantReLU(bit_width=4, return_quant_tensor=True)
            self.pool = qnn.TruncAvgPool2d(kernel_size=2, stride=2, bit_width=6,
                                           float_to_int_impl_type="FLOOR")
            self.conv2 = qnn.QuantConv2d(8, 8, 3, padding=1, bias=False, weight_bit_width=4)
            self.act2 = qnn.QuantReLU(bit_width=4, return_quant_tensor=True)
            self.fc = qnn.QuantLinear(8 * 4 * 4, 10, bias=True, weight_bit_width=4)

        def forward(self, x):
            x = self.pool(self.act1(self.bn1(self.conv1(self.inp(x)))))
            x = self.act2(self.conv2(x))
            return self.fc(x.reshape(x.shape[0], -1))

    return TruncPool()


def weight_only():
    """A weight-only quantized classifier: 4-bit per-channel weights
    (QuantConv2d, QuantLinear), float input and float activations
    (torch ReLU, float max pool), float biases."""
    import brevitas.nn as qnn
    import torch
    from brevitas.quant import Int8WeightPerChannelFloat
    from torch import nn

    class WeightOnly(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = qnn.QuantConv2d(3, 8, 3, padding=1, bias=True,
                                        weight_quant=Int8WeightPerChannelFloat, weight_bit_width=4)
            self.pool = nn.MaxPool2d(2)
            self.fc1 = qnn.QuantLinear(8 * 4 * 4, 32, bias=True, weight_bit_width=4)
            self.fc2 = qnn.QuantLinear(32, 10, bias=True, weight_bit_width=4,
                                       weight_quant=Int8WeightPerChannelFloat)

        def forward(self, x):
            x = self.pool(torch.relu(self.conv(x)))
            x = torch.relu(self.fc1(torch.flatten(x, 1)))
            return self.fc2(x)

    return WeightOnly()


def scales(per_channel):
    """The same small conv + dense net with 4-bit weights whose scales are
    per tensor (Int8WeightPerTensorFloat) or per output channel
    (Int8WeightPerChannelFloat), 4-bit signed input and unsigned ReLU
    activations."""
    import brevitas.nn as qnn
    from brevitas.quant import Int8ActPerTensorFloat, Int8WeightPerChannelFloat
    from brevitas.quant import Int8WeightPerTensorFloat
    from torch import nn
    wq = Int8WeightPerChannelFloat if per_channel else Int8WeightPerTensorFloat

    class Scales(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = qnn.QuantIdentity(act_quant=Int8ActPerTensorFloat, bit_width=4,
                                         return_quant_tensor=True)
            self.conv = qnn.QuantConv2d(3, 8, 3, stride=2, padding=1, bias=True, weight_quant=wq,
                                        weight_bit_width=4)
            self.act = qnn.QuantReLU(bit_width=4, return_quant_tensor=True)
            self.fc = qnn.QuantLinear(8 * 4 * 4, 10, bias=True, weight_quant=wq,
                                      weight_bit_width=4)

        def forward(self, x):
            x = self.act(self.conv(self.inp(x)))
            return self.fc(x.reshape(x.shape[0], -1))

    return Scales()


def demo(bits=4):
    """bench/networks.py's Brevitas demo CNN (3x12x12: a stride, a dilation,
    a residual add, a depthwise conv, global average pooling, two dense
    layers): QuantConv2d / QuantLinear with 4-bit per-channel weights and
    4-bit input quantizers on every layer, float ReLUs between them."""
    import brevitas.nn as bnn
    import torch
    from brevitas.quant import Int8ActPerTensorFloat, Int8WeightPerChannelFloat
    from brevitas.quant import Uint8ActPerTensorFloat
    from torch import nn

    def conv(cin, cout, signed_input, **kwargs):
        return bnn.QuantConv2d(cin, cout, 3, weight_quant=Int8WeightPerChannelFloat,
                               weight_bit_width=bits,
                               input_quant=Int8ActPerTensorFloat if signed_input else Uint8ActPerTensorFloat,
                               input_bit_width=bits, **kwargs)

    def dense(cin, cout):
        return bnn.QuantLinear(cin, cout, True, weight_quant=Int8WeightPerChannelFloat,
                               weight_bit_width=bits, input_quant=Uint8ActPerTensorFloat,
                               input_bit_width=bits)

    class BrevitasDemo(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = conv(3, 8, True, padding=1)
            self.conv2 = conv(8, 12, False, stride=2, padding=1)
            self.conv3 = conv(12, 12, False, padding=2, dilation=2)
            self.conv4 = conv(12, 12, False, padding=1, groups=12)
            self.conv5 = conv(12, 16, True, padding=1)
            self.fc1 = dense(16, 16)
            self.fc2 = dense(16, 10)

        def forward(self, x):
            x = torch.relu(self.conv1(x))
            y = torch.relu(self.conv2(x))
            x = torch.relu(self.conv3(y) + y)
            x = torch.relu(self.conv5(self.conv4(x)))
            x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
            return self.fc2(torch.relu(self.fc1(x)))

    return BrevitasDemo()


def ptq():
    """A float PyTorch CNN (conv-bn-relu, max pool, conv-bn-relu, global
    average pool, linear) quantized by Brevitas graph-mode PTQ:
    preprocess_for_quantize (batch norm merged), quantize (the default 8-bit
    maps), then calibration_mode on random data."""
    import torch
    from torch import nn

    class FloatNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.bn1 = nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8)
            self.pool = nn.MaxPool2d(2)
            self.conv2, self.bn2 = nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16)
            self.fc = nn.Linear(16, 10)

        def forward(self, x):
            x = self.pool(torch.relu(self.bn1(self.conv1(x))))
            x = torch.relu(self.bn2(self.conv2(x)))
            x = nn.functional.adaptive_avg_pool2d(x, 1)
            return self.fc(torch.flatten(x, 1))

    return FloatNet()


def finish_ptq(model, shape):
    """preprocess_for_quantize + quantize + calibration, on a float model
    whose batch norm statistics are already set."""
    import torch
    from brevitas.graph.calibrate import calibration_mode
    from brevitas.graph.quantize import preprocess_for_quantize, quantize
    model = preprocess_for_quantize(model.eval())
    model = quantize(model)
    with torch.no_grad(), calibration_mode(model):
        for _ in range(4):
            model(torch.randn(16, *shape))
    return model.eval()


# name -> (factory, input shape, input kind, modes, post-processing, extra export kwargs)
# input kind: "unit" = uniform in [0, 1] (images, as the FINN models expect:
# they scale 2x-1 themselves), "normal" = standard normal.
ZOO = collections.OrderedDict()


def zoo_entry(name, factory, shape, kind="normal", modes=MODES, post=None, export=None,
              family=None, doc=None, base=None, export_limits=None):
    """base: the function whose docstring describes the model (when factory
    is a lambda around it); doc: a description of its own; export_limits:
    mode -> why the exporter is expected to fail there (tried anyway; the
    checker reports XFAIL while it fails, and checks the model if it
    exports)."""
    text = doc or ((base or factory).__doc__ or "").split("\n\n")[0]
    ZOO[name] = dict(factory=factory, shape=shape, kind=kind, modes=list(modes), post=post,
                     export=export or {}, family=family or name.split("-")[0],
                     doc=" ".join(text.split()), export_limits=export_limits or {})


zoo_entry("tfc-1w1a", lambda: tfc(1, 1), (1, 28, 28), "unit", family="mlp", base=tfc)
zoo_entry("tfc-1w2a", lambda: tfc(1, 2), (1, 28, 28), "unit", family="mlp", base=tfc)
zoo_entry("tfc-2w2a", lambda: tfc(2, 2), (1, 28, 28), "unit", family="mlp", base=tfc,
          modes=MODES + ("dynamo-extdata",))
DYNAMO_BELOW_18 = ("torch 2.8's dynamo exporter (onnxscript) does not export these models "
                   "below opset 18")
zoo_entry("tfc-2w2a-opset13", lambda: tfc(2, 2), (1, 28, 28), "unit", family="mlp", base=tfc,
          export={"opset_version": 13}, export_limits={"dynamo": DYNAMO_BELOW_18},
          doc="tfc-2w2a exported with opset_version=13 (as bench/networks.py does)")
zoo_entry("tfc-2w2a-opset11", lambda: tfc(2, 2), (1, 28, 28), "unit", family="mlp", base=tfc,
          export={"opset_version": 11}, modes=("torchscript",),
          doc="tfc-2w2a exported with opset_version=11 (TorchScript only: the dynamo exporter "
          "fails below 18, see tfc-2w2a-opset13.dynamo)")
zoo_entry("tfc-2w2a-cleanup", lambda: tfc(2, 2), (1, 28, 28), "unit", family="mlp", base=tfc,
          post="cleanup", doc="tfc-2w2a passed through qonnx.util.cleanup.cleanup_model")
zoo_entry("tfc-1w1a-legacy", lambda: tfc(1, 1), (1, 28, 28), "unit", family="mlp", base=tfc,
          post="legacy", doc="tfc-1w1a with its QONNX nodes and opset import renamed to the "
          "legacy onnx.brevitas domain (Brevitas 0.13 writes qonnx.custom_op.general)")
zoo_entry("cnv-1w1a", lambda: cnv(1, 1), (3, 32, 32), "unit", family="cnv", base=cnv)
zoo_entry("cnv-2w2a", lambda: cnv(2, 2), (3, 32, 32), "unit", family="cnv", base=cnv)
zoo_entry("cnv-2w2a-cleanup", lambda: cnv(2, 2), (3, 32, 32), "unit", family="cnv", base=cnv,
          post="cleanup", doc="cnv-2w2a passed through qonnx.util.cleanup.cleanup_model")
zoo_entry("cnv-2w2a-opset21", lambda: cnv(2, 2), (3, 32, 32), "unit", family="cnv", base=cnv,
          export={"opset_version": 21}, doc="cnv-2w2a exported with opset_version=21")
zoo_entry("cnv-relu-2w2a", lambda: cnv_relu(2, 2), (3, 16, 16), family="cnv", base=cnv_relu)
zoo_entry("resnet-4w4a", resnet, (3, 16, 16), family="resnet")
zoo_entry("mobilenet-4w4a", mobilenet, (3, 16, 16), family="mobilenet")
zoo_entry("truncavgpool-4w4a", trunc_avg_pool, (3, 8, 8), family="truncavgpool")
zoo_entry("weightonly-4w", weight_only, (3, 8, 8), family="weightonly")
zoo_entry("scales-pertensor-4w4a", lambda: scales(False), (3, 8, 8), family="scales", base=scales)
zoo_entry("scales-perchannel-4w4a", lambda: scales(True), (3, 8, 8), family="scales", base=scales)
zoo_entry("scales-perchannel-4w4a-cleanup", lambda: scales(True), (3, 8, 8), family="scales", base=scales,
          post="cleanup", doc="scales-perchannel-4w4a through qonnx's cleanup_model")
zoo_entry("demo-4w4a", demo, (3, 12, 12), family="demo")
zoo_entry("demo-4w4a-opset13", demo, (3, 12, 12), family="demo", export={"opset_version": 13},
          export_limits={"dynamo": DYNAMO_BELOW_18},
          doc="demo-4w4a exported with opset_version=13, as bench/networks.py does (the one "
          "Brevitas export docs/onnx-import.md says compiles)")
zoo_entry("ptq-8w8a", ptq, (3, 8, 8), family="ptq", post="ptq")
zoo_entry("qkeras-mlp", None, (16,), modes=("helper",), family="qkeras",
          doc="A QKeras-style MLP written with onnx.helper as qonnx's QKeras converter writes "
          "it: finn.custom_op.general Quant on the input and the weights, MatMul + Add, Relu, "
          "Softmax; opset 11, IR version 6")


# ---------------------------------------------------------------------------
# generate
# ---------------------------------------------------------------------------


def strip_ansi(text):
    import re
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def model_meta(path):
    import onnx
    model = onnx.load(path, load_external_data=False)
    ops = collections.Counter(
        (n.op_type if n.domain in ("", "ai.onnx") else f"{n.domain}:{n.op_type}")
        for n in model.graph.node)
    init = {i.name for i in model.graph.initializer}
    external = any(i.data_location == onnx.TensorProto.EXTERNAL for i in model.graph.initializer)
    return {
        "ir_version": model.ir_version,
        "opsets": {o.domain or "ai.onnx": o.version for o in model.opset_import},
        "node_domains": sorted({n.domain or "ai.onnx" for n in model.graph.node}),
        "producer": f"{model.producer_name} {model.producer_version}".strip(),
        "ops": dict(sorted(ops.items())),
        "nodes": len(model.graph.node),
        "graph_inputs": len(model.graph.input),
        "graph_inputs_not_initializers": [i.name for i in model.graph.input if i.name not in init],
        "initializers": len(model.graph.initializer),
        "external_data": external,
        "functions": [f"{f.domain}:{f.name}" for f in model.functions],
        "value_info": len(model.graph.value_info),
        "file_bytes": os.path.getsize(path),
        "metadata_props_bytes": sum(len(p.key) + len(p.value) for n in model.graph.node
                                    for p in n.metadata_props),
        "node_names": [n.name for n in model.graph.node[:3]],
        "other_files": sorted(f for f in os.listdir(os.path.dirname(path))
                              if f not in ("model.onnx", "export.log", "meta.json")),
    }


def make_inputs(shape, kind, count, seed):
    rng = np.random.default_rng(seed)
    if kind == "unit":
        x = rng.uniform(0, 1, size=(count, *shape))
    else:
        x = rng.normal(0, 1, size=(count, *shape))
    return x.astype(np.float32)


def build_torch_model(name, spec):
    """The Brevitas module with its calibration done, in eval mode."""
    import torch
    torch.manual_seed(SEED)
    model = spec["factory"]()
    randomize_batch_norm(model)
    shape = spec["shape"]
    calib = torch.from_numpy(make_inputs(shape, spec["kind"], 64, SEED + 1))
    model.train()
    with torch.no_grad():
        for i in range(4):
            model(calib[16 * i:16 * (i + 1)])
    model.eval()
    if spec["post"] == "ptq":
        model = finish_ptq(model, shape)
    return model


def qonnx_reference(path, x):
    """qonnx's executor as qonnx users run it: ModelWrapper, InferShapes,
    execute_onnx. The whole batch in one call, after qonnx's own
    ChangeBatchSize (checked against batch-1 calls on the first inputs)."""
    from qonnx.core.modelwrapper import ModelWrapper
    from qonnx.core.onnx_exec import execute_onnx
    from qonnx.transformation.change_batchsize import ChangeBatchSize
    from qonnx.transformation.infer_shapes import InferShapes

    def run(model, batch):
        name, out = model.graph.input[0].name, model.graph.output[0].name
        return execute_onnx(model, {name: batch})[out]

    model = ModelWrapper(path).transform(InferShapes())
    single = [run(model, x[i:i + 1]) for i in range(2)]
    notes = []
    try:
        batched = ModelWrapper(path).transform(ChangeBatchSize(len(x))).transform(InferShapes())
        out = run(batched, x)
        diff = max(float(np.abs(out[i:i + 1] - single[i]).max()) for i in range(2))
        scale = max(float(np.abs(out).max()), 1e-30)
        if not diff <= 1e-6 * scale:
            notes.append(f"batched qonnx run differs from batch-1 runs by {diff:.3g}: "
                         "references computed one input at a time")
            out = None
        elif diff:
            notes.append(f"batched qonnx run (ChangeBatchSize) differs from batch-1 runs by "
                         f"{diff:.3g} (onnxruntime's kernels for another batch size)")
    except Exception as error:  # noqa: BLE001 - recorded, then the slow way
        notes.append(f"ChangeBatchSize failed ({type(error).__name__}: {error}); "
                     "references computed one input at a time")
        out = None
    if out is None:
        out = np.concatenate(single + [run(model, x[i:i + 1]) for i in range(2, len(x))])
    return out.astype(np.float32), notes


def legacy_domain(path):
    import onnx
    model = onnx.load(path)
    for node in model.graph.node:
        if node.domain == QONNX_DOMAIN:
            node.domain = "onnx.brevitas"
    for opset in model.opset_import:
        if opset.domain == QONNX_DOMAIN:
            opset.domain = "onnx.brevitas"
    onnx.save(model, path)


def cleanup(path):
    from qonnx.core.modelwrapper import ModelWrapper
    from qonnx.util.cleanup import cleanup_model
    cleanup_model(ModelWrapper(path)).save(path)


class Quiet:
    """Sends file descriptors 1 and 2 to a log file (torch.onnx's progress
    lines, and the whole traced graph it prints when an export fails)."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = [os.dup(1), os.dup(2)]
        self.log = open(self.path, "a")
        os.dup2(self.log.fileno(), 1)
        os.dup2(self.log.fileno(), 2)

    def __exit__(self, *exc):
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        for fd in self.saved:
            os.close(fd)
        self.log.close()


def export(model, spec, mode, x0, path):
    from brevitas.export import export_qonnx
    import torch
    kwargs = dict(EXPORT_KWARGS[mode])
    kwargs.update(spec["export"])
    with Quiet(os.path.join(os.path.dirname(path), "export.log")):
        export_qonnx(model, torch.from_numpy(x0), export_path=path, **kwargs)
    return kwargs


def qkeras_mlp(path, x):
    """The QKeras-style graph and its NumPy reference (QKeras's quantized_bits
    as qonnx's converter writes them: Quant with power-of-two scales)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(SEED)
    w1 = rng.normal(0, 0.4, size=(16, 32)).astype(np.float32)
    b1 = rng.normal(0, 0.1, size=(32,)).astype(np.float32)
    w2 = rng.normal(0, 0.4, size=(32, 10)).astype(np.float32)
    b2 = rng.normal(0, 0.1, size=(10,)).astype(np.float32)
    domain = "finn.custom_op.general"
    inits, nodes = [], []

    def const(name, value):
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.float32), name))
        return name

    def quant(name, x, scale, bits, signed):
        nodes.append(helper.make_node(
            "Quant", [x, const(name + "_scale", scale), const(name + "_zeropt", 0.0),
                      const(name + "_bitwidth", float(bits))],
            [name + "_out"], name=name, domain=domain, signed=int(signed), narrow=0,
            rounding_mode="ROUND"))
        return name + "_out"

    xq = quant("quant_input", "input_1", 2.0 ** -4, 8, True)
    w1q = quant("dense_kernel_quant", const("dense/kernel:0", w1), 2.0 ** -3, 4, True)
    nodes.append(helper.make_node("MatMul", [xq, w1q], ["dense/MatMul:0"], name="dense/MatMul"))
    nodes.append(helper.make_node("Add", ["dense/MatMul:0", const("dense/bias:0", b1)],
                                  ["dense/BiasAdd:0"], name="dense/BiasAdd"))
    nodes.append(helper.make_node("Relu", ["dense/BiasAdd:0"], ["dense/Relu:0"], name="dense/Relu"))
    hq = quant("quant_relu", "dense/Relu:0", 2.0 ** -2, 4, False)
    w2q = quant("dense_1_kernel_quant", const("dense_1/kernel:0", w2), 2.0 ** -3, 4, True)
    nodes.append(helper.make_node("MatMul", [hq, w2q], ["dense_1/MatMul:0"], name="dense_1/MatMul"))
    nodes.append(helper.make_node("Add", ["dense_1/MatMul:0", const("dense_1/bias:0", b2)],
                                  ["dense_1/BiasAdd:0"], name="dense_1/BiasAdd"))
    nodes.append(helper.make_node("Softmax", ["dense_1/BiasAdd:0"], ["dense_1"], name="dense_1/Softmax",
                                  axis=-1))
    graph = helper.make_graph(
        nodes, "qkeras_mlp", [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, [1, 16])],
        [helper.make_tensor_value_info("dense_1", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, producer_name="qkeras-style (onnx.helper)",
                              opset_imports=[helper.make_opsetid("", 11),
                                             helper.make_opsetid(domain, 1)])
    model.ir_version = 6
    onnx.save(model, path)

    def q(v, scale, bits, signed):  # QONNX Quant in float64
        lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)
        return np.clip(np.round(v / scale), lo, hi) * scale

    x64 = x.astype(np.float64).reshape(len(x), 16)
    h = np.maximum(q(x64, 2.0 ** -4, 8, True) @ q(w1, 2.0 ** -3, 4, True) + b1, 0)
    z = q(h, 2.0 ** -2, 4, False) @ q(w2, 2.0 ** -3, 4, True) + b2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def argmax_agreement(a, b):
    return float(np.mean(a.argmax(axis=1) == b.argmax(axis=1)))


def generate_one(out, name, spec, count):
    results = []
    x = make_inputs(spec["shape"], spec["kind"], count, SEED + 2)
    if spec["factory"] is None:  # the QKeras-style graph
        mode = spec["modes"][0]
        folder = os.path.join(out, f"{name}.{mode}")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "model.onnx")
        start = time.time()
        framework = qkeras_mlp(path, x)
        meta = {"export": "onnx.helper", "framework": "numpy float64 (QKeras semantics)"}
        results.append((folder, path, mode, framework, meta, start))
    else:
        import torch
        model = build_torch_model(name, spec)
        with torch.no_grad():
            framework = model(torch.from_numpy(x))
            framework = (framework.value if hasattr(framework, "value") else framework).numpy()
        for mode in spec["modes"]:
            folder = os.path.join(out, f"{name}.{mode}")
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, "model.onnx")
            start = time.time()
            try:
                kwargs = export(model, spec, mode, x[:1], path)
            except Exception as error:  # noqa: BLE001 - an export failure is a result
                line = strip_ansi(f"{type(error).__name__}: {error}".splitlines()[0])
                root = error
                while root.__cause__ is not None or root.__context__ is not None:
                    root = root.__cause__ or root.__context__
                if root is not error:
                    text = str(root).strip().splitlines()
                    line += strip_ansi(f" (caused by {type(root).__name__}: {text[0] if text else ''})")
                limit = spec["export_limits"].get(mode)
                with open(os.path.join(folder, "meta.json"), "w") as f:
                    json.dump({"name": name, "mode": mode, "export_error": line, "doc": spec["doc"],
                               "export_kwargs": {**EXPORT_KWARGS[mode], **spec["export"]},
                               "expected_export_failure": limit}, f, indent=1)
                print(f"{name}.{mode}: export failed{' (expected)' if limit else ''}: {line}",
                      flush=True)
                continue
            if spec["post"] == "cleanup":
                cleanup(path)
            elif spec["post"] == "legacy":
                legacy_domain(path)
            meta = {"export": "brevitas.export.export_qonnx",
                    "export_kwargs": {k: v for k, v in kwargs.items()},
                    "framework": "Brevitas PyTorch forward (eval)"}
            results.append((folder, path, mode, framework, meta, start))
    for folder, path, mode, framework, meta, start in results:
        meta.update({"name": name, "mode": mode, "family": spec["family"], "doc": spec["doc"],
                     "post": spec["post"], "input_shape": [1, *spec["shape"]], "inputs": count})
        meta.update(model_meta(path))
        ref, notes = qonnx_reference(path, x)
        meta["notes"] = notes
        meta["framework_vs_qonnx"] = {
            "max_abs": float(np.abs(ref - framework).max()),
            "max_abs_ref": float(np.abs(ref).max()),
            "argmax_agreement": argmax_agreement(ref, framework)}
        np.save(os.path.join(folder, "input.npy"), x)
        x.tofile(os.path.join(folder, "input.bin"))
        np.save(os.path.join(folder, "ref_qonnx.npy"), ref)
        np.save(os.path.join(folder, "ref_framework.npy"), framework.astype(np.float32))
        meta["generate_seconds"] = round(time.time() - start, 2)
        with open(os.path.join(folder, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        fq = meta["framework_vs_qonnx"]
        print(f"{name}.{mode}: IR {meta['ir_version']}, opsets {meta['opsets']}, {meta['nodes']} "
              f"nodes; framework vs qonnx max abs {fq['max_abs']:.3g} "
              f"(|ref| <= {fq['max_abs_ref']:.3g}), argmax {fq['argmax_agreement']:.1%}", flush=True)


def generate_into(out, names, inputs, jobs):
    os.makedirs(out, exist_ok=True)
    start = time.time()
    if jobs > 1 and len(names) > 1:
        # one process per share of the models (torch runs single-threaded)
        shares = [names[i::jobs] for i in range(jobs)]
        procs = [subprocess.Popen([sys.executable, os.path.abspath(__file__), "generate", out,
                                   "--inputs", str(inputs), "--jobs", "1", "--models", *share])
                 for share in shares if share]
        if any(p.wait() for p in procs):
            sys.exit("zoo: a generator process failed")
    else:
        import logging
        import warnings
        warnings.filterwarnings("ignore")
        logging.disable(logging.WARNING)
        if any(ZOO[n]["factory"] for n in names):
            import torch
            torch.set_num_threads(1)
        for name in names:
            try:
                generate_one(out, name, ZOO[name], inputs)
            except Exception as error:  # noqa: BLE001 - recorded; the checker fails it
                import traceback
                traceback.print_exc()
                line = f"{type(error).__name__}: {error}".splitlines()[0]
                for mode in ZOO[name]["modes"]:
                    folder = os.path.join(out, f"{name}.{mode}")
                    os.makedirs(folder, exist_ok=True)
                    with open(os.path.join(folder, "meta.json"), "w") as f:
                        json.dump({"name": name, "mode": mode, "doc": ZOO[name]["doc"],
                                   "export_error": "generation failed: " + line}, f, indent=1)
                print(f"{name}: generation failed: {line}", flush=True)
    print(f"zoo: {len(names)} models in {time.time() - start:.1f} s", flush=True)


def cache_key(names, inputs):
    """What the zoo depends on: this file, the versions of the packages that
    make it, the models and the number of inputs."""
    import hashlib
    import importlib.metadata
    h = hashlib.sha256(open(os.path.abspath(__file__), "rb").read())
    for package in ("torch", "brevitas", "onnx", "onnxscript", "onnxoptimizer", "qonnx",
                    "onnxruntime", "numpy"):
        try:
            h.update(f"{package}=={importlib.metadata.version(package)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{package} missing\n".encode())
    h.update(json.dumps([names, inputs]).encode())
    return h.hexdigest()[:16]


def generate(args):
    names = args.models or list(ZOO)
    for name in names:
        if name not in ZOO:
            sys.exit(f"unknown model {name}; known: {', '.join(ZOO)}")
    if not args.cache:
        generate_into(args.out, names, args.inputs, args.jobs)
        return
    # The zoo is deterministic (fixed seeds): one generation per version of
    # the generator and of its packages, shared by the tests that run at the
    # same time (a lock) and by later runs, copied into OUT.
    import fcntl
    key = cache_key(names, args.inputs)
    os.makedirs(args.cache, exist_ok=True)
    entry = os.path.join(args.cache, key)
    with open(entry + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(os.path.join(entry, ".complete")):
            print(f"zoo: reusing {entry} (the same generator and packages made it)", flush=True)
        else:
            tmp = entry + ".tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            generate_into(tmp, names, args.inputs, args.jobs)
            open(os.path.join(tmp, ".complete"), "w").close()
            shutil.rmtree(entry, ignore_errors=True)
            os.rename(tmp, entry)
            for other in os.listdir(args.cache):  # older generations
                if not other.startswith(key) and not other.endswith(".lock"):
                    shutil.rmtree(os.path.join(args.cache, other), ignore_errors=True)
            print(f"zoo: cached in {entry}", flush=True)
    shutil.copytree(entry, args.out, dirs_exist_ok=True)


# ---------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------
TARGETS = {
    "host": {"flags": [], "cc": "cc", "run": []},
    "aarch64": {"flags": ["--target=aarch64-linux-gnu"], "cc": "aarch64-linux-gnu-gcc",
                "run": ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"]},
}


def first_error(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for line in lines:
        if "error" in line.lower():
            return line
    return lines[0] if lines else "(no output)"


def compare(out, ref_qonnx, ref_framework, rtol, min_argmax):
    """The checks of one model; returns (passed, summary, figures)."""
    problems = []
    figures = {}
    if out.shape != ref_qonnx.shape:
        return False, f"output shape {out.shape} != reference shape {ref_qonnx.shape}", figures
    if not np.all(np.isfinite(out)):
        return False, "output holds NaN or infinity", figures
    scale = max(float(np.abs(ref_qonnx).max()), 1e-30)
    tol = rtol * scale
    err = np.abs(out.astype(np.float64) - ref_qonnx)
    figures.update(max_abs=float(err.max()), tol=tol, bad_elements=int((err > tol).sum()),
                   bad_rows=int((err > tol).any(axis=1).sum()), rows=len(out))
    # argmax vs qonnx, ties within the tolerance excepted
    a, r = out.argmax(axis=1), ref_qonnx.argmax(axis=1)
    rows = np.arange(len(out))
    tie = np.abs(ref_qonnx[rows, a] - ref_qonnx[rows, r]) <= tol
    figures.update(argmax_qonnx_diff=int(((a != r) & ~tie).sum()),
                   argmax_qonnx_ties=int(((a != r) & tie).sum()))
    if figures["bad_elements"]:
        problems.append(f"vs qonnx: max abs err {figures['max_abs']:.3g} > tol {tol:.3g} "
                        f"({figures['bad_elements']} elements in {figures['bad_rows']}/"
                        f"{len(out)} rows)")
    if figures["argmax_qonnx_diff"]:
        problems.append(f"vs qonnx: argmax differs on {figures['argmax_qonnx_diff']}/{len(out)}")
    f = ref_framework.argmax(axis=1)
    fscale = max(float(np.abs(ref_framework).max()), 1e-30)
    ftie = np.abs(ref_framework[rows, a] - ref_framework[rows, f]) <= rtol * fscale
    agree = float(np.mean((a == f) | ftie))
    figures.update(argmax_framework=agree, argmax_framework_ties=int(((a != f) & ftie).sum()))
    if agree < min_argmax:
        problems.append(f"vs framework: argmax agreement {agree:.2%} < {min_argmax:.1%}")
    summary = (f"vs qonnx max abs err {figures['max_abs']:.3g} (tol {tol:.3g}), argmax "
               f"{len(out) - figures['argmax_qonnx_diff']}/{len(out)}; vs framework argmax "
               f"{agree:.2%}")
    if problems:
        return False, "; ".join(problems) + f" [{summary}]", figures
    return True, summary, figures


def compile_run_compare(model_path, folder, work, args, target):
    """qnn-compile, link, run, compare; returns a dict with passed, stage,
    reason and the timings and figures."""
    result = {}
    t = TARGETS[target]
    obj, header, exe = (os.path.join(work, n) for n in ("model.o", "model.h", "model"))
    start = time.time()
    cmd = [os.path.join(args.bin, "qnn-compile"), model_path, "-o", obj, "--header=" + header]
    cmd += t["flags"]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
        rc, text = p.returncode, p.stderr + "\n" + p.stdout
    except subprocess.TimeoutExpired:
        rc, text = -1, f"qnn-compile did not finish within {args.timeout:.0f} s"
    result["compile_seconds"] = round(time.time() - start, 2)
    if rc != 0 or not os.path.exists(obj):
        reason = "qnn-compile: " + first_error(text)
        if rc < 0 and rc != -1:
            reason += f" (killed by signal {-rc})"
        elif rc == 0:
            reason += " (exit status 0 but no object file)"
        result.update(passed=False, stage="compile", reason=reason)
        return result
    p = subprocess.run([t["cc"], "-O2", "-include", header, args.runner, obj, "-lm", "-o", exe],
                       capture_output=True, text=True)
    if p.returncode != 0:
        result.update(passed=False, stage="link", reason="link: " + first_error(p.stderr))
        return result
    out_path = os.path.join(work, "output.bin")
    start = time.time()
    try:
        p = subprocess.run(t["run"] + [exe, os.path.join(folder, "input.bin"), out_path],
                           capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        result.update(passed=False, stage="run", reason=f"run: timeout after {args.timeout:.0f} s")
        return result
    result["run_seconds"] = round(time.time() - start, 2)
    if p.returncode != 0:
        result.update(passed=False, stage="run",
                      reason=f"run: exit status {p.returncode}: {first_error(p.stderr)}")
        return result
    ref_qonnx = np.load(os.path.join(folder, "ref_qonnx.npy")).astype(np.float64)
    ref_framework = np.load(os.path.join(folder, "ref_framework.npy")).astype(np.float64)
    rows = len(ref_qonnx)
    ref_qonnx, ref_framework = ref_qonnx.reshape(rows, -1), ref_framework.reshape(rows, -1)
    out = np.fromfile(out_path, dtype=np.float32)
    if out.size != ref_qonnx.size:
        result.update(passed=False, stage="compare",
                      reason=f"output has {out.size} values, the reference {ref_qonnx.size}")
        return result
    passed, summary, figures = compare(out.reshape(rows, -1), ref_qonnx, ref_framework,
                                       args.rtol, args.min_argmax)
    result.update(passed=passed, stage="compare", reason=summary, figures=figures)
    return result


def relabel_opset(src, dst, version):
    """A copy of the model whose default-domain opset import says
    `version` (nothing else changed; external data files copied along)."""
    import onnx
    model = onnx.load(src, load_external_data=False)
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx"):
            opset.version = version
    onnx.save(model, dst)
    for init in model.graph.initializer:
        for entry in init.external_data:
            if entry.key == "location":
                name = os.path.join(os.path.dirname(src), entry.value)
                if os.path.exists(name):
                    shutil.copy(name, os.path.join(os.path.dirname(dst), entry.value))


def check_one(folder, args, target):
    meta = json.load(open(os.path.join(folder, "meta.json")))
    key = f"{meta['name']}.{meta['mode']}"
    result = {"model": meta["name"], "mode": meta["mode"], "target": target, "key": key}
    if "export_error" in meta:
        if meta.get("expected_export_failure"):
            result.update(passed=None, stage="export", reason="export failed as expected ("
                          + meta["expected_export_failure"] + "): " + meta["export_error"])
        else:
            result.update(passed=False, stage="export",
                          reason="export failed: " + meta["export_error"])
        return result
    work = os.path.join(args.work, key + "." + target)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    result.update(compile_run_compare(os.path.join(folder, "model.onnx"), folder, work, args, target))
    # Diagnostic only, never a pass: what the importer says next once the
    # opset check is out of the way (the same graph, its default-domain
    # opset import relabelled to 17; the ops of these models mean the same in
    # 17 and 18 except where the report shows an error about them).
    if (args.probe_opset and result["stage"] == "compile" and "unsupported opset" in result["reason"]):
        probe = os.path.join(work, "probe")
        os.makedirs(probe)
        path = os.path.join(probe, "model.onnx")
        relabel_opset(os.path.join(folder, "model.onnx"), path, args.probe_opset)
        r = compile_run_compare(path, folder, probe, args, target)
        r["reason"] = ("would PASS: " if r["passed"] else "") + r["reason"]
        result["probe"] = {k: r[k] for k in ("passed", "stage", "reason")}
    return result


def expected_keys():
    return [f"{name}.{mode}" for name, spec in ZOO.items() for mode in spec["modes"]]


def check(args):
    folders = sorted(os.path.join(args.zoo, d) for d in os.listdir(args.zoo)
                     if os.path.exists(os.path.join(args.zoo, d, "meta.json")))
    names = args.models or list(ZOO)
    folders = [f for f in folders if os.path.basename(f).split(".")[0] in names]
    missing = [k for k in expected_keys() if k.split(".")[0] in names and
               not os.path.exists(os.path.join(args.zoo, k, "meta.json"))]
    args.work = args.work or os.path.join(args.zoo, "build")
    os.makedirs(args.work, exist_ok=True)
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda f: check_one(f, args, args.target), folders))
    for key in missing:
        name, mode = key.split(".", 1)
        results.append({"model": name, "mode": mode, "target": args.target, "key": key,
                        "passed": False, "stage": "missing", "reason": "not in the zoo folder"})
    for r in results:
        status = {True: "PASS", False: "FAIL", None: "XFAIL"}[r["passed"]]
        line = f"{status} {r['key']} [{r['target']}]: {r['reason']}"
        if "probe" in r:
            line += f" | with opset {args.probe_opset}: {r['probe']['reason']}"
        print(line)
    failed = sum(r["passed"] is False for r in results)
    passed = sum(r["passed"] is True for r in results)
    xfail = len(results) - failed - passed
    print(f"{passed} passed, {failed} failed" + (f", {xfail} expected export failures" if xfail else "")
          + f" ({args.target}, {time.time() - start:.1f} s)")
    if args.results:
        with open(args.results, "w") as f:
            json.dump(results, f, indent=1)
    sys.exit(1 if failed or not passed + failed else 0)


# ---------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------


def report(args):
    metas = {}
    for d in sorted(os.listdir(args.zoo)):
        p = os.path.join(args.zoo, d, "meta.json")
        if os.path.exists(p):
            m = json.load(open(p))
            metas[f"{m['name']}.{m['mode']}"] = m
    results = collections.defaultdict(dict)
    for path in args.results:
        for r in json.load(open(path)):
            results[r["key"]][r["target"]] = r
    import re
    lines = [f"qnn QONNX zoo report: {len(metas)} model exports in {args.zoo}", ""]

    def generic(reason):
        reason = re.sub(r"^qnn-compile: \S+\.onnx: ", "qnn-compile: ", reason)
        reason = re.sub(r"node '[^']*'", "node '*'", reason)
        reason = re.sub(r'loc\("[^"]*"\)', 'loc("*")', reason)
        reason = re.sub(r"layer '[^']*'", "layer '*'", reason)
        return re.sub(r"\[.*\]$", "", re.sub(r"[0-9.e+-]+%?", "#", reason)
                      if reason.startswith(("vs ", "link", "run")) else reason)

    for target in sorted({t for r in results.values() for t in r}):
        rs = [r[target] for r in results.values() if target in r]
        counts = collections.Counter({True: "PASS", False: "FAIL", None: "XFAIL"}[r["passed"]]
                                     for r in rs)
        lines.append(f"{target}: " + ", ".join(f"{counts[k]} {k}" for k in ("PASS", "FAIL", "XFAIL")))
        passing = sorted(r["key"] for r in rs if r["passed"])
        lines.append(f"  passing: {', '.join(passing) if passing else 'none'}")
        groups = collections.Counter(generic(r["reason"]) for r in rs if r["passed"] is False)
        lines.append("  failures by first error:")
        lines += [f"    {n:3d} x {g}" for g, n in groups.most_common()]
        probes = [r for r in rs if "probe" in r]
        if probes:
            groups = collections.Counter(("would PASS" if p["probe"]["passed"] else
                                          generic(p["probe"]["reason"])) for p in probes)
            lines.append("  the opset rejections with the opset import relabelled 17 "
                         "(diagnostic only), by next error:")
            lines += [f"    {n:3d} x {g}" for g, n in groups.most_common()]
        lines.append("")
    for key, m in metas.items():
        lines.append(f"== {key}")
        lines.append(f"   {m.get('doc', '')}")
        if "export_error" in m:
            lines.append(f"   export: export_qonnx {json.dumps(m.get('export_kwargs', {}))} failed"
                         f"{' (expected)' if m.get('expected_export_failure') else ''}: "
                         f"{m['export_error']}")
        else:
            lines.append(f"   export: {m['export']} {json.dumps(m.get('export_kwargs', {}))}"
                         f"{', post: ' + m['post'] if m.get('post') else ''}")
            lines.append(f"   IR version {m['ir_version']}; opset imports "
                         + ", ".join(f"{d} {v}" for d, v in m["opsets"].items())
                         + f"; node domains {', '.join(m['node_domains'])}; producer '{m['producer']}'")
            lines.append(f"   {m['nodes']} nodes: " + ", ".join(f"{k} x{v}" for k, v in m["ops"].items()))
            lines.append(f"   graph inputs {m['graph_inputs']} (initializers listed as inputs: "
                         f"{m['graph_inputs'] - len(m['graph_inputs_not_initializers'])}), "
                         f"initializers {m['initializers']}, external data "
                         f"{'yes' if m['external_data'] else 'no'}, value_info {m['value_info']}, "
                         f"functions {len(m['functions'])}, {m['file_bytes']} bytes "
                         f"({m['metadata_props_bytes']} of node metadata_props)")
            lines.append(f"   first node names: {', '.join(m['node_names'])}"
                         + (f"; files beside model.onnx after the export: "
                            f"{', '.join(m['other_files'])}" if m["other_files"] else ""))
            fq = m["framework_vs_qonnx"]
            lines.append(f"   framework vs qonnx: max abs {fq['max_abs']:.3g} (|ref| <= "
                         f"{fq['max_abs_ref']:.3g}), argmax {fq['argmax_agreement']:.2%} of "
                         f"{m['inputs']}")
            for note in m.get("notes", []):
                lines.append(f"   note: {note}")
        for target, r in sorted(results.get(key, {}).items()):
            timing = ""
            if "compile_seconds" in r:
                timing = f" (compile {r['compile_seconds']} s" + (
                    f", run {r['run_seconds']} s)" if "run_seconds" in r else ")")
            status = {True: "PASS", False: "FAIL", None: "XFAIL"}[r["passed"]]
            lines.append(f"   {target}: {status}{timing}: {r['reason']}")
            if "probe" in r:
                lines.append(f"      with the opset import relabelled 17 (diagnostic): "
                             f"{r['probe']['reason']}")
        lines.append("")
    text = "\n".join(lines)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("out")
    g.add_argument("--models", nargs="+")
    g.add_argument("--inputs", type=int, default=256)
    g.add_argument("--jobs", type=int, default=2, help="generator processes")
    g.add_argument("--cache", help="reuse (or make) the zoo in this folder, keyed by the "
                   "generator's text, the package versions, the models and --inputs")
    c = sub.add_parser("check")
    c.add_argument("zoo")
    c.add_argument("--bin", required=True, help="folder of qnn-compile")
    c.add_argument("--runner", required=True, help="the C runner (test/e2e/Inputs/zoo_runner.c)")
    c.add_argument("--target", choices=sorted(TARGETS), default="host")
    c.add_argument("--models", nargs="+")
    c.add_argument("--work", help="folder for objects and outputs (default ZOO/build)")
    c.add_argument("--jobs", type=int, default=2)
    c.add_argument("--timeout", type=float, default=120)
    c.add_argument("--rtol", type=float, default=1e-5,
                   help="tolerance vs qonnx, relative to the largest |reference|")
    c.add_argument("--min-argmax", type=float, default=0.999)
    c.add_argument("--results", help="write the results as JSON")
    c.add_argument("--probe-opset", type=int, default=17,
                   help="where qnn-compile rejects the opset, also try the graph with its "
                   "opset import relabelled to this version and report what happens "
                   "(diagnostic only; 0: off)")
    r = sub.add_parser("report")
    r.add_argument("zoo")
    r.add_argument("--results", nargs="+", default=[])
    r.add_argument("-o", "--output")
    args = parser.parse_args()
    {"generate": generate, "check": check, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
