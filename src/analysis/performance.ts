/** BindsNET's `plot_performance`: accuracy curves of the voting schemes during training. */
import { ValueError, fmtValue } from "../errors.js";
import { DEFAULT_CYCLE } from "./colormaps.js";
import { type BaseOptions, type PlotResult, figsizeOf } from "./common.js";
import { type Axes, Figure } from "./figure.js";
import { emit, saveVersioned } from "./output.js";

/** Options of {@link plotPerformance}. */
export interface PlotPerformanceOptions extends BaseOptions {
  /** x value of entry n is `n * xScale` (e.g. the update interval; default 1). */
  xScale?: number;
  /** Versioned save (`a.1.png` ... and `a.png`), like the reference's `save`. */
  save?: string;
}

/**
 * One line per scheme (`{ all: [..%], proportion: [..%] }`) against `n * xScale`, y from 0
 * to 100 with ticks every 10, a legend, title "Estimated classification accuracy", axes
 * "No. of examples" / "Accuracy".
 */
export function plotPerformance<O extends PlotPerformanceOptions>(performances: Record<string, readonly number[]>, opts: O = {} as O): PlotResult<O> {
  const op = "plotPerformance";
  if (typeof performances !== "object" || performances === null || Array.isArray(performances)) {
    throw new ValueError(`${op}: performances is ${fmtValue(performances)}, expected an object mapping scheme names to accuracy arrays (%)`);
  }
  const xScale = opts.xScale ?? 1;
  if (typeof xScale !== "number" || !(xScale > 0) || !Number.isFinite(xScale)) throw new ValueError(`${op}: xScale is ${fmtValue(xScale)}, expected a positive number`);
  const fig = new Figure(figsizeOf(op, opts.figsize, [7, 4]));
  const [ax] = fig.subplots(1, 1, { left: 0.11, right: 0.95, bottom: 0.14, top: 0.9 }) as [Axes];
  let maxLen = 0;
  const entries = Object.entries(performances);
  for (const [name, accs] of entries) {
    if (!Array.isArray(accs) || !accs.every((v) => typeof v === "number")) throw new ValueError(`${op}: performances["${name}"] is ${fmtValue(accs)}, expected an array of numbers`);
    maxLen = Math.max(maxLen, accs.length);
  }
  const xmax = Math.max(1, maxLen - 1) * xScale;
  ax.xlim = [-0.05 * xmax, 1.05 * xmax];
  ax.ylim = [0, 100];
  entries.forEach(([name, accs], i) => {
    ax.line(
      accs.map((_, n) => n * xScale),
      accs,
      { color: DEFAULT_CYCLE[i % DEFAULT_CYCLE.length]!, label: name },
    );
  });
  ax.yticks = { values: Array.from({ length: 11 }, (_, k) => k * 10) };
  ax.title = opts.title ?? "Estimated classification accuracy";
  ax.xlabel = "No. of examples";
  ax.ylabel = "Accuracy";
  const svg = fig.toSVG();
  if (opts.save !== undefined) saveVersioned(op, svg, opts.save, opts.dpi ?? 100);
  return emit(op, svg, opts) as PlotResult<O>;
}
