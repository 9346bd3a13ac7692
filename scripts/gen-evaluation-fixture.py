"""Writes test/fixtures/evaluation/voting.json: assign_labels / all_activity /
proportion_weighting computed with torch float32 following the spec's formulas
(periphery.md section 6), on a random spike record with ties and silent neurons.
Run with /usr/bin/python3 (PyTorch)."""
import json, os
import torch

g = torch.Generator().manual_seed(7)
n_samples, time, n_neurons, n_labels = 40, 12, 25, 5
spikes = (torch.rand(n_samples, time, n_neurons, generator=g) < 0.08)
spikes[:, :, :3] = False  # silent neurons → proportions 0, assignment 0
labels = torch.randint(0, n_labels - 1, (n_samples,), generator=g)  # label 4 never occurs
prev = torch.rand(n_neurons, n_labels, generator=g)
alpha = 0.75

def assign(spikes, labels, rates, alpha):
    rates = rates.clone()
    counts = spikes.float().sum(1)
    for i in range(n_labels):
        n_i = torch.sum(labels == i).float()
        if n_i > 0:
            idx = torch.nonzero(labels == i).view(-1)
            rates[:, i] = alpha * rates[:, i] + torch.sum(counts[idx], 0) / n_i
    props = rates / rates.sum(1, keepdim=True)
    props[props != props] = 0
    return torch.max(props, 1)[1], props, rates

def lowest_argmax(r):
    # first index of the maximum (torch.max's CPU behaviour), as the port does
    return torch.tensor([int(torch.nonzero(row == row.max())[0]) for row in r])

def vote(spikes, assignments, weights):
    counts = spikes.float().sum(1)
    rates = torch.zeros(counts.size(0), n_labels)
    for i in range(n_labels):
        n_a = torch.sum(assignments == i).float()
        if n_a > 0:
            idx = torch.nonzero(assignments == i).view(-1)
            rates[:, i] = torch.sum(weights[idx, i] * counts[:, idx], 1) / n_a
    return lowest_argmax(rates)

a0, p0, r0 = assign(spikes, labels, torch.zeros(n_neurons, n_labels), 1.0)
a1, p1, r1 = assign(spikes, labels, prev, alpha)
out = {
    "shape": [n_samples, time, n_neurons], "nLabels": n_labels,
    "spikes": spikes.to(torch.uint8).flatten().tolist(), "labels": labels.tolist(),
    "prev": prev.flatten().tolist(), "alpha": alpha,
    "fresh": {"assignments": lowest_argmax(p0).tolist(), "proportions": p0.flatten().tolist(), "rates": r0.flatten().tolist()},
    "accumulated": {"assignments": lowest_argmax(p1).tolist(), "proportions": p1.flatten().tolist(), "rates": r1.flatten().tolist()},
    "allActivity": vote(spikes, a1, torch.ones(n_neurons, n_labels)).tolist(),
    "proportionWeighting": vote(spikes, a1, p1).tolist(),
    "torchMaxAssignments": a1.tolist(),
}
os.makedirs("test/fixtures/evaluation", exist_ok=True)
json.dump(out, open("test/fixtures/evaluation/voting.json", "w"))
