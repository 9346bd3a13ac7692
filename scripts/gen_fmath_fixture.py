#!/usr/bin/python3
"""Writes test/backend/numerics.fixture.json: torch (CPU, float32) exp and sum results as
uint32 bit patterns, the ground truth for src/backend/numerics.ts (sexp, tsum0, tsumLast)."""
import json
import numpy as np
import torch

rng = np.random.default_rng(1234)
args = np.concatenate([
    rng.uniform(-105, 101, 3000),
    rng.uniform(-2, 2, 3000),
    rng.uniform(-1e-3, 1e-3, 1000),
    -1.0 / np.array([2, 5, 10, 20, 25, 100, 1e3, 1e5, 1e7, 3, 7, 13, 0.5, 1.5e3]),
    -0.1 / np.array([2, 5, 10, 20, 100, 1e7]),
    [0.0, -0.0, 88.0, 88.7, 89.0, -87.3, -100.0, -103.9, -104.0, -104.1, 100.0, 100.1],
]).astype(np.float32)
out = torch.exp(torch.from_numpy(args)).numpy()
sums = []
for shape in [(5, 3), (7, 8), (40, 8), (33, 40), (100, 50), (17, 1), (300, 5), (1, 9), (3, 100), (64, 33), (1000, 2)]:
    m = rng.normal(0, 1, shape).astype(np.float32)
    t = torch.from_numpy(m)
    sums.append({"shape": list(shape), "m": m.view(np.uint32).ravel().tolist(),
                 "sum0": t.sum(0).numpy().view(np.uint32).tolist(),
                 "sumLast": t.sum(-1).numpy().view(np.uint32).tolist()})
json.dump({"exp": {"x": args.view(np.uint32).tolist(), "y": out.view(np.uint32).tolist()},
           "sums": sums}, open("test/backend/numerics.fixture.json", "w"))
print(len(args), "exp args")
