/**
 * Fused neuron step kernels: one function per model, over float32 state arrays laid out
 * [batch, n] row-major. Each performs the whole update of one simulation step in a single pass
 * and rounds every intermediate to float32 in the reference's operation order, so the state
 * is bit-identical to BindsNET's on CPU.
 *
 * A parameter is a number (already a float32 value) or a Float32Array of `n` per-neuron values
 * (neuron j of every batch row reads element j).
 */
import type { TypedArray } from "../dtype.js";
import type { LifParams, Param } from "../contract.js";
import { sexp, tsumAll } from "../numerics.js";

const fround = Math.fround;

function at(p: Param, j: number): number {
  return typeof p === "number" ? p : p[j]!;
}

/**
 * Spike traces and summed input (the `Nodes` base step):
 * x ← x·traceDecay, then x ← x + traceScale·s (additive) or x[s ≠ 0] ← traceScale (replace).
 */
export function traceStep(x: Float32Array, s: TypedArray, batch: number, n: number, decay: Param, scale: Param, additive: boolean): void {
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      let xv = fround(x[i]! * at(decay, j));
      const sv = s[i]!;
      if (additive) xv = fround(xv + fround(at(scale, j) * fround(sv)));
      else if (sv !== 0) xv = at(scale, j);
      x[i] = xv;
    }
  }
}

/** summed ← summed + input (float32). */
export function sumInputStep(summed: Float32Array, input: TypedArray, total: number): void {
  for (let i = 0; i < total; i++) summed[i] = fround(summed[i]! + input[i]!);
}

/** Shared tail: spike test, refractory start, reset, lower bound. Returns the spike. */
function spikeReset(v: Float32Array, rc: Float32Array, s: Uint8Array, i: number, vv: number, r: number, thresh: number, refrac: number, reset: number, lbound: number | null): void {
  if (vv >= thresh) {
    s[i] = 1;
    rc[i] = refrac;
    vv = reset;
  } else {
    s[i] = 0;
    rc[i] = r;
  }
  if (lbound !== null && vv < lbound) vv = lbound;
  v[i] = vv;
}

/**
 * LIF: v ← decay·(v − rest) + rest; x' = x masked to 0 where refracCount > 0;
 * refracCount ← refracCount − dt; v ← v + x'; s = v ≥ thresh; on s: refracCount ← refrac,
 * v ← reset; v ← max(v, lbound). `summed` (if given) accumulates the masked input x'.
 * The input array is read only.
 */
export function lifStep(v: Float32Array, rc: Float32Array, s: Uint8Array, x: Float32Array | null, summed: Float32Array | null, batch: number, n: number, p: LifParams): void {
  const dt = fround(p.dt);
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      const rest = at(p.rest, j);
      let vv = fround(fround(at(p.decay, j) * fround(v[i]! - rest)) + rest);
      const c = rc[i]!;
      const xi = x === null || c > 0 ? 0 : x[i]!;
      const r = fround(c - dt);
      vv = fround(vv + xi);
      if (summed !== null) summed[i] = fround(summed[i]! + xi);
      spikeReset(v, rc, s, i, vv, r, at(p.thresh, j), at(p.refrac, j), at(p.reset, j), p.lbound === null ? null : at(p.lbound, j));
    }
  }
}

/**
 * Boosted LIF (decays toward 0, resets to 0, no lbound): v ← decay·v; x' = masked x;
 * refracCount ← refracCount − dt; v ← v + x'; s = v ≥ thresh; on s: refracCount ← refrac, v ← 0.
 */
export function boostedLifStep(v: Float32Array, rc: Float32Array, s: Uint8Array, x: Float32Array | null, summed: Float32Array | null, batch: number, n: number, p: { decay: Param; thresh: Param; refrac: Param; dt: number }): void {
  const dt = fround(p.dt);
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      let vv = fround(v[i]! * at(p.decay, j));
      const c = rc[i]!;
      const xi = x === null || c > 0 ? 0 : x[i]!;
      const r = fround(c - dt);
      vv = fround(vv + xi);
      if (summed !== null) summed[i] = fround(summed[i]! + xi);
      spikeReset(v, rc, s, i, vv, r, at(p.thresh, j), at(p.refrac, j), 0, null);
    }
  }
}

/**
 * IF (no leak): v ← v + (refracCount ≤ 0)·x; refracCount ← refracCount − dt; s = v ≥ thresh;
 * on s: refracCount ← refrac, v ← reset; lbound. `summed` accumulates the raw input.
 */
export function ifStep(v: Float32Array, rc: Float32Array, s: Uint8Array, x: Float32Array | null, summed: Float32Array | null, batch: number, n: number, p: { reset: Param; thresh: Param; refrac: Param; dt: number; lbound: Param | null }): void {
  const dt = fround(p.dt);
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      const c = rc[i]!;
      const xv = x === null ? 0 : x[i]!;
      const vv = c <= 0 ? fround(v[i]! + xv) : v[i]!;
      if (summed !== null) summed[i] = fround(summed[i]! + xv);
      spikeReset(v, rc, s, i, vv, fround(c - dt), at(p.thresh, j), at(p.refrac, j), at(p.reset, j), p.lbound === null ? null : at(p.lbound, j));
    }
  }
}

/**
 * Current-based LIF: v ← decay·(v − rest) + rest; i ← iDecay·i; refracCount ← refracCount − dt
 * (before the gate, so one step fewer is blocked); i ← i + x; v ← v + (refracCount ≤ 0)·i;
 * spike, refractory, reset, lbound. `summed` accumulates the raw input.
 */
export function currentLifStep(v: Float32Array, cur: Float32Array, rc: Float32Array, s: Uint8Array, x: Float32Array | null, summed: Float32Array | null, batch: number, n: number, p: LifParams & { iDecay: Param }): void {
  const dt = fround(p.dt);
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      const rest = at(p.rest, j);
      let vv = fround(fround(at(p.decay, j) * fround(v[i]! - rest)) + rest);
      const xv = x === null ? 0 : x[i]!;
      const r = fround(rc[i]! - dt);
      const ci = fround(fround(cur[i]! * at(p.iDecay, j)) + xv);
      cur[i] = ci;
      if (r <= 0) vv = fround(vv + ci);
      if (summed !== null) summed[i] = fround(summed[i]! + xv);
      spikeReset(v, rc, s, i, vv, r, at(p.thresh, j), at(p.refrac, j), at(p.reset, j), p.lbound === null ? null : at(p.lbound, j));
    }
  }
}

/**
 * Adaptive-threshold LIF (also the first part of Diehl & Cook nodes):
 * v ← decay·(v − rest) + rest; if learning: θ ← θ·θdecay; v ← v + (refracCount ≤ 0)·x;
 * refracCount ← refracCount − dt; s = v ≥ thresh + θ; on s: refracCount ← refrac, v ← reset;
 * lbound; if learning: θ ← θ + θplus·Σ_batch s. θ is [n], shared by the batch.
 * `count` is an [n] scratch array.
 */
export function adaptiveLifStep(v: Float32Array, rc: Float32Array, s: Uint8Array, theta: Float32Array, x: Float32Array | null, summed: Float32Array | null, batch: number, n: number, p: LifParams & { thetaDecay: Param; thetaPlus: Param; learning: boolean }, count: Float32Array): void {
  const dt = fround(p.dt);
  if (p.learning) for (let j = 0; j < n; j++) theta[j] = fround(theta[j]! * at(p.thetaDecay, j));
  count.fill(0, 0, n);
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      const rest = at(p.rest, j);
      let vv = fround(fround(at(p.decay, j) * fround(v[i]! - rest)) + rest);
      const c = rc[i]!;
      const xv = x === null ? 0 : x[i]!;
      if (c <= 0) vv = fround(vv + xv);
      if (summed !== null) summed[i] = fround(summed[i]! + xv);
      spikeReset(v, rc, s, i, vv, fround(c - dt), fround(at(p.thresh, j) + theta[j]!), at(p.refrac, j), at(p.reset, j), p.lbound === null ? null : at(p.lbound, j));
      count[j]! += s[i]!;
    }
  }
  if (p.learning) for (let j = 0; j < n; j++) theta[j] = fround(theta[j]! + fround(at(p.thetaPlus, j) * count[j]!));
}

/**
 * Izhikevich with deferred reset:
 * where s(t−1): v ← c, u ← u + d; x' = x + Σ_{j spiking} S[i, j] (torch's sum order);
 * twice: v ← v + (dt/2)·(0.04v² + 5v + 140 − u + x'); u ← u + dt·a·(b·v − u); lbound;
 * s = v ≥ thresh. `S` is [n, n] laid out [post, pre]. The effective input x' is written to
 * `xeff` (the caller's `x` is not modified). `gather` is an [n] scratch array.
 */
export function izhikevichStep(
  v: Float32Array,
  u: Float32Array,
  s: Uint8Array,
  x: Float32Array | null,
  xeff: Float32Array,
  batch: number,
  n: number,
  p: { a: Param; b: Param; c: Param; d: Param; S: Float32Array; thresh: Param; dt: number; lbound: Param | null },
  gather: Float32Array,
  spiking: Int32Array,
): void {
  const dt = fround(p.dt);
  const half = fround(dt * 0.5);
  for (let bi = 0; bi < batch; bi++) {
    const o = bi * n;
    let k = 0;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      if (s[i]) {
        v[i] = at(p.c, j);
        u[i] = fround(u[i]! + at(p.d, j));
        spiking[k++] = j;
      }
      xeff[i] = x === null ? 0 : x[i]!;
    }
    if (k > 0) {
      for (let post = 0; post < n; post++) {
        const row = post * n;
        for (let q = 0; q < k; q++) gather[q] = p.S[row + spiking[q]!]!;
        xeff[o + post] = fround(xeff[o + post]! + tsumAll(gather, 0, k));
      }
    }
    for (let j = 0; j < n; j++) {
      const i = o + j;
      let vv = v[i]!;
      let uu = u[i]!;
      const xi = xeff[i]!;
      for (let h = 0; h < 2; h++) {
        let dv = fround(fround(fround(fround(0.04) * fround(vv * vv)) + fround(5 * vv)) + 140);
        dv = fround(fround(dv - uu) + xi);
        vv = fround(vv + fround(half * dv));
      }
      uu = fround(uu + fround(fround(dt * at(p.a, j)) * fround(fround(at(p.b, j) * vv) - uu)));
      if (p.lbound !== null) {
        const lb = at(p.lbound, j);
        if (vv < lb) vv = lb;
      }
      v[i] = vv;
      u[i] = uu;
      s[i] = vv >= at(p.thresh, j) ? 1 : 0;
    }
  }
}

/**
 * SRM0 (escape noise): v ← decay·(v − rest) + rest; v ← v + ((refracCount ≤ 0)·ε0)·x;
 * ρ = ρ0·exp((v − thresh)/Δthresh); sProb = 1 − exp(−ρ·dt); refracCount ← refracCount − dt;
 * s = uniform < sProb (not gated by refractoriness); on s: refracCount ← refrac, v ← reset;
 * lbound. `uniform` holds one U[0, 1) draw per neuron and batch row.
 */
export function srm0Step(v: Float32Array, rc: Float32Array, s: Uint8Array, sProb: Float32Array, uniform: ArrayLike<number>, x: Float32Array | null, summed: Float32Array | null, batch: number, n: number, p: LifParams & { eps0: Param; rho0: Param; dThresh: Param }): void {
  const dt = fround(p.dt);
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      const rest = at(p.rest, j);
      let vv = fround(fround(at(p.decay, j) * fround(v[i]! - rest)) + rest);
      const c = rc[i]!;
      const xv = x === null ? 0 : x[i]!;
      const gate = c <= 0 ? at(p.eps0, j) : 0;
      vv = fround(vv + fround(gate * xv));
      const rho = fround(at(p.rho0, j) * sexp(fround(fround(vv - at(p.thresh, j)) / at(p.dThresh, j))));
      const prob = fround(1 - sexp(fround(-rho * dt)));
      sProb[i] = prob;
      if (summed !== null) summed[i] = fround(summed[i]! + xv);
      const r = fround(c - dt);
      if (uniform[i]! < prob) {
        s[i] = 1;
        rc[i] = at(p.refrac, j);
        vv = at(p.reset, j);
      } else {
        s[i] = 0;
        rc[i] = r;
      }
      if (p.lbound !== null) {
        const lb = at(p.lbound, j);
        if (vv < lb) vv = lb;
      }
      v[i] = vv;
    }
  }
}

/** McCulloch-Pitts: v ← x; s = v ≥ thresh. */
export function mcpStep(v: Float32Array, s: Uint8Array, x: Float32Array | null, batch: number, n: number, thresh: Param): void {
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) {
      const i = o + j;
      const vv = x === null ? 0 : x[i]!;
      v[i] = vv;
      s[i] = vv >= at(thresh, j) ? 1 : 0;
    }
  }
}

/**
 * Cumulative SRM: v ← decay·v; if learning θ ← θ·θdecay;
 * v ← v + Σ_k resKernel[k]·x[b, k, j] + Σ_k refKernel[k]·lastSpikes[b, k, j];
 * s = v ≥ thresh + θ; if learning θ ← θ + θplus·Σ_batch s; lastSpikes shifts left by one and
 * takes s; lbound. `x` is [batch, resWindow, n], `lastSpikes` [batch, refWindow, n].
 */
export function csrmStep(
  v: Float32Array,
  s: Uint8Array,
  theta: Float32Array,
  lastSpikes: Float32Array,
  x: Float32Array | null,
  batch: number,
  n: number,
  p: { decay: Param; thresh: Param; thetaDecay: Param; thetaPlus: Param; learning: boolean; resKernel: Float32Array; refKernel: Float32Array; lbound: Param | null },
  count: Float32Array,
): void {
  const rw = p.resKernel.length;
  const fw = p.refKernel.length;
  if (p.learning) for (let j = 0; j < n; j++) theta[j] = fround(theta[j]! * at(p.thetaDecay, j));
  count.fill(0, 0, n);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < n; j++) {
      const i = b * n + j;
      let vv = fround(v[i]! * at(p.decay, j));
      let res = 0;
      if (x !== null) for (let k = 0; k < rw; k++) res = fround(res + fround(p.resKernel[k]! * x[(b * rw + k) * n + j]!));
      let ref = 0;
      for (let k = 0; k < fw; k++) ref = fround(ref + fround(p.refKernel[k]! * lastSpikes[(b * fw + k) * n + j]!));
      vv = fround(vv + fround(res + ref));
      const sp = vv >= fround(at(p.thresh, j) + theta[j]!) ? 1 : 0;
      s[i] = sp;
      count[j]! += sp;
      if (p.lbound !== null) {
        const lb = at(p.lbound, j);
        if (vv < lb) vv = lb;
      }
      v[i] = vv;
    }
    // shift the refractory window left and append this step's spikes
    const base = b * fw * n;
    if (fw > 0) {
      lastSpikes.copyWithin(base, base + n, base + fw * n);
      for (let j = 0; j < n; j++) lastSpikes[base + (fw - 1) * n + j] = s[b * n + j]!;
    }
  }
  if (p.learning) for (let j = 0; j < n; j++) theta[j] = fround(theta[j]! + fround(at(p.thetaPlus, j) * count[j]!));
}
