"""Quantization-aware fine-tuning on Brevitas with a per-layer assignment.

Builds a Brevitas model that mirrors a float architecture of
python/fashion_mnist.py (`Net`, the demo CNN, or `ResNet`), with each
convolution and dense layer at its own weight bitwidth and its input
activations at its own activation bitwidth, copies the float weights into
it, fine-tunes it, and exports it with brevitas.export.export_qonnx. qnn-compile
keeps the bitwidths of an exported QONNX model, so the compiled object
has exactly the assignment.

The assignment is a list of (weight_bits, activation_bits), one per layer in
data-flow order; it comes from qnn's JSON report (`qnn-compile --assign-only
--report=r.json`, `assignment_from_report`) or is written by hand
(`assignment_from_schedule`: the first layer and the classifier at 8 bits by
default, the layers between them at the given bits).

Quantizers: a layer's activation bits are those of its input codes, as in
qnn's report. The image goes through an unsigned QuantIdentity at the first
layer's activation bits; every other layer reads the output of a QuantReLU
at its activation bits (placed where the float model has its ReLU; a max
pool after it keeps the codes). Weights are signed, per output channel,
narrow range, with scales learned from their max-abs initialization; 1-bit
weights are bipolar (+-scale, per output channel, mean-abs initialization).
"""
import numpy as np
import torch
from torch import nn

import brevitas.nn as bnn
from brevitas.core.scaling import ScalingImplType
from brevitas.core.stats import StatsOp
from brevitas.quant import Int8WeightPerChannelFloat, Uint8ActPerTensorFloat
from brevitas.quant.binary import SignedBinaryWeightPerTensorConst

from fashion_mnist import Net, ResNet

DEFAULT_EDGE_BITS = 8


class WeightQuant(Int8WeightPerChannelFloat):
    """k-bit signed narrow-range weights, per-channel scale learned from
    its max-abs start."""
    scaling_impl_type = ScalingImplType.PARAMETER_FROM_STATS


class BinaryWeightQuant(SignedBinaryWeightPerTensorConst):
    """1-bit weights: +-scale per output channel, scale learned from the
    mean absolute weight (XNOR-Net's choice)."""
    scaling_impl_type = ScalingImplType.PARAMETER_FROM_STATS
    scaling_per_output_channel = True
    scaling_stats_op = StatsOp.AVE


def weight_quant(bits):
    return dict(weight_quant=BinaryWeightQuant) if bits == 1 else \
        dict(weight_quant=WeightQuant, weight_bit_width=bits)


def act(bits):
    return bnn.QuantReLU(act_quant=Uint8ActPerTensorFloat, bit_width=bits,
                         return_quant_tensor=False)


def qconv(float_conv, bits):
    c = float_conv
    return bnn.QuantConv2d(c.in_channels, c.out_channels, c.kernel_size, stride=c.stride,
                           padding=c.padding, bias=c.bias is not None, **weight_quant(bits))


def qlinear(float_linear, bits):
    f = float_linear
    return bnn.QuantLinear(f.in_features, f.out_features, bias=f.bias is not None,
                           **weight_quant(bits))


class QuantNet(nn.Module):
    """The demo CNN (fashion_mnist.Net) at assignment `bits`: five layers."""
    LAYERS = 5

    def __init__(self, bits, float_model=None):
        super().__init__()
        f = float_model or Net()
        (w0, a0), (w1, a1), (w2, a2), (w3, a3), (w4, a4) = bits
        self.inp = bnn.QuantIdentity(act_quant=Uint8ActPerTensorFloat, bit_width=a0,
                                     return_quant_tensor=False)
        fe = f.features
        self.features = nn.Sequential(
            qconv(fe[0], w0), nn.BatchNorm2d(16), act(a1), nn.MaxPool2d(2),
            qconv(fe[4], w1), nn.BatchNorm2d(32), act(a2), nn.MaxPool2d(2),
            qconv(fe[8], w2), nn.BatchNorm2d(64), act(a3), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), qlinear(f.classifier[1], w3), act(a4),
                                        qlinear(f.classifier[3], w4))

    def forward(self, x):
        return self.classifier(self.features(self.inp(x)))


class QuantResNet(nn.Module):
    """fashion_mnist.ResNet at assignment `bits`: ten layers. The identity
    shortcut of a block carries the block input's codes; the add's result
    is requantized by the QuantReLU that stands for the ReLU after it; the
    classifier's input, after global average pooling, by a QuantIdentity."""
    LAYERS = 10

    def __init__(self, bits, float_model=None):
        super().__init__()
        f = float_model or ResNet()
        self.stages = f.stages
        names = ["stem"]
        for stage in range(f.stages):
            if hasattr(f, f"down{stage}"):
                names.append(f"down{stage}")
            names += [f"block{stage}_a", f"block{stage}_b"]
        names.append("fc")
        assert len(names) == len(bits) == self.LAYERS, names
        self.inp = bnn.QuantIdentity(act_quant=Uint8ActPerTensorFloat, bit_width=bits[0][1],
                                     return_quant_tensor=False)
        for i, name in enumerate(names):
            w, a = bits[i]
            if name == "fc":
                # average pooling leaves the codes' grid: requantize
                self.fc_inp = bnn.QuantIdentity(act_quant=Uint8ActPerTensorFloat, bit_width=a,
                                                return_quant_tensor=False)
                self.fc = qlinear(f.fc, w)
                continue
            setattr(self, name, qconv(getattr(f, name), w))
            setattr(self, name + "_bn", nn.BatchNorm2d(getattr(f, name).out_channels))
            # the quantizer of the next layer's input
            setattr(self, name + "_act", act(bits[i + 1][1]))

    def forward(self, x):
        x = nn.functional.max_pool2d(self.stem_act(self.stem_bn(self.stem(self.inp(x)))), 2)
        for stage in range(self.stages):
            if hasattr(self, f"down{stage}"):
                x = getattr(self, f"down{stage}_act")(
                    getattr(self, f"down{stage}_bn")(getattr(self, f"down{stage}")(x)))
            y = getattr(self, f"block{stage}_a_act")(
                getattr(self, f"block{stage}_a_bn")(getattr(self, f"block{stage}_a")(x)))
            x = getattr(self, f"block{stage}_b_act")(
                getattr(self, f"block{stage}_b_bn")(getattr(self, f"block{stage}_b")(y)) + x)
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(self.fc_inp(x))


NETWORKS = {"cnn": (Net, QuantNet), "resnet": (ResNet, QuantResNet)}


def assignment_from_report(report):
    """[(weight_bits, activation_bits)] from a qnn report (dict), in its
    data-flow order."""
    return [(int(l["weight_bits"]), int(l["activation_bits"])) for l in report["layers"]]


def assignment_from_schedule(layers, body_bits, edge_bits=DEFAULT_EDGE_BITS):
    """A hand-written assignment: `body_bits` (an int, or one per layer
    between the first and the last), the first layer and the classifier at
    `edge_bits` (8 by default), activations as the weights."""
    body = [body_bits] * (layers - 2) if isinstance(body_bits, int) else list(body_bits)
    assert len(body) == layers - 2
    return [(b, b) for b in [edge_bits] + body + [edge_bits]]


def build(network, bits, float_model):
    """The Brevitas model of `network` ("cnn" or "resnet") at `bits`, with
    the float model's weights and batch-norm statistics."""
    _, quant_class = NETWORKS[network]
    model = quant_class(bits, float_model)
    missing, unexpected = model.load_state_dict(float_model.state_dict(), strict=False)
    assert not unexpected, unexpected
    assert all("quant" in k for k in missing), missing
    return model


def accuracy(model, x, y, batch=1000):
    return 100.0 * float((predict(model, x, batch).argmax(1) == y).mean())


def predict(model, x, batch=1000):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(model(torch.from_numpy(x[i:i + batch])).numpy())
    return np.concatenate(out)


def train(model, x, y, epochs, lr, seed, batch=128, log=None):
    """Adam with a one-cycle schedule; `log(epoch, step, steps, loss)` is
    called now and then."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    steps_per_epoch = max(1, len(x) // batch)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, lr,
                                                   total_steps=epochs * steps_per_epoch)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(x))
        for step in range(steps_per_epoch):
            idx = order[step * batch:(step + 1) * batch]
            optimizer.zero_grad()
            loss = loss_fn(model(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
            loss.backward()
            optimizer.step()
            schedule.step()
            if log and (step % 50 == 0 or step == steps_per_epoch - 1):
                log(epoch, step, steps_per_epoch, loss.item())
    model.eval()
    return model


def export(model, path, input_shape=(1, 1, 28, 28)):
    from brevitas.export import export_qonnx
    model.eval()
    export_qonnx(model, torch.zeros(*input_shape), export_path=path, dynamo=False)


def exported_bitwidths(path):
    """[(weight_bits, activation_bits)] of the Conv/Gemm/MatMul layers of an
    exported QONNX model, read with onnx alone (no qnn): the bit width of the
    Quant (or BipolarQuant: 1) on each layer's weight and on its input,
    following the input back through MaxPool/Flatten/Reshape."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    g = m.graph
    producer = {o: n for n in g.node for o in n.output}
    consts = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for n in g.node:
        if n.op_type == "Constant":
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)

    def quant_bits(tensor):
        node = producer.get(tensor)
        while node is not None and node.op_type in ("MaxPool", "Flatten", "Reshape",
                                                    "Transpose", "Identity"):
            node = producer.get(node.input[0])
        if node is None:
            return None
        if node.op_type == "BipolarQuant":
            return 1
        if node.op_type == "Quant":
            return int(consts[node.input[3]])
        return None

    layers = []
    for n in g.node:
        if n.op_type in ("Conv", "Gemm", "MatMul"):
            layers.append((quant_bits(n.input[1]), quant_bits(n.input[0])))
    return layers
