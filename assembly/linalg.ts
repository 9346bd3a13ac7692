// Dense matrix product (mirrors gemm in src/backend/js/linalg.ts): every output element sums
// its k terms in increasing k from zero, the product rounded before the add, so vectorising
// across j leaves each element's order unchanged. Arguments are element offsets already
// folded into the addresses.

@inline function a4(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

const KB: i32 = 128;
const JB: i32 = 512;

/** out[M, N] = a[M, K] @ b[K, N] in float32, tiled over (j, k) as the js kernel is. */
export function gemmF32(out: usize, a: usize, b: usize, M: i32, K: i32, N: i32): void {
  memory.fill(out, 0, <usize>M * <usize>N << 2);
  for (let j0: i32 = 0; j0 < N; j0 += JB) {
    const j1 = min(N, j0 + JB);
    for (let k0: i32 = 0; k0 < K; k0 += KB) {
      const k1 = min(K, k0 + KB);
      for (let i: i32 = 0; i < M; i++) {
        const oRow = out + (<usize>i * <usize>N << 2);
        const aRow = a + (<usize>i * <usize>K << 2);
        for (let k = k0; k < k1; k++) {
          const aik = load<f32>(a4(aRow, k));
          const av = f32x4.splat(aik);
          const bRow = b + (<usize>k * <usize>N << 2);
          let j = j0;
          for (; j + 8 <= j1; j += 8) {
            const o = a4(oRow, j);
            const q = a4(bRow, j);
            v128.store(o, f32x4.add(v128.load(o), f32x4.mul(av, v128.load(q))));
            v128.store(o, f32x4.add(v128.load(o, 16), f32x4.mul(av, v128.load(q, 16))), 16);
          }
          for (; j + 4 <= j1; j += 4) v128.store(a4(oRow, j), f32x4.add(v128.load(a4(oRow, j)), f32x4.mul(av, v128.load(a4(bRow, j)))));
          for (; j < j1; j++) store<f32>(a4(oRow, j), load<f32>(a4(oRow, j)) + aik * load<f32>(a4(bRow, j)));
        }
      }
    }
  }
}

/** out[M, N] = a[M, K] @ b[K, N] in float64. */
export function gemmF64(out: usize, a: usize, b: usize, M: i32, K: i32, N: i32): void {
  memory.fill(out, 0, <usize>M * <usize>N << 3);
  for (let j0: i32 = 0; j0 < N; j0 += JB) {
    const j1 = min(N, j0 + JB);
    for (let k0: i32 = 0; k0 < K; k0 += KB) {
      const k1 = min(K, k0 + KB);
      for (let i: i32 = 0; i < M; i++) {
        const oRow = out + (<usize>i * <usize>N << 3);
        const aRow = a + (<usize>i * <usize>K << 3);
        for (let k = k0; k < k1; k++) {
          const aik = load<f64>(aRow + (<usize>k << 3));
          const av = f64x2.splat(aik);
          const bRow = b + (<usize>k * <usize>N << 3);
          let j = j0;
          for (; j + 2 <= j1; j += 2) {
            const o = oRow + (<usize>j << 3);
            v128.store(o, f64x2.add(v128.load(o), f64x2.mul(av, v128.load(bRow + (<usize>j << 3)))));
          }
          for (; j < j1; j++) {
            const o = oRow + (<usize>j << 3);
            store<f64>(o, load<f64>(o) + aik * load<f64>(bRow + (<usize>j << 3)));
          }
        }
      }
    }
  }
}
