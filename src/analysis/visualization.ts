/**
 * BindsNET's `bindsnet/analysis/visualization.py`: per-example spike trains and a single
 * voltage trace, and `summary(network)`, a text overview of a network.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { Tensor } from "../tensor/index.js";
import { DEFAULT_CYCLE } from "./colormaps.js";
import { type BaseOptions, type PlotResult, figsizeOf, requireTensor, valuesOf } from "./common.js";
import { type Axes, Figure } from "./figure.js";
import { emit } from "./output.js";

/** Options of {@link plotSpikeTrainsForExample}. */
export interface PlotSpikeTrainsOptions extends BaseOptions {
  /** Which example (required, as in the reference). */
  nEx: number;
  /** Show the k most active neurons of the example. */
  topK?: number | null;
  /** Show these neurons (ignored when `topK` is given). */
  indices?: readonly number[] | null;
}

/**
 * An event plot of one example's spike trains, `spikes` `[nExamples, nNeurons, time]`: a
 * short vertical bar at each spike time, one row per shown neuron (all neurons, the
 * `indices`, or the `topK` most active, most active at the bottom).
 */
export function plotSpikeTrainsForExample<O extends PlotSpikeTrainsOptions>(spikes: Tensor, opts: O): PlotResult<O> {
  const op = "plotSpikeTrainsForExample";
  const s = requireTensor(op, "spikes", spikes);
  if (s.ndim !== 3) throw new ShapeError(`${op}: spikes has shape ${fmtShape(s.shape)}, expected 3 dims [nExamples, nNeurons, time]`);
  const [nEx, N, T] = s.shape as [number, number, number];
  const ex = opts?.nEx;
  if (!Number.isInteger(ex) || ex < 0 || ex >= nEx) throw new ValueError(`${op}: nEx is ${fmtValue(ex)}, expected an integer in [0, ${nEx})`);
  const v = valuesOf(s);
  const base = ex * N * T;
  let rows: number[];
  if (opts.topK !== undefined && opts.topK !== null) {
    const k = opts.topK;
    if (!Number.isInteger(k) || k < 1 || k > N) throw new ValueError(`${op}: topK is ${fmtValue(k)}, expected an integer in [1, ${N}]`);
    const counts = Array.from({ length: N }, (_, i) => {
      let c = 0;
      for (let t = 0; t < T; t++) if (v[base + i * T + t] !== 0) c++;
      return c;
    });
    rows = counts
      .map((c, i) => [c, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, k)
      .map(([, i]) => i);
  } else if (opts.indices !== undefined && opts.indices !== null) {
    rows = [...opts.indices];
    for (const i of rows) if (!Number.isInteger(i) || i < 0 || i >= N) throw new ValueError(`${op}: indices holds ${fmtValue(i)}, expected integers in [0, ${N})`);
  } else {
    rows = Array.from({ length: N }, (_, i) => i);
  }
  const fig = new Figure(figsizeOf(op, opts.figsize, [8, 4.5]));
  const [ax] = fig.subplots(1, 1, { left: 0.1, right: 0.95, bottom: 0.13, top: 0.9 }) as [Axes];
  ax.xlim = [-0.5, T - 0.5];
  ax.ylim = [-0.75, rows.length - 0.25];
  rows.forEach((i, r) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let t = 0; t < T; t++) {
      if (v[base + i * T + t] === 0) continue;
      xs.push(t, t, Number.NaN);
      ys.push(r - 0.4, r + 0.4, Number.NaN);
    }
    ax.line(xs, ys, { color: DEFAULT_CYCLE[0]!, width: 1.5 });
  });
  ax.yticks = rows.length <= 20 ? { values: rows.map((_, r) => r), labels: rows.map(String) } : "none";
  ax.title = opts.title ?? `Spike trains for example ${ex}`;
  ax.xlabel = "Simulation time";
  ax.ylabel = "Neuron index";
  return emit(op, fig.toSVG(), opts) as PlotResult<O>;
}

/** Options of {@link plotVoltage}. */
export interface PlotVoltageOptions extends BaseOptions {
  /** Example (default 0) and neuron (default 0) to show. */
  nEx?: number;
  nNeuron?: number;
  /** Time window `[t0, t1)` (default all). */
  time?: [number, number] | null;
  /** A dashed horizontal line at this voltage. */
  threshold?: number | null;
}

/**
 * One neuron's voltage trace from `voltage` `[nExamples, nNeurons, time]`, with an optional
 * dashed threshold line.
 */
export function plotVoltage<O extends PlotVoltageOptions>(voltage: Tensor, opts: O = {} as O): PlotResult<O> {
  const op = "plotVoltage";
  const s = requireTensor(op, "voltage", voltage);
  if (s.ndim !== 3) throw new ShapeError(`${op}: voltage has shape ${fmtShape(s.shape)}, expected 3 dims [nExamples, nNeurons, time]`);
  const [nEx, N, T] = s.shape as [number, number, number];
  const ex = opts.nEx ?? 0;
  const ni = opts.nNeuron ?? 0;
  if (!Number.isInteger(ex) || ex < 0 || ex >= nEx) throw new ValueError(`${op}: nEx is ${fmtValue(ex)}, expected an integer in [0, ${nEx})`);
  if (!Number.isInteger(ni) || ni < 0 || ni >= N) throw new ValueError(`${op}: nNeuron is ${fmtValue(ni)}, expected an integer in [0, ${N})`);
  const [t0, t1] = opts.time ?? [0, T];
  if (!Number.isInteger(t0) || !Number.isInteger(t1) || t0 < 0 || t1 > T || t0 >= t1) {
    throw new ValueError(`${op}: time is ${fmtValue(opts.time)}, expected [start, end] integers with 0 <= start < end <= ${T}`);
  }
  const v = valuesOf(s);
  const ts = Array.from({ length: t1 - t0 }, (_, k) => t0 + k);
  const ys = ts.map((t) => v[(ex * N + ni) * T + t]!);
  const th = opts.threshold ?? null;
  const all = th === null ? ys : [...ys, th];
  let lo = Math.min(...all.filter(Number.isFinite));
  let hi = Math.max(...all.filter(Number.isFinite));
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const fig = new Figure(figsizeOf(op, opts.figsize, [8, 4.5]));
  const [ax] = fig.subplots(1, 1, { left: 0.1, right: 0.95, bottom: 0.13, top: 0.9 }) as [Axes];
  const mx = Math.max(0.5, 0.05 * (t1 - 1 - t0));
  ax.xlim = [t0 - mx, t1 - 1 + mx];
  ax.ylim = [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)];
  ax.line(ts, ys, { color: DEFAULT_CYCLE[0]!, label: "voltage" });
  if (th !== null) ax.axhline(th, { color: "#000000", dash: "dashed", label: "threshold" });
  ax.title = opts.title ?? `Voltage of neuron ${ni}, example ${ex}`;
  ax.xlabel = "Simulation time";
  ax.ylabel = "Voltage";
  return emit(op, fig.toSVG(), opts) as PlotResult<O>;
}

/** What {@link summary} reads from a network (a `Network` satisfies it). */
export interface NetworkLike {
  batchSize: number;
  layers: Record<string, { n: number; shape: readonly number[]; learning: boolean; constructor: { name: string } }>;
  /** Layer names in insertion order. */
  layerNames(): string[];
  connections: { entries(): [[string, string], { w?: unknown; constructor: { name: string } }][] };
}

/**
 * A text overview of a network: batch size, each layer (type, trainable iff
 * `layer.learning`, neurons and shape), its outgoing connections with their synapse counts
 * (`w`'s element count; connections without a weight tensor, such as max-pooling or
 * multi-compartment ones, count 0 instead of failing as in the reference), and the totals.
 * `color` (default true) adds ANSI colours like the reference.
 */
export function summary(net: NetworkLike, opts: { color?: boolean } = {}): string {
  const op = "summary";
  if (typeof net !== "object" || net === null || typeof net.layers !== "object" || typeof net.connections?.entries !== "function") {
    throw new ValueError(`${op}: net is ${fmtValue(net)}, expected a Network`);
  }
  const color = opts.color ?? true;
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const num = (x: number) => x.toLocaleString("en-US");
  const lines = [c("1", `Network summary`) + ` (batch size ${net.batchSize})`, ""];
  let neurons = 0;
  let synapses = 0;
  const conns = net.connections.entries();
  for (const name of net.layerNames()) {
    const layer = net.layers[name]!;
    neurons += layer.n;
    lines.push(
      `${c("34;1", `Layer "${name}"`)} (${layer.constructor.name}, ${layer.learning ? c("32", "trainable") : c("31", "not trainable")}): ${num(layer.n)} neurons, shape ${fmtShape(layer.shape)}`,
    );
    for (const [[src, tgt], conn] of conns) {
      if (src !== name) continue;
      const k = conn.w instanceof Tensor ? conn.w.numel() : 0;
      synapses += k;
      lines.push(`    -> "${tgt}" (${conn.constructor.name}): ${num(k)} synapses`);
    }
  }
  lines.push("", `Total: ${num(Object.keys(net.layers).length)} layers, ${num(neurons)} neurons, ${num(synapses)} synapses`);
  return lines.join("\n");
}
