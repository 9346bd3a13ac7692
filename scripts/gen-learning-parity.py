"""Parity traces for the learning scenarios on another seed and length.

Takes each rule scenario of the shared reference set, draws new inputs, initial weights,
rewards and SRM0 uniforms with numpy (seed below; input spikes Bernoulli at each input's
observed rate, weights a random permutation of the reference's non-zero ones, rewards and per-step masks
resampled from the reference's rows), runs the shared float32 re-implementation
(shared/parity/check_traces.py, which reproduces the reference traces bit for bit) and writes
the result in the reference layout under test/fixtures/parity-learning/.

Run: /usr/bin/python3 scripts/gen-learning-parity.py [SHARED_PARITY_DIR]
"""
import json
import os
import sys

import numpy as np

SHARED = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/parity"
sys.path.insert(0, SHARED)
import check_traces as ct  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures", "parity-learning")
SEED = 2027
T_NEW = 64
SCENARIOS = ["postpre_stdp", "adaptive_lif_learn", "adaptive_lif_nolearn", "batch_postpre", "clamp_inject",
             "lif_options", "hebbian", "weight_dependent_postpre", "mstdp_reward", "mstdpet_reward", "rmax",
             "multi_run_norm", "conv1d", "conv2d", "local2d"]


def resample(rng, a, T):
    return a[rng.integers(0, a.shape[0], size=T)]


def main():
    rng = np.random.default_rng(SEED)
    for name in SCENARIOS:
        man, A = ct.load(os.path.join(SHARED, "reference", name))
        T = man["T"] if man.get("runs") else T_NEW
        B = man.get("batch_size", 1)
        new = {}
        for k, a in A.items():
            kind = k.split(".")[0]
            if kind == "input":
                if a.dtype == np.uint8:
                    p = float(a.mean())
                    new[k] = (rng.random((T,) + a.shape[1:]) < p).astype(np.uint8)
                else:
                    new[k] = resample(rng, a, T).astype(np.float32)
            elif kind == "init":
                # permute the non-zero weights only: zeros can be structure (the legacy
                # LocalConnection's mask is the zero pattern of its weights)
                flat = a.reshape(-1).copy()
                nz = np.flatnonzero(flat)
                flat[nz] = rng.permutation(flat[nz])
                new[k] = flat.reshape(a.shape).astype(np.float32)
            elif k == "reward":
                new[k] = resample(rng, a, T).astype(a.dtype)
            elif k.startswith("param.") and k.endswith(".uniform"):
                new[k] = rng.random((T,) + a.shape[1:], dtype=np.float32)
            elif kind in ("clamp", "unclamp", "injects_v"):
                new[k] = resample(rng, a, T).astype(a.dtype) if a.ndim == 2 else a
            elif kind == "masks":
                new[k] = rng.permutation(a.reshape(-1)).reshape(a.shape).astype(a.dtype)
            elif kind == "param":
                new[k] = a
        m2 = dict(man)
        m2["T"] = T
        m2["seed"] = SEED
        m2["inputs_from"] = m2["init_from"] = f"scripts/gen-learning-parity.py (numpy PCG64, seed {SEED}), expected arrays from check_traces.py"
        got = ct.SIMS[man["scenario"]](m2, new)
        arrays = dict(new)
        for k, v in got.items():
            if k in A:  # the same set of recorded arrays as the reference dump
                arrays[k] = np.asarray(v).astype(A[k].dtype)
        missing = [k for k in A if k not in arrays]
        assert not missing, (name, missing)
        m2["arrays"] = {k: {"shape": list(v.shape), "dtype": str(v.dtype)} for k, v in arrays.items()}
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "manifest.json"), "w") as fh:
            json.dump(m2, fh, indent=1)
        with open(os.path.join(d, "trace.json"), "w") as fh:
            json.dump({k: v.tolist() for k, v in arrays.items()}, fh, separators=(",", ":"))
        # the new trace must pass the re-implementation's own check (sanity)
        bad, exact, msgs = ct.check(man["scenario"], m2, arrays)
        assert not bad and exact, (name, msgs)
        print(f"{name}: T={T}, {len(arrays)} arrays")


if __name__ == "__main__":
    main()
