"""PyTorch peer of bench/tensor.ts: the same cases on one CPU thread.

Run by bench/tensor.ts as `/usr/bin/python3 bench/peers/torch_tensor.py`; prints one JSON
object {case name: median microseconds per call} on stdout.
"""
import json
import math
import statistics
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)


def bench(fn, min_time=0.2, min_reps=5):
    for _ in range(3):
        fn()
    # Calibrate a chunk of calls lasting >= 1 ms, then take the median over chunks.
    k, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 1e-3:
        fn()
        k += 1
    samples, start = [], time.perf_counter()
    while len(samples) < min_reps or time.perf_counter() - start < min_time:
        t = time.perf_counter()
        for _ in range(k):
            fn()
        samples.append((time.perf_counter() - t) / k)
    return statistics.median(samples) * 1e6


def main():
    res = {}
    with torch.no_grad():
        for n_pre, n_post in [(784, 400), (1000, 1000), (5000, 5000)]:
            w = torch.rand(n_pre, n_post)
            for p in [0.01, 0.05, 0.2]:
                s = (torch.rand(1, n_pre) < p).float()
                key = f"prop {n_pre}x{n_post} {int(p * 100)}%"
                res[key + " dense"] = bench(lambda: torch.matmul(s, w))
                # Event-driven in torch: gather the rows of the neurons that spiked and sum them.
                res[key + " event"] = bench(lambda: w.index_select(0, s[0].nonzero().squeeze(1)).sum(0, keepdim=True))
        # LIF (BindsNET LIFNodes.forward, default parameters), in place where BindsNET is.
        decay, rest, reset, thresh, refrac, dt = math.exp(-1.0 / 100.0), -65.0, -65.0, -52.0, 5.0, 1.0
        for n in [1000, 10000, 100000, 1000000]:
            st = {"v": torch.full((1, n), rest), "rc": torch.zeros(1, n)}
            x = torch.rand(1, n) * 20

            def lif():
                v = decay * (st["v"] - rest) + rest
                xi = x.masked_fill(st["rc"] > 0, 0.0)
                st["rc"] -= dt
                v += xi
                s = v >= thresh
                st["rc"].masked_fill_(s, refrac)
                v.masked_fill_(s, reset)
                st["v"] = v

            res[f"lif {n}"] = bench(lif)
        img = torch.rand(1, 1, 28, 28)
        wc = torch.rand(25, 1, 5, 5)
        res["conv2d 1x1x28x28 25x5x5"] = bench(lambda: F.conv2d(img, wc))
    print(json.dumps(res))


if __name__ == "__main__":
    main()
