// Fused neuron steps (mirrors src/backend/js/neurons.ts): each lane is one neuron, every
// operation is the float32 operation of the js kernel in the same order, and selects replace
// its branches, so state carries the same bits. A parameter comes as (address, value): a
// per-neuron float32 array at `address` when it is non-zero, else the scalar `value`.
// Spikes (s) are u8. Lanes run four neurons of one batch row at a time; the scalar tail
// repeats the same arithmetic.

@inline function pv(p: usize, v: f32, j: i32): v128 {
  return p ? v128.load(p + (<usize>j << 2)) : f32x4.splat(v);
}
@inline function ps(p: usize, v: f32, j: i32): f32 {
  return p ? load<f32>(p + (<usize>j << 2)) : v;
}
/** Four i32x4 mask lanes (all ones / zero) as four bytes 1 / 0. */
@inline function maskBytes(m: v128): u32 {
  const b = <u32>i32x4.bitmask(m);
  return (b & 1) | ((b & 2) << 7) | ((b & 4) << 14) | ((b & 8) << 21);
}
@inline function a4(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/**
 * LIF step. decay/rest/reset/thresh/refrac/lbound are (address, value) params; x and summed
 * are 0 when absent; hasLb says whether lbound applies.
 */
export function lifStep(
  v: usize, rc: usize, s: usize, x: usize, summed: usize, batch: i32, n: i32,
  decP: usize, decV: f32, restP: usize, restV: f32, resetP: usize, resetV: f32,
  thrP: usize, thrV: f32, refP: usize, refV: f32, dt: f32, hasLb: bool, lbP: usize, lbV: f32,
): void {
  const zero = f32x4.splat(0);
  const dtv = f32x4.splat(dt);
  // number parameters (the usual case): their vectors made once, outside the loop
  const scalar = decP == 0 && restP == 0 && resetP == 0 && thrP == 0 && refP == 0 && lbP == 0;
  const dec = f32x4.splat(decV), rest = f32x4.splat(restV), reset = f32x4.splat(resetV);
  const thr = f32x4.splat(thrV), ref = f32x4.splat(refV), lb = f32x4.splat(lbV);
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    let j: i32 = 0;
    // (per-neuron parameter arrays, which are rare, take the one-at-a-time loop below)
    if (scalar) {
      for (; j + 4 <= n; j += 4) {
        const i = o + j;
        let vv = f32x4.add(f32x4.mul(dec, f32x4.sub(v128.load(a4(v, i)), rest)), rest);
        const c = v128.load(a4(rc, i));
        const xi = x ? v128.andnot(v128.load(a4(x, i)), f32x4.gt(c, zero)) : zero;
        const r = f32x4.sub(c, dtv);
        vv = f32x4.add(vv, xi);
        if (summed) v128.store(a4(summed, i), f32x4.add(v128.load(a4(summed, i)), xi));
        const spk = f32x4.ge(vv, thr);
        v128.store(a4(rc, i), v128.bitselect(ref, r, spk));
        vv = v128.bitselect(reset, vv, spk);
        if (hasLb) vv = v128.bitselect(lb, vv, f32x4.lt(vv, lb));
        v128.store(a4(v, i), vv);
        store<u32>(s + <usize>i, maskBytes(spk));
      }
    }
    for (; j < n; j++) {
      const i = o + j;
      const rest = ps(restP, restV, j);
      let vv = ps(decP, decV, j) * (load<f32>(a4(v, i)) - rest) + rest;
      const c = load<f32>(a4(rc, i));
      const xi: f32 = x == 0 || c > 0 ? 0 : load<f32>(a4(x, i));
      const r = c - dt;
      vv = vv + xi;
      if (summed) store<f32>(a4(summed, i), load<f32>(a4(summed, i)) + xi);
      spikeReset(v, rc, s, i, vv, r, ps(thrP, thrV, j), ps(refP, refV, j), ps(resetP, resetV, j), hasLb, ps(lbP, lbV, j));
    }
  }
}

@inline function spikeReset(v: usize, rc: usize, s: usize, i: i32, vv: f32, r: f32, thresh: f32, refrac: f32, reset: f32, hasLb: bool, lb: f32): void {
  if (vv >= thresh) {
    store<u8>(s + <usize>i, 1);
    store<f32>(a4(rc, i), refrac);
    vv = reset;
  } else {
    store<u8>(s + <usize>i, 0);
    store<f32>(a4(rc, i), r);
  }
  if (hasLb && vv < lb) vv = lb;
  store<f32>(a4(v, i), vv);
}

/** Boosted LIF: decays toward 0, resets to 0, no lbound. */
export function boostedLifStep(
  v: usize, rc: usize, s: usize, x: usize, summed: usize, batch: i32, n: i32,
  decP: usize, decV: f32, thrP: usize, thrV: f32, refP: usize, refV: f32, dt: f32,
): void {
  const zero = f32x4.splat(0);
  const dtv = f32x4.splat(dt);
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    let j: i32 = 0;
    for (; j + 4 <= n; j += 4) {
      const i = o + j;
      let vv = f32x4.mul(v128.load(a4(v, i)), pv(decP, decV, j));
      const c = v128.load(a4(rc, i));
      const xi = x ? v128.andnot(v128.load(a4(x, i)), f32x4.gt(c, zero)) : zero;
      const r = f32x4.sub(c, dtv);
      vv = f32x4.add(vv, xi);
      if (summed) v128.store(a4(summed, i), f32x4.add(v128.load(a4(summed, i)), xi));
      const spk = f32x4.ge(vv, pv(thrP, thrV, j));
      v128.store(a4(rc, i), v128.bitselect(pv(refP, refV, j), r, spk));
      v128.store(a4(v, i), v128.bitselect(zero, vv, spk));
      store<u32>(s + <usize>i, maskBytes(spk));
    }
    for (; j < n; j++) {
      const i = o + j;
      let vv = load<f32>(a4(v, i)) * ps(decP, decV, j);
      const c = load<f32>(a4(rc, i));
      const xi: f32 = x == 0 || c > 0 ? 0 : load<f32>(a4(x, i));
      const r = c - dt;
      vv = vv + xi;
      if (summed) store<f32>(a4(summed, i), load<f32>(a4(summed, i)) + xi);
      spikeReset(v, rc, s, i, vv, r, ps(thrP, thrV, j), ps(refP, refV, j), 0, false, 0);
    }
  }
}

/** IF: v ← v + x where refracCount ≤ 0 (no add otherwise); summed takes the raw input. */
export function ifStep(
  v: usize, rc: usize, s: usize, x: usize, summed: usize, batch: i32, n: i32,
  resetP: usize, resetV: f32, thrP: usize, thrV: f32, refP: usize, refV: f32, dt: f32, hasLb: bool, lbP: usize, lbV: f32,
): void {
  const zero = f32x4.splat(0);
  const dtv = f32x4.splat(dt);
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    let j: i32 = 0;
    for (; j + 4 <= n; j += 4) {
      const i = o + j;
      const c = v128.load(a4(rc, i));
      const xv = x ? v128.load(a4(x, i)) : zero;
      const v0 = v128.load(a4(v, i));
      let vv = v128.bitselect(f32x4.add(v0, xv), v0, f32x4.le(c, zero));
      if (summed) v128.store(a4(summed, i), f32x4.add(v128.load(a4(summed, i)), xv));
      const spk = f32x4.ge(vv, pv(thrP, thrV, j));
      v128.store(a4(rc, i), v128.bitselect(pv(refP, refV, j), f32x4.sub(c, dtv), spk));
      vv = v128.bitselect(pv(resetP, resetV, j), vv, spk);
      if (hasLb) {
        const lb = pv(lbP, lbV, j);
        vv = v128.bitselect(lb, vv, f32x4.lt(vv, lb));
      }
      v128.store(a4(v, i), vv);
      store<u32>(s + <usize>i, maskBytes(spk));
    }
    for (; j < n; j++) {
      const i = o + j;
      const c = load<f32>(a4(rc, i));
      const xv: f32 = x ? load<f32>(a4(x, i)) : 0;
      const v0 = load<f32>(a4(v, i));
      const vv = c <= 0 ? v0 + xv : v0;
      if (summed) store<f32>(a4(summed, i), load<f32>(a4(summed, i)) + xv);
      spikeReset(v, rc, s, i, vv, c - dt, ps(thrP, thrV, j), ps(refP, refV, j), ps(resetP, resetV, j), hasLb, ps(lbP, lbV, j));
    }
  }
}

/** Current-based LIF (see the js kernel for the order of the refractory gate). */
export function currentLifStep(
  v: usize, cur: usize, rc: usize, s: usize, x: usize, summed: usize, batch: i32, n: i32,
  decP: usize, decV: f32, restP: usize, restV: f32, resetP: usize, resetV: f32,
  thrP: usize, thrV: f32, refP: usize, refV: f32, dt: f32, hasLb: bool, lbP: usize, lbV: f32, idP: usize, idV: f32,
): void {
  const zero = f32x4.splat(0);
  const dtv = f32x4.splat(dt);
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    let j: i32 = 0;
    for (; j + 4 <= n; j += 4) {
      const i = o + j;
      const rest = pv(restP, restV, j);
      let vv = f32x4.add(f32x4.mul(pv(decP, decV, j), f32x4.sub(v128.load(a4(v, i)), rest)), rest);
      const xv = x ? v128.load(a4(x, i)) : zero;
      const r = f32x4.sub(v128.load(a4(rc, i)), dtv);
      const ci = f32x4.add(f32x4.mul(v128.load(a4(cur, i)), pv(idP, idV, j)), xv);
      v128.store(a4(cur, i), ci);
      vv = v128.bitselect(f32x4.add(vv, ci), vv, f32x4.le(r, zero));
      if (summed) v128.store(a4(summed, i), f32x4.add(v128.load(a4(summed, i)), xv));
      const spk = f32x4.ge(vv, pv(thrP, thrV, j));
      v128.store(a4(rc, i), v128.bitselect(pv(refP, refV, j), r, spk));
      vv = v128.bitselect(pv(resetP, resetV, j), vv, spk);
      if (hasLb) {
        const lb = pv(lbP, lbV, j);
        vv = v128.bitselect(lb, vv, f32x4.lt(vv, lb));
      }
      v128.store(a4(v, i), vv);
      store<u32>(s + <usize>i, maskBytes(spk));
    }
    for (; j < n; j++) {
      const i = o + j;
      const rest = ps(restP, restV, j);
      let vv = ps(decP, decV, j) * (load<f32>(a4(v, i)) - rest) + rest;
      const xv: f32 = x ? load<f32>(a4(x, i)) : 0;
      const r = load<f32>(a4(rc, i)) - dt;
      const ci = load<f32>(a4(cur, i)) * ps(idP, idV, j) + xv;
      store<f32>(a4(cur, i), ci);
      if (r <= 0) vv = vv + ci;
      if (summed) store<f32>(a4(summed, i), load<f32>(a4(summed, i)) + xv);
      spikeReset(v, rc, s, i, vv, r, ps(thrP, thrV, j), ps(refP, refV, j), ps(resetP, resetV, j), hasLb, ps(lbP, lbV, j));
    }
  }
}

/** Adaptive-threshold LIF (Diehl & Cook's first part); theta and count are [n]. */
export function adaptiveLifStep(
  v: usize, rc: usize, s: usize, theta: usize, x: usize, summed: usize, batch: i32, n: i32,
  decP: usize, decV: f32, restP: usize, restV: f32, resetP: usize, resetV: f32,
  thrP: usize, thrV: f32, refP: usize, refV: f32, dt: f32, hasLb: bool, lbP: usize, lbV: f32,
  tdP: usize, tdV: f32, tpP: usize, tpV: f32, learning: bool, count: usize,
): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const dtv = f32x4.splat(dt);
  let j: i32 = 0;
  if (learning) {
    for (j = 0; j + 4 <= n; j += 4) v128.store(a4(theta, j), f32x4.mul(v128.load(a4(theta, j)), pv(tdP, tdV, j)));
    for (; j < n; j++) store<f32>(a4(theta, j), load<f32>(a4(theta, j)) * ps(tdP, tdV, j));
  }
  memory.fill(count, 0, <usize>n << 2);
  // number parameters (the usual case): their vectors made once, outside the loop
  const scalar = decP == 0 && restP == 0 && resetP == 0 && thrP == 0 && refP == 0 && lbP == 0;
  const dec = f32x4.splat(decV), rest = f32x4.splat(restV), reset = f32x4.splat(resetV);
  const thr = f32x4.splat(thrV), ref = f32x4.splat(refV), lb = f32x4.splat(lbV);
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    j = 0;
    // (per-neuron parameter arrays, which are rare, take the one-at-a-time loop below)
    if (scalar) {
      for (; j + 4 <= n; j += 4) {
        const i = o + j;
        let vv = f32x4.add(f32x4.mul(dec, f32x4.sub(v128.load(a4(v, i)), rest)), rest);
        const c = v128.load(a4(rc, i));
        const xv = x ? v128.load(a4(x, i)) : zero;
        vv = v128.bitselect(f32x4.add(vv, xv), vv, f32x4.le(c, zero));
        if (summed) v128.store(a4(summed, i), f32x4.add(v128.load(a4(summed, i)), xv));
        const spk = f32x4.ge(vv, f32x4.add(thr, v128.load(a4(theta, j))));
        v128.store(a4(rc, i), v128.bitselect(ref, f32x4.sub(c, dtv), spk));
        vv = v128.bitselect(reset, vv, spk);
        if (hasLb) vv = v128.bitselect(lb, vv, f32x4.lt(vv, lb));
        v128.store(a4(v, i), vv);
        store<u32>(s + <usize>i, maskBytes(spk));
        v128.store(a4(count, j), f32x4.add(v128.load(a4(count, j)), v128.and(spk, one)));
      }
    }
    for (; j < n; j++) {
      const i = o + j;
      const rest = ps(restP, restV, j);
      let vv = ps(decP, decV, j) * (load<f32>(a4(v, i)) - rest) + rest;
      const c = load<f32>(a4(rc, i));
      const xv: f32 = x ? load<f32>(a4(x, i)) : 0;
      if (c <= 0) vv = vv + xv;
      if (summed) store<f32>(a4(summed, i), load<f32>(a4(summed, i)) + xv);
      spikeReset(v, rc, s, i, vv, c - dt, ps(thrP, thrV, j) + load<f32>(a4(theta, j)), ps(refP, refV, j), ps(resetP, resetV, j), hasLb, ps(lbP, lbV, j));
      store<f32>(a4(count, j), load<f32>(a4(count, j)) + <f32>load<u8>(s + <usize>i));
    }
  }
  if (learning) {
    for (j = 0; j + 4 <= n; j += 4) v128.store(a4(theta, j), f32x4.add(v128.load(a4(theta, j)), f32x4.mul(pv(tpP, tpV, j), v128.load(a4(count, j)))));
    for (; j < n; j++) store<f32>(a4(theta, j), load<f32>(a4(theta, j)) + ps(tpP, tpV, j) * load<f32>(a4(count, j)));
  }
}

/** McCulloch-Pitts: v ← x (0 without input); s = v ≥ thresh. */
export function mcpStep(v: usize, s: usize, x: usize, batch: i32, n: i32, thrP: usize, thrV: f32): void {
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    let j: i32 = 0;
    for (; j + 4 <= n; j += 4) {
      const i = o + j;
      const vv = x ? v128.load(a4(x, i)) : f32x4.splat(0);
      v128.store(a4(v, i), vv);
      store<u32>(s + <usize>i, maskBytes(f32x4.ge(vv, pv(thrP, thrV, j))));
    }
    for (; j < n; j++) {
      const i = o + j;
      const vv: f32 = x ? load<f32>(a4(x, i)) : 0;
      store<f32>(a4(v, i), vv);
      store<u8>(s + <usize>i, vv >= ps(thrP, thrV, j) ? 1 : 0);
    }
  }
}

/**
 * Traces: x ← x·decay, then x ← x + scale·s (additive) or x ← scale where s ≠ 0.
 * `sF32` says whether s holds float32 values (else u8).
 */
export function traceStep(x: usize, s: usize, sF32: bool, batch: i32, n: i32, decP: usize, decV: f32, scP: usize, scV: f32, additive: bool): void {
  const zero = f32x4.splat(0);
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    let j: i32 = 0;
    for (; j + 4 <= n; j += 4) {
      const i = o + j;
      let xv = f32x4.mul(v128.load(a4(x, i)), pv(decP, decV, j));
      const sv = sF32 ? v128.load(a4(s, i)) : f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(s + <usize>i))));
      const sc = pv(scP, scV, j);
      if (additive) xv = f32x4.add(xv, f32x4.mul(sc, sv));
      else xv = v128.bitselect(xv, sc, f32x4.eq(sv, zero));
      v128.store(a4(x, i), xv);
    }
    for (; j < n; j++) {
      const i = o + j;
      let xv = load<f32>(a4(x, i)) * ps(decP, decV, j);
      const sv: f32 = sF32 ? load<f32>(a4(s, i)) : <f32>load<u8>(s + <usize>i);
      if (additive) xv = xv + ps(scP, scV, j) * sv;
      else if (sv != 0) xv = ps(scP, scV, j);
      store<f32>(a4(x, i), xv);
    }
  }
}

/** summed ← summed + input (float32; input f32 or u8). */
export function sumInputStep(summed: usize, input: usize, inF32: bool, total: i32): void {
  let i: i32 = 0;
  for (; i + 4 <= total; i += 4) {
    const x = inF32 ? v128.load(a4(input, i)) : f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(input + <usize>i))));
    v128.store(a4(summed, i), f32x4.add(v128.load(a4(summed, i)), x));
  }
  for (; i < total; i++) {
    const x: f32 = inF32 ? load<f32>(a4(input, i)) : <f32>load<u8>(input + <usize>i);
    store<f32>(a4(summed, i), load<f32>(a4(summed, i)) + x);
  }
}
