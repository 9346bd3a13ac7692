// The lint rules that guard the architecture must actually fire: an import cycle and an
// import against the layer order are errors. Linted as virtual files, so nothing is written.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("architecture lint rules", () => {
  it("reject a backend file that imports the tensor layer", async () => {
    const ids = await ruleIds('import { Tensor } from "../tensor/tensor.js";\nexport const t = Tensor;\n', "src/backend/probe.ts");
    expect(ids).toContain("import-x/no-restricted-paths");
  });

  it("reject a tensor file that imports the network layer", async () => {
    const ids = await ruleIds('import * as n from "../network/index.js";\nexport const m = n;\n', "src/tensor/probe.ts");
    expect(ids).toContain("import-x/no-restricted-paths");
  });

  it("reject an import cycle", async () => {
    // creation.ts imports tensor.ts; a tensor.ts that imports creation.ts closes the loop
    const ids = await ruleIds('import { zeros } from "./creation.js";\nexport const z = zeros;\n', "src/tensor/tensor.ts");
    expect(ids).toContain("import-x/no-cycle");
  });

  it("accept an import that follows the layer order", async () => {
    const ids = await ruleIds('import { Tensor } from "../tensor/tensor.js";\nexport const t = Tensor;\n', "src/encoding/probe.ts");
    expect(ids).not.toContain("import-x/no-restricted-paths");
    expect(ids).not.toContain("import-x/no-cycle");
  });
});

describe("the CLI", () => {
  it("may import its own files", async () => {
    const ids = await ruleIds('import * as a from "./index.js";\nexport const m = a;\n', "src/cli/probe.ts");
    expect(ids).not.toContain("import-x/no-restricted-paths");
  });

  it("is imported by no library module", async () => {
    const ids = await ruleIds('import * as a from "../cli/index.js";\nexport const m = a;\n', "src/models/probe.ts");
    expect(ids).toContain("import-x/no-restricted-paths");
  });
});

describe("views of tensor storage (wasm use-after-free guard)", () => {
  const rule = "no-restricted-syntax";

  it("reject a kept subarray outside src/backend", async () => {
    const ids = await ruleIds("export function f(a: Float32Array): Float32Array {\n  return a.subarray(1, 3);\n}\n", "src/network/probe.ts");
    expect(ids).toContain(rule);
  });

  it("reject a view over another array's buffer at an offset", async () => {
    const ids = await ruleIds("export function f(a: Float32Array): Uint8Array {\n  return new Uint8Array(a.buffer, a.byteOffset, 4);\n}\n", "src/tensor/probe.ts");
    expect(ids).toContain(rule);
  });

  it("accept subview, a subarray copied at once by set, and src/backend", async () => {
    const ok = [
      ['import { subview } from "../backend/view.js";\nexport const f = (a: Float32Array): Float32Array => subview(a, 1, 3);\n', "src/network/probe.ts"],
      ["export function f(o: Float32Array, a: Float32Array): void {\n  o.set(a.subarray(1, 3), 2);\n}\n", "src/network/probe.ts"],
      ["export const f = (a: Float32Array): Float32Array => a.subarray(1, 3);\n", "src/backend/probe.ts"],
    ];
    for (const [code, file] of ok) expect(await ruleIds(code!, file!)).not.toContain(rule);
  });

  it("accept a line-level disable with a reason", async () => {
    const code = "export function f(a: Float32Array): number[] {\n  // eslint-disable-next-line no-restricted-syntax -- transient: copied at once\n  return Array.from(a.subarray(1, 3));\n}\n";
    expect(await ruleIds(code, "src/network/probe.ts")).not.toContain(rule);
  });

  it("still flag a subarray passed to set as the second argument (Map.set stores it)", async () => {
    const ids = await ruleIds("export function f(m: Map<number, Float32Array>, a: Float32Array): void {\n  m.set(1, a.subarray(1, 3));\n}\n", "src/network/probe.ts");
    expect(ids).toContain(rule);
  });
});
