/**
 * Weight and assignment figures (BindsNET's `plot_weights`, `plot_conv2d_weights`,
 * `plot_locally_connected_weights`, `plot_local_connection_2d_weights`, `plot_assignments`):
 * a colour-mapped mosaic drawn as one embedded PNG (pixel-sharp at any size, so a
 * 784×6400 weight matrix stays a small file), a colorbar at the right, grid lines between
 * filters where the reference draws them.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { type IntOrTuple, Tensor } from "../tensor/index.js";
import { reshapeConv2dWeights, reshapeLocalConnection2dWeights, reshapeLocallyConnectedWeights } from "../utils/index.js";
import { type Colormap, getColormap } from "./colormaps.js";
import { type BaseOptions, type PlotResult, dataRange, figsizeOf, limitsOf, matrix2d, requireTensor, valuesOf } from "./common.js";
import { type Axes, Figure, colorbar, fitAspect } from "./figure.js";
import { emit, saveVersioned } from "./output.js";
import { pixelScale } from "./raster.js";

/** Options of {@link plotWeights}. */
export interface PlotWeightsOptions extends BaseOptions {
  /** Colour range (default 0 and 1). */
  wmin?: number;
  wmax?: number;
  /** matplotlib colormap name (default "hot_r"). */
  cmap?: string;
  /** Also save versioned copies: writes `a.1.png` (the first free number) and `a.png`. */
  save?: string;
}

/** Grid lines of a mosaic: between blocks of this many rows/cols of cells, in this colour. */
interface MosaicLines {
  every: [number, number];
  color: string;
}

/**
 * Draws the mosaic `m` over [wmin, wmax] in the `cmap` of `opts` (default "hot_r"), in a figure
 * of its `figsize` (default 5×5 inches) with its `title` and a 5 % colorbar; returns the SVG.
 */
function mosaicFigure(op: string, m: Tensor, wmin: number, wmax: number, opts: BaseOptions & { cmap?: string }, lines: MosaicLines | null = null): string {
  const spec = { m, wmin, wmax, lines, cmap: getColormap(opts.cmap ?? "hot_r"), figsize: figsizeOf(op, opts.figsize, [5, 5]), title: opts.title ?? null };
  const [rows, cols] = spec.m.shape as [number, number];
  const fig = new Figure(spec.figsize);
  // leave room at the right for the colorbar and its labels (tight layout)
  const [ax] = fig.subplots(1, 1, { left: 0.08, right: 0.82, bottom: 0.06, top: spec.title ? 0.9 : 0.94 }) as [Axes];
  Object.assign(ax.rect, fitAspect(ax.rect, cols, rows));
  ax.xticks = "none";
  ax.yticks = "none";
  if (spec.title) ax.title = spec.title;
  ax.imshow(valuesOf(spec.m), rows, cols, spec.cmap, spec.wmin, spec.wmax, pixelScale(rows, cols, ax.rect.w, ax.rect.h));
  if (spec.lines) {
    const [er, ec] = spec.lines.every;
    for (let r = er; r < rows; r += er) ax.axhline(r - 0.5, { color: spec.lines.color, dash: "dashed", width: 1.5 });
    for (let c = ec; c < cols; c += ec) ax.axvline(c - 0.5, { color: spec.lines.color, dash: "dashed", width: 1.5 });
  }
  colorbar(fig, ax, spec.cmap, spec.wmin, spec.wmax);
  return fig.toSVG();
}

function finish<O extends BaseOptions & { save?: string; dpi?: number }>(op: string, svg: string, opts: O): PlotResult<O> {
  if (opts.save !== undefined) saveVersioned(op, svg, opts.save, opts.dpi ?? 100);
  return emit(op, svg, opts) as PlotResult<O>;
}

/**
 * A weight matrix (e.g. `getSquareWeights(w, 10, 28)`) as a heat map with a colorbar,
 * colours over `[wmin, wmax]`, no ticks.
 */
export function plotWeights<O extends PlotWeightsOptions>(weights: Tensor, opts: O = {} as O): PlotResult<O> {
  const op = "plotWeights";
  const m = matrix2d(op, "weights", weights);
  const [wmin, wmax] = limitsOf(op, opts.wmin ?? 0, opts.wmax ?? 1);
  const svg = mosaicFigure(op, m, wmin, wmax, opts);
  return finish(op, svg, opts);
}

/** Options of {@link plotConv2dWeights}. */
export interface PlotConv2dWeightsOptions extends BaseOptions {
  wmin?: number;
  wmax?: number;
  cmap?: string;
}

/**
 * Conv kernels `[C_out, C_in, h, w]` as the {@link reshapeConv2dWeights} mosaic, with
 * green dashed lines between kernels.
 */
export function plotConv2dWeights<O extends PlotConv2dWeightsOptions>(weights: Tensor, opts: O = {} as O): PlotResult<O> {
  const op = "plotConv2dWeights";
  const w = requireTensor(op, "weights", weights);
  if (w.ndim !== 4) throw new ShapeError(`${op}: weights has shape ${fmtShape(w.shape)}, expected 4 dims [C_out, C_in, h, w]`);
  const [wmin, wmax] = limitsOf(op, opts.wmin ?? 0, opts.wmax ?? 1);
  const m = reshapeConv2dWeights(w);
  const svg = mosaicFigure(op, m, wmin, wmax, opts, { every: [w.shape[2]!, w.shape[3]!], color: "#008000" });
  return emit(op, svg, opts) as PlotResult<O>;
}

/** Options of {@link plotLocallyConnectedWeights}. */
export interface PlotLocallyConnectedWeightsOptions extends BaseOptions {
  wmin?: number;
  wmax?: number;
  cmap?: string;
  /** Dashed green lines between conv positions (default true). */
  lines?: boolean;
}

/**
 * Legacy `LocalConnection` weights as the {@link reshapeLocallyConnectedWeights} mosaic: one
 * block of all filters per conv position, green dashed lines between positions.
 */
export function plotLocallyConnectedWeights<O extends PlotLocallyConnectedWeightsOptions>(
  weights: Tensor,
  nFilters: number,
  kernelSize: IntOrTuple,
  convSize: IntOrTuple,
  locations: Tensor,
  inputSqrt: IntOrTuple,
  opts: O = {} as O,
): PlotResult<O> {
  const op = "plotLocallyConnectedWeights";
  const [wmin, wmax] = limitsOf(op, opts.wmin ?? 0, opts.wmax ?? 1);
  const m = reshapeLocallyConnectedWeights(weights, nFilters, kernelSize, convSize, locations, inputSqrt);
  const k = typeof kernelSize === "number" ? [kernelSize, kernelSize] : kernelSize;
  const fs = Math.ceil(Math.sqrt(nFilters));
  const svg = mosaicFigure(op, m, wmin, wmax, opts, opts.lines === false ? null : { every: [k[0]! * fs, k[1]! * fs], color: "#008000" });
  return emit(op, svg, opts) as PlotResult<O>;
}

/** What {@link plotLocalConnection2dWeights} reads from a `LocalConnection2D`. */
export interface LocalConnection2dLike {
  /** `[C_in, nFilters*c0*c1, k0*k1]` (any shape with that many elements in that order). */
  w: Tensor;
  nFilters: number;
  kernelSize: readonly number[];
  convSize: readonly number[];
  inChannels?: number;
  wmin?: number | Tensor;
  wmax?: number | Tensor;
}

/** Options of {@link plotLocalConnection2dWeights}. */
export interface PlotLocalConnection2dWeightsOptions extends BaseOptions {
  /** Input channel to show (default 0). */
  inputChannel?: number;
  /** Show only this filter's kernels over all positions (default: every filter). */
  outputChannel?: number | null;
  /** Lines between conv positions (default true), in `color` (default red). */
  lines?: boolean;
  color?: string;
  cmap?: string;
  /** Colour range; default the connection's finite wmin/wmax, else the data's range. */
  wmin?: number;
  wmax?: number;
}

/**
 * `LocalConnection2D` weights, viewed `[C_in, nFilters, c0, c1, k0, k1]`, for one input
 * channel: every filter (the {@link reshapeLocalConnection2dWeights} mosaic), or with
 * `outputChannel` one filter's `c0 × c1` grid of kernels.
 */
export function plotLocalConnection2dWeights<O extends PlotLocalConnection2dWeightsOptions>(lc: LocalConnection2dLike, opts: O = {} as O): PlotResult<O> {
  const op = "plotLocalConnection2dWeights";
  if (typeof lc !== "object" || lc === null) throw new ValueError(`${op}: lc is ${fmtValue(lc)}, expected a LocalConnection2D`);
  const w = requireTensor(op, "lc.w", lc.w);
  const k = lc.kernelSize;
  const c = lc.convSize;
  if (!Array.isArray(k) || k.length !== 2 || !Array.isArray(c) || c.length !== 2) {
    throw new ValueError(`${op}: lc has kernelSize ${fmtValue(k)} and convSize ${fmtValue(c)}, expected pairs (a 2-D local connection)`);
  }
  const F = lc.nFilters;
  const per = F * c[0]! * c[1]! * k[0]! * k[1]!;
  const cin = lc.inChannels ?? w.numel() / per;
  if (!Number.isInteger(cin) || cin * per !== w.numel()) {
    throw new ShapeError(`${op}: lc.w has shape ${fmtShape(w.shape)}, expected C_in*nFilters*c0*c1*k0*k1 = ${cin}*${per} elements`);
  }
  const ic = opts.inputChannel ?? 0;
  if (!Number.isInteger(ic) || ic < 0 || ic >= cin) throw new ValueError(`${op}: inputChannel is ${fmtValue(ic)}, expected an integer in [0, ${cin})`);
  const view = w.contiguous().view(cin, F, c[0]!, c[1]!, k[0]!, k[1]!).select(0, ic);
  let m: Tensor;
  let every: [number, number];
  const oc = opts.outputChannel ?? null;
  if (oc !== null) {
    if (!Number.isInteger(oc) || oc < 0 || oc >= F) throw new ValueError(`${op}: outputChannel is ${fmtValue(oc)}, expected an integer in [0, ${F})`);
    // [c0, c1, k0, k1] → [c0*k0, c1*k1]: kernel at position (i, j) in block (i, j)
    m = view.select(0, oc).permute(0, 2, 1, 3).contiguous().view(c[0]! * k[0]!, c[1]! * k[1]!);
    every = [k[0]!, k[1]!];
  } else {
    m = reshapeLocalConnection2dWeights(view.contiguous(), F, [k[0]!, k[1]!], [c[0]!, c[1]!], 1);
    const fs = Math.ceil(Math.sqrt(F));
    every = [k[0]! * fs, k[1]! * fs];
  }
  const finite = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const [dlo, dhi] = dataRange(valuesOf(m));
  const [wmin, wmax] = limitsOf(op, opts.wmin ?? finite(lc.wmin) ?? dlo, opts.wmax ?? finite(lc.wmax) ?? dhi);
  const svg = mosaicFigure(op, m, wmin, wmax, opts, opts.lines === false ? null : { every, color: opts.color ?? "#ff0000" });
  return emit(op, svg, opts) as PlotResult<O>;
}

/** Options of {@link plotAssignments}. */
export interface PlotAssignmentsOptions extends BaseOptions {
  /** Class names for labels 0..K−1 (default "0".."9", K = 10). */
  classes?: readonly string[];
  /** Versioned save like {@link plotWeights}. */
  save?: string;
}

/**
 * An assignment grid (e.g. `getSquareAssignments(assignments, 10)`, −1 = none) in the
 * categorical RdBu map with K+1 colours, a colorbar labelled "none", 0..K−1 (or `classes`),
 * title "Categorical assignments".
 */
export function plotAssignments<O extends PlotAssignmentsOptions>(assignments: Tensor, opts: O = {} as O): PlotResult<O> {
  const op = "plotAssignments";
  const m = matrix2d(op, "assignments", assignments);
  const classes = opts.classes ?? ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
  if (!Array.isArray(classes) || classes.length === 0) throw new ValueError(`${op}: classes is ${fmtValue(classes)}, expected a non-empty array of names`);
  const K = classes.length;
  const v = valuesOf(m);
  for (let i = 0; i < v.length; i++) {
    const a = v[i]!;
    if (!Number.isInteger(a) || a < -1 || a >= K) throw new ValueError(`${op}: assignments holds ${a}, expected integers in [-1, ${K}) (-1 = none)`);
  }
  // matplotlib's get_cmap("RdBu", K+1): K+1 colours sampled evenly along RdBu
  const base = getColormap("RdBu");
  const cats = Array.from({ length: K + 1 }, (_, i) => {
    const j = Math.round((i / K) * 255);
    return [base.lut[j * 3]!, base.lut[j * 3 + 1]!, base.lut[j * 3 + 2]!] as const;
  });
  const lut = new Uint8Array(768);
  for (let i = 0; i < 256; i++) lut.set(cats[Math.min(K, Math.floor((i * (K + 1)) / 256))]!, i * 3);
  const cmap: Colormap = { name: `RdBu${K + 1}`, lut };
  const [rows, cols] = m.shape as [number, number];
  const fig = new Figure(figsizeOf(op, opts.figsize, [5, 5]));
  const [ax] = fig.subplots(1, 1, { left: 0.06, right: 0.8, bottom: 0.06, top: 0.9 }) as [Axes];
  Object.assign(ax.rect, fitAspect(ax.rect, cols, rows));
  ax.xticks = "none";
  ax.yticks = "none";
  ax.title = opts.title ?? "Categorical assignments";
  // vmin/vmax −1.5 and K−0.5 put every integer in the middle of its colour
  ax.imshow(v, rows, cols, cmap, -1.5, K - 0.5, pixelScale(rows, cols, ax.rect.w, ax.rect.h));
  colorbar(fig, ax, cmap, -1, K - 1, {
    categories: true,
    ticks: { values: Array.from({ length: K + 1 }, (_, i) => i - 1), labels: ["none", ...classes] },
  });
  const svg = fig.toSVG();
  return finish(op, svg, opts);
}
