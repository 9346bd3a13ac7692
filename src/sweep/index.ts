/** Sweeps: spec parsing, trial expansion, result tables and plots (pure; runners live in src/node/sweep). */
export { canonicalJson, hash64, trialId } from "./hash.js";
export { type Distribution, type RecipeLookup, type SweepSpec, type Trial, expandTrials, parseSweepSpec } from "./spec.js";
export { type SummaryRow, type TrialRecord, metricsOf, networkBytesOf, parseResults, summarize, summaryCsv, summaryMarkdown } from "./table.js";
export { sweepPlots } from "./plot.js";
