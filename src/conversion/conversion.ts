/** ANN → SNN conversion (BindsNET's `ann_to_snn`). */
import { ValueError, fmtShape, fmtValue } from "../errors.js";
import { zeros } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { Nodes, type NodesOptions } from "../network/nodes/nodes.js";
import type { AbstractConnection } from "../network/topology/abstract-connection.js";
import { Connection } from "../network/topology/connection.js";
import { Conv2dConnection } from "../network/topology/conv-connection.js";
import { MaxPool2dConnection } from "../network/topology/maxpool-connection.js";
import { type AnnLayer, ConstantPad2d, Conv2d, Linear, MaxPool2d, Permute, Sequential } from "./layers.js";
import { dataBasedNormalization } from "./normalization.js";
import { PassThroughNodes, SubtractiveResetIFNodes } from "./nodes.js";
import { ConstantPad2dConnection, PermuteConnection } from "./topology.js";

/** A node class the converter can instantiate: `new nodeType({ n | shape, reset, thresh, refrac, sumInput, ... })`. */
export type NodeClass = new (opts: NodesOptions & Record<string, unknown>) => Nodes;

export interface AnnToSnnOptions {
  /** Shape of one input example, without the batch dim (e.g. [784] or [1, 28, 28]). */
  inputShape: readonly number[];
  /** Examples [N, ...inputShape] for data-based normalisation; without them the weights are used as given (with a warning). */
  data?: Tensor | null;
  /** Percentile for the normalisation (default 99.9). */
  percentile?: number;
  /** Neuron class of the Linear/Conv2d layers (default SubtractiveResetIFNodes). */
  nodeType?: NodeClass;
  /** Receives warnings (default console.warn). */
  onWarning?: (msg: string) => void;
  /** Further options for every `nodeType` layer (e.g. traces, lbound), BindsNET's **kwargs. */
  [k: string]: unknown;
}

const OWN_KEYS = new Set(["inputShape", "data", "percentile", "nodeType", "onWarning"]);

/**
 * Converts a declarative ANN into a spiking Network (dt 1, learning on, as the reference):
 *
 * - an `Input` layer of `inputShape` named "Input";
 * - the model's layers in order, nested Sequentials expanded; the i-th of them (1-based)
 *   becomes layer `String(i)` when it converts to one: Linear → `nodeType` layer of
 *   out features + dense `Connection` (w = weightᵀ, b = bias); Conv2d → `nodeType` layer
 *   [C_out, H', W'] + `Conv2dConnection`; MaxPool2d → `PassThroughNodes` + `MaxPool2dConnection`
 *   (decay 0: the window passes the spike of its neuron with the highest spike count so far);
 *   Permute → `PassThroughNodes` + `PermuteConnection`; ConstantPad2d → `PassThroughNodes` +
 *   `ConstantPad2dConnection`; ReLU, Flatten and Dropout convert to nothing (the neurons are
 *   the non-linearity; connections flatten their source);
 * - `nodeType` layers get reset 0, thresh 1, refrac 0 plus the extra options; the last layer
 *   converted gets `sumInput: true`, so its `summed` input approximates the ANN's output.
 *
 * Each connection is added from the layer actually converted before it (the reference keys it
 * by the previous *child* index, which often names no layer: "0" for the input, or a skipped
 * ReLU). With `data`, the weights are first normalised by {@link dataBasedNormalization}; the
 * given `ann` is never changed.
 */
export function annToSnn(ann: Sequential, opts: AnnToSnnOptions): Network {
  const op = "annToSnn";
  if (!(ann instanceof Sequential)) throw new ValueError(`${op}: ann is ${fmtValue(ann)}, expected a Sequential`);
  if (opts === null || typeof opts !== "object") throw new ValueError(`${op}: options are ${fmtValue(opts)}, expected { inputShape, data, percentile, nodeType, ... }`);
  const inputShape = opts.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValueError(`${op}: inputShape is ${fmtValue(inputShape)}, expected a non-empty array of positive integers`);
  }
  const nodeType = opts.nodeType ?? SubtractiveResetIFNodes;
  if (typeof nodeType !== "function" || !(nodeType.prototype instanceof Nodes)) {
    throw new ValueError(`${op}: nodeType is ${fmtValue(nodeType)}, expected a Nodes subclass`);
  }
  const warn = opts.onWarning ?? ((m: string) => console.warn(m));
  const nodeOptions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (!OWN_KEYS.has(k)) nodeOptions[k] = v;

  let model = ann;
  const data = opts.data ?? null;
  if (data === null) warn(`${op}: data is missing; the weights are used as given (no normalisation)`);
  else model = dataBasedNormalization(ann, data, { percentile: opts.percentile ?? 99.9 });

  const net = new Network();
  net.addLayer(new Input({ shape: [...inputShape] }), "Input");
  const leaves = model.leaves();
  // which leaf converts last (it gets sumInput)
  let lastIdx = -1;
  leaves.forEach(({ layer }, k) => {
    if (converts(layer)) lastIdx = k;
  });
  let prevName = "Input";
  let prev: Nodes = net.layers.Input!;
  leaves.forEach(({ name: path, layer }, k) => {
    if (!converts(layer)) return;
    const name = String(k + 1);
    const where = `${op}: layer "${path}" (${layer.type})`;
    const made = convertLayer(where, layer, prev, nodeType, { ...nodeOptions, sumInput: k === lastIdx });
    net.addLayer(made.nodes, name);
    net.addConnection(made.connection(made.nodes), prevName, name);
    prevName = name;
    prev = made.nodes;
  });
  return net;
}

function converts(layer: AnnLayer): boolean {
  return layer instanceof Linear || layer instanceof Conv2d || layer instanceof MaxPool2d || layer instanceof Permute || layer instanceof ConstantPad2d;
}

interface Converted {
  nodes: Nodes;
  connection(target: Nodes): AbstractConnection;
}

/** [C, H, W] of the previous layer, or a ValueError naming the layer. */
function chw(where: string, prev: Nodes, what: string): [number, number, number] {
  if (prev.shape.length !== 3) throw new ValueError(`${where}: input has shape ${fmtShape(prev.shape)}, expected [C, H, W] for ${what}`);
  return prev.shape as [number, number, number];
}

function convertLayer(where: string, layer: AnnLayer, prev: Nodes, nodeType: NodeClass, nodeOpts: Record<string, unknown>): Converted {
  const neuron = (shape: number[]): Nodes => new nodeType({ ...nodeOpts, shape, reset: 0, thresh: 1, refrac: 0 } as NodesOptions & Record<string, unknown>);
  if (layer instanceof Linear) {
    if (layer.inFeatures !== prev.n) {
      throw new ValueError(`${where}: weight has shape ${fmtShape(layer.weight.shape)}, expected in features = ${prev.n} (the size of the previous layer, shape ${fmtShape(prev.shape)})`);
    }
    return {
      nodes: neuron([layer.outFeatures]),
      connection: (t) => new Connection({ source: prev, target: t, w: layer.weight.t().contiguous(), b: layer.bias ?? zeros([layer.outFeatures]) }),
    };
  }
  if (layer instanceof Conv2d) {
    const [C, H, W] = chw(where, prev, "a Conv2d");
    if (C !== layer.inChannels) throw new ValueError(`${where}: weight has shape ${fmtShape(layer.weight.shape)}, expected in_channels = ${C} (the previous layer has shape ${fmtShape(prev.shape)})`);
    const [h, w] = layer.outputSize([H, W]);
    if (h < 1 || w < 1) throw new ValueError(`${where}: output size is [${h}, ${w}], expected positive for input ${fmtShape(prev.shape)}, kernel ${fmtShape(layer.kernelSize)}, stride ${fmtShape(layer.stride)}, padding ${fmtShape(layer.padding)}, dilation ${fmtShape(layer.dilation)}`);
    return {
      nodes: neuron([layer.outChannels, h, w]),
      connection: (t) =>
        new Conv2dConnection({
          source: prev,
          target: t,
          kernelSize: layer.kernelSize,
          stride: layer.stride,
          padding: layer.padding,
          dilation: layer.dilation,
          w: layer.weight,
          // a bias-less conv gets zeros per output channel (the reference sizes them by height)
          b: layer.bias ?? zeros([layer.outChannels]),
        }),
    };
  }
  if (layer instanceof MaxPool2d) {
    const [C, H, W] = chw(where, prev, "a MaxPool2d");
    const [h, w] = layer.outputSize([H, W]);
    if (h < 1 || w < 1) throw new ValueError(`${where}: output size is [${h}, ${w}], expected positive for input ${fmtShape(prev.shape)}, kernelSize ${fmtShape(layer.kernelSize)}, stride ${fmtShape(layer.stride)}`);
    return {
      nodes: new PassThroughNodes({ shape: [C, h, w] }),
      connection: (t) =>
        new MaxPool2dConnection({ source: prev, target: t, kernelSize: layer.kernelSize, stride: layer.stride, padding: layer.padding, dilation: layer.dilation, decay: 0 }),
    };
  }
  if (layer instanceof Permute) {
    const d = layer.dims;
    if (d.length !== prev.shape.length + 1 || d[0] !== 0) {
      throw new ValueError(`${where}: dims is ${fmtShape(d)}, expected a permutation of the ${prev.shape.length + 1} dims of the batched input [B, ...${fmtShape(prev.shape)}] that keeps the batch dim 0 first`);
    }
    return {
      nodes: new PassThroughNodes({ shape: d.slice(1).map((k) => prev.shape[k - 1]!) }),
      connection: (t) => new PermuteConnection({ source: prev, target: t, dims: d }),
    };
  }
  if (layer instanceof ConstantPad2d) {
    if (prev.shape.length < 2) throw new ValueError(`${where}: input has shape ${fmtShape(prev.shape)}, expected at least 2 dims [.., H, W]`);
    return {
      nodes: new PassThroughNodes({ shape: layer.outputShape(prev.shape) }),
      connection: (t) => new ConstantPad2dConnection({ source: prev, target: t, padding: layer.padding, value: layer.value }),
    };
  }
  throw new ValueError(`${where}: the layer does not convert, expected Linear, Conv2d, MaxPool2d, Permute or ConstantPad2d`);
}
