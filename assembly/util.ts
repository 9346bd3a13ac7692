// Shared row helpers. Every helper works element-wise across j (the output index): it never
// changes the order in which terms are added into one output element, so results carry the
// same float32 bits as the scalar js kernels.

/** o[j] += w[j] for j < n (float32). */
@inline
export function addRowF32(o: usize, w: usize, n: i32): void {
  let j: i32 = 0;
  for (; j + 16 <= n; j += 16) {
    const p = o + (<usize>j << 2);
    const q = w + (<usize>j << 2);
    v128.store(p, f32x4.add(v128.load(p), v128.load(q)));
    v128.store(p, f32x4.add(v128.load(p, 16), v128.load(q, 16)), 16);
    v128.store(p, f32x4.add(v128.load(p, 32), v128.load(q, 32)), 32);
    v128.store(p, f32x4.add(v128.load(p, 48), v128.load(q, 48)), 48);
  }
  for (; j + 4 <= n; j += 4) {
    const p = o + (<usize>j << 2);
    v128.store(p, f32x4.add(v128.load(p), v128.load(w + (<usize>j << 2))));
  }
  for (; j < n; j++) {
    const p = o + (<usize>j << 2);
    store<f32>(p, load<f32>(p) + load<f32>(w + (<usize>j << 2)));
  }
}

/** addRowF32 as a call: one copy of the loop where code size matters more than the call (cold or long rows). */
export function addRowCallF32(o: usize, w: usize, n: i32): void {
  addRowF32(o, w, n);
}

/** o[j] = (((o[j] + w0[j]) + w1[j]) + w2[j]) + w3[j] for j < n (float32, one rounding per add). */
@inline
export function add4RowsF32(o: usize, w0: usize, w1: usize, w2: usize, w3: usize, n: i32): void {
  let j: i32 = 0;
  for (; j + 8 <= n; j += 8) {
    const p = o + (<usize>j << 2);
    const q = <usize>j << 2;
    let a = v128.load(p);
    let c = v128.load(p, 16);
    a = f32x4.add(a, v128.load(w0 + q));
    c = f32x4.add(c, v128.load(w0 + q, 16));
    a = f32x4.add(a, v128.load(w1 + q));
    c = f32x4.add(c, v128.load(w1 + q, 16));
    a = f32x4.add(a, v128.load(w2 + q));
    c = f32x4.add(c, v128.load(w2 + q, 16));
    a = f32x4.add(a, v128.load(w3 + q));
    c = f32x4.add(c, v128.load(w3 + q, 16));
    v128.store(p, a);
    v128.store(p, c, 16);
  }
  for (; j < n; j++) {
    const p = o + (<usize>j << 2);
    const q = <usize>j << 2;
    let v: f32 = load<f32>(p);
    v = v + load<f32>(w0 + q);
    v = v + load<f32>(w1 + q);
    v = v + load<f32>(w2 + q);
    v = v + load<f32>(w3 + q);
    store<f32>(p, v);
  }
}

/** o[j] += a * w[j] for j < n (float32; the product is rounded before the add, no FMA). */
@inline
export function axpyRowF32(o: usize, w: usize, a: f32, n: i32): void {
  const av = f32x4.splat(a);
  let j: i32 = 0;
  for (; j + 8 <= n; j += 8) {
    const p = o + (<usize>j << 2);
    const q = w + (<usize>j << 2);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(av, v128.load(q))));
    v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(av, v128.load(q, 16))), 16);
  }
  for (; j + 4 <= n; j += 4) {
    const p = o + (<usize>j << 2);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(av, v128.load(w + (<usize>j << 2)))));
  }
  for (; j < n; j++) {
    const p = o + (<usize>j << 2);
    store<f32>(p, load<f32>(p) + a * load<f32>(w + (<usize>j << 2)));
  }
}

/** o[j] += a * w[j] for j < n (float64). */
@inline
export function axpyRowF64(o: usize, w: usize, a: f64, n: i32): void {
  const av = f64x2.splat(a);
  let j: i32 = 0;
  for (; j + 2 <= n; j += 2) {
    const p = o + (<usize>j << 3);
    v128.store(p, f64x2.add(v128.load(p), f64x2.mul(av, v128.load(w + (<usize>j << 3)))));
  }
  for (; j < n; j++) {
    const p = o + (<usize>j << 3);
    store<f64>(p, load<f64>(p) + a * load<f64>(w + (<usize>j << 3)));
  }
}

/** The least k with 2^k ≥ x (at most 31): the depth of torch's cascade sums. */
export function ceilLog2(x: i32): i32 {
  let k: i32 = 0;
  while (<f64>(1 << k) < <f64>x && k < 31) k++;
  return k;
}
