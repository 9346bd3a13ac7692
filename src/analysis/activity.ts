/**
 * Activity figures (BindsNET's `plot_spikes`, `plot_voltages`): one panel per layer, stacked,
 * from monitor records `[time, ...]` (flattened to `[time, neurons]` like the reference's
 * `view(time, -1)`, so a batch dimension is folded into the neuron axis).
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { SparseCOOTensor, SparseCSRTensor, type SparseTensor, Tensor, toDense } from "../tensor/index.js";
import { DEFAULT_CYCLE, getColormap } from "./colormaps.js";
import { type BaseOptions, type PlotResult, dataRange, figsizeOf, rangeOf, requireTensor, valuesOf } from "./common.js";
import { type Axes, Figure, colorbar } from "./figure.js";
import { emit } from "./output.js";
import { pixelScale } from "./raster.js";

/** Options of {@link plotSpikes}. */
export interface PlotSpikesOptions extends BaseOptions {
  /** Time window `[t0, t1)` (default the whole record). */
  time?: [number, number];
  /** Neuron window `[n0, n1)` per layer (default all). */
  nNeurons?: Record<string, [number, number]>;
}

interface Record2d {
  name: string;
  v: ArrayLike<number>;
  T: number;
  N: number;
}

function records(op: string, arg: string, rec: unknown): Record2d[] {
  if (typeof rec !== "object" || rec === null || rec instanceof Tensor || Array.isArray(rec)) {
    throw new ValueError(`${op}: ${arg} is ${fmtValue(rec)}, expected an object mapping layer names to Tensors [time, ...]`);
  }
  const out = Object.entries(rec as Record<string, unknown>).map(([name, t]) => {
    // sparse monitor records are densified
    const x = requireTensor(op, `${arg}["${name}"]`, t instanceof SparseCOOTensor || t instanceof SparseCSRTensor ? toDense(t) : t);
    if (x.ndim < 1 || x.shape[0] === 0) throw new ShapeError(`${op}: ${arg}["${name}"] has shape ${fmtShape(x.shape)}, expected [time, ...] with time >= 1`);
    const T = x.shape[0]!;
    const N = x.numel() / T;
    return { name, v: valuesOf(x), T, N };
  });
  if (out.length === 0) throw new ValueError(`${op}: ${arg} is empty, expected at least one layer`);
  return out;
}

function layout(fig: Figure, k: number): Axes[] {
  return fig.subplots(k, 1, { left: 0.1, right: 0.88, top: 0.92, bottom: k > 1 ? 0.12 : 0.13, hspace: k > 1 ? 0.75 : 0.2 });
}

/**
 * Spike rasters: a dot at (t, i) for every nonzero `spikes[name][t, i]`, one panel per
 * layer, titled "<name> spikes for neurons (n0 - n1) from t = t0 to t1", axes "Simulation
 * time" / "Neuron index". Each panel holds one `<g class="raster">` of circles.
 */
export function plotSpikes<O extends PlotSpikesOptions>(spikes: Record<string, Tensor | SparseTensor>, opts: O = {} as O): PlotResult<O> {
  const op = "plotSpikes";
  const recs = records(op, "spikes", spikes);
  const fig = new Figure(figsizeOf(op, opts.figsize, [8, 4.5]));
  const axes = layout(fig, recs.length);
  recs.forEach((r, k) => {
    const [t0, t1] = rangeOf(op, "time", opts.time, r.T);
    const [n0, n1] = rangeOf(op, `nNeurons["${r.name}"]`, opts.nNeurons?.[r.name], r.N);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let t = t0; t < t1; t++) for (let i = n0; i < n1; i++) if (r.v[t * r.N + i] !== 0) {
          xs.push(t);
          ys.push(i);
        }
    const ax = axes[k]!;
    // matplotlib autoscale: the window plus 5 % margins
    const mx = Math.max(0.5, 0.05 * (t1 - 1 - t0));
    const my = Math.max(0.5, 0.05 * (n1 - 1 - n0));
    ax.xlim = [t0 - mx, t1 - 1 + mx];
    ax.ylim = [n0 - my, n1 - 1 + my];
    // matplotlib scatter s=1 is a 0.56 pt (0.78 px) radius dot; larger when few neurons
    ax.scatter(xs, ys, Math.max(0.8, Math.min(2, (0.5 * ax.rect.h) / (n1 - n0))), DEFAULT_CYCLE[0]!);
    ax.title = `${r.name} spikes for neurons (${n0} - ${n1}) from t = ${t0} to ${t1}`;
    ax.xlabel = "Simulation time";
    ax.ylabel = "Neuron index";
  });
  return emit(op, fig.toSVG(), opts) as PlotResult<O>;
}

/** Options of {@link plotVoltages}. */
export interface PlotVoltagesOptions extends BaseOptions {
  time?: [number, number];
  nNeurons?: Record<string, [number, number]>;
  /** Colormap of the "color" plot (default "jet"). */
  cmap?: string;
  /** "color": neurons × time heat map with a colorbar (default); "line": one trace per neuron. */
  plotType?: "color" | "line";
  /** Per layer threshold: a number draws a dashed line in the "line" plot (tensors are ignored, as in the reference). */
  thresholds?: Record<string, number | Tensor>;
}

/**
 * Membrane voltages per layer: a heat map of neurons (rows) × time (columns) over the
 * data's range, or line traces with a dashed threshold line; title "<name> voltages for
 * neurons (n0 - n1) from t = t0 to t1".
 */
export function plotVoltages<O extends PlotVoltagesOptions>(voltages: Record<string, Tensor>, opts: O = {} as O): PlotResult<O> {
  const op = "plotVoltages";
  const recs = records(op, "voltages", voltages);
  const plotType = opts.plotType ?? "color";
  if (plotType !== "color" && plotType !== "line") throw new ValueError(`${op}: plotType is ${fmtValue(plotType)}, expected "color" or "line"`);
  const cmap = getColormap(opts.cmap ?? "jet");
  const fig = new Figure(figsizeOf(op, opts.figsize, [8, 4.5]));
  const axes = layout(fig, recs.length);
  recs.forEach((r, k) => {
    const [t0, t1] = rangeOf(op, "time", opts.time, r.T);
    const [n0, n1] = rangeOf(op, `nNeurons["${r.name}"]`, opts.nNeurons?.[r.name], r.N);
    const ax = axes[k]!;
    ax.title = `${r.name} voltages for neurons (${n0} - ${n1}) from t = ${t0} to ${t1}`;
    ax.xlabel = "Time (ms)";
    const T = t1 - t0;
    const N = n1 - n0;
    if (plotType === "color") {
      ax.ylabel = "Neuron index";
      const m = new Float64Array(N * T);
      for (let i = 0; i < N; i++) for (let t = 0; t < T; t++) m[i * T + t] = r.v[(t0 + t) * r.N + n0 + i]!;
      const [lo, hi] = dataRange(m);
      ax.rect.w -= 0.06 * ax.rect.w; // room for the colorbar
      // cells centred on their real time step and neuron index
      ax.imshow(m, N, T, cmap, lo, hi, pixelScale(N, T, ax.rect.w, ax.rect.h, false), t0, n0);
      colorbar(fig, ax, cmap, lo, hi, { size: 0.03, pad: 0.1 });
    } else {
      ax.ylabel = "Voltage";
      const ts = Array.from({ length: T }, (_, t) => t0 + t);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < N; i++) {
        const ys = ts.map((t) => r.v[t * r.N + n0 + i]!);
        for (const y of ys) {
          if (!Number.isFinite(y)) continue;
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
        ax.line(ts, ys, { color: DEFAULT_CYCLE[i % DEFAULT_CYCLE.length]!, width: 1.5 });
      }
      const th = opts.thresholds?.[r.name];
      if (typeof th === "number") [lo, hi] = [Math.min(lo, th), Math.max(hi, th)];
      if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
      if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
      const my = 0.05 * (hi - lo);
      const mx = Math.max(0.5, 0.05 * (T - 1));
      ax.xlim = [t0 - mx, t1 - 1 + mx];
      ax.ylim = [lo - my, hi + my];
      if (typeof th === "number") ax.axhline(th, { color: "#000000", dash: "dashed", width: 1.5 });
    }
  });
  return emit(op, fig.toSVG(), opts) as PlotResult<O>;
}
