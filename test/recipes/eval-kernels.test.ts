/** src/recipes/eval-kernels.ts: the parallel evaluation kernels' table and a worker's task runner (full evaluations: parallel.test.ts). */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { dcEvalKernel } from "../../src/recipes/diehl-and-cook.js";
import { evalKernels, runEvalTask } from "../../src/recipes/eval-kernels.js";

describe("eval kernels", () => {
  it("the table names the Diehl & Cook kernel and is frozen", () => {
    expect(Object.keys(evalKernels)).toEqual(["diehl-and-cook"]);
    expect(evalKernels["diehl-and-cook"]).toBe(dcEvalKernel);
    expect(Object.isFrozen(evalKernels)).toBe(true);
  });

  it("runEvalTask refuses an unknown kernel (an inherited name too), naming the known ones", () => {
    const task = { type: "eval" as const, job: "j1", kernel: "nope", network: new Uint8Array(0), inputs: new Uint8Array(0), params: {}, start: 0, end: 0, stop: new Int32Array(1) };
    expect(() => runEvalTask(task)).toThrow(new ValueError('runEvalTask: kernel is "nope", expected one of diehl-and-cook'));
    expect(() => runEvalTask({ ...task, job: "j2", kernel: "constructor" })).toThrow(/kernel is "constructor"/);
  });
});
