/** The manual's Part I and 3.1.3 examples (examples/manual/) run, at small sizes, with real checks. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main as creating } from "../../examples/manual/01-creating-a-network.js";
import { main as connections } from "../../examples/manual/02-connections.js";
import { main as monitors } from "../../examples/manual/03-monitors.js";
import { main as running } from "../../examples/manual/04-running-simulations.js";
import { main as custom } from "../../examples/manual/05-custom-components.js";
import { LIFNodes, Monitor } from "../../src/network/index.js";
import { manualSeed } from "../../src/tensor/random.js";

describe("manual examples", () => {
  beforeEach(() => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    manualSeed(0);
  });
  afterEach(() => vi.restoreAllMocks());

  it("3.1.1 creating a network and a [10, 10] LIF layer", () => {
    const net = creating();
    const l = net.layers["LIF population"] as LIFNodes;
    expect(l.shape).toEqual([10, 10]);
    expect(l.v.shape).toEqual([1, 10, 10]);
  });

  it("3.1.2 connections are addressable by source and target", () => {
    const net = connections({ nSource: 10, nTarget: 20 });
    expect(net.connections.get("A", "B")!.w.shape).toEqual([10, 20]);
  });

  it("3.1.2 monitors: Monitor, NetworkMonitor and a sparse spike monitor", () => {
    const net = monitors({ time: 50, nSource: 20, nTarget: 30 });
    expect((net.monitors.B as Monitor).get("v").shape).toEqual([50, 1, 30]);
    const sparse = net.monitors["A sparse"] as Monitor;
    expect(sparse.get("s").shape).toEqual([50, 1, 20]);
    expect(sparse.memoryBytes()).toBeLessThan(50 * 20);
  });

  it("3.1.3 the end-to-end two-layer example: output spikes, no recorded voltage above threshold", () => {
    const { spikes, voltages } = running({ time: 100, nSource: 50, nTarget: 100, quiet: true });
    expect(spikes.A.shape).toEqual([100, 1, 50]);
    expect(spikes.B.shape).toEqual([100, 1, 100]);
    const nA = spikes.A.toFlatArray().reduce((a, b) => a + b, 0);
    expect(nA).toBeGreaterThan(300); // Bernoulli(0.1): ~500
    expect(nA).toBeLessThan(700);
    expect(spikes.B.toFlatArray().some((v) => v === 1)).toBe(true);
    const v = voltages.B.toFlatArray();
    expect(v.every((x) => x < -52)).toBe(true);
  });

  it("custom nodes and connections plug into the network", () => {
    const s = custom();
    expect(s.toArray()).toEqual([[[false, false]], [[false, false]], [[false, false]], [[true, false]], [[false, false]], [[false, true]], [[true, false]]]);
  });
});
