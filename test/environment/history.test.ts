import { describe, expect, it } from "vitest";
import { Environment, type StepResult } from "../../src/environment/environment.js";
import { FrameHistory, HistoryWrapper } from "../../src/environment/history.js";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

/** g_n: 1 at positions 0 … n of 8 (a growing bar), shaped [2, 4]. */
function bar(n: number): number[] {
  return Array.from({ length: 8 }, (_, i) => (i <= n ? 1 : 0));
}

class BarEnv extends Environment {
  readonly actionSpace = { n: 1 };
  n = -1;
  step(): StepResult {
    this.n += 1;
    return [tensor(bar(this.n), { shape: [2, 4] }), this.n, false, { n: this.n }];
  }
  reset(): Tensor {
    this.n = -1;
    return tensor(bar(-1), { shape: [2, 4] });
  }
  render(): unknown {
    return "bar";
  }
  close(): void {}
}

describe("FrameHistory", () => {
  it("with one slot and delta 1 is the positive frame difference", () => {
    const h = new FrameHistory(1);
    expect([...h.apply([1, 0, 0])]).toEqual([1, 0, 0]);
    expect([...h.apply([0, 1, 0])]).toEqual([0, 1, 0]);
    expect([...h.apply([1, 1, 1])]).toEqual([1, 0, 1]);
    expect([...h.apply([0.75, 0.5, 0])]).toEqual([0, 0, 0]);
    expect([...h.apply([1, 1, 0.25])]).toEqual([0.25, 0.5, 0.25]);
  });

  it("with 2 slots and delta 2 fills with frames 0 and 2, then subtracts the last two stored frames", () => {
    const h = new FrameHistory(2, 2);
    const outs = Array.from({ length: 8 }, (_, n) => [...h.apply(bar(n))]);
    for (let n = 0; n < 4; n++) expect(outs[n]).toEqual(bar(n)); // filling: unchanged
    expect(outs[4]).toEqual([0, 0, 0, 1, 1, 0, 0, 0]); // g4 − g0 − g2
    expect(outs[5]).toEqual([0, 0, 0, 0, 0, 1, 0, 0]); // g5 − g4 − g2
    expect(outs[6]).toEqual([0, 0, 0, 0, 0, 1, 1, 0]); // g6 − g4 − g2, then g6 replaces g2
    expect(outs[7]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]); // g7 − g4 − g6
    h.reset();
    expect([...h.apply(bar(7))]).toEqual(bar(7));
  });

  it("does not modify the frame and rejects a frame of another size", () => {
    const h = new FrameHistory(1);
    const f = new Float32Array([1, 1]);
    h.apply(f);
    h.apply(f);
    expect([...f]).toEqual([1, 1]);
    expectError(() => h.apply([1, 2, 3]), ValueError, "FrameHistory.apply", "frame has 3 elements", "expected 2");
  });
});

describe("HistoryWrapper", () => {
  it("differences any environment's observations, keeping their shape, and reports both in info", () => {
    const w = new HistoryWrapper(new BarEnv(), { historyLength: 1 });
    expect(w.actionSpace.n).toBe(1);
    expect(w.reset().shape).toEqual([2, 4]);
    const [o0, r0, , i0] = w.step(0);
    expect(o0.toArray()).toEqual([
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(r0).toBe(0);
    const [o1, r1, done, i1] = w.step(0);
    expect(o1.shape).toEqual([2, 4]);
    expect(o1.toFlatArray()).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect(r1).toBe(1);
    expect(done).toBe(false);
    expect((i1["gym_obs"] as Tensor).toFlatArray()).toEqual(bar(1));
    expect(i1["delta_obs"]).toBe(o1);
    expect(i1["n"]).toBe(1);
    expect(i0["n"]).toBe(0);
    expect(w.render()).toBe("bar");
    // reset clears the history: the first frame passes unchanged again
    w.reset();
    expect(w.step(0)[0].toFlatArray()).toEqual(bar(0));
  });

  it("rejects bad options naming the option, expected and given", () => {
    expectError(() => new HistoryWrapper(new BarEnv(), { historyLength: 0 }), ValueError, "HistoryWrapper", "historyLength is 0", "integer >= 1");
    expectError(() => new HistoryWrapper(new BarEnv(), { historyLength: 2, delta: 0.5 }), ValueError, "HistoryWrapper", "delta is 0.5", "integer >= 1");
    expectError(() => new HistoryWrapper(3 as never, { historyLength: 2 }), ValueError, "HistoryWrapper", "env is 3", "Environment");
  });
});
