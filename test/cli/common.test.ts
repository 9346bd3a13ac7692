/** src/cli/common.ts: the backend choice, seeding, percentages. */
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { pct, seedAll, useBackend } from "../../src/cli/common.js";
import { rand } from "../../src/tensor/random.js";
import { captureIO } from "../examples/tiny-mnist.js";

const original = getBackend().name;
afterEach(() => setBackend(original));

describe("cli common", () => {
  it("pct formats a fraction with two decimals", () => {
    expect(pct(0.81234)).toBe("81.23%");
    expect(pct(1)).toBe("100.00%");
    expect(pct(0)).toBe("0.00%");
  });

  it("seedAll seeds the global generator: the same seed gives the same draws", () => {
    seedAll(123);
    const a = rand([5]).toFlatArray();
    seedAll(123);
    expect(rand([5]).toFlatArray()).toEqual(a);
    seedAll(124);
    expect(rand([5]).toFlatArray()).not.toEqual(a);
  });

  it("useBackend switches to js or wasm and reports it; auto keeps the active one", () => {
    const io = captureIO();
    expect(useBackend("js", io)).toBe("js");
    expect(getBackend().name).toBe("js");
    expect(useBackend("auto", io)).toBe("js");
    expect(useBackend("wasm", io)).toBe("wasm");
    expect(getBackend().name).toBe("wasm");
    expect(io.errText()).toBe("");
  });
});
