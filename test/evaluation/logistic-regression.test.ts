import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../src/errors.js";
import { LogisticRegression } from "../../src/evaluation/index.js";
import { tensor } from "../../src/tensor/index.js";

/** Gradient of the scaled scikit-learn objective, computed independently of the trainer. */
function objectiveGradient(m: LogisticRegression, X: number[][], y: number[]): number[] {
  const classes = m.classes!;
  const W = m.coef!.toArray() as number[][];
  const b = m.intercept!.toFlatArray();
  const K = classes.length;
  const kf = W.length;
  const n = X.length;
  const g = W.map((r) => r.map(() => 0));
  const gb = b.map(() => 0);
  X.forEach((x, i) => {
    const z = new Array<number>(K).fill(0);
    for (let k = 0; k < kf; k++) z[K - kf + k] = b[k]! + W[k]!.reduce((s, w, j) => s + w * x[j]!, 0);
    const e = z.map(Math.exp);
    const tot = e.reduce((a, c) => a + c, 0);
    for (let k = 0; k < kf; k++) {
      const d = e[K - kf + k]! / tot - (classes.indexOf(y[i]!) === K - kf + k ? 1 : 0);
      x.forEach((xj, j) => (g[k]![j]! += (d * xj) / n));
      gb[k]! += d / n;
    }
  });
  const lam = 1 / (m.C * n);
  return [...g.flatMap((r, k) => r.map((v, j) => v + lam * W[k]![j]!)), ...gb];
}

describe("LogisticRegression", () => {
  const X = [
    [0, 0],
    [0.5, 0.2],
    [3, 3],
    [2.5, 3.2],
    [0, 3],
    [0.3, 2.6],
    [1, 1],
    [2, 2.2],
  ];
  const y = [7, 7, 2, 2, 5, 5, 7, 2];

  it("fits three classes, reaches the optimum (zero gradient) and predicts the training labels", () => {
    const m = new LogisticRegression({ tol: 1e-8, maxIter: 500 }).fit(tensor(X), y);
    expect(m.classes).toEqual([2, 5, 7]);
    expect(m.coef!.shape).toEqual([3, 2]);
    for (const v of objectiveGradient(m, X, y)) expect(Math.abs(v)).toBeLessThan(1e-6);
    expect(m.predict(tensor(X)).toFlatArray()).toEqual(y);
    const p = m.predictProba(tensor(X));
    for (let i = 0; i < X.length; i++) expect(p.select(0, i).toFlatArray().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("with two classes is binary logistic regression: one weight row", () => {
    const xb = [[-2], [-1], [0.5], [1], [2], [-0.2]];
    const yb = [0, 0, 1, 1, 1, 0];
    const m = new LogisticRegression({ C: 10, tol: 1e-10, maxIter: 500 }).fit(tensor(xb), yb);
    expect(m.coef!.shape).toEqual([1, 1]);
    expect(m.coef!.item()).toBeGreaterThan(0);
    for (const v of objectiveGradient(m, xb, yb)) expect(Math.abs(v)).toBeLessThan(1e-8);
    expect(m.predict(tensor([[-3], [3]])).toFlatArray()).toEqual([0, 1]);
  });

  it("a stronger penalty (smaller C) gives smaller weights", () => {
    const big = new LogisticRegression({ C: 100 }).fit(tensor(X), y);
    const small = new LogisticRegression({ C: 0.01 }).fit(tensor(X), y);
    const norm = (m: LogisticRegression) => Math.hypot(...m.coef!.toFlatArray());
    expect(norm(small)).toBeLessThan(norm(big));
  });

  it("rejects one class, mismatched labels, bad options, prediction before fit and wrong widths", () => {
    expect(() => new LogisticRegression().fit(tensor([[0], [1]]), [3, 3])).toThrow(/LogisticRegression.fit: y has 1 distinct class \(3\), expected at least 2/);
    expect(() => new LogisticRegression().fit(tensor([[0], [1]]), [0])).toThrow(ShapeError);
    expect(() => new LogisticRegression().fit(tensor([[0], [1]]), [0, 0.5])).toThrow(/y holds 0.5, expected integer labels/);
    expect(() => new LogisticRegression({ C: 0 })).toThrow(/LogisticRegression: C is 0, expected a positive number/);
    expect(() => new LogisticRegression().predict(tensor([[0]]))).toThrow(/LogisticRegression.predict|decisionFunction: the model is not fitted/);
    const m = new LogisticRegression().fit(tensor(X), y);
    expect(() => m.predict(tensor([[0, 1, 2]]))).toThrow(/x has shape \[1, 3\], expected \[\*, 2\]/);
    expect(() => m.fit(tensor([[0, Number.NaN]]), [0])).toThrow(ValueError);
  });
});
