#!/usr/bin/env python3
"""Trains the demo CNN on Fashion-MNIST and exports it to ONNX.

    /usr/bin/python3 python/train_fashion_mnist.py \
        --onnx examples/fashion-mnist/model.onnx

The exported model is float (batch norm folded by the exporter in eval
mode), batch 1, input `input` 1x1x28x28 in [0, 1], output `logits` 1x10.
qnn-compile quantizes it after training (post-training quantization with a
progressively decreasing bitwidth assignment); see scripts/demo.sh.
Deterministic for a given --seed on one machine; about 2 minutes per epoch
on one core.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mnist import Net, load_split  # noqa: E402


def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(torch.from_numpy(x[i:i + batch]))
            correct += int((logits.argmax(1).numpy() == y[i:i + batch]).sum())
    return correct / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onnx", required=True, help="ONNX file to write")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    x_train, y_train = load_split("train")
    x_test, y_test = load_split("t10k")

    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    steps = args.epochs * (len(x_train) // 128)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 2e-3, total_steps=steps)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        model.train()
        start = time.time()
        order = np.random.permutation(len(x_train))
        for i in range(0, len(order) - 127, 128):
            batch = order[i:i + 128]
            optimizer.zero_grad()
            loss = loss_fn(model(torch.from_numpy(x_train[batch])),
                           torch.from_numpy(y_train[batch]))
            loss.backward()
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1}/{args.epochs}: loss {loss.item():.3f}, "
              f"test accuracy {accuracy(model, x_test, y_test):.4f} "
              f"({time.time() - start:.0f} s)", flush=True)

    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), args.onnx,
                      input_names=["input"], output_names=["logits"],
                      opset_version=13, do_constant_folding=True)
    print(f"wrote {args.onnx} ({os.path.getsize(args.onnx)} bytes); "
          f"float test accuracy {accuracy(model, x_test, y_test):.4f}")


if __name__ == "__main__":
    main()
