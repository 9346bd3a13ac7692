#!/usr/bin/env python3
"""Parity scenarios at other seeds and lengths, for all 23 scenario types of the shared set.

For each scenario type the shared reference manifest is the template (params, layers,
shapes, connections, update rules, static connections are kept as they are); only the seed
and T change. The script draws new inputs, initial weights, random parameters, rewards and
run() keyword arrays the way the reference's generator drew them, simulates the scenario
with the shared float32 re-implementation (shared/parity/check_traces.py, imported as a
module, not modified; it reproduces every reference array bit for bit) and writes one folder
per scenario in the reference layout (manifest.json + trace.json with every array the
reference trace has, at the new T). Every written folder is then checked with
check_traces.py itself (load from disk, re-simulate, compare bit for bit).

How the draws are made (found by regenerating the shared set: at the reference's seed 1234
and T 100 every drawn array of every type equals the reference's bit for bit, except
clamp_inject's 1-D clamp.Y and unclamp.Z, which the reference did not take from this
stream; see --compare-reference):
  * numpy PCG64 `default_rng(seed)`: first the random initial weights, one connection after
    the other in the manifest's order, `lo + (hi - lo) * rng.random(shape)` rounded to
    float32 (ranges below, read off the manifests' params/notes and the reference values);
    then the input spikes `rng.random([T, *shape]) < p_in`; then per-scenario extras
    (rewards, run() masks, currents).
  * weights that are not random: lateral inhibition `-inh * (1 - eye(n))` (its diagonal is
    -0.0), DiehlAndCook `exc * eye(n)` and `-inh * (1 - eye(n))`;
  * the legacy LocalConnection's weights are random only inside its fixed kernel mask (the
    zero pattern of the template's initial weights, which is structure, not a draw);
  * torch's RNG (`torch.manual_seed(seed)`) for what the reference drew inside BindsNET:
    Izhikevich r / S (excitatory r = rand(ex), S[:, :ex] = 0.5 rand(n, ex), inhibitory
    r = rand(n - ex), S[:, ex:] = -rand(n, n - ex); a, b, c, d from r as the constructor
    computes them), SRM0's per-step uniforms (rand(n) once per step);
  * rewards: +1 for the first T//3 steps, 0 for the next T//3, -1 for the rest, plus
    N(0, 0.1) noise;
  * multi_run_norm: three run() calls of T//3, T//3 and T - 2*(T//3) steps, reset before the
    second (the reference's 33 / 33 / 34 at T = 100).

Usage (from the repository root, with /usr/bin/python3: numpy 1.24, torch 1.13):
  /usr/bin/python3 scripts/parity/gen_traces.py --out DIR --seed S --T N [--only a,b]
  /usr/bin/python3 scripts/parity/gen_traces.py --committed      # test/fixtures/parity-seeds
  /usr/bin/python3 scripts/parity/gen_traces.py --compare-reference
Options: --shared DIR (default ../shared/parity from the repo root, or $BINDSNET_SHARED_PARITY).
"""
import argparse
import json
import os
import sys

import numpy as np

f32 = np.float32
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

# The committed set (test/fixtures/parity-seeds): one seed and one T per scenario type.
# Seeds differ from the shared set's 1234 and from each other; T is shorter than the shared
# 100 for most types (size), longer for the types where float order matters most.
COMMITTED = {
    "lif_recurrent_inh": (7001, 300),
    "adaptive_lif_learn": (7002, 60),
    "adaptive_lif_nolearn": (7003, 45),
    "diehlcook_learn": (7004, 80),
    "diehlcook_nolearn": (7005, 40),
    "izhikevich": (7006, 300),
    "postpre_stdp": (7007, 50),
    "conv2d": (7008, 40),
    "mstdp_reward": (7009, 50),
    "if_mcp": (7010, 150),
    "current_lif_boosted": (7011, 120),
    "lif_options": (7012, 70),
    "clamp_inject": (7013, 60),
    "one_step": (7014, 150),
    "batch_postpre": (7015, 40),
    "hebbian": (7016, 50),
    "weight_dependent_postpre": (7017, 50),
    "mstdpet_reward": (7018, 40),
    "rmax": (7019, 45),
    "local2d": (7020, 50),
    "conv1d": (7021, 90),
    "maxpool2d": (7022, 120),
    "multi_run_norm": (7023, 61),
}


# ---------------------------------------------------------------------------
# draws
# ---------------------------------------------------------------------------

def unif(rng, shape, lo, hi, f32_mul=False):
    """U(lo, hi) in float32: lo + (hi - lo) * u with u numpy's double, rounded once; with
    f32_mul (lo = 0 only) u is rounded to float32 first and multiplied in float32 (some of
    the reference's scenario types drew their weights that way)."""
    if f32_mul:
        return (rng.random(shape).astype(f32) * f32(hi)).astype(f32)
    return (lo + (hi - lo) * rng.random(shape)).astype(f32)


def bern(rng, shape, p):
    return (rng.random(shape) < p).astype(np.uint8)


def lateral(n, inh):
    """-inh off the diagonal, -0.0 on it (as -inh * (1 - eye) gives it)."""
    return (f32(-inh) * (f32(1) - np.eye(n, dtype=f32))).astype(f32)


def reward(rng, T):
    base = np.zeros(T, np.float64)
    k = T // 3
    base[:k] = 1.0
    base[2 * k:] = -1.0
    return (base + rng.normal(0.0, 0.1, T)).astype(f32)


def torch_gen(seed):
    import torch  # only for the draws the reference made with torch's RNG
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def trand(g, *shape):
    import torch
    return torch.rand(*shape, generator=g).numpy().astype(f32)


def izhikevich_params(seed, n, excitatory):
    """IzhikevichNodes' constructor draws (core spec 2.12), with torch's RNG."""
    g = torch_gen(seed)
    ex = int(n * excitatory)
    r = np.zeros(n, f32)
    a, b, c, d = (np.zeros(n, f32) for _ in range(4))
    S = np.zeros((n, n), f32)
    exc = np.zeros(n, np.uint8)
    if ex > 0:
        re = trand(g, ex)
        r[:ex] = re
        a[:ex] = f32(0.02)
        b[:ex] = f32(0.2)
        r2 = (re * re).astype(f32)
        c[:ex] = (f32(-65) + (f32(15) * r2).astype(f32)).astype(f32)
        d[:ex] = (f32(8) - (f32(6) * r2).astype(f32)).astype(f32)
        S[:, :ex] = (f32(0.5) * trand(g, n, ex)).astype(f32)
        exc[:ex] = 1
    if ex < n:
        ri = trand(g, n - ex)
        r[ex:] = ri
        a[ex:] = (f32(0.02) + (f32(0.08) * ri).astype(f32)).astype(f32)
        b[ex:] = (f32(0.25) - (f32(0.05) * ri).astype(f32)).astype(f32)
        c[ex:] = f32(-65)
        d[ex:] = f32(2)
        S[:, ex:] = (-trand(g, n, n - ex)).astype(f32)
    return {"r": r, "a": a, "b": b, "c": c, "d": d, "S": S, "excitatory": exc}


def srm0_uniform(seed, T, shape):
    """SRM0's s = rand_like(s_prob) < s_prob: one torch.rand(shape) per step."""
    g = torch_gen(seed)
    return np.stack([trand(g, *shape) for _ in range(T)]).astype(f32)


# Initial-weight ranges per scenario type and connection: (lo, hi) for U(lo, hi); other
# connections are structural (lateral inhibition etc., set in draw()).
W_RANGES = {
    "lif_recurrent_inh": {"X->Y": (0.0, 4.0)},
    "adaptive_lif_learn": {"X->Y": (0.0, 3.0)},
    "adaptive_lif_nolearn": {"X->Y": (0.0, 3.0)},
    "batch_postpre": {"X->Y": (0.0, 3.0), "X->Z": (0.0, 3.0)},
    "clamp_inject": {"X->Y": (0.0, 4.0), "Y->Z": (0.0, 5.0)},
    "conv1d": {"X->Y": (0.0, 5.0)},
    "conv2d": {"X->Y": (0.0, 4.0)},
    "current_lif_boosted": {"X->C": (0.0, 2.5), "X->B": (0.0, 1.5), "C->B": (0.0, 3.0)},
    "diehlcook_learn": {"X->Ae": (0.0, 0.3)},
    "diehlcook_nolearn": {"X->Ae": (0.0, 0.3)},
    "hebbian": {"X->Y": (-0.5, 3.5)},
    "if_mcp": {"X->I": (-1.5, 4.0), "X->M": (-0.5, 1.0), "I->M": (0.0, 1.5), "M->I": (-6.0, 0.0)},
    "izhikevich": {"X->Y": (0.0, 10.0)},
    "lif_options": {"X->Y": (-2.5, 4.0)},
    "local2d": {"X->Y": (0.0, 2.0), "X->Z": (0.0, 2.0)},
    "maxpool2d": {},
    "mstdp_reward": {"X->Y": (0.0, 4.0)},
    "mstdpet_reward": {"X->Y": (0.0, 4.0)},
    "multi_run_norm": {"X->Y": (0.0, 2.0)},
    "one_step": {"X->A": (0.0, 6.0), "A->B": (0.0, 7.0), "B->A": (-4.0, 0.0)},
    "postpre_stdp": {"X->Y": (0.0, 5.0)},
    "rmax": {"X->Y": (0.0, 1.5)},
    "weight_dependent_postpre": {"X->Y": (-1.0, 4.0)},
}

# Scenario types whose reference weights are float32(u) * f32(wmax) (the same distribution;
# this only matters for regenerating the reference bit for bit).
F32_MUL = {"adaptive_lif_learn", "adaptive_lif_nolearn", "postpre_stdp"}

# Input spike probability where the params do not name one (read off the reference inputs:
# conv1d 0.245, conv2d 0.197, maxpool2d 0.293 spikes per step and neuron).
P_IN_DEFAULT = {"conv1d": 0.25, "conv2d": 0.2, "maxpool2d": 0.3}


def draw(name, man, tmpl, seed, T):
    """All input-side arrays of one scenario at (seed, T), keyed as in the trace."""
    p = man["params"]
    rng = np.random.default_rng(seed)
    out = {}
    ranges = W_RANGES[name]
    # 1. initial weights, in the manifest's connection order
    for key in man["connections"]:
        k = f"init.{key}.w"
        if k not in tmpl:
            continue  # MaxPool has no weights
        shape = tmpl[k].shape
        if key in ranges:
            lo, hi = ranges[key]
            if name == "local2d" and key == "X->Z":
                # random inside the legacy LocalConnection's kernel mask (the zero pattern
                # of the template's weights is structure), drawn column by column
                mask_t = (tmpl[k] != 0).T
                wt = np.zeros(mask_t.shape, f32)
                wt[mask_t] = unif(rng, int(mask_t.sum()), lo, hi)
                out[k] = np.ascontiguousarray(wt.T)
            else:
                out[k] = unif(rng, shape, lo, hi, f32_mul=name in F32_MUL)
        elif name.startswith("diehlcook") and key == "Ae->Ai":
            out[k] = (f32(p["exc"]) * np.eye(shape[0], dtype=f32)).astype(f32)
        elif name.startswith("diehlcook") and key == "Ai->Ae":
            out[k] = lateral(shape[0], p["inh"])
        elif key == "Y->Y":
            out[k] = lateral(shape[0], p["inh"])
        else:
            raise ValueError(f"{name}: no rule for the initial weights of {key}")
    # 2. rewards and run() arrays, drawn before the spikes as the reference did
    if "reward" in tmpl:
        out["reward"] = reward(rng, T)
    if name == "clamp_inject":
        # the reference's order: per-step masks, voltages, masks, the float current, then
        # the spikes; clamp.Y and unclamp.Z (1-D) are not from this stream in the reference
        # (fixed there), here they are drawn last
        nY, nZ = p["n_y"], p["n_z"]
        out["clamp.Z"] = bern(rng, (T, nZ), 0.05)
        out["unclamp.Y"] = bern(rng, (T, nY), 0.1)
        out["injects_v.Y"] = rng.normal(0.0, 1.5, (T, nY)).astype(f32)
        out["injects_v.Z"] = unif(rng, (nZ,), 0.0, 0.3)
        out["masks.X->Y"] = bern(rng, tmpl["masks.X->Y"].shape, 0.2)
        mag = unif(rng, (T, nZ), 0.0, 3.0)
        gate = rng.random((T, nZ)) < 0.3
        out["input.Z"] = np.where(gate, mag, f32(0)).astype(f32)
    # 3. input spikes
    p_in = p.get("p_in", P_IN_DEFAULT.get(name))
    for k, a in tmpl.items():
        if k.startswith("input.") and a.dtype == np.uint8:
            out[k] = bern(rng, (T,) + a.shape[1:], p_in)
    if name == "clamp_inject":
        out["clamp.Y"] = bern(rng, (p["n_y"],), 0.2)
        out["unclamp.Z"] = bern(rng, (p["n_z"],), 0.125)
    # 4. what the reference drew with torch's RNG
    if name == "izhikevich":
        for k, v in izhikevich_params(seed, p["n"], p["excitatory"]).items():
            out[f"param.Y.{k}"] = v
    if name == "rmax":
        out["param.Y.uniform"] = srm0_uniform(seed, T, tmpl["param.Y.uniform"].shape[1:])
    missing = [k for k in tmpl if k.split(".")[0] not in ("step", "final", "run_end") and k not in out]
    if missing:
        raise ValueError(f"{name}: generator does not draw {missing}")
    return out


def runs_for(man, T):
    if not man.get("runs"):
        return None
    if len(man["runs"]) != 3:
        raise ValueError("only the three-call multi_run_norm schedule is supported")
    k = T // 3
    steps = [k, k, T - 2 * k]
    out, start = [], 0
    for r, s in zip(man["runs"], steps):
        out.append({"start": start, "steps": s, "reset_before": r["reset_before"]})
        start += s
    return out


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------

def _fmt_float(v):
    s = repr(f32(v))  # shortest text that gives back the same float32
    if not np.isfinite(v):
        raise ValueError("non-finite value in a trace")
    return s


def to_json_text(a):
    """Nested-list JSON of one array: integers for uint8, shortest float32 text for floats."""
    a = np.asarray(a)
    if a.dtype == np.uint8:
        flat = [str(int(v)) for v in a.ravel()]
    else:
        flat = [_fmt_float(v) for v in a.astype(f32).ravel()]
    if a.ndim == 0:
        return flat[0]

    def rec(dim, off):
        if dim == a.ndim - 1:
            return "[" + ",".join(flat[off:off + a.shape[dim]]) + "]", off + a.shape[dim]
        parts = []
        for _ in range(a.shape[dim]):
            s, off = rec(dim + 1, off)
            parts.append(s)
        return "[" + ",".join(parts) + "]", off

    return rec(0, 0)[0]


def file_name(k):
    return k.replace("->", "-") + ".npy"


def generate(ct, ref_root, name, seed, T, out_root):
    man, tmpl = ct.load(os.path.join(ref_root, name))
    new = draw(name, man, tmpl, seed, T)
    m2 = {k: v for k, v in man.items() if k != "arrays"}
    m2["seed"] = seed
    m2["T"] = T
    if man.get("runs"):
        m2["runs"] = runs_for(man, T)
    m2["inputs_from"] = f"scripts/parity/gen_traces.py (numpy PCG64 + torch, seed {seed}, T {T})"
    m2["init_from"] = m2["inputs_from"]
    m2["expected_from"] = "shared/parity/check_traces.py (bit-exact float32 re-implementation)"
    got = ct.SIMS[name](m2, new)
    arrays = {}
    for k, a in tmpl.items():  # the template's array list and order
        v = new[k] if k in new else got.get(k)
        if v is None:
            raise ValueError(f"{name}: the simulation gave no {k}")
        v = np.asarray(v).astype(a.dtype)
        kind = k.split(".")[0]
        want = list(a.shape)
        if kind in ("input", "step") or k == "reward" or k.endswith(".uniform") or (
                kind in ("clamp", "unclamp", "injects_v") and a.ndim == 2):
            want[0] = T
        if list(v.shape) != want:
            raise ValueError(f"{name}: {k} has shape {list(v.shape)}, expected {want}")
        arrays[k] = v
    extra = [k for k in got if k not in tmpl]
    if extra:
        raise ValueError(f"{name}: the simulation gave arrays the template lacks: {extra}")
    m2["arrays"] = {k: {"shape": list(v.shape), "dtype": str(v.dtype), "file": file_name(k)}
                    for k, v in arrays.items()}
    d = os.path.join(out_root, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "manifest.json"), "w") as fh:
        json.dump(m2, fh, indent=1)
        fh.write("\n")
    with open(os.path.join(d, "trace.json"), "w") as fh:
        fh.write("{" + ",".join(json.dumps(k) + ":" + to_json_text(v) for k, v in arrays.items()) + "}")
    # read back from disk and check with check_traces.py itself
    man3, A3 = ct.load(d)
    for k, v in arrays.items():
        if not np.array_equal(A3[k].view(np.uint8), np.ascontiguousarray(v).view(np.uint8)):
            raise ValueError(f"{name}: {k} does not read back bit for bit")
    bad, exact, msgs = ct.check(name, man3, A3)
    if bad or not exact:
        raise ValueError(f"{name}: check_traces.py rejects the written folder: {msgs}")
    spikes = {k: int(v.sum()) for k, v in arrays.items() if k.startswith("step.") and k.endswith(".s")}
    return d, spikes


def compare_reference(ct, ref_root):
    """Regenerate every type at the reference's own seed and T; list which drawn arrays
    equal the reference's bit for bit."""
    for name in ct.SIMS:
        man, tmpl = ct.load(os.path.join(ref_root, name))
        new = draw(name, man, tmpl, man["seed"], man["T"])
        same = [k for k in new if np.array_equal(np.asarray(new[k]).astype(tmpl[k].dtype).view(np.uint8),
                                                 np.ascontiguousarray(tmpl[k]).view(np.uint8))]
        diff = [k for k in new if k not in same]
        print(f"{name}: {len(same)}/{len(new)} drawn arrays equal the reference" +
              (f"; differ: {', '.join(diff)}" if diff else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.environ.get("BINDSNET_SHARED_PARITY", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "parity")))
    ap.add_argument("--out")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--T", type=int)
    ap.add_argument("--only")
    ap.add_argument("--committed", action="store_true",
                    help="write test/fixtures/parity-seeds with the COMMITTED seeds and lengths")
    ap.add_argument("--compare-reference", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, args.shared)
    import check_traces as ct  # noqa: E402  (the shared oracle, used as a library)
    ref_root = os.path.join(args.shared, "reference")
    if args.compare_reference:
        compare_reference(ct, ref_root)
        return
    names = list(ct.SIMS)
    if args.only:
        names = [n for n in args.only.split(",") if n]
        unknown = [n for n in names if n not in ct.SIMS]
        if unknown:
            ap.error(f"unknown scenario types {unknown}")
    if args.committed:
        out = args.out or os.path.join(ROOT, "test", "fixtures", "parity-seeds")
        plan = {n: COMMITTED[n] for n in names}
    else:
        if not (args.out and args.seed is not None and args.T):
            ap.error("--out, --seed and --T are required (or --committed)")
        out = args.out
        plan = {n: (args.seed, args.T) for n in names}
    for n, (seed, T) in plan.items():
        if T < 3:
            ap.error("T must be at least 3")
        d, spikes = generate(ct, ref_root, n, seed, T, out)
        print(f"{n}: seed {seed}, T {T}: check_traces.py bit-exact; spikes " +
              ", ".join(f"{k[5:]} {v}" for k, v in spikes.items()))


if __name__ == "__main__":
    main()
