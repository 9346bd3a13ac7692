"""PyTorch peer of bench/learning.ts: one PostPre step in the reference's dense form.

For each size (n_pre, n_post) with 2% of the neurons of each layer spiking, times the
reference's dense PostPre update (BindsNET learning.py, Connection path, batch 1, default
reduction squeeze):
    w -= squeeze(bmm(s_pre[:, :, None], (nu0 * x_post)[:, None, :]), 0)
    w += squeeze(bmm(x_pre[:, :, None], (nu1 * s_post)[:, None, :]), 0)
on one CPU thread. Prints one JSON object {case: median microseconds per step}.
"""
import json
import statistics
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def bench(fn, min_time=0.5, min_reps=5):
    for _ in range(2):
        fn()
    samples, start = [], time.perf_counter()
    while len(samples) < min_reps or time.perf_counter() - start < min_time:
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1e6


def case(n_pre, n_post, p=0.02):
    w = torch.rand(n_pre, n_post)
    s_pre = (torch.rand(1, n_pre) < p)
    s_post = (torch.rand(1, n_post) < p)
    x_pre = torch.rand(1, n_pre) * (torch.rand(1, n_pre) < 0.3)
    x_post = torch.rand(1, n_post) * (torch.rand(1, n_post) < 0.3)
    nu0, nu1 = 1e-4, 1e-2

    def step():
        source_s = s_pre.view(1, -1).unsqueeze(2).float()
        target_x = x_post.view(1, -1).unsqueeze(1) * nu0
        w.sub_(torch.squeeze(torch.bmm(source_s, target_x), 0))
        source_x = x_pre.view(1, -1).unsqueeze(2)
        target_s = s_post.view(1, -1).unsqueeze(1).float() * nu1
        w.add_(torch.squeeze(torch.bmm(source_x, target_s), 0))

    return bench(step)


out = {}
for n_pre, n_post in [(784, 400), (5000, 5000)]:
    out[f"postpre {n_pre}x{n_post}"] = case(n_pre, n_post)
print(json.dumps(out))
