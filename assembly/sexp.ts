// SLEEF's float32 exp as torch computes it (mirrors sexp / fma32 in src/backend/js/fmath.ts,
// operation for operation in f64 and f32, so the results carry the same bits).

function nextUp32(x: f64): f64 {
  if (isNaN(x) || x == Infinity) return x;
  if (x == 0) return 1.401298464324817e-45;
  let b = reinterpret<i32>(<f32>x);
  b += x > 0 ? 1 : -1;
  return <f64>reinterpret<f32>(b);
}

function nextDown32(x: f64): f64 {
  return -nextUp32(-x);
}

/** fround(a·b + c) with one rounding (a, b, c float32 values), as the js fma32. */
export function fma32(a: f64, b: f64, c: f64): f64 {
  const p = a * b;
  const s = p + c;
  const bb = s - c;
  const e = p - bb + (c - (s - bb));
  let r = <f64><f32>s;
  if (e != 0 && isFinite(r)) {
    const up = nextUp32(r);
    const dn = nextDown32(r);
    if (s - r == (up - r) / 2 && e > 0) r = up;
    else if (s - r == -(r - dn) / 2 && e < 0) r = dn;
  }
  return r;
}

const R_LN2: f64 = <f64><f32>1.442695040888963407359924681001892137426645954152985934135449406931;
const L2U: f64 = <f64><f32>0.693145751953125;
const L2L: f64 = <f64><f32>1.428606765330187045e-6;
const P0: f64 = <f64><f32>0.000198527617612853646278381;
const P1: f64 = <f64><f32>0.00139304355252534151077271;
const P2: f64 = <f64><f32>0.00833336077630519866943359;
const P3: f64 = <f64><f32>0.0416664853692054748535156;
const P4: f64 = <f64><f32>0.166666671633720397949219;
const P5: f64 = <f64><f32>0.5;

@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<i64>(k + 1023) << 52);
}

/** float32 exp(x) (SLEEF expf_u10 as torch); x is rounded to float32 first. */
export function sexpF32(x: f64): f32 {
  const d = <f64><f32>x;
  if (isNaN(d)) return NaN;
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  const q = nearest<f64>(<f64><f32>(d * R_LN2));
  let s = fma32(q, -L2U, d);
  s = fma32(q, -L2L, s);
  let u = P0;
  u = fma32(u, s, P1);
  u = fma32(u, s, P2);
  u = fma32(u, s, P3);
  u = fma32(u, s, P4);
  u = fma32(u, s, P5);
  u = <f64><f32>(1 + fma32(<f64><f32>(s * s), u, s));
  const qi = <i32>q;
  const h = qi >> 1;
  return <f32>(u * pow2(h) * pow2(qi - h));
}

@inline function ps(p: usize, v: f32, j: i32): f32 {
  return p ? load<f32>(p + (<usize>j << 2)) : v;
}

/**
 * SRM0 step (mirrors srm0Step in src/backend/js/neurons.ts, scalar, the same float32
 * operations in the same order, exp by sexpF32). x and summed are 0 when absent.
 */
export function srm0StepF32(
  v: usize, rc: usize, s: usize, sProb: usize, uniform: usize, x: usize, summed: usize, batch: i32, n: i32,
  decP: usize, decV: f32, restP: usize, restV: f32, resetP: usize, resetV: f32,
  thrP: usize, thrV: f32, refP: usize, refV: f32, dt: f32, hasLb: bool, lbP: usize, lbV: f32,
  epsP: usize, epsV: f32, rhoP: usize, rhoV: f32, dthP: usize, dthV: f32,
): void {
  for (let b: i32 = 0; b < batch; b++) {
    const o = b * n;
    for (let j: i32 = 0; j < n; j++) {
      const i = <usize>(o + j) << 2;
      const rest = ps(restP, restV, j);
      let vv: f32 = ps(decP, decV, j) * (load<f32>(v + i) - rest) + rest;
      const c = load<f32>(rc + i);
      const xv: f32 = x ? load<f32>(x + i) : <f32>0;
      const gate: f32 = c <= 0 ? ps(epsP, epsV, j) : <f32>0;
      vv = vv + gate * xv;
      const rho: f32 = ps(rhoP, rhoV, j) * sexpF32(<f64>((vv - ps(thrP, thrV, j)) / ps(dthP, dthV, j)));
      const prob: f32 = <f32>1 - sexpF32(<f64>(-rho * dt));
      store<f32>(sProb + i, prob);
      if (summed) store<f32>(summed + i, load<f32>(summed + i) + xv);
      const r: f32 = c - dt;
      if (load<f32>(uniform + i) < prob) {
        store<u8>(s + <usize>(o + j), 1);
        store<f32>(rc + i, ps(refP, refV, j));
        vv = ps(resetP, resetV, j);
      } else {
        store<u8>(s + <usize>(o + j), 0);
        store<f32>(rc + i, r);
      }
      if (hasLb) {
        const lb = ps(lbP, lbV, j);
        if (vv < lb) vv = lb;
      }
      store<f32>(v + i, vv);
    }
  }
}
