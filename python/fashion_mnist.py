"""The Fashion-MNIST demo model and data, shared by the training script
(python/train_fashion_mnist.py) and the PyTorch benchmark
(bench/fashion_mnist.py).

The data are Debian's `dataset-fashion-mnist` IDX files; images become
float32 in [0, 1], NCHW 1x28x28, the same bytes the C demo reads.
"""
import gzip
import os

import numpy as np
import torch
from torch import nn

DATA_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def load_idx(name):
    """Reads one IDX file (gzip-compressed or not) as a uint8 array."""
    path = os.path.join(DATA_DIR, name)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\0\0" or data[2] != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def load_split(split):
    """Images (N x 1 x 28 x 28 float32 in [0, 1]) and labels (N int64) of
    the "train" or "t10k" split."""
    images = load_idx(f"{split}-images-idx3-ubyte.gz")
    labels = load_idx(f"{split}-labels-idx1-ubyte.gz")
    x = (images.astype(np.float32) / 255.0)[:, None, :, :]
    return x, labels.astype(np.int64)


class Net(nn.Module):
    """Three 3x3 conv blocks (conv, batch norm, ReLU, 2x2 max pool) and a
    two-layer classifier: 28x28 -> 14x14 -> 7x7 -> 3x3 -> 64 -> 10."""

    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False),
                    nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]

        self.features = nn.Sequential(*block(1, 16), *block(16, 32), *block(32, 64))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(64 * 3 * 3, 64),
                                        nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.classifier(self.features(x))
