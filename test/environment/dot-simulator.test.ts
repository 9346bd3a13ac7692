import { describe, expect, it } from "vitest";
import { DotSimulator, runDotSimulator } from "../../src/environment/dot-simulator.js";
import { ValueError } from "../../src/errors.js";
import { Generator } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

/** Cells of `obs` that are non-zero, as "r,c=v". */
function lit(obs: Tensor): string[] {
  const [, w] = obs.shape;
  const out: string[] = [];
  obs.toFlatArray().forEach((v, i) => {
    if (v !== 0) out.push(`${Math.floor(i / w!)},${i % w!}=${Number(v.toFixed(4))}`);
  });
  return out;
}

function env10(opts: ConstructorParameters<typeof DotSimulator>[1] = {}): DotSimulator {
  return new DotSimulator(100, { height: 10, width: 10, randr: 0, seed: 1, ...opts });
}

describe("DotSimulator", () => {
  it("has BindsNET's defaults and 5 or 9 actions", () => {
    const e = new DotSimulator(10, { seed: 3 });
    expect([e.height, e.width, e.decay, e.dots, e.herrs, e.speed, e.randr]).toEqual([28, 28, 1, 1, 0, 1, 1]);
    expect([e.boundHand, e.fitFunc, e.ringSize, e.bullseye, e.teleport, e.allowStay, e.diag]).toEqual(["stay", "euc", 2, 10, true, true, false]);
    expect(e.actionSpace.n).toBe(5);
    expect(new DotSimulator(10, { diag: true, seed: 3 }).actionSpace.n).toBe(9);
    const obs = e.reset();
    expect(obs.shape).toEqual([28, 28]);
    expect(obs.dtype).toBe("float32");
    // network dot and target start in the middle three fifths, [5, 22]
    for (const d of [e.dot, e.targets[0]!]) {
      expect(d.r).toBeGreaterThanOrEqual(5);
      expect(d.r).toBeLessThanOrEqual(22);
      expect(d.c).toBeGreaterThanOrEqual(5);
      expect(d.c).toBeLessThanOrEqual(22);
    }
  });

  it("stay bounds clamp the network dot; euc reward is minus the distance to the unmoved target", () => {
    const e = env10();
    e.setState({ dot: [0, 0], targets: [[5, 5]], direction: 1 });
    const first = e.step(3); // down: row − 1 → clamped to 0
    const [, , done, info] = first;
    let [obs, r] = first;
    expect(e.dot).toMatchObject({ r: 0, c: 0 });
    expect(r).toBeCloseTo(-Math.hypot(5, 5), 12);
    expect(done).toBe(false);
    expect(info).toMatchObject({ intercept: false, ts: 1, direction: 1 });
    expect(lit(obs)).toEqual(["0,0=1", "6,5=1"]); // target moved up (row + 1) after scoring
    [obs, r] = e.step(1); // up: row + 1
    expect(e.dot).toMatchObject({ r: 1, c: 0 });
    expect(r).toBeCloseTo(-Math.hypot(5, 5), 12); // target was at [6, 5]
    expect(lit(obs)).toEqual(["1,0=1", "7,5=1"]);
    e.setState({ dot: [9, 9], targets: [[0, 0]], direction: 0 });
    e.step(2);
    e.step(1);
    expect(e.dot).toMatchObject({ r: 9, c: 9 });
  });

  it("trans bounds wrap around, and an intercept pays bullseye and teleports the dot", () => {
    const e = env10({ boundHand: "trans" });
    e.setState({ dot: [0, 0], targets: [[9, 9]], direction: 0 });
    let [, r, , info] = e.step(3); // row −1 → 9
    expect(e.dot).toMatchObject({ r: 9, c: 0 });
    expect(r).toBe(-9);
    expect(info["intercept"]).toBe(false);
    [, r, , info] = e.step(4); // col −1 → 9: on the target
    expect(r).toBe(10);
    expect(info["intercept"]).toBe(true);
    expect(e.dot.r).toBeGreaterThanOrEqual(2); // respawned in [2, 8]²
    expect(e.dot.r).toBeLessThanOrEqual(8);
    expect(e.dot.c).toBeGreaterThanOrEqual(2);
    expect(e.dot.c).toBeLessThanOrEqual(8);
    // the target wraps too
    e.setState({ dot: [5, 5], targets: [[9, 0]], direction: 1 });
    e.step(0);
    expect(e.targets[0]).toMatchObject({ r: 0, c: 0 });
  });

  it("without teleport or bullseye an intercept keeps the dot and scores by the fit function", () => {
    const e = env10({ teleport: false, bullseye: 0 });
    e.setState({ dot: [4, 4], targets: [[4, 5]], direction: 0 });
    const [obs, r, , info] = e.step(2);
    expect(r).toBe(0);
    expect(Object.is(r, -0)).toBe(false);
    expect(info["intercept"]).toBe(true);
    expect(e.dot).toMatchObject({ r: 4, c: 5 });
    expect(lit(obs)).toEqual(["4,5=1"]); // both dots on one cell, capped at 1
  });

  it("bounce reflects at the cell edge and flips the targets' direction, corners included", () => {
    const e = env10({ boundHand: "bounce" });
    e.setState({ dot: [0, 0], targets: [[9, 5]], direction: 1 });
    e.step(3); // network dot row −1 → 0
    expect(e.dot).toMatchObject({ r: 0, c: 0 });
    expect(e.targets[0]).toMatchObject({ r: 9, c: 5 }); // row 10 → 9
    expect(e.direction).toBe(3);
    e.step(0);
    expect(e.targets[0]).toMatchObject({ r: 8, c: 5 });
    // corner: up-right (5) at [9, 9] → stays, becomes down-left (7); BindsNET reached code 9
    const d = env10({ boundHand: "bounce", diag: true });
    d.setState({ dot: [0, 0], targets: [[9, 9]], direction: 5 });
    d.step(0);
    expect(d.targets[0]).toMatchObject({ r: 9, c: 9 });
    expect(d.direction).toBe(7);
    d.step(0);
    expect(d.targets[0]).toMatchObject({ r: 8, c: 8 });
    // a column crossing on a diagonal: right-down (6) at [5, 9] → [4, 9], becomes down-left (7)
    d.setState({ targets: [[5, 9]], direction: 6 });
    d.step(0);
    expect(d.targets[0]).toMatchObject({ r: 4, c: 9 });
    expect(d.direction).toBe(7);
    // speed 2 reflects by the overshoot: row 8 + 2 = 10 → 9, then 9 − 2 = 7
    const s = env10({ boundHand: "bounce", speed: 2 });
    s.setState({ dot: [0, 0], targets: [[8, 5]], direction: 1 });
    s.step(0);
    expect(s.targets[0]).toMatchObject({ r: 9, c: 5 });
    s.step(0);
    expect(s.targets[0]).toMatchObject({ r: 7, c: 5 });
    // row 9 + 2 = 11 → 8
    s.setState({ targets: [[9, 5]], direction: 1 });
    s.step(0);
    expect(s.targets[0]).toMatchObject({ r: 8, c: 5 });
  });

  it("disp returns −distance and the displacement in info; rng floors −distance / ringSize", () => {
    const e = env10({ fitFunc: "disp" });
    e.setState({ dot: [2, 3], targets: [[5, 7]], direction: 0 });
    const [, r, , info] = e.step(0);
    expect(r).toBe(-5);
    expect(info["disp"]).toEqual([3, 4]);
    const g = env10({ fitFunc: "rng" });
    g.setState({ dot: [2, 3], targets: [[5, 7]], direction: 0 });
    expect(g.step(0)[1]).toBe(-3); // ⌊−2.5⌋
    const g3 = env10({ fitFunc: "rng", ringSize: 5 });
    g3.setState({ dot: [2, 3], targets: [[5, 7]], direction: 0 });
    expect(g3.step(0)[1]).toBe(-1);
    g3.setState({ dot: [2, 3], targets: [[2, 4]], direction: 0 });
    expect(g3.step(0)[1]).toBe(-1); // ⌊−0.2⌋
  });

  it("dir scores +1/−1 per axis by whether the dot got closer", () => {
    const e = env10({ fitFunc: "dir", diag: true });
    const at = (action: number): number => {
      e.setState({ dot: [2, 3], targets: [[5, 7]], direction: 0 });
      return e.step(action)[1];
    };
    expect(at(5)).toBe(2); // up-right: both closer
    expect(at(7)).toBe(-2); // down-left: both farther
    expect(at(2)).toBe(1); // right: column closer, row unchanged
    expect(at(6)).toBe(0); // down-right: row farther, column closer
    expect(at(0)).toBe(0);
  });

  it("draws tails of length decay with values 1 − k/decay", () => {
    const e = env10({ decay: 3 });
    e.setState({ dot: [0, 0], targets: [[9, 9]], direction: 0 });
    e.step(2);
    e.step(2);
    const [obs] = e.step(2);
    expect(lit(obs)).toEqual(["0,1=0.3333", "0,2=0.6667", "0,3=1", "9,9=1"]);
  });

  it("a negative action follows the targets, null does not move", () => {
    const e = env10();
    e.setState({ dot: [3, 3], targets: [[7, 7]], direction: 2 });
    e.step(-1);
    expect(e.dot).toMatchObject({ r: 3, c: 4 });
    e.step(null);
    expect(e.dot).toMatchObject({ r: 3, c: 4 });
  });

  it("moves all targets in the shared direction, scores target 0 only, and moves each distractor by one direction", () => {
    const e = env10({ dots: 2, herrs: 2, boundHand: "bounce" });
    e.setState({ dot: [9, 5], targets: [[3, 3], [9, 6]], distractors: [[5, 5], [0, 9]], direction: 1 });
    const [obs, r] = e.step(0);
    expect(r).toBeCloseTo(-Math.hypot(6, 2), 12); // target 0 alone is scored (target 1 is 1 cell away)
    expect(e.targets.map((t) => [t.r, t.c])).toEqual([
      [4, 3],
      [9, 6], // row 10 reflects to 9
    ]);
    expect(e.direction).toBe(3); // flipped once although only target 1 crossed
    const before = [
      [5, 5],
      [0, 9],
    ];
    e.distractors.forEach((d, i) => {
      const [dr, dc] = [d.r - before[i]![0]!, d.c - before[i]![1]!];
      expect(Math.max(Math.abs(dr), Math.abs(dc))).toBeLessThanOrEqual(1);
      expect(Math.abs(dr) + Math.abs(dc)).toBeLessThanOrEqual(1); // 5 actions: no diagonals
      expect(obs.get(d.r, d.c)).toBe(1);
    });
    expect(lit(obs).length).toBeGreaterThanOrEqual(3);
  });

  it("is done after t steps", () => {
    const e = new DotSimulator(3, { seed: 5 });
    expect([e.step(0)[2], e.step(0)[2], e.step(0)[2]]).toEqual([false, false, true]);
    e.reset();
    expect(e.ts).toBe(0);
  });

  it("is deterministic given a seed (or a shared generator), with distractors and redraws", () => {
    const run = (opts: ConstructorParameters<typeof DotSimulator>[1]): number[][] => {
      const e = new DotSimulator(20, { height: 12, width: 12, herrs: 3, dots: 2, decay: 2, ...opts });
      const out = [e.reset().toFlatArray()];
      for (let i = 0; i < 20; i++) {
        const [obs, r] = e.step(i % 5);
        out.push([...obs.toFlatArray(), r]);
      }
      return out;
    };
    expect(run({ seed: 42 })).toEqual(run({ seed: 42 }));
    expect(run({ rng: new Generator(42) })).toEqual(run({ seed: 42 }));
    expect(run({ seed: 43 })).not.toEqual(run({ seed: 42 }));
    // reset(seed) replays an episode (BindsNET re-seeded on every reset)
    const e = new DotSimulator(5, { seed: 9 });
    const a = e.reset(9).toFlatArray();
    e.step(1);
    expect(e.reset(9).toFlatArray()).toEqual(a);
  });

  it("seed 0 draws a fresh seed, and the targets never stay when allowStay is false", () => {
    const e = new DotSimulator(10);
    expect(e.seed).toBeGreaterThan(0);
    const f = new DotSimulator(500, { allowStay: false, seed: 2, diag: true });
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(f.step(0)[3]["direction"] as number);
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("step returns a fresh tensor and render doubles the dot on a copy", () => {
    const e = env10();
    e.setState({ dot: [1, 1], targets: [[8, 8]], direction: 0 });
    const [obs] = e.step(0);
    const before = obs.toFlatArray();
    const img = e.render();
    expect(img.get(1, 1)).toBe(2);
    expect(img.get(8, 8)).toBe(1);
    expect(obs.toFlatArray()).toEqual(before);
    e.step(2);
    expect(obs.toFlatArray()).toEqual(before);
  });

  it("writes CSV only through the writer when write is on, keeping every seed digit in the name", () => {
    const calls: [string, string][] = [];
    const e = new DotSimulator(5, { height: 2, width: 3, seed: 12, write: true, writer: (f, t) => calls.push([f, t]) });
    expect(e.fileName).toBe("out/grids_s12_0.csv");
    e.setState({ dot: [0, 1], targets: [[1, 2]], direction: 0 });
    e.render();
    expect(calls).toEqual([["out/grids_s12_0.csv", "0,0,0,2,0\n0,1,0,0,1\n"]]);
    expect(e.cycleOutFiles()).toBe("out/grids_s12_1.csv");
    expect(e.cycleOutFiles(7)).toBe("out/grids_s12_7.csv");
    expect(e.addFileSuffix("_run")).toBe("out/grids_s12_run_7.csv");
    expect(e.changeFileSuffix("_run", "_b")).toBe("out/grids_s12_b_7.csv");
    expectError(() => e.changeFileSuffix("_x", "_y"), ValueError, "DotSimulator.changeFileSuffix", "oldSuffix", '"_x"', "grids_s12_b");
    const quiet = new DotSimulator(5, { seed: 1, fpath: "elsewhere", fname: "g.csv" });
    expect(quiet.fileName).toBe("elsewhere/g_0.csv");
    quiet.render(); // no writer, no output, no throw
  });

  it("prints a text table with pandas unless muted", () => {
    const lines: string[] = [];
    const e = new DotSimulator(5, { height: 2, width: 2, seed: 1, pandas: true, log: (l) => lines.push(l) });
    e.setState({ dot: [0, 0], targets: [[1, 1]], direction: 0 });
    e.render();
    expect(lines).toEqual(["2.00 0.00\n0.00 1.00"]);
    const m = new DotSimulator(5, { height: 2, width: 2, seed: 1, pandas: true, mute: true, log: (l) => lines.push(l) });
    m.render();
    expect(lines).toHaveLength(1);
  });

  it("runDotSimulator plays an episode with the greedy chaser and scores intercepts", () => {
    const e = new DotSimulator(50, { height: 10, width: 10, seed: 4, randr: 0.2 });
    const res = runDotSimulator(e);
    expect(res.steps).toBe(50);
    expect(res.intercepts).toBeGreaterThan(0);
    const again = runDotSimulator(new DotSimulator(50, { height: 10, width: 10, seed: 4, randr: 0.2 }));
    expect(again).toEqual(res);
  });

  it("rejects bad options and actions naming the option, expected and given", () => {
    expectError(() => new DotSimulator(0), ValueError, "DotSimulator", "t is 0", "integer >= 1");
    expectError(() => new DotSimulator(5, { height: 2.5 }), ValueError, "DotSimulator", "height is 2.5", "integer >= 1");
    expectError(() => new DotSimulator(5, { boundHand: "wrap" as never }), ValueError, "boundHand is \"wrap\"", '"stay", "bounce", "trans"');
    expectError(() => new DotSimulator(5, { fitFunc: "l1" as never }), ValueError, "fitFunc is \"l1\"", '"euc", "disp", "rng", "dir"');
    expectError(() => new DotSimulator(5, { randr: 1.5 }), ValueError, "randr is 1.5", "[0, 1]");
    expectError(() => new DotSimulator(5, { ringSize: 0 }), ValueError, "ringSize is 0", "(0, inf)");
    expectError(() => new DotSimulator(5, { seed: -1 }), ValueError, "seed is -1", "integer >= 0");
    expectError(() => new DotSimulator(5, { rng: 3 as never }), ValueError, "rng is 3", "Generator");
    expectError(() => new DotSimulator(5, { write: true }), ValueError, "DotSimulator", "writer is undefined", "write is true");
    const e = new DotSimulator(5, { seed: 1 });
    expectError(() => e.step(5), ValueError, "DotSimulator.step", "action is 5", "[0, 4]");
    expectError(() => e.step(1.5), ValueError, "DotSimulator.step", "action is 1.5");
    expectError(() => e.setState({ dot: [28, 0] }), ValueError, "DotSimulator.setState", "dot row is 28", "[0, 27]");
    expectError(() => e.setState({ targets: [] }), ValueError, "DotSimulator.setState", "targets has 0 entries", "dots=1");
  });
});
