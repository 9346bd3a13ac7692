// CSRM step (mirrors csrmStep in src/backend/js/neurons.ts, scalar, the same float32
// operations in the same order: the response and refractory windows are summed sequentially
// from zero, k = 0, 1, ...).

@inline function ps(p: usize, v: f32, j: i32): f32 {
  return p ? load<f32>(p + (<usize>j << 2)) : v;
}

export function csrmStepF32(
  v: usize, s: usize, theta: usize, lastSpikes: usize, x: usize, batch: i32, n: i32,
  decP: usize, decV: f32, thrP: usize, thrV: f32, tdP: usize, tdV: f32, tpP: usize, tpV: f32,
  learning: bool, resK: usize, rw: i32, refK: usize, fw: i32, hasLb: bool, lbP: usize, lbV: f32, count: usize,
): void {
  if (learning) for (let j: i32 = 0; j < n; j++) store<f32>(theta + (<usize>j << 2), load<f32>(theta + (<usize>j << 2)) * ps(tdP, tdV, j));
  memory.fill(count, 0, <usize>n << 2);
  for (let b: i32 = 0; b < batch; b++) {
    for (let j: i32 = 0; j < n; j++) {
      const i = b * n + j;
      let vv: f32 = load<f32>(v + (<usize>i << 2)) * ps(decP, decV, j);
      let res: f32 = 0;
      if (x) {
        for (let k: i32 = 0; k < rw; k++) res = res + load<f32>(resK + (<usize>k << 2)) * load<f32>(x + (<usize>((b * rw + k) * n + j) << 2));
      }
      let ref: f32 = 0;
      for (let k: i32 = 0; k < fw; k++) ref = ref + load<f32>(refK + (<usize>k << 2)) * load<f32>(lastSpikes + (<usize>((b * fw + k) * n + j) << 2));
      vv = vv + (res + ref);
      const sp: u8 = vv >= ps(thrP, thrV, j) + load<f32>(theta + (<usize>j << 2)) ? 1 : 0;
      store<u8>(s + <usize>i, sp);
      const c = count + (<usize>j << 2);
      store<f32>(c, load<f32>(c) + <f32>sp);
      if (hasLb) {
        const lb = ps(lbP, lbV, j);
        if (vv < lb) vv = lb;
      }
      store<f32>(v + (<usize>i << 2), vv);
    }
    if (fw > 0) {
      const base = lastSpikes + (<usize>(b * fw * n) << 2);
      memory.copy(base, base + (<usize>n << 2), <usize>((fw - 1) * n) << 2);
      const last = base + (<usize>((fw - 1) * n) << 2);
      for (let j: i32 = 0; j < n; j++) store<f32>(last + (<usize>j << 2), <f32>load<u8>(s + <usize>(b * n + j)));
    }
  }
  if (learning) {
    for (let j: i32 = 0; j < n; j++) {
      const t = theta + (<usize>j << 2);
      store<f32>(t, load<f32>(t) + ps(tpP, tpV, j) * load<f32>(count + (<usize>j << 2)));
    }
  }
}
