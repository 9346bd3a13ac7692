import { describe, expect, it } from "vitest";
import { decayOf } from "../../../src/backend/numerics.js";
import { adaptiveLifStep, ifStep, izhikevichStep, lifStep, mcpStep, srm0Step, traceStep } from "../../../src/backend/js/neurons.js";

const f = Math.fround;

function randArray(n: number, lo: number, hi: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

describe("lifStep", () => {
  it("matches the step written out op by op in float32", () => {
    const B = 2;
    const n = 50;
    const v = randArray(B * n, -70, -50, 1);
    const rc = randArray(B * n, -3, 3, 2).map(Math.round) as Float32Array;
    const x = randArray(B * n, -2, 15, 3);
    const s = new Uint8Array(B * n);
    const decay = decayOf(100, 1);
    const want = { v: new Float32Array(v), rc: new Float32Array(rc), s: new Uint8Array(B * n) };
    for (let i = 0; i < B * n; i++) {
      let vv = f(f(decay * f(want.v[i]! + 65)) - 65);
      const xi = want.rc[i]! > 0 ? 0 : x[i]!;
      want.rc[i] = f(want.rc[i]! - 1);
      vv = f(vv + xi);
      if (vv >= -52) {
        want.s[i] = 1;
        want.rc[i] = 5;
        vv = -65;
      }
      want.v[i] = vv;
    }
    const x0 = x.slice();
    lifStep(v, rc, s, x, null, B, n, { decay, rest: -65, reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: null });
    expect([...v]).toEqual([...want.v]);
    expect([...rc]).toEqual([...want.rc]);
    expect([...s]).toEqual([...want.s]);
    expect(s.some((b) => b === 1)).toBe(true);
    expect([...x]).toEqual([...x0]); // input untouched
  });

  it("per-neuron parameters give the same result as scalars of the same value", () => {
    const n = 8;
    const v1 = randArray(n, -70, -50, 4);
    const v2 = v1.slice();
    const x = randArray(n, 0, 20, 5);
    const [r1, r2] = [new Float32Array(n), new Float32Array(n)];
    const [s1, s2] = [new Uint8Array(n), new Uint8Array(n)];
    const d = decayOf(100, 1);
    lifStep(v1, r1, s1, x, null, 1, n, { decay: d, rest: -65, reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: -66 });
    const full = (k: number): Float32Array => new Float32Array(n).fill(k);
    lifStep(v2, r2, s2, x, null, 1, n, { decay: full(d), rest: full(-65), reset: full(-65), thresh: full(-52), refrac: full(5), dt: 1, lbound: full(-66) });
    expect([...v2]).toEqual([...v1]);
    expect([...s2]).toEqual([...s1]);
  });
});

describe("other kernels", () => {
  it("ifStep gates on the counter before decrementing; summed sees the raw input", () => {
    const v = new Float32Array([-65, -65]);
    const rc = new Float32Array([1, 0]);
    const s = new Uint8Array(2);
    const summed = new Float32Array(2);
    ifStep(v, rc, s, new Float32Array([5, 5]), summed, 1, 2, { reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: null });
    expect([...v]).toEqual([-65, -60]);
    expect([...rc]).toEqual([0, -1]);
    expect([...summed]).toEqual([5, 5]);
  });

  it("adaptiveLifStep sums spikes over the batch into theta", () => {
    const B = 3;
    const v = new Float32Array(B).fill(-65);
    const rc = new Float32Array(B);
    const s = new Uint8Array(B);
    const theta = new Float32Array(1);
    adaptiveLifStep(v, rc, s, theta, new Float32Array([20, 20, 0]), null, B, 1, { decay: 1, rest: -65, reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: null, thetaDecay: 1, thetaPlus: 0.05, learning: true }, new Float32Array(1));
    expect([...s]).toEqual([1, 1, 0]);
    expect(theta[0]).toBe(f(f(0.05) * 2));
  });

  it("traceStep replaces or adds", () => {
    const x = new Float32Array([0.5, 0.5]);
    traceStep(x, new Uint8Array([1, 0]), 1, 2, 0.5, 2, false);
    expect([...x]).toEqual([2, 0.25]);
    traceStep(x, new Uint8Array([1, 0]), 1, 2, 0.5, 2, true);
    expect([...x]).toEqual([3, 0.125]);
  });

  it("mcpStep copies the input into v", () => {
    const v = new Float32Array(2);
    const s = new Uint8Array(2);
    mcpStep(v, s, new Float32Array([0.5, 1]), 1, 2, 1);
    expect([...v]).toEqual([0.5, 1]);
    expect([...s]).toEqual([0, 1]);
  });

  it("srm0Step: sProb = 1 - e^-1 at threshold; draws below it spike", () => {
    const v = new Float32Array([-50, -50]);
    const rc = new Float32Array(2);
    const s = new Uint8Array(2);
    const p = new Float32Array(2);
    srm0Step(v, rc, s, p, [0.5, 0.7], null, null, 1, 2, { decay: 1, rest: -50, reset: -70, thresh: -50, refrac: 5, dt: 1, lbound: null, eps0: 1, rho0: 1, dThresh: 5 });
    expect(p[0]).toBeCloseTo(1 - Math.exp(-1), 6);
    expect([...s]).toEqual([1, 0]);
    expect([...v]).toEqual([-70, -50]);
  });

  it("izhikevichStep adds recurrent S columns of last step's spikes and resets them", () => {
    const n = 2;
    const v = new Float32Array([50, -65]);
    const u = new Float32Array([0, -13]);
    const s = new Uint8Array([1, 0]);
    const xeff = new Float32Array(2);
    const S = new Float32Array([0, 0, 3, 0]); // S[post=1, pre=0] = 3
    izhikevichStep(v, u, s, new Float32Array(2), xeff, 1, n, { a: 0.02, b: 0.2, c: -65, d: 8, S, thresh: 45, dt: 1, lbound: null }, new Float32Array(n), new Int32Array(n));
    expect([...xeff]).toEqual([0, 3]);
    expect(v[0]).toBeLessThan(-60); // reset to c = -65 before integrating
  });
});
