import { describe, expect, it } from "vitest";
import { checkFiniteTensor } from "../../src/network/checks.js";
import { tensor } from "../../src/tensor/creation.js";

describe("checkFiniteTensor", () => {
  it("passes finite tensors through and names the owner, argument, value and index otherwise", () => {
    const t = tensor([1, 2, 3]);
    expect(checkFiniteTensor("Network.run", "inputs.X", t)).toBe(t);
    expect(() => checkFiniteTensor("Network.run", "inputs.X", tensor([0, 1, NaN]))).toThrow("Network.run: inputs.X has NaN at flat index 2, expected finite values");
    expect(() => checkFiniteTensor("Network.run", "injectsV.Y", tensor([-Infinity]).to("float16"))).toThrow("Network.run: injectsV.Y has -Infinity at flat index 0, expected finite values");
    expect(() => checkFiniteTensor("Network.run", "inputs.X", [1, 2])).toThrow("Network.run: inputs.X is [1, 2], expected a Tensor");
    expect(checkFiniteTensor("f", "x", tensor([1, 0], { dtype: "bool" })).dtype).toBe("bool");
  });
});
