/** src/cli/registry.ts: the example commands by name. */
import { describe, expect, it } from "vitest";
import { registerExamples } from "../../src/cli/examples.js";
import { commands, getCommand, register } from "../../src/cli/registry.js";

describe("command registry", () => {
  it("finds a command by its name, or by a snake_case / upper-case spelling of it", () => {
    registerExamples();
    const eth = getCommand("eth-mnist")!;
    expect(eth.name).toBe("eth-mnist");
    expect(getCommand("eth_mnist")).toBe(eth);
    expect(getCommand("ETH_MNIST")).toBe(eth);
    expect(getCommand("eth mnist")).toBeUndefined();
    expect(getCommand("nope")).toBeUndefined();
  });

  it("register replaces a command of the same name; commands() lists each name once", () => {
    registerExamples();
    const before = commands().map((c) => c.name);
    expect(new Set(before).size).toBe(before.length);
    const eth = getCommand("eth-mnist")!;
    const stand = { ...eth, summary: "stand-in" };
    try {
      register(stand);
      expect(getCommand("eth-mnist")).toBe(stand);
      expect(commands().map((c) => c.name)).toEqual(before);
    } finally {
      register(eth);
    }
    expect(getCommand("eth-mnist")).toBe(eth);
  });
});
