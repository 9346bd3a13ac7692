import { describe, expect, it } from "vitest";
import { DiehlAndCook2015v2 } from "../../src/models/diehl-and-cook-2015v2.js";
import { DiehlAndCookNodes } from "../../src/network/nodes/diehl-and-cook.js";
import type { Connection } from "../../src/network/topology/connection.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("DiehlAndCook2015v2", () => {
  it("folds the inhibitory layer into Y->Y = -inh (1 - I), bounds [-inh, 0], with Diehl & Cook excitatory nodes", () => {
    const net = new DiehlAndCook2015v2({ nInpt: 4, nNeurons: 2, inh: 10 });
    expect(Object.keys(net.layers)).toEqual(["X", "Y"]);
    expect(net.layers.Y).toBeInstanceOf(DiehlAndCookNodes);
    const r = net.connections.get("Y", "Y") as Connection;
    expect(r.w.toFlatArray().map((v) => v + 0)).toEqual([0, -10, -10, 0]);
    expect([r.wmin, r.wmax]).toEqual([-10, 0]);
  });

  it("the recurrent inhibition lowers the other neuron's potential when one spikes", () => {
    const net = new DiehlAndCook2015v2({ nInpt: 20, nNeurons: 2, inh: 5, norm: null });
    const c = net.connections.get("X", "Y") as Connection;
    // column 0 at wmax 1, column 1 at 0: 20 input spikes drive Y0 from -65 to -45 in one step
    const w = new Float32Array(40);
    for (let i = 0; i < 20; i++) w[i * 2] = 1;
    c.w.copy_(new Tensor(w, [20, 2], "float32"));
    const Y = net.layers.Y as DiehlAndCookNodes;
    const step = (on: boolean): void => void net.run({ inputs: { X: new Tensor(new Uint8Array(20).fill(on ? 1 : 0), [1, 1, 20], "uint8") }, time: 1 });
    // connections carry the previous step's spikes: X fires at step 1, Y0 spikes at step 2,
    // and Y1 (at rest -65, no input of its own) receives -5 at step 3
    step(true);
    step(false);
    expect(Array.from(Y.s.data)).toEqual([1, 0]);
    expect(Y.v.data[1]).toBe(-65);
    step(false);
    expect(Y.v.data[1]).toBe(-70);
  });

  it("rejects an input shape that does not match nInpt", () => {
    expect(() => new DiehlAndCook2015v2({ nInpt: 6, inptShape: [2, 2] })).toThrow(/DiehlAndCook2015v2/);
  });
});
