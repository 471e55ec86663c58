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


class ResNet(nn.Module):
    """A small ResNet with residual adds: a 3x3 stem (conv, batch norm,
    ReLU, 2x2 max pool: 28x28 -> 14x14), then three stages, each a
    residual block (conv-bn-relu, conv-bn, identity shortcut, add, ReLU);
    the second and third stages are entered through a stride-2 3x3
    transition conv (16 -> 32 -> 64 channels, 14 -> 7 -> 4), then global
    average pooling and a dense classifier. Ten layers, eight of them
    between the first and the last; 120,592 weights."""

    def __init__(self):
        super().__init__()

        def conv(cin, cout, stride=1):
            return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)

        self.stem = conv(1, 16)
        self.stem_bn = nn.BatchNorm2d(16)
        widths = [(16, 16), (16, 32), (32, 64)]
        for stage, (cin, cout) in enumerate(widths):
            if cin != cout:
                setattr(self, f"down{stage}", conv(cin, cout, 2))
                setattr(self, f"down{stage}_bn", nn.BatchNorm2d(cout))
            setattr(self, f"block{stage}_a", conv(cout, cout))
            setattr(self, f"block{stage}_a_bn", nn.BatchNorm2d(cout))
            setattr(self, f"block{stage}_b", conv(cout, cout))
            setattr(self, f"block{stage}_b_bn", nn.BatchNorm2d(cout))
        self.stages = len(widths)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.relu(self.stem_bn(self.stem(x))), 2)
        for stage in range(self.stages):
            if hasattr(self, f"down{stage}"):
                x = torch.relu(getattr(self, f"down{stage}_bn")(getattr(self, f"down{stage}")(x)))
            y = torch.relu(getattr(self, f"block{stage}_a_bn")(getattr(self, f"block{stage}_a")(x)))
            x = torch.relu(getattr(self, f"block{stage}_b_bn")(getattr(self, f"block{stage}_b")(y)) + x)
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)
