import { describe, expect, it } from "vitest";
import { camelCase, checkOptions, nearestKey } from "../src/options.js";
import { ValueError, fmtValue } from "../src/errors.js";

describe("checkOptions", () => {
  it("accepts known keys and rejects unknown ones with a did-you-mean", () => {
    expect(() => checkOptions("LIFNodes", { n: 3, tcDecay: 5 }, ["n", "tcDecay", "thresh"])).not.toThrow();
    expect(() => checkOptions("LIFNodes", { tc_decay: 5 }, ["n", "tcDecay"])).toThrow(new ValueError("LIFNodes: unknown option tc_decay; did you mean tcDecay?"));
    expect(() => checkOptions("Connection", { update_rule: 1 }, ["source", "target", "updateRule"])).toThrow("Connection: unknown option update_rule; did you mean updateRule?");
    expect(() => checkOptions("Network.run", { input: {} }, ["inputs", "time"])).toThrow("did you mean inputs?");
    expect(() => checkOptions("X", { zzzzzz: 1 }, ["a", "b"])).toThrow("X: unknown option zzzzzz; expected one of a, b");
  });
  it("maps snake_case to camelCase and finds near misses", () => {
    expect(camelCase("theta_plus")).toBe("thetaPlus");
    expect(nearestKey("thetaplus", ["thetaPlus", "tcTheta"])).toBe("thetaPlus");
    expect(nearestKey("threshh", ["thresh", "rest"])).toBe("thresh");
    expect(nearestKey("qqqqqqqq", ["thresh", "rest"])).toBeNull();
  });
});

describe("fmtValue", () => {
  it("never dumps a long object or a function's source", () => {
    const big = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, "x".repeat(20)]));
    expect(fmtValue(big).length).toBeLessThan(120);
    class PostPre {
      update(): number {
        return 1 + 2 + 3;
      }
    }
    expect(fmtValue(PostPre)).toBe("class PostPre");
    expect(fmtValue("y".repeat(500)).length).toBeLessThan(70);
  });
});
