/**
 * conv_mnist, conv1d_MNIST, conv3d_MNIST, loc1d/2d/3d_mnist and SOM_LM-SNNs: network
 * builders, encoders and options for the shared loop in stdp-example.ts.
 *
 * Fixes of the reference scripts: plots only with `--plot-dir` (the reference pauses on a
 * Matplotlib window every sample); conv_mnist's batch view is correct (only batch 1 is
 * offered); the loc scripts' hard-coded settings are options with the same defaults; SOM's
 * retry *raises* the input rate (the reference multiplies the train with a fresh one, an AND
 * that removes spikes) and its option is spelled --update-inhibition-weights (the reference's
 * --update_inhibation_weights is accepted).
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
import type { OptionSpec, ParsedOptions } from "./args.js";
import type { StdpSpec } from "./stdp-example.js";

type O = Record<string, never>;

/** Poisson train of rates pixel/255·intensity for the image laid out as `shape`, built by `layout`. */
function encodeAs(image: Tensor, opts: ParsedOptions, shape: number[], layout: (px: ArrayLike<number>, out: Float32Array) => void, gain = 1): Tensor {
  const o = opts as O;
  const n = shape.reduce((a, b) => a * b, 1);
  const rates = new Float32Array(n);
  layout(image.contiguousData(), rates);
  const k = (o.intensity * gain) / 255;
  for (let i = 0; i < n; i++) rates[i] = Math.fround(rates[i]! * k);
  return poisson(new Tensor(rates, shape, "float32"), o.time, { dt: o.dt });
}

const flat = (px: ArrayLike<number>, out: Float32Array): void => {
  for (let i = 0; i < 784; i++) out[i] = px[i]!;
};
/** The central 20×20 crop (torchvision CenterCrop(20) of a 28×28 image: rows/cols 4..23). */
const crop20 = (px: ArrayLike<number>, out: Float32Array, depth = 1): void => {
  for (let d = 0; d < depth; d++) for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) out[d * 400 + r * 20 + c] = px[(r + 4) * 28 + c + 4]!;
};
const repeat28 = (px: ArrayLike<number>, out: Float32Array): void => {
  for (let d = 0; d < 28; d++) for (let i = 0; i < 784; i++) out[d * 784 + i] = px[i]!;
};

/** Options shared by the conv scripts (conv_mnist.py's CLI). */
function convOptions(kernel: number, stride: number, time: number): OptionSpec[] {
  return [
    { name: "seed", type: "int", default: 0, help: "random seed" },
    { name: "n-epochs", type: "int", default: 1, min: 0, help: "training epochs" },
    { name: "n-test", type: "int", default: 0, min: 0, help: "test samples (the reference does not test)" },
    { name: "n-train", type: "int", default: 60000, min: 0, help: "training samples per epoch" },
    { name: "batch-size", type: "int", default: 1, min: 1, help: "accepted for compatibility (samples run one at a time)" },
    { name: "kernel-size", type: "int", default: kernel, min: 1, help: "convolution kernel size" },
    { name: "stride", type: "int", default: stride, min: 1, help: "convolution stride" },
    { name: "n-filters", type: "int", default: 25, min: 1, help: "filters" },
    { name: "padding", type: "int", default: 0, min: 0, help: "zero padding" },
    { name: "time", type: "int", default: time, min: 1, help: "simulation time per sample (ms)" },
    { name: "dt", type: "float", default: 1.0, min: 0.001, help: "simulation step (ms)" },
    { name: "intensity", type: "float", default: 128, min: 0, help: "maximum Poisson rate (Hz)" },
    { name: "progress-interval", type: "int", default: 10, min: 1, help: "accepted for compatibility" },
    { name: "update-interval", type: "int", default: 250, min: 1, help: "samples between label assignments (running accuracy)" },
    { name: "train", type: "bool", default: true, negatedBy: "test", help: "learn during training" },
  ];
}

function convNet(opts: ParsedOptions, dims: 1 | 2 | 3, inShape: number[]): Network {
  const o = opts as O;
  const k: number = o.kernelSize;
  const s: number = o.stride;
  const p: number = o.padding;
  const F: number = o.nFilters;
  const spatial = inShape.slice(1);
  const conv = spatial.map((d) => Math.floor((d + 2 * p - k) / s) + 1);
  const P = conv.reduce((a, b) => a * b, 1);
  const net = new Network({ dt: o.dt });
  const X = new Input({ shape: inShape, traces: true });
  const Y = new DiehlAndCookNodes({ shape: [F, ...conv], traces: true });
  net.addLayer(X, "X").addLayer(Y, "Y");
  const Cls = dims === 1 ? Conv1dConnection : dims === 2 ? Conv2dConnection : Conv3dConnection;
  const c = new Cls({ source: X, target: Y, kernelSize: k, stride: s, padding: p, updateRule: PostPre, nu: [1e-4, 1e-2], wmax: 1.0, norm: 0.4 * k ** dims });
  net.addConnection(c, "X", "Y");
  net.addConnection(new Connection({ source: Y, target: Y, w: filterInhibition(F, P, 100) }), "Y", "Y");
  return net;
}

function locNet(opts: ParsedOptions, dims: 1 | 2 | 3, inShape: number[]): Network {
  const o = opts as O;
  const k: number = o.kernelSize;
  const s: number = o.stride;
  const F: number = o.nFilters;
  const conv = inShape.slice(1).map((d) => Math.floor((d - k) / s) + 1);
  const P = conv.reduce((a, b) => a * b, 1);
  const net = new Network({ dt: o.dt });
  const X = new Input({ shape: inShape, traces: true });
  const Y: Nodes = new AdaptiveLIFNodes({ shape: [F, ...conv], traces: true });
  net.addLayer(X, "X").addLayer(Y, "Y");
  const Cls = dims === 1 ? LocalConnection1D : dims === 2 ? LocalConnection2D : LocalConnection3D;
  const c = new Cls({ source: X, target: Y, kernelSize: k, stride: s, nFilters: F, updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1, norm: 0.2 * k ** dims });
  net.addConnection(c, "X", "Y");
  net.addConnection(new Connection({ source: Y, target: Y, w: filterInhibition(F, P, o.inh) }), "Y", "Y");
  return net;
}

function locOptions(kernel: number, stride: number, filters: number, nTrain: number): OptionSpec[] {
  return convOptions(kernel, stride, 250)
    .filter((x) => x.name !== "padding" && x.name !== "batch-size")
    .map((x) => (x.name === "n-train" ? { ...x, default: nTrain } : x.name === "n-filters" ? { ...x, default: filters } : x))
    .concat([{ name: "inh", type: "float", default: 25, help: "inhibition between filters at one position" }]);
}

export interface ExampleDef {
  name: string;
  script: string;
  summary: string;
  options: OptionSpec[];
  spec: StdpSpec;
}

export const convExamples: ExampleDef[] = [
  {
    name: "conv-mnist",
    script: "examples/mnist/conv_mnist.py",
    summary: "Conv2dConnection (16×16 kernels, stride 4, 25 filters) + PostPre into Diehl & Cook nodes with cross-filter inhibition.",
    options: convOptions(16, 4, 50),
    spec: { name: "conv-mnist", input: "X", output: "Y", build: (o) => convNet(o, 2, [1, 28, 28]), encode: (im, o) => encodeAs(im, o, [1, 28, 28], flat), plotConv: "X->Y" },
  },
  {
    name: "conv1d-mnist",
    script: "examples/mnist/conv1d_MNIST.py",
    summary: "Conv1dConnection over the raveled 784-pixel image (kernel 56, stride 28).",
    options: convOptions(56, 28, 50),
    spec: { name: "conv1d-mnist", input: "X", output: "Y", build: (o) => convNet(o, 1, [1, 784]), encode: (im, o) => encodeAs(im, o, [1, 784], flat) },
  },
  {
    name: "conv3d-mnist",
    script: "examples/mnist/conv3d_MNIST.py",
    summary: "Conv3dConnection over the image repeated 28 times along depth (kernel 16, stride 4).",
    options: convOptions(16, 4, 50),
    spec: { name: "conv3d-mnist", input: "X", output: "Y", build: (o) => convNet(o, 3, [1, 28, 28, 28]), encode: (im, o) => encodeAs(im, o, [1, 28, 28, 28], repeat28) },
  },
  {
    name: "loc1d-mnist",
    script: "examples/mnist/loc1d_mnist.py",
    summary: "LocalConnection1D (kernel 56, stride 28, 25 filters) into adaptive LIF nodes.",
    options: locOptions(56, 28, 25, 500),
    spec: { name: "loc1d-mnist", input: "X", output: "Y", build: (o) => locNet(o, 1, [1, 784]), encode: (im, o) => encodeAs(im, o, [1, 784], flat) },
  },
  {
    name: "loc2d-mnist",
    script: "examples/mnist/loc2d_mnist.py",
    summary: "LocalConnection2D on the 20×20 centre crop (kernel 12, stride 4, 50 filters).",
    options: locOptions(12, 4, 50, 2500),
    spec: { name: "loc2d-mnist", input: "X", output: "Y", build: (o) => locNet(o, 2, [1, 20, 20]), encode: (im, o) => encodeAs(im, o, [1, 20, 20], (p, out) => crop20(p, out)) },
  },
  {
    name: "loc3d-mnist",
    script: "examples/mnist/loc3d_mnist.py",
    summary: "LocalConnection3D on the 20×20 crop repeated 20 times in depth (kernel 16, stride 2).",
    options: locOptions(16, 2, 25, 500),
    spec: { name: "loc3d-mnist", input: "X", output: "Y", build: (o) => locNet(o, 3, [1, 20, 20, 20]), encode: (im, o) => encodeAs(im, o, [1, 20, 20, 20], (p, out) => crop20(p, out, 20)) },
  },
  {
    name: "som-lm-snns",
    script: "examples/mnist/SOM_LM-SNNs.py",
    summary: "IncreasingInhibitionNetwork (Hazan et al. 2018 lattice map): inhibition grows with distance and over training.",
    options: [
      { name: "seed", type: "int", default: 0, help: "random seed" },
      { name: "n-neurons", type: "int", default: 100, min: 1, help: "output neurons (a square grid)" },
      { name: "n-epochs", type: "int", default: 1, min: 0, help: "training epochs" },
      { name: "n-test", type: "int", default: 10000, min: 0, help: "test samples" },
      { name: "n-train", type: "int", default: 60000, min: 0, help: "training samples per epoch" },
      { name: "n-workers", type: "int", default: -1, min: -1, help: "accepted for compatibility" },
      { name: "theta-plus", type: "float", default: 0.05, help: "adaptive threshold increment" },
      { name: "time", type: "int", default: 250, min: 1, help: "simulation time per sample (ms)" },
      { name: "dt", type: "float", default: 1.0, min: 0.001, help: "simulation step (ms)" },
      { name: "intensity", type: "float", default: 64, min: 0, help: "maximum Poisson rate (Hz)" },
      { name: "progress-interval", type: "int", default: 10, min: 1, help: "accepted for compatibility" },
      { name: "update-interval", type: "int", default: 250, min: 1, help: "samples between label assignments" },
      { name: "update-inhibition-weights", aliases: ["update-inhibation-weights"], type: "int", default: 500, min: 1, help: "every this many samples the recurrent weights decrease by 0.5 (by 50 every ten times as many)" },
      { name: "plot-interval", type: "int", default: 250, min: 1, help: "accepted for compatibility (plots are written at the end with --plot-dir)" },
      { name: "train", type: "bool", default: true, negatedBy: "test", help: "learn during training" },
    ],
    spec: {
      name: "som-lm-snns",
      input: "X",
      output: "Y",
      build: (opts) => {
        const o = opts as O;
        return new IncreasingInhibitionNetwork({ nInput: 784, nNeurons: o.nNeurons, startInhib: 10, maxInhib: -40, thetaPlus: o.thetaPlus, tcThetaDecay: 1e7, nu: [1e-4, 1e-2], inptShape: [1, 28, 28], dt: o.dt });
      },
      encode: (im, o) => encodeAs(im, o, [1, 28, 28], flat),
      retry: { minSpikes: 2, tries: 5, encode: (im, o, a) => encodeAs(im, o, [1, 28, 28], flat, 1.2 ** 2 ** (a - 1)) },
      afterSample: (net, step, opts) => {
        const every = (opts as O).updateInhibitionWeights as number;
        if (step % every !== 0) return;
        const c = net.connections.get("Y", "Y")!;
        const w = c.w.data as Float32Array;
        const n = c.w.shape[0]!;
        const dec = Math.fround(step % (10 * every) === 0 ? 50 : 0.5);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = Math.fround(w[i * n + j]! - dec);
      },
    },
  },
];
