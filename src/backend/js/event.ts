/**
 * Event-driven kernels over spike *lists* (indices of the neurons that spiked), for
 * simulation loops that keep such lists between phases (src/models/fast-runner.ts): listing
 * spikes, input spike trains, propagation over the spiking rows, PostPre's row and column
 * updates and the clamps of what they touched, traces rebuilt from a decay chain.
 *
 * Arithmetic is float32 throughout with the rounding points of the dense formulation
 * (`w += outer(a·s_pre, x_post)` etc.), so a loop built on these kernels gives the numbers of
 * `Network.run` bit for bit; the wasm backend's versions give the same bits again.
 */

const fround = Math.fround;

/** Writes the indices j < n with s[off + j] ≠ 0, increasing, to `out`; returns how many. */
export function spikeList(s: Uint8Array, off: number, n: number, out: Int32Array): number {
  let k = 0;
  for (let j = 0; j < n; j++) if (s[off + j] !== 0) out[k++] = j;
  return k;
}

/**
 * One step of an input layer driven by a spike train: clears s at the `prevK` indices of
 * `list` (the previous step's spikes), then for every j < n with train[off + j] ≠ 0 sets
 * s[j] = train[off + j], appends j to `list` and sets last[j] = t. Returns the new count.
 */
export function inputSpikes(s: Uint8Array, list: Int32Array, prevK: number, train: Uint8Array, off: number, n: number, last: Int32Array, t: number): number {
  for (let q = 0; q < prevK; q++) s[list[q]!] = 0;
  let k = 0;
  for (let j = 0; j < n; j++) {
    const v = train[off + j]!;
    if (v !== 0) {
      s[j] = v;
      list[k++] = j;
      last[j] = t;
    }
  }
  return k;
}

/**
 * Traces that follow one chain after each spike: x[j] = chain[t − last[j]], or 0 where
 * last[j] < 0 (no spike yet). `chain[d]` is the trace d steps after a spike.
 */
export function chainTrace(x: Float32Array, last: Int32Array, chain: Float32Array, t: number, n: number): void {
  for (let j = 0; j < n; j++) {
    const l = last[j]!;
    x[j] = l < 0 ? 0 : chain[t - l]!;
  }
}

/**
 * Propagation over a spike list: r = Σ_{q<k} s[i]·w[i, :] with i = rows[q], summed from zero
 * in list order (rows with s[i] = 1 are added without the multiply). With `scratch` null, r
 * is written to out[0..nPost); otherwise r is built in scratch and then added to out (one
 * rounding per element, as a second connection's input adds to a layer's input).
 */
export function addRows(out: Float32Array, scratch: Float32Array | null, w: Float32Array, s: Uint8Array, rows: Int32Array, k: number, nPost: number): void {
  const r = scratch ?? out;
  r.fill(0, 0, nPost);
  for (let q = 0; q < k; q++) {
    const i = rows[q]!;
    const si = s[i]!;
    const o = i * nPost;
    if (si === 1) for (let j = 0; j < nPost; j++) r[j] += w[o + j]!;
    else for (let j = 0; j < nPost; j++) r[j] += fround(si * w[o + j]!);
  }
  if (scratch !== null) for (let j = 0; j < nPost; j++) out[j] = out[j]! + scratch[j]!;
}

/**
 * PostPre's depression over the spiking presynaptic rows: for i = rows[q], q < k,
 * c = fround(a·s[i]) and w[i, j] = fround(w[i, j] + fround(c·x[j])) for j < nPost; with
 * `clamp`, each updated weight is then clamped as clampRange does (`v < lo → lo`, then `v > hi → hi`).
 */
export function addScaledRows(w: Float32Array, rows: Int32Array, k: number, s: Uint8Array, a: number, x: Float32Array, nPost: number, clamp: boolean, lo: number, hi: number): void {
  for (let q = 0; q < k; q++) {
    const i = rows[q]!;
    const c = fround(a * s[i]!);
    const o = i * nPost;
    if (clamp) {
      for (let j = 0; j < nPost; j++) {
        let v = fround(w[o + j]! + fround(c * x[j]!));
        if (v < lo) v = lo;
        if (v > hi) v = hi;
        w[o + j] = v;
      }
    } else for (let j = 0; j < nPost; j++) w[o + j] += fround(c * x[j]!);
  }
}

/**
 * PostPre's potentiation over the spiking postsynaptic columns: for j = cols[q], q < k,
 * c = fround(a·s[j]) and w[i, j] = fround(w[i, j] + fround(x[i]·c)) for i < nPre.
 */
export function addScaledCols(w: Float32Array, cols: Int32Array, k: number, s: Uint8Array, a: number, x: Float32Array, nPre: number, nPost: number): void {
  if (k === 1) {
    const j = cols[0]!;
    const c = fround(a * s[j]!);
    for (let i = 0; i < nPre; i++) w[i * nPost + j] += fround(x[i]! * c);
    return;
  }
  // several columns: one pass over the rows (each weight still gets its one update)
  const cs = colScratch.length >= k ? colScratch : (colScratch = new Float64Array(k));
  for (let q = 0; q < k; q++) cs[q] = fround(a * s[cols[q]!]!);
  for (let i = 0; i < nPre; i++) {
    const xi = x[i]!;
    const o = i * nPost;
    for (let q = 0; q < k; q++) w[o + cols[q]!] += fround(xi * cs[q]!);
  }
}

let colScratch = new Float64Array(16);

/** Clamps the rows rows[0..k) of the row-major [*, nPost] matrix w to [lo, hi]. */
export function clampRows(w: Float32Array, rows: Int32Array, k: number, nPost: number, lo: number, hi: number): void {
  for (let q = 0; q < k; q++) {
    const o = rows[q]! * nPost;
    for (let j = 0; j < nPost; j++) {
      let v = w[o + j]!;
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      w[o + j] = v;
    }
  }
}
