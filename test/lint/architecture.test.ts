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
