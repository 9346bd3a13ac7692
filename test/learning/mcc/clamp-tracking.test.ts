/**
 * MCC PostPre's event-driven path and its clamp tracking: after one full clamp, only the rows
 * and columns an update touched are clamped. Run side by side with a rule told before every
 * step that its values changed (so it clamps everything, as the reference does), on both
 * backends, with out-of-range values injected from outside: the values must stay identical.
 */
import { describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../../src/backend/index.js";
import { PostPre } from "../../../src/learning/mcc/index.js";
import { Generator } from "../../../src/tensor/random.js";
import { tensor } from "../../../src/tensor/creation.js";
import { clampTrackerOf } from "../../../src/network/clamp-tracker.js";
import { setup } from "./helpers.js";

/** The values after 60 steps, and how often a normalisation left them known within range. */
function run(backend: string, track: boolean, norm = 30): number[] {
  return runCounting(backend, track, norm).values;
}

function runCounting(backend: string, track: boolean, norm: number): { values: number[]; keptKnown: number } {
  const prev = getBackend().name;
  setBackend(backend);
  try {
    const nPre = 9;
    const nPost = 7;
    const g = new Generator(4);
    const init = Array.from({ length: nPre * nPost }, () => g.nextBelow(1000) / 1000);
    const { c, f, src, tgt } = setup(nPre, nPost, { value: tensor(init, { shape: [nPre, nPost] }), learningRule: PostPre, nu: [0.3, 0.3], range: [0, 1], norm });
    const rule = f.learningRule as PostPre;
    const sPre = src.s.data;
    const sPost = tgt.s.data;
    const xPre = src.x.data;
    const xPost = tgt.x.data;
    let keptKnown = 0;
    for (let t = 0; t < 60; t++) {
      for (let i = 0; i < nPre; i++) {
        sPre[i] = g.nextBelow(4) === 0 ? 1 : 0;
        xPre[i] = g.nextBelow(100) / 50;
      }
      for (let j = 0; j < nPost; j++) {
        sPost[j] = g.nextBelow(5) === 0 ? 1 : 0;
        xPost[j] = g.nextBelow(100) / 50;
      }
      if (t % 15 === 7) {
        // norm 30 over 9 rows pushes values past 1: the feature says so; norm 2 keeps them in
        // [0, 1]: still known within range, so the next update clamps only what it touches
        f.applyNorm();
        if (clampTrackerOf(f).isKnown(f.synapseView().weights(), ...f.range)) keptKnown++;
      }
      if (t === 33) {
        // a value written from outside, announced as the documented contract asks
        f.value.data[5] = 3;
        rule.valuesChanged();
      }
      if (!track) rule.valuesChanged();
      c.update({ learning: true });
    }
    return { values: Array.from(f.value.data), keptKnown };
  } finally {
    setBackend(prev);
  }
}

describe("MCC PostPre clamp tracking", () => {
  it("gives the full clamp's values on both backends", () => {
    const full = run("js", false);
    expect(run("js", true)).toEqual(full);
    expect(run("wasm", true)).toEqual(full);
    expect(run("wasm", false)).toEqual(full);
    // the scenario is not trivial: values hit both bounds
    expect(full.some((v) => v === 1)).toBe(true);
    expect(full.some((v) => v === 0)).toBe(true);
    expect(full.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(runCounting("wasm", true, 30).keptKnown).toBe(0);
  });

  it("a normalisation that keeps the values in range keeps them known in range (same values)", () => {
    const full = run("js", false, 2);
    for (const be of ["js", "wasm"]) {
      const r = runCounting(be, true, 2);
      expect(r.values).toEqual(full);
      expect(r.keptKnown).toBeGreaterThan(0);
    }
    expect(full.some((v) => v === 0)).toBe(true);
  });
});
