#!/usr/bin/env python3
"""Exports a small PyTorch CNN that uses the float operators real exports
contain (batch norm, leaky ReLU, a squeeze-excitation gate of mean, sigmoid
and a broadcast product, max pooling, nearest upsampling, concatenation,
slicing, padding, permutes, pixel shuffle and unshuffle, x.view(x.size(0),
-1), a max reduction and log-softmax) with torch.onnx: TorchScript at
opsets 9, 11, 13 and 17, and the dynamo exporter at its default opset.

Usage: torch_export_ops.py --dir DIR   (writes DIR/torchscript@N.onnx and
DIR/dynamo.onnx)
"""
import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 1)
        self.fc = nn.Linear(8 * 8 * 8, 10)

    def forward(self, x):
        y = F.leaky_relu(self.bn(self.conv1(x)), 0.1)
        y = y * torch.sigmoid(y.mean(dim=(2, 3), keepdim=True))
        y = F.max_pool2d(y, 2)
        y = F.interpolate(y, scale_factor=2, mode="nearest")
        z = torch.cat([y, torch.tanh(self.conv2(y))], dim=1)[:, 4:12]
        z = F.pad(z, (1, 1, 1, 1))[:, :, 1:-1, 1:-1]
        z = z.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
        z = F.pixel_unshuffle(F.pixel_shuffle(z, 2), 2)
        z = self.fc(z.contiguous().view(z.size(0), -1))
        return F.log_softmax(z - z.max(dim=1, keepdim=True)[0] / 2, dim=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    torch.manual_seed(0)
    net = Net().eval()
    with torch.no_grad():
        # Batch statistics other than the defaults, so that the folded batch
        # norm matters.
        net.bn.running_mean.uniform_(-0.5, 0.5)
        net.bn.running_var.uniform_(0.5, 2.0)
    x = torch.randn(2, 3, 8, 8)
    for opset in (9, 11, 13, 17):
        torch.onnx.export(net, (x,), os.path.join(args.dir, f"torchscript@{opset}.onnx"),
                          opset_version=opset, dynamo=False,
                          input_names=["x"], output_names=["y"])
    torch.onnx.export(net, (x,), os.path.join(args.dir, "dynamo.onnx"), dynamo=True,
                      external_data=False)


if __name__ == "__main__":
    main()
