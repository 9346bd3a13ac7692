/**
 * The reference's Diehl & Cook network built on Network.run primitives, shared by the
 * benchmarks (bench/peers.ts --dc, bench/wasm.ts --dc): 784 inputs with traces → nExc
 * DiehlAndCookNodes through a dense `Connection` learning with PostPre (nu 1e-4 / 1e-2,
 * wmin 0, wmax 1, norm 78.4, weights 0.3·rnd()); nExc inhibitory LIF neurons; Ae→Ai 22.5
 * one-to-one, Ai→Ae −120 lateral. `rnd` draws the input weights (each bench its own stream).
 */
import { PostPre } from "../src/learning/post-pre.js";
import { Network } from "../src/network/network.js";
import { DiehlAndCookNodes, Input, LIFNodes } from "../src/network/nodes/index.js";
import { Connection } from "../src/network/topology/connection.js";
import { zeros } from "../src/tensor/creation.js";
import { manualSeed } from "../src/tensor/random.js";

export function diehlCookNetwork(nExc: number, rnd: () => number): Network {
  manualSeed(0);
  const net = new Network({ dt: 1 });
  net.addLayer(new Input({ n: 784, traces: true, tcTrace: 20 }), "X");
  net.addLayer(new DiehlAndCookNodes({ n: nExc, traces: true, thresh: -52, rest: -65, reset: -60, refrac: 5, tcDecay: 100, tcTrace: 20, thetaPlus: 0.05, tcThetaDecay: 1e7 }), "Ae");
  net.addLayer(new LIFNodes({ n: nExc, thresh: -40, rest: -60, reset: -45, refrac: 2, tcDecay: 10 }), "Ai");
  const w = zeros([784, nExc]);
  const wd = w.data as Float32Array;
  for (let i = 0; i < wd.length; i++) wd[i] = Math.fround(0.3 * rnd());
  net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Ae!, w, updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1, norm: 78.4 }), "X", "Ae");
  const ei = zeros([nExc, nExc]);
  const ie = zeros([nExc, nExc]);
  for (let i = 0; i < nExc; i++) for (let j = 0; j < nExc; j++) (i === j ? ei : ie).data[i * nExc + j] = i === j ? 22.5 : -120;
  net.addConnection(new Connection({ source: net.layers.Ae!, target: net.layers.Ai!, w: ei, wmin: 0, wmax: 22.5 }), "Ae", "Ai");
  net.addConnection(new Connection({ source: net.layers.Ai!, target: net.layers.Ae!, w: ie, wmin: -120, wmax: 0 }), "Ai", "Ae");
  return net;
}
