"""Fixture for test/conversion: a small ANN in torch 1.13, its per-child outputs and the
data-based normalisation factors (numpy percentile, linear interpolation).

Run with /usr/bin/python3 (torch 1.13 + numpy):
    /usr/bin/python3 scripts/gen-conversion-fixture.py
Writes test/fixtures/conversion/ann.json. The model is written in the declarative JSON of
src/conversion/json.ts (nested arrays), so the test rebuilds it with annFromJson.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn


class Permute(nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims).contiguous()


torch.manual_seed(7)
inner = nn.Sequential(
    nn.Conv2d(3, 4, kernel_size=(2, 3), stride=(1, 2), padding=(1, 0), dilation=(2, 1)),
    nn.ReLU(),
)
model = nn.Sequential(
    nn.ConstantPad2d((1, 0, 2, 1), 0.25),
    nn.Conv2d(2, 3, kernel_size=3, stride=1, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2, padding=1),
    inner,
    Permute((0, 2, 3, 1)),
    nn.Flatten(),
    nn.Linear(0, 6),  # in_features fixed below
    nn.ReLU(),
    nn.Dropout(0.3),
    nn.Linear(6, 3),
)
x = torch.rand(5, 2, 6, 5)
model.eval()
with torch.no_grad():
    # size the first Linear from the flattened shape
    h = x
    for m in list(model)[:7]:
        h = m(h)
    lin = nn.Linear(h.shape[1], 6)
    model[7] = lin
    outs = {}
    h = x
    for i, m in enumerate(model):
        h = m(h)
        outs[str(i)] = h.tolist()
    # leaf activations, nested Sequential expanded, for the normalisation factors
    leaves = []
    for i, m in enumerate(model):
        if isinstance(m, nn.Sequential):
            for j, c in enumerate(m):
                leaves.append((f"{i}.{j}", c))
        else:
            leaves.append((str(i), m))
    acts = []
    h = x
    for name, m in leaves:
        h = m(h)
        acts.append(h)
    factors = []
    prev = 1.0
    for k, (name, m) in enumerate(leaves):
        if not isinstance(m, (nn.Linear, nn.Conv2d)):
            continue
        relu = False
        for name2, m2 in leaves[k + 1:]:
            if isinstance(m2, (nn.Linear, nn.Conv2d)):
                break
            if isinstance(m2, nn.ReLU):
                relu = True
                break
        a = acts[k].numpy().astype(np.float64)
        if relu:
            a = np.maximum(a, 0)
        lam = float(np.percentile(a, 99.9))
        factors.append({"layer": name, "relu": relu, "lambda": lam, "weightScale": prev / lam})
        prev = lam


def lj(m):
    if isinstance(m, nn.Sequential):
        return {"type": "Sequential", "layers": [lj(c) for c in m]}
    if isinstance(m, nn.Linear):
        return {"type": "Linear", "weight": m.weight.tolist(), "bias": m.bias.tolist()}
    if isinstance(m, nn.Conv2d):
        return {"type": "Conv2d", "weight": m.weight.tolist(), "bias": m.bias.tolist(), "stride": list(m.stride), "padding": list(m.padding), "dilation": list(m.dilation)}
    if isinstance(m, nn.ReLU):
        return {"type": "ReLU"}
    if isinstance(m, nn.MaxPool2d):
        return {"type": "MaxPool2d", "kernel_size": m.kernel_size, "stride": m.stride, "padding": m.padding}
    if isinstance(m, nn.Flatten):
        return {"type": "Flatten", "start_dim": m.start_dim, "end_dim": m.end_dim}
    if isinstance(m, nn.Dropout):
        return {"type": "Dropout", "p": m.p}
    if isinstance(m, Permute):
        return {"type": "Permute", "dims": list(m.dims)}
    if isinstance(m, nn.ConstantPad2d):
        return {"type": "ConstantPad2d", "padding": list(m.padding), "value": m.value}
    raise TypeError(m)


out = {
    "generator": "scripts/gen-conversion-fixture.py",
    "torch": torch.__version__,
    "model": lj(model),
    "input": x.tolist(),
    "outputs": outs,
    "percentile": 99.9,
    "factors": factors,
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "conversion", "ann.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path, {k: np.array(v).shape for k, v in outs.items()})
