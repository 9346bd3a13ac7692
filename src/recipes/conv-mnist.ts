/**
 * conv_mnist, conv1d_MNIST, conv3d_MNIST, loc1d/2d/3d_mnist and SOM_LM-SNNs as recipes on the
 * loop of stdp-mnist.ts: network builders, encoders and defaults.
 *
 * Fixes of the reference scripts: conv_mnist's batch view is correct (batch 1 only); the loc
 * scripts' hard-coded settings are config fields with the same defaults; SOM's retry *raises*
 * the input rate (the reference multiplies the train with a fresh one, an AND that removes
 * spikes).
 */
import { poisson } from "../encoding/encodings.js";
import { PostPre } from "../learning/post-pre.js";
import { IncreasingInhibitionNetwork } from "../models/increasing-inhibition-network.js";
import { filterInhibition } from "../models/locally-connected-network.js";
import { Network } from "../network/network.js";
import { AdaptiveLIFNodes } from "../network/nodes/adaptive-lif.js";
import { DiehlAndCookNodes } from "../network/nodes/diehl-and-cook.js";
import { Input } from "../network/nodes/input.js";
import type { Nodes } from "../network/nodes/nodes.js";
import { Connection } from "../network/topology/connection.js";
import { Conv1dConnection, Conv2dConnection, Conv3dConnection } from "../network/topology/conv-connection.js";
import { LocalConnection1D, LocalConnection2D, LocalConnection3D } from "../network/topology/local-connection-nd.js";
import { Tensor } from "../tensor/tensor.js";
import { type StdpBaseConfig, type StdpResult, stdpRecipe } from "./stdp-mnist.js";
import type { Recipe } from "./types.js";

export interface ConvConfig extends StdpBaseConfig {
  kernelSize: number;
  stride: number;
  nFilters: number;
  padding: number;
}

export interface LocConfig extends StdpBaseConfig {
  kernelSize: number;
  stride: number;
  nFilters: number;
  /** Inhibition between filters at one position. */
  inh: number;
}

export interface SomConfig extends StdpBaseConfig {
  nNeurons: number;
  thetaPlus: number;
  /** Every this many samples the recurrent weights decrease by 0.5 (by 50 every ten times as many). */
  updateInhibitionWeights: number;
}

/** Poisson train of rates pixel/255·intensity·gain for the image laid out as `shape` by `layout`. */
function encodeAs(px: Uint8Array, c: StdpBaseConfig, shape: number[], layout: (px: ArrayLike<number>, out: Float32Array) => void, gain = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const rates = new Float32Array(n);
  layout(px, rates);
  const k = (c.intensity * gain) / 255;
  for (let i = 0; i < n; i++) rates[i] = Math.fround(rates[i]! * k);
  return poisson(new Tensor(rates, shape, "float32"), c.time, { dt: c.dt });
}

const flat = (px: ArrayLike<number>, out: Float32Array): void => {
  for (let i = 0; i < 784; i++) out[i] = px[i]!;
};
/** The central 20×20 crop (torchvision CenterCrop(20) of a 28×28 image: rows/cols 4..23), `depth` times. */
const crop20 = (px: ArrayLike<number>, out: Float32Array, depth = 1): void => {
  for (let d = 0; d < depth; d++) for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) out[d * 400 + r * 20 + c] = px[(r + 4) * 28 + c + 4]!;
};
const repeat28 = (px: ArrayLike<number>, out: Float32Array): void => {
  for (let d = 0; d < 28; d++) for (let i = 0; i < 784; i++) out[d * 784 + i] = px[i]!;
};

const base: StdpBaseConfig = { seed: 0, nEpochs: 1, nTest: 0, nTrain: 60000, time: 50, dt: 1, intensity: 128, updateInterval: 250, train: true };
const intRules = { kernelSize: { int: true, min: 1 }, stride: { int: true, min: 1 }, nFilters: { int: true, min: 1 }, padding: { int: true, min: 0 } } as const;

function convNet(c: ConvConfig, dims: 1 | 2 | 3, inShape: number[]): Network {
  const { kernelSize: k, stride: s, padding: p, nFilters: F } = c;
  const conv = inShape.slice(1).map((d) => Math.floor((d + 2 * p - k) / s) + 1);
  const P = conv.reduce((a, b) => a * b, 1);
  const net = new Network({ dt: c.dt });
  const X = new Input({ shape: inShape, traces: true });
  const Y = new DiehlAndCookNodes({ shape: [F, ...conv], traces: true });
  net.addLayer(X, "X").addLayer(Y, "Y");
  const Cls = dims === 1 ? Conv1dConnection : dims === 2 ? Conv2dConnection : Conv3dConnection;
  net.addConnection(new Cls({ source: X, target: Y, kernelSize: k, stride: s, padding: p, updateRule: PostPre, nu: [1e-4, 1e-2], wmax: 1.0, norm: 0.4 * k ** dims }), "X", "Y");
  net.addConnection(new Connection({ source: Y, target: Y, w: filterInhibition(F, P, 100) }), "Y", "Y");
  return net;
}

function locNet(c: LocConfig, dims: 1 | 2 | 3, inShape: number[]): Network {
  const { kernelSize: k, stride: s, nFilters: F } = c;
  const conv = inShape.slice(1).map((d) => Math.floor((d - k) / s) + 1);
  const P = conv.reduce((a, b) => a * b, 1);
  const net = new Network({ dt: c.dt });
  const X = new Input({ shape: inShape, traces: true });
  const Y: Nodes = new AdaptiveLIFNodes({ shape: [F, ...conv], traces: true });
  net.addLayer(X, "X").addLayer(Y, "Y");
  const Cls = dims === 1 ? LocalConnection1D : dims === 2 ? LocalConnection2D : LocalConnection3D;
  net.addConnection(new Cls({ source: X, target: Y, kernelSize: k, stride: s, nFilters: F, updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1, norm: 0.2 * k ** dims }), "X", "Y");
  net.addConnection(new Connection({ source: Y, target: Y, w: filterInhibition(F, P, c.inh) }), "Y", "Y");
  return net;
}

const conv = (name: string, summary: string, kernelSize: number, stride: number, dims: 1 | 2 | 3, shape: number[], layout: (px: ArrayLike<number>, out: Float32Array) => void): Recipe<ConvConfig, StdpResult> =>
  stdpRecipe<ConvConfig>({
    name, summary, input: "X", output: "Y", rules: intRules,
    defaults: { ...base, kernelSize, stride, nFilters: 25, padding: 0 },
    build: (c) => convNet(c, dims, shape),
    encode: (px, c) => encodeAs(px, c, shape, layout),
  });

const loc = (name: string, summary: string, kernelSize: number, stride: number, nFilters: number, nTrain: number, dims: 1 | 2 | 3, shape: number[], layout: (px: ArrayLike<number>, out: Float32Array) => void): Recipe<LocConfig, StdpResult> =>
  stdpRecipe<LocConfig>({
    name, summary, input: "X", output: "Y", rules: intRules,
    defaults: { ...base, time: 250, nTrain, kernelSize, stride, nFilters, inh: 25 },
    build: (c) => locNet(c, dims, shape),
    encode: (px, c) => encodeAs(px, c, shape, layout),
  });

export const convMnist = conv("conv-mnist", "Conv2dConnection (16×16 kernels, stride 4, 25 filters) + PostPre into Diehl & Cook nodes with cross-filter inhibition.", 16, 4, 2, [1, 28, 28], flat);
export const conv1dMnist = conv("conv1d-mnist", "Conv1dConnection over the raveled 784-pixel image (kernel 56, stride 28).", 56, 28, 1, [1, 784], flat);
export const conv3dMnist = conv("conv3d-mnist", "Conv3dConnection over the image repeated 28 times along depth (kernel 16, stride 4).", 16, 4, 3, [1, 28, 28, 28], repeat28);
export const loc1dMnist = loc("loc1d-mnist", "LocalConnection1D (kernel 56, stride 28, 25 filters) into adaptive LIF nodes.", 56, 28, 25, 500, 1, [1, 784], flat);
export const loc2dMnist = loc("loc2d-mnist", "LocalConnection2D on the 20×20 centre crop (kernel 12, stride 4, 50 filters).", 12, 4, 50, 2500, 2, [1, 20, 20], (p, out) => crop20(p, out));
export const loc3dMnist = loc("loc3d-mnist", "LocalConnection3D on the 20×20 crop repeated 20 times in depth (kernel 16, stride 2).", 16, 2, 25, 500, 3, [1, 20, 20, 20], (p, out) => crop20(p, out, 20));

export const somLmSnns: Recipe<SomConfig, StdpResult> = stdpRecipe<SomConfig>({
  name: "som-lm-snns",
  summary: "IncreasingInhibitionNetwork (Hazan et al. 2018 lattice map): inhibition grows with distance and over training.",
  input: "X",
  output: "Y",
  defaults: { ...base, nTest: 10000, time: 250, intensity: 64, nNeurons: 100, thetaPlus: 0.05, updateInhibitionWeights: 500 },
  rules: { nNeurons: { int: true, min: 1 }, updateInhibitionWeights: { int: true, min: 1 } },
  build: (c) => new IncreasingInhibitionNetwork({ nInput: 784, nNeurons: c.nNeurons, startInhib: 10, maxInhib: -40, thetaPlus: c.thetaPlus, tcThetaDecay: 1e7, nu: [1e-4, 1e-2], inptShape: [1, 28, 28], dt: c.dt }),
  encode: (px, c, attempt) => encodeAs(px, c, [1, 28, 28], flat, attempt === 0 ? 1 : 1.2 ** 2 ** (attempt - 1)),
  retry: { minSpikes: 2, tries: 5 },
  afterSample: (net, step, c) => {
    const every = c.updateInhibitionWeights;
    if (step % every !== 0) return;
    const conn = net.connections.get("Y", "Y")!;
    const w = conn.w.data as Float32Array;
    const n = conn.w.shape[0]!;
    const dec = Math.fround(step % (10 * every) === 0 ? 50 : 0.5);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = Math.fround(w[i * n + j]! - dec);
  },
});
