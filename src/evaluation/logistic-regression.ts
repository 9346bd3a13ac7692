/**
 * A small multinomial logistic regression, standing in for scikit-learn's
 * `LogisticRegression` (which the reference's `logreg_fit` / `logreg_predict` wrap).
 *
 * Model: for classes `c_0 < … < c_{K-1}` (the sorted distinct labels),
 * `z_k(x) = W_k·x + b_k`, `P(c_k | x) = softmax(z)_k`. With two classes only `W_1, b_1` are
 * free and `W_0 = 0, b_0 = 0`, which is exactly binary logistic regression (scikit-learn's
 * binary model); with more, all K rows are free (scikit-learn's multinomial model).
 *
 * Training minimises scikit-learn's objective (L2 penalty, intercept not penalised), scaled
 * by 1/n: `L = (1/n) Σ_i [logsumexp z(x_i) − z_{y_i}(x_i)] + ||W||² / (2·C·n)`, with L-BFGS
 * (memory 10, backtracking Armijo line search), stopping when the largest gradient entry is
 * at most `tol` or after `maxIter` iterations, like scikit-learn's lbfgs solver. The minimiser
 * is the same as scikit-learn's, so predictions agree; coefficients agree only to the
 * solver's tolerance, not bit for bit.
 */
import { checkOptions } from "../options.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { Tensor, tensor, zeros } from "../tensor/index.js";

/** Options of {@link LogisticRegression}, scikit-learn's names and defaults. */
export interface LogisticRegressionOptions {
  /** Inverse L2 regularisation strength (default 1). */
  C?: number;
  /** Most L-BFGS iterations (default 100). */
  maxIter?: number;
  /** Stop when the largest gradient entry is at most this (default 1e-4). */
  tol?: number;
  /** Learn a bias per class (default true). */
  fitIntercept?: boolean;
}

function matrix(op: string, arg: string, x: unknown): { v: Float64Array; n: number; f: number } {
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(x)}, expected a Tensor`);
  if (x.ndim !== 2) throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(x.shape)}, expected 2 dims [nSamples, nFeatures]`);
  const v = Float64Array.from(x.toFlatArray());
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) throw new ValueError(`${op}: ${arg} holds ${v[i]}, expected finite values`);
  }
  return { v, n: x.shape[0]!, f: x.shape[1]! };
}

/** Multinomial (or binary) logistic regression trained with L-BFGS. */
export class LogisticRegression {
  readonly C: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly fitIntercept: boolean;
  /** `[K, nFeatures]` float64 weights (`[1, nFeatures]` with two classes, like scikit-learn's `coef_`); null before `fit`. */
  coef: Tensor | null = null;
  /** `[K]` (or `[1]`) float64 biases; null before `fit`. */
  intercept: Tensor | null = null;
  /** The sorted distinct labels seen by `fit`. */
  classes: number[] | null = null;
  /** L-BFGS iterations the last `fit` took. */
  nIter = 0;

  constructor(opts: LogisticRegressionOptions = {}) {
    const op = "LogisticRegression";
    checkOptions(op, opts, ["C", "maxIter", "tol", "fitIntercept"]);
    opts ??= {};
    this.C = opts.C ?? 1;
    this.maxIter = opts.maxIter ?? 100;
    this.tol = opts.tol ?? 1e-4;
    this.fitIntercept = opts.fitIntercept ?? true;
    if (!(this.C > 0) || !Number.isFinite(this.C)) throw new ValueError(`${op}: C is ${fmtValue(opts.C)}, expected a positive number`);
    if (!Number.isInteger(this.maxIter) || this.maxIter < 1) throw new ValueError(`${op}: maxIter is ${fmtValue(opts.maxIter)}, expected a positive integer`);
    if (!(this.tol >= 0)) throw new ValueError(`${op}: tol is ${fmtValue(opts.tol)}, expected a non-negative number`);
  }

  /** True once `fit` has run. */
  get fitted(): boolean {
    return this.coef !== null;
  }

  /** Fits the model to `x` `[nSamples, nFeatures]` and integer labels `y` `[nSamples]`; returns `this`. */
  fit(x: Tensor, y: Tensor | readonly number[]): this {
    const op = "LogisticRegression.fit";
    const { v: X, n, f } = matrix(op, "x", x);
    const yt = y instanceof Tensor ? y : Array.isArray(y) ? tensor(y as number[], { dtype: "float64" }) : null;
    if (yt === null) throw new ValueError(`${op}: y is ${fmtValue(y)}, expected a Tensor or an array of integers`);
    if (yt.ndim !== 1 || yt.shape[0] !== n) throw new ShapeError(`${op}: y has shape ${fmtShape(yt.shape)}, expected [${n}] to match x's ${n} samples`);
    const yv = yt.toFlatArray();
    for (const l of yv) if (!Number.isInteger(l)) throw new ValueError(`${op}: y holds ${l}, expected integer labels`);
    const classes = [...new Set(yv)].sort((a, b) => a - b);
    if (classes.length < 2) {
      throw new ValueError(`${op}: y has ${classes.length} distinct class${classes.length === 1 ? ` (${classes[0]})` : "es"}, expected at least 2`);
    }
    const K = classes.length;
    const kf = K === 2 ? 1 : K; // free rows; with 2 classes class 0's row is pinned at 0
    const yi = Int32Array.from(yv, (l) => classes.indexOf(l));
    const nW = kf * f;
    const nP = nW + (this.fitIntercept ? kf : 0);
    const invN = 1 / n;
    const lam = 1 / (this.C * n);
    const z = new Float64Array(K);

    const lossGrad = (p: Float64Array, g: Float64Array): number => {
      g.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const xi = i * f;
        z[0] = 0;
        for (let k = 0; k < kf; k++) {
          let s = this.fitIntercept ? p[nW + k]! : 0;
          const wk = k * f;
          for (let j = 0; j < f; j++) s += p[wk + j]! * X[xi + j]!;
          z[K - kf + k] = s;
        }
        let m = -Infinity;
        for (let k = 0; k < K; k++) if (z[k]! > m) m = z[k]!;
        let se = 0;
        for (let k = 0; k < K; k++) se += Math.exp(z[k]! - m);
        const lse = m + Math.log(se);
        loss += lse - z[yi[i]!]!;
        for (let k = 0; k < kf; k++) {
          const cls = K - kf + k;
          const d = (Math.exp(z[cls]! - lse) - (yi[i] === cls ? 1 : 0)) * invN;
          if (d === 0) continue;
          const wk = k * f;
          for (let j = 0; j < f; j++) g[wk + j]! += d * X[xi + j]!;
          if (this.fitIntercept) g[nW + k]! += d;
        }
      }
      loss *= invN;
      for (let j = 0; j < nW; j++) {
        loss += 0.5 * lam * p[j]! * p[j]!;
        g[j]! += lam * p[j]!;
      }
      return loss;
    };

    const { p, iters } = lbfgs(lossGrad, new Float64Array(nP), this.maxIter, this.tol);
    this.classes = classes;
    this.nIter = iters;
    this.coef = tensor(p.slice(0, nW), { dtype: "float64", shape: [kf, f] });
    this.intercept = this.fitIntercept ? tensor(p.slice(nW), { dtype: "float64", shape: [kf] }) : zeros([kf], { dtype: "float64" });
    return this;
  }

  private requireFitted(op: string): { W: Float64Array; b: Float64Array; classes: number[] } {
    if (this.coef === null || this.intercept === null || this.classes === null) throw new ValueError(`${op}: the model is not fitted, expected fit(x, y) first`);
    return { W: this.coef.data as Float64Array, b: this.intercept.data as Float64Array, classes: this.classes };
  }

  /** Class scores `z` `[nSamples, K]` (float64); with two classes the first column is 0. */
  decisionFunction(x: Tensor): Tensor {
    const op = "LogisticRegression.decisionFunction";
    const { W, b, classes } = this.requireFitted(op);
    const { v: X, n, f } = matrix(op, "x", x);
    const K = classes.length;
    const [kf, fW] = this.coef!.shape as [number, number];
    if (f !== fW) throw new ShapeError(`${op}: x has shape ${fmtShape(x.shape)}, expected [*, ${fW}] (the model was fitted on ${fW} features)`);
    const out = zeros([n, K], { dtype: "float64" });
    const o = out.data;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < kf; k++) {
        let s = b[k]!;
        for (let j = 0; j < f; j++) s += W[k * f + j]! * X[i * f + j]!;
        o[i * K + K - kf + k] = s;
      }
    }
    return out;
  }

  /** Class probabilities `[nSamples, K]` (float64), columns in `classes` order. */
  predictProba(x: Tensor): Tensor {
    const z = this.decisionFunction(x);
    const K = z.shape[1]!;
    const d = z.data;
    for (let i = 0; i < z.shape[0]!; i++) {
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, d[i * K + k]!);
      let s = 0;
      for (let k = 0; k < K; k++) s += d[i * K + k] = Math.exp(d[i * K + k]! - m);
      for (let k = 0; k < K; k++) d[i * K + k] = d[i * K + k]! / s;
    }
    return z;
  }

  /** Most probable class label per sample, int32 `[nSamples]` (lowest class on ties). */
  predict(x: Tensor): Tensor {
    const z = this.decisionFunction(x);
    const [n, K] = z.shape as [number, number];
    const classes = this.classes!;
    const out = zeros([n], { dtype: "int32" });
    const d = z.data;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (d[i * K + k]! > d[i * K + best]!) best = k;
      out.data[i] = classes[best]!;
    }
    return out;
  }
}

/**
 * Limited-memory BFGS (Nocedal & Wright, Alg. 7.4/7.5) with a backtracking Armijo line
 * search. `fg(p, g)` returns the loss at p and writes its gradient into g.
 */
function lbfgs(fg: (p: Float64Array, g: Float64Array) => number, p0: Float64Array, maxIter: number, tol: number): { p: Float64Array; iters: number } {
  const m = 10;
  const N = p0.length;
  let p = p0;
  let g = new Float64Array(N);
  let f = fg(p, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(N);
  const maxAbs = (v: Float64Array): number => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  let it = 0;
  for (; it < maxIter && maxAbs(g) > tol; it++) {
    // two-loop recursion: dir = −H g
    dir.set(g);
    const alpha = new Array<number>(S.length);
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i]! * dot(S[i]!, dir);
      axpy(-alpha[i]!, Y[i]!, dir);
    }
    const gamma = S.length > 0 ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < N; j++) dir[j] = dir[j]! * gamma;
    for (let i = 0; i < S.length; i++) axpy(alpha[i]! - rho[i]! * dot(Y[i]!, dir), S[i]!, dir);
    for (let j = 0; j < N; j++) dir[j] = -dir[j]!;
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < N; j++) dir[j] = -g[j]!;
      slope = dot(g, dir);
    }
    let t = 1;
    const pn = new Float64Array(N);
    const gn = new Float64Array(N);
    let fn = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j < N; j++) pn[j] = p[j]! + t * dir[j]!;
      fn = fg(pn, gn);
      if (fn <= f + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(fn <= f)) break; // no progress possible
    const s = new Float64Array(N);
    const y = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      s[j] = pn[j]! - p[j]!;
      y[j] = gn[j]! - g[j]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const df = f - fn;
    p = pn;
    g = gn;
    f = fn;
    if (df <= 1e-15 * Math.max(1, Math.abs(f))) {
      it++;
      break;
    }
  }
  return { p, iters: it };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}
