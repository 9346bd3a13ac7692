/** src/cli/plots.ts: the MNIST examples' figures. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writePlots } from "../../src/cli/plots.js";
import { DiehlAndCook2015 } from "../../src/models/diehl-and-cook-2015.js";
import { Network } from "../../src/network/network.js";
import { Input } from "../../src/network/nodes/input.js";
import { LIFNodes } from "../../src/network/nodes/lif.js";
import { Conv2dConnection } from "../../src/network/topology/conv-connection.js";
import { Generator } from "../../src/tensor/random.js";
import { captureIO } from "../examples/tiny-mnist.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-cli-plots-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const isPng = (f: string): boolean => readFileSync(f).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe("writePlots", () => {
  it("writes the Diehl & Cook weights and assignments as PNG and the accuracy curves as SVG, and says so", async () => {
    const net = new DiehlAndCook2015({ nInpt: 784, nNeurons: 4, rng: new Generator(1) });
    const io = captureIO();
    const files = await writePlots(dir, io, { network: net, weights: "X->Ae", assignments: [0, 1, -1, 2], accuracy: { all: [0.1, 0.5], proportion: [0.2, 0.4] } });
    expect(files).toEqual(["weights.png", "assignments.png", "performance.svg"].map((f) => join(dir, f)));
    expect(isPng(files[0]!)).toBe(true);
    expect(isPng(files[1]!)).toBe(true);
    expect(readFileSync(files[2]!, "utf8")).toMatch(/all activity[\s\S]*proportion weighting/);
    expect(io.lines).toEqual([`Plots written: ${files.join(", ")}`]);
  });

  it("writes conv weights of a 4-d connection, and nothing for a missing connection or an empty history", async () => {
    const net = new Network();
    net.addLayer(new Input({ shape: [1, 6, 6] }), "X");
    net.addLayer(new LIFNodes({ shape: [2, 4, 4] }), "Y");
    net.addConnection(new Conv2dConnection({ source: net.layers.X!, target: net.layers.Y!, kernelSize: 3 }), "X", "Y");
    const sub = mkdtempSync(join(dir, "conv-"));
    expect(await writePlots(sub, captureIO(), { network: net, weights: { conv: "X->Y" } })).toEqual([join(sub, "conv-weights.png")]);
    expect(isPng(join(sub, "conv-weights.png"))).toBe(true);
    const none = mkdtempSync(join(dir, "none-"));
    expect(await writePlots(none, captureIO(), { network: net, weights: { conv: "A->B" }, accuracy: { all: [], proportion: [] } })).toEqual([]);
    expect(existsSync(join(none, "performance.svg"))).toBe(false);
  });
});
