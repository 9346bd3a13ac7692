import { describe, expect, it } from "vitest";
import { LogisticRegression, logregFit, logregPredict } from "../../src/evaluation/index.js";
import { tensor } from "../../src/tensor/index.js";

describe("logregFit / logregPredict", () => {
  const counts = tensor([
    [5, 0, 0],
    [4, 1, 0],
    [0, 6, 1],
    [1, 5, 0],
    [0, 0, 7],
    [0, 1, 6],
  ]);
  const labels = [0, 0, 1, 1, 2, 2];

  it("predicts -1 for every sample before the model is fitted", () => {
    const p = logregPredict(counts, new LogisticRegression());
    expect(p.dtype).toBe("int32");
    expect(p.toFlatArray()).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it("fits a new model with the given hyperparameters and leaves the given one untouched", () => {
    const proto = new LogisticRegression({ C: 5 });
    const m = logregFit(counts, labels, proto);
    expect(proto.fitted).toBe(false);
    expect(m.C).toBe(5);
    expect(logregPredict(counts, m).toFlatArray()).toEqual(labels);
    expect(logregPredict(tensor([[9, 0, 0]]), m).toFlatArray()).toEqual([0]);
  });

  it("rejects something that is not a LogisticRegression", () => {
    expect(() => logregPredict(counts, {} as LogisticRegression)).toThrow(/logregPredict: logreg is .*expected a LogisticRegression/);
  });
});
