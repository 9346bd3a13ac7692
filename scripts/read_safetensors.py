#!/usr/bin/env python3
"""Read a network saved by bindsnet (TypeScript) with numpy only.

The file is in the safetensors layout, so `safetensors.numpy.load_file(path)` reads it too;
this script shows that nothing beyond numpy is needed:

    8 bytes   little-endian uint64 N (header length)
    N bytes   JSON header: {name: {dtype, shape, data_offsets: [begin, end]},
                            "__metadata__": {"format": "bindsnet-network", "version": "1",
                                             "manifest": "<JSON: layers, connections, ...>"}}
    rest      tensor bytes, little-endian, at data_offsets relative to the end of the header

Usage: read_safetensors.py FILE   prints every tensor's name, dtype, shape and a summary.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": "<f4", "F64": "<f8", "I32": "<i4", "U8": "u1", "BOOL": "?", "F16": "<f2", "I64": "<i8"}


def load(path):
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = buf[8 + n:]
    arrays = {}
    for name, spec in header.items():
        b, e = spec["data_offsets"]
        arrays[name] = np.frombuffer(data[b:e], dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"])
    manifest = json.loads(meta["manifest"]) if "manifest" in meta else None
    return arrays, meta, manifest


def main():
    arrays, meta, manifest = load(sys.argv[1])
    print(f"format {meta.get('format')} version {meta.get('version')}")
    if manifest:
        print("layers:", ", ".join(f"{l['name']}={l['class']}" for l in manifest["layers"]))
        print("connections:", ", ".join(f"{c['name']}={c['class']}" for c in manifest["connections"]))
        if manifest.get("monitors"):
            print("monitors:", ", ".join(f"{m['name']}={m['class']}" for m in manifest["monitors"]))
        if manifest.get("objects"):
            # objects rebuilt from constructor arguments: MulticompartmentConnection features, sparse tensors
            print("objects:", ", ".join(o["class"] for o in manifest["objects"]))
    for name, a in arrays.items():
        s = f" sum={float(a.astype(np.float64).sum()):.6g}" if a.size else ""
        print(f"{name}: {a.dtype} {list(a.shape)}{s}")


if __name__ == "__main__":
    main()
