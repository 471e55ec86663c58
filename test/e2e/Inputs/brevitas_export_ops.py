#!/usr/bin/env python3
"""Exports a small Brevitas network whose quantized layers are joined by the
float operators of real exports (max pooling, nearest upsampling, sigmoid,
concatenation, x.view(x.size(0), -1)) with export_qonnx, runs
qonnx.util.cleanup on it, and writes an input and qonnx's execute_onnx
output on it as the reference.

Usage: brevitas_export_ops.py --opset N --model out.onnx --input in.bin
                              --reference ref.npy
"""
import argparse
import os
import tempfile
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")

import brevitas.nn as qnn  # noqa: E402
from brevitas.export import export_qonnx  # noqa: E402
from qonnx.core.modelwrapper import ModelWrapper  # noqa: E402
from qonnx.core.onnx_exec import execute_onnx  # noqa: E402
from qonnx.util.cleanup import cleanup  # noqa: E402


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_quant = qnn.QuantIdentity(bit_width=8, return_quant_tensor=False)
        self.conv = qnn.QuantConv2d(3, 8, 3, padding=1, weight_bit_width=4)
        self.relu = qnn.QuantReLU(bit_width=4)
        self.fc_quant = qnn.QuantIdentity(bit_width=4, return_quant_tensor=False)
        self.fc = qnn.QuantLinear(16 * 8 * 8, 10, bias=True, weight_bit_width=4)

    def forward(self, x):
        y = self.relu(self.conv(self.input_quant(x)))
        y = F.interpolate(F.max_pool2d(y, 2), scale_factor=2, mode="nearest")
        y = torch.cat([y, torch.sigmoid(y)], dim=1)
        return self.fc(self.fc_quant(y.view(y.size(0), -1)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opset", type=int, required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--reference", required=True)
    args = parser.parse_args()
    torch.manual_seed(0)
    net = Net().eval()
    x = torch.randn(4, 3, 8, 8)
    net(x)
    with tempfile.TemporaryDirectory() as folder:
        exported = os.path.join(folder, "export.onnx")
        export_qonnx(net, x, exported, opset_version=args.opset)
        cleanup(exported, out_file=args.model)
    model = ModelWrapper(args.model)
    inputs = np.random.default_rng(1).standard_normal((4, 3, 8, 8)).astype(np.float32)
    inputs.tofile(args.input)
    outputs = execute_onnx(model, {model.graph.input[0].name: inputs})
    np.save(args.reference, outputs[model.graph.output[0].name])


if __name__ == "__main__":
    main()
