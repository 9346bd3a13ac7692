/**
 * BindsNET's `logreg_fit` / `logreg_predict`: a logistic regression read-out on spike
 * counts `[nSamples, nNeurons]` (the caller sums over time; despite the reference's
 * docstring no summation is done here either).
 */
import { ValueError, fmtValue } from "../errors.js";
import { type Tensor, full } from "../tensor/index.js";
import { LogisticRegression } from "./logistic-regression.js";

function checkModel(op: string, logreg: unknown): LogisticRegression {
  if (!(logreg instanceof LogisticRegression)) throw new ValueError(`${op}: logreg is ${fmtValue(logreg)}, expected a LogisticRegression`);
  return logreg;
}

/**
 * Fits a logistic regression of `labels` on `spikes` `[nSamples, nNeurons]`. The reference
 * fits the given scikit-learn estimator in place; here the given model is left untouched and
 * a new model with its hyperparameters (C, maxIter, tol, fitIntercept) is fitted and returned.
 */
export function logregFit(spikes: Tensor, labels: Tensor | readonly number[], logreg: LogisticRegression = new LogisticRegression()): LogisticRegression {
  const m = checkModel("logregFit", logreg);
  return new LogisticRegression({ C: m.C, maxIter: m.maxIter, tol: m.tol, fitIntercept: m.fitIntercept }).fit(spikes, labels);
}

/**
 * Predicted labels, int32 `[nSamples]`; −1 for every sample when the model was never
 * fitted (the reference checks for `coef_`).
 */
export function logregPredict(spikes: Tensor, logreg: LogisticRegression): Tensor {
  const m = checkModel("logregPredict", logreg);
  if (!m.fitted) {
    const n = (spikes as { shape?: readonly number[] }).shape?.[0];
    if (typeof n !== "number") throw new ValueError(`logregPredict: spikes is ${fmtValue(spikes)}, expected a Tensor [nSamples, nNeurons]`);
    return full([n], -1, { dtype: "int32" });
  }
  return m.predict(spikes);
}
