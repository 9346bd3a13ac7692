/**
 * `tools/parity` (a repository tool, not shipped in the package): runs recorded reference scenarios (manifest.json + trace.json) through
 * this library and compares every step (see docs/parity.md). Node only (reads files).
 */
export { runParity, runScenario, type RunOptions as ParityRunOptions } from "./runner.js";
export { type ScenarioResult, type ArrayResult, formatResult, summarize, toleranceFor } from "./compare.js";
export { type Manifest, type Scenario, type RunCall, type NdArray, type TraceDType, loadScenario, listScenarioDirs, truncateScenario } from "./trace.js";
export { type Library, type AnyCtor, type NetworkLike, MissingClassError } from "./library.js";
