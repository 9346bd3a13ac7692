// Self-check of the lint rules that guard the architecture, run by `npm run lint` after eslint
// itself: each probe is linted as a virtual file (nothing is written) at the path it names, and
// must raise (or not raise) the rule it is about. A rule that silently stopped firing (a renamed
// folder, a glob that no longer matches) fails the lint step. Exits 1 on any failed probe.
import { ESLint } from "eslint";

const eslint = new ESLint({ cwd: process.cwd() });

const LAYERS = "import-x/no-restricted-paths";
const CYCLE = "import-x/no-cycle";
const VIEWS = "no-restricted-syntax";
const INTERNALS = "no-restricted-imports";

/** [what, file, code, rule, fires] */
const probes = [
  // layer order
  ["a backend file importing the tensor layer", "src/backend/probe.ts", 'import { Tensor } from "../tensor/tensor.js";\nexport const t = Tensor;\n', LAYERS, true],
  ["a tensor file importing the network layer", "src/tensor/probe.ts", 'import * as n from "../network/index.js";\nexport const m = n;\n', LAYERS, true],
  ["an import that follows the layer order", "src/encoding/probe.ts", 'import { Tensor } from "../tensor/tensor.js";\nexport const t = Tensor;\n', LAYERS, false],
  ["a library module importing the CLI", "src/models/probe.ts", 'import * as a from "../cli/index.js";\nexport const m = a;\n', LAYERS, true],
  ["the CLI importing its own files", "src/cli/probe.ts", 'import * as a from "./index.js";\nexport const m = a;\n', LAYERS, false],
  ["a library module importing a repository tool", "src/network/probe.ts", 'import * as p from "../../tools/parity/index.js";\nexport const m = p;\n', LAYERS, true],
  // cycles: creation.ts imports tensor.ts, so a tensor.ts that imports creation.ts closes a loop
  ["an import cycle", "src/tensor/tensor.ts", 'import { zeros } from "./creation.js";\nexport const z = zeros;\n', CYCLE, true],
  ["an acyclic import", "src/encoding/probe.ts", 'import { Tensor } from "../tensor/tensor.js";\nexport const t = Tensor;\n', CYCLE, false],
  // the backend seam: js/** and wasm/** are reachable only from src/backend
  ["a network file importing a js kernel", "src/network/probe.ts", 'import { lifStep } from "../backend/js/neurons.js";\nexport const f = lifStep;\n', INTERNALS, true],
  ["a tensor file importing the wasm backend", "src/tensor/probe.ts", 'import { loadWasmBackend } from "../backend/wasm/index.js";\nexport const f = loadWasmBackend;\n', INTERNALS, true],
  ["a re-export of a backend internal", "src/index-probe.ts", 'export { jsKernels } from "./backend/js/index.js";\n', INTERNALS, true],
  ["a test outside test/backend importing a js kernel", "test/network/probe.ts", 'import { tsum0 } from "../../src/backend/js/index.js";\nexport const f = tsum0;\n', INTERNALS, true],
  ["a network file importing the contract and numerics", "src/network/probe.ts", 'import type { Param } from "../backend/contract.js";\nimport { decayOf } from "../backend/numerics.js";\nexport const f = (p: Param): Param => p;\nexport const g = decayOf;\n', INTERNALS, false],
  ["src/backend importing its own js kernels", "src/backend/probe.ts", 'import { jsKernels } from "./js/index.js";\nexport const k = jsKernels;\n', INTERNALS, false],
  ["the conformance suite importing both backends", "test/conformance/probe.ts", 'import { jsKernels } from "../../src/backend/js/index.js";\nexport const k = jsKernels;\n', INTERNALS, false],
  // views of tensor storage (wasm use-after-free guard)
  ["a kept subarray outside src/backend", "src/network/probe.ts", "export function f(a: Float32Array): Float32Array {\n  return a.subarray(1, 3);\n}\n", VIEWS, true],
  ["a view over another array's buffer", "src/tensor/probe.ts", "export function f(a: Float32Array): Uint8Array {\n  return new Uint8Array(a.buffer, a.byteOffset, 4);\n}\n", VIEWS, true],
  ["a subarray stored by Map.set", "src/network/probe.ts", "export function f(m: Map<number, Float32Array>, a: Float32Array): void {\n  m.set(1, a.subarray(1, 3));\n}\n", VIEWS, true],
  ["subview", "src/network/probe.ts", 'import { subview } from "../backend/view.js";\nexport const f = (a: Float32Array): Float32Array => subview(a, 1, 3);\n', VIEWS, false],
  ["a subarray copied at once by set", "src/network/probe.ts", "export function f(o: Float32Array, a: Float32Array): void {\n  o.set(a.subarray(1, 3), 2);\n}\n", VIEWS, false],
  ["a subarray inside src/backend", "src/backend/probe.ts", "export const f = (a: Float32Array): Float32Array => a.subarray(1, 3);\n", VIEWS, false],
  ["a line-level disable with a reason", "src/network/probe.ts", "export function f(a: Float32Array): number[] {\n  // eslint-disable-next-line no-restricted-syntax -- transient: copied at once\n  return Array.from(a.subarray(1, 3));\n}\n", VIEWS, false],
];

let failed = 0;
for (const [what, file, code, rule, fires] of probes) {
  const [result] = await eslint.lintText(code, { filePath: file });
  const ids = result.messages.map((m) => m.ruleId ?? m.message);
  if (ids.includes(rule) !== fires) {
    failed++;
    console.error(`lint self-check: ${what} (${file}): expected ${rule} ${fires ? "to fire" : "not to fire"}; got [${ids.join(", ")}]`);
  }
}
if (failed > 0) {
  console.error(`lint self-check: ${failed} of ${probes.length} probes failed`);
  process.exit(1);
}
console.log(`lint self-check: ${probes.length} probes, every architecture rule fires where it must`);
