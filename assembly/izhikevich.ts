// Izhikevich step (mirrors izhikevichStep in src/backend/js/neurons.ts, scalar, the same
// float32 operations in the same order). The recurrent input of each neuron is the torch-order
// sum of its S row over the neurons that spiked (tsumAllF32, as the js kernel's tsumAll).
import { tsumAllF32 } from "./fsum";

@inline function ps(p: usize, v: f32, j: i32): f32 {
  return p ? load<f32>(p + (<usize>j << 2)) : v;
}

export function izhikevichStepF32(
  v: usize, u: usize, s: usize, x: usize, xeff: usize, batch: i32, n: i32,
  aP: usize, aV: f32, bP: usize, bV: f32, cP: usize, cV: f32, dP: usize, dV: f32,
  S: usize, thP: usize, thV: f32, dt: f32, hasLb: bool, lbP: usize, lbV: f32,
  gather: usize, spiking: usize,
): void {
  const half: f32 = dt * <f32>0.5;
  const c04: f32 = <f32>0.04;
  for (let bi: i32 = 0; bi < batch; bi++) {
    const o = bi * n;
    let k: i32 = 0;
    for (let j: i32 = 0; j < n; j++) {
      const i = <usize>(o + j);
      if (load<u8>(s + i) != 0) {
        store<f32>(v + (i << 2), ps(cP, cV, j));
        store<f32>(u + (i << 2), load<f32>(u + (i << 2)) + ps(dP, dV, j));
        store<i32>(spiking + (<usize>k << 2), j);
        k++;
      }
      store<f32>(xeff + (i << 2), x ? load<f32>(x + (i << 2)) : <f32>0);
    }
    if (k > 0) {
      for (let post: i32 = 0; post < n; post++) {
        const row = <usize>post * <usize>n;
        for (let q: i32 = 0; q < k; q++) {
          store<f32>(gather + (<usize>q << 2), load<f32>(S + ((row + <usize>load<i32>(spiking + (<usize>q << 2))) << 2)));
        }
        const e = xeff + (<usize>(o + post) << 2);
        store<f32>(e, load<f32>(e) + tsumAllF32(gather, k));
      }
    }
    for (let j: i32 = 0; j < n; j++) {
      const i = <usize>(o + j) << 2;
      let vv = load<f32>(v + i);
      let uu = load<f32>(u + i);
      const xi = load<f32>(xeff + i);
      for (let h: i32 = 0; h < 2; h++) {
        let dv: f32 = ((c04 * (vv * vv)) + (<f32>5 * vv)) + <f32>140;
        dv = (dv - uu) + xi;
        vv = vv + half * dv;
      }
      uu = uu + (dt * ps(aP, aV, j)) * ((ps(bP, bV, j) * vv) - uu);
      if (hasLb) {
        const lb = ps(lbP, lbV, j);
        if (vv < lb) vv = lb;
      }
      store<f32>(v + i, vv);
      store<f32>(u + i, uu);
      store<u8>(s + <usize>(o + j), vv >= ps(thP, thV, j) ? 1 : 0);
    }
  }
}
