import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BindsNetError, ValueError } from "../../src/errors.js";
import { Connection, Input, LIFNodes, Network } from "../../src/network/index.js";
import { BasePipeline, type BasePipelineOptions } from "../../src/pipeline/base-pipeline.js";
import { full, ones } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

const dir = mkdtempSync(join(tmpdir(), "pipeline-base-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function net(): Network {
  const n = new Network();
  const X = new Input({ n: 3 });
  const Y = new LIFNodes({ n: 2 });
  n.addLayer(X, "X").addLayer(Y, "Y");
  n.addConnection(new Connection({ source: X, target: Y, w: ones([3, 2]).fill_(10) }), "X", "Y");
  return n;
}

const initCalls: string[] = [];

/** Runs the network for 2 steps on the batch tensor; records every hook call. */
class Probe extends BasePipeline<{ x: Tensor }, number> {
  calls: string[] = [];
  batches: { x: Tensor }[] = [];
  step_(batch: { x: Tensor }): number {
    this.batches.push(batch);
    this.network.run({ inputs: { X: batch.x }, time: 2 });
    return this.stepCount * 10;
  }
  train(): void {}
  test(): void {
    this.calls.push(`test@${this.stepCount}`);
  }
  initFn(): void {
    // a field initialiser would run after this (see BasePipeline): count outside the object
    initCalls.push(this.constructor.name);
  }
  plots(_batch: { x: Tensor }, out: number): void {
    this.calls.push(`plots@${this.stepCount}:${out}`);
  }
}

function probe(opts: BasePipelineOptions = {}): { p: Probe; lines: string[]; saves: string[] } {
  const lines: string[] = [];
  const saves: string[] = [];
  const network = net();
  const p = new Probe(network, { log: (l) => lines.push(l), ...opts });
  network.save = (path: string) => {
    saves.push(`${path}@${p.stepCount}`);
  };
  return { p, lines, saves };
}

const batch = (): { x: Tensor } => ({ x: full([2, 3], 1) });

describe("BasePipeline", () => {
  it("prints, plots, saves and tests at multiples of their intervals, in that order", () => {
    const { p, lines, saves } = probe({ printInterval: 2, plotInterval: 5, saveInterval: 3, testInterval: 4, saveDir: "net.st" });
    for (let i = 0; i < 12; i++) expect(p.step(batch())).toBe((i + 1) * 10);
    expect(p.stepCount).toBe(12);
    expect(lines).toHaveLength(6);
    lines.forEach((l, i) => expect(l).toMatch(new RegExp(`^Iteration: ${2 * (i + 1)} \\(Time: \\d+\\.\\d{4}\\)$`)));
    expect(saves).toEqual(["net.st@3", "net.st@6", "net.st@9", "net.st@12"]);
    expect(p.calls).toEqual(["test@4", "plots@5:50", "test@8", "plots@10:100", "test@12"]);
    expect(initCalls.filter((c) => c === "Probe").length).toBeGreaterThanOrEqual(1);
  });

  it("calls initFn once per construction", () => {
    const before = initCalls.length;
    probe();
    expect(initCalls.length).toBe(before + 1);
  });

  it("does nothing extra without intervals (the defaults)", () => {
    const { p, lines, saves } = probe();
    for (let i = 0; i < 5; i++) p.step(batch());
    expect(lines).toEqual([]);
    expect(saves).toEqual([]);
    expect(p.calls).toEqual([]);
    expect(p.saveDir).toBe("network.pt");
    expect(p.plotConfig).toMatchObject({ dataStep: 1, dataLength: 100 });
  });

  it("hands step_ a rebuilt batch holding the same tensors", () => {
    const { p } = probe();
    const b = batch();
    p.step(b);
    expect(p.batches[0]).not.toBe(b);
    expect(p.batches[0]!.x).toBe(b.x);
  });

  it("saves the network with Network.save to saveDir", () => {
    const network = net();
    const file = join(dir, "sub", "net.safetensors");
    const p = new Probe(network, { saveInterval: 1, saveDir: file, log: () => {} });
    p.step(batch());
    expect(existsSync(file)).toBe(true);
    const back = Network.load(file);
    expect(Object.keys(back.layers)).toEqual(["X", "Y"]);
  });

  it("monitors spikes of every layer and voltages of layers with v, keeping dataLength records", () => {
    const { p } = probe({ plotConfig: { dataLength: 3 } });
    expect(Object.keys(p.network.monitors).sort()).toEqual(["X_spikes", "Y_spikes", "Y_voltages"]);
    p.step(batch());
    p.step(batch());
    const s = p.getSpikeData();
    expect(Object.keys(s)).toEqual(["X", "Y"]);
    expect(s.X!.shape).toEqual([3, 1, 3]);
    expect(s.Y!.shape).toEqual([3, 1, 2]);
    const [v, th] = p.getVoltageData();
    expect(Object.keys(v)).toEqual(["Y"]);
    expect(v.Y!.shape).toEqual([3, 1, 2]);
    expect(th).toEqual({ Y: -52 });
  });

  it("treats dataStep true as every step and false/null as no monitors", () => {
    expect(probe({ plotConfig: { dataStep: true } }).p.plotConfig.dataStep).toBe(1);
    expect(probe({ plotConfig: { dataStep: 4 } }).p.plotConfig.dataStep).toBe(4);
    for (const off of [false, null]) {
      const { p } = probe({ plotConfig: { dataStep: off } });
      expect(p.plotConfig.dataStep).toBeNull();
      expect(Object.keys(p.network.monitors)).toEqual([]);
      expectError(() => p.getSpikeData(), BindsNetError, "Probe.getSpikeData", "X_spikes", "missing", "dataStep");
    }
  });

  it("resetStateVariables resets the network, its monitors and stepCount", () => {
    const { p } = probe();
    p.step(batch());
    expect(p.getSpikeData().X!.shape[0]).toBe(2);
    p.resetStateVariables();
    expect(p.stepCount).toBe(0);
    expect(p.getSpikeData().X!.shape[0]).toBe(0);
  });

  it("rejects bad options, naming the option, the expected and the given value", () => {
    expectError(() => new Probe({} as Network), ValueError, "BasePipeline", "network", "expected a Network");
    expectError(() => probe({ printInterval: 0 }), ValueError, "BasePipeline", "printInterval is 0", "positive integer or null");
    expectError(() => probe({ saveInterval: 1.5 }), ValueError, "saveInterval is 1.5", "positive integer");
    expectError(() => probe({ testInterval: -1 }), ValueError, "testInterval is -1");
    expectError(() => probe({ plotInterval: "2" as unknown as number }), ValueError, "plotInterval", "positive integer");
    expectError(() => probe({ plotConfig: { dataLength: 0 } }), ValueError, "plotConfig.dataLength is 0", "positive integer");
    expectError(() => probe({ plotConfig: { dataStep: -2 } }), ValueError, "plotConfig.dataStep is -2");
    expectError(() => probe({ plotConfig: 3 as unknown as object }), ValueError, "plotConfig is 3", "expected an object");
    expectError(() => probe({ saveDir: "" }), ValueError, "saveDir", "non-empty string");
    expectError(() => probe({ log: 1 as unknown as () => void }), ValueError, "log is 1", "expected a function");
    expectError(() => probe({ allowGpu: "yes" as unknown as boolean }), ValueError, "allowGpu", "true or false");
  });
});
