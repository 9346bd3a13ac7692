/** BindsNET's `bindsnet.evaluation`: label assignment, voting schemes, n-grams, logistic regression. */
export {
  type SpikeRecord,
  type LabelAssignment,
  type NgramScores,
  assignLabels,
  allActivity,
  proportionWeighting,
  ngram,
  ngramKey,
  updateNgramScores,
} from "./evaluation.js";
export { LogisticRegression, type LogisticRegressionOptions } from "./logistic-regression.js";
export { logregFit, logregPredict } from "./logreg.js";
