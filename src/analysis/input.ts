/** BindsNET's `plot_input`: the current image next to its spike-train reconstruction. */
import { ValueError, fmtValue } from "../errors.js";
import type { Tensor } from "../tensor/index.js";
import { getColormap } from "./colormaps.js";
import { type BaseOptions, type PlotResult, dataRange, figsizeOf, matrix2d, valuesOf } from "./common.js";
import { Figure, fitAspect } from "./figure.js";
import { emit } from "./output.js";
import { pixelScale } from "./raster.js";

/** Options of {@link plotInput}. */
export interface PlotInputOptions extends BaseOptions {
  /** The image's class label, shown in the first title. */
  label?: number | null;
}

/**
 * Two panels in the `binary` colormap (white = low, black = high), each scaled to its own
 * data range like `imshow`: "Current image (label = L)" and "Reconstruction" (e.g. the
 * input spikes summed over time). Inputs are 2-D (leading size-1 dims are dropped).
 */
export function plotInput<O extends PlotInputOptions>(image: Tensor, inpt: Tensor, opts: O = {} as O): PlotResult<O> {
  const op = "plotInput";
  const a = matrix2d(op, "image", image);
  const b = matrix2d(op, "inpt", inpt);
  const label = opts.label ?? null;
  if (label !== null && (typeof label !== "number" || !Number.isFinite(label))) throw new ValueError(`${op}: label is ${fmtValue(label)}, expected a number or null`);
  const fig = new Figure(figsizeOf(op, opts.figsize, [8, 4]));
  const axes = fig.subplots(1, 2, { left: 0.05, right: 0.95, top: 0.88, bottom: 0.05 });
  const cmap = getColormap("binary");
  [a, b].forEach((m, i) => {
    const ax = axes[i]!;
    const [rows, cols] = m.shape as [number, number];
    Object.assign(ax.rect, fitAspect(ax.rect, cols, rows));
    ax.xticks = "none";
    ax.yticks = "none";
    ax.title = i === 0 ? (label === null ? "Current image" : `Current image (label = ${label})`) : "Reconstruction";
    const v = valuesOf(m);
    const [lo, hi] = dataRange(v);
    ax.imshow(v, rows, cols, cmap, lo, hi, pixelScale(rows, cols, ax.rect.w, ax.rect.h));
  });
  return emit(op, fig.toSVG(), opts) as PlotResult<O>;
}
