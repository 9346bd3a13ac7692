/**
 * BindsNET's `bindsnet/analysis/pipeline_analysis.py`: the analyzer interface pipelines call
 * each step, and one implementation that stands in for both of the reference's:
 * `MatplotlibAnalyzer` (live windows, one figure per tag) and `TensorboardAnalyzer` (event
 * files). There is no display or TensorBoard here, so {@link FileAnalyzer} keeps the latest
 * figure of each tag and writes it to `<directory>/<tag>.svg|png` on `finalizeStep()`, and
 * appends scalars (the last reward) to `<directory>/scalars.jsonl`.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import type { Tensor } from "../tensor/index.js";
import { plotSpikes, plotVoltages } from "./activity.js";
import { getColormap, DEFAULT_CYCLE } from "./colormaps.js";
import { dataRange, requireTensor, valuesOf } from "./common.js";
import { type Axes, Figure, fitAspect } from "./figure.js";
import { nodeModule, svgToPng, writeFile } from "./output.js";
import { pixelScale } from "./raster.js";
import { plotConv2dWeights } from "./weights.js";

/** Where a figure goes: its tag (file name) and the step it belongs to. */
export interface TagStep {
  tag?: string;
  step?: number | null;
}

/** The calls a pipeline makes on its analyzer (BindsNET's abstract `PipelineAnalyzer`). */
export abstract class PipelineAnalyzer {
  /** Ends a step: flush what was drawn. */
  abstract finalizeStep(): void;
  /** An observation `[C, H, W]` or `[H, W]` as a gray image. */
  abstract plotObs(obs: Tensor, opts?: TagStep): void;
  /** The reward history, optionally with a running mean over `rewardWindow` steps. */
  abstract plotReward(rewardList: readonly number[], opts?: TagStep & { rewardWindow?: number | null }): void;
  /** Spike rasters of a monitor record `{ layer: [time, ...] }`. */
  abstract plotSpikes(spikeRecord: Record<string, Tensor>, opts?: TagStep): void;
  /** Voltages of a monitor record, with optional per-layer thresholds. */
  abstract plotVoltages(voltageRecord: Record<string, Tensor>, thresholds?: Record<string, number | Tensor> | null, opts?: TagStep): void;
  /** Conv kernels `[C_out, C_in, h, w]`, coloured over their own min and max. */
  abstract plotConv2dWeights(weights: Tensor, opts?: TagStep): void;
}

/** Options of {@link FileAnalyzer}. */
export interface FileAnalyzerOptions {
  /** Output folder (default "./logs", the reference's TensorBoard default). */
  directory?: string;
  /** Figure file type (default "svg"). */
  format?: "svg" | "png";
  /** Voltage plot type (default "color"; the reference's `volts_type`). */
  voltsType?: "color" | "line";
}

/** Running mean with a window, counting from the first element (pandas `rolling(w, min_periods=1).mean()`). */
export function rollingMean(xs: readonly number[], window: number): number[] {
  let s = 0;
  return xs.map((x, i) => {
    s += x;
    if (i >= window) s -= xs[i - window]!;
    return s / Math.min(i + 1, window);
  });
}

/** Writes each tag's latest figure to a file per step and scalars to a JSON-lines log. */
export class FileAnalyzer extends PipelineAnalyzer {
  readonly directory: string;
  readonly format: "svg" | "png";
  readonly voltsType: "color" | "line";
  private readonly pending = new Map<string, string>();
  private readonly scalars: string[] = [];

  constructor(opts: FileAnalyzerOptions = {}) {
    super();
    this.directory = opts.directory ?? "./logs";
    this.format = opts.format ?? "svg";
    this.voltsType = opts.voltsType ?? "color";
    if (this.format !== "svg" && this.format !== "png") throw new ValueError(`FileAnalyzer: format is ${fmtValue(opts.format)}, expected "svg" or "png"`);
    if (this.voltsType !== "color" && this.voltsType !== "line") throw new ValueError(`FileAnalyzer: voltsType is ${fmtValue(opts.voltsType)}, expected "color" or "line"`);
  }

  /** Tags with a figure waiting for `finalizeStep`. */
  get pendingTags(): string[] {
    return [...this.pending.keys()];
  }

  plotObs(obs: Tensor, opts: TagStep = {}): void {
    const op = "FileAnalyzer.plotObs";
    let m = requireTensor(op, "obs", obs);
    // CHW → HW gray: the reference shows channel 0 of a gray observation
    if (m.ndim === 3) m = m.select(0, 0);
    if (m.ndim !== 2) throw new ShapeError(`${op}: obs has shape ${fmtShape(obs.shape)}, expected [C, H, W] or [H, W]`);
    const [rows, cols] = m.shape as [number, number];
    const fig = new Figure([5, 5]);
    const [ax] = fig.subplots(1, 1, { left: 0.05, right: 0.95, bottom: 0.05, top: 0.9 }) as [Axes];
    Object.assign(ax.rect, fitAspect(ax.rect, cols, rows));
    ax.xticks = "none";
    ax.yticks = "none";
    ax.title = opts.tag ?? "obs";
    const v = valuesOf(m);
    const [lo, hi] = dataRange(v);
    ax.imshow(v, rows, cols, getColormap("gray"), lo, hi, pixelScale(rows, cols, ax.rect.w, ax.rect.h));
    this.pending.set(opts.tag ?? "obs", fig.toSVG());
  }

  plotReward(rewardList: readonly number[], opts: TagStep & { rewardWindow?: number | null } = {}): void {
    const op = "FileAnalyzer.plotReward";
    if (!Array.isArray(rewardList) || !rewardList.every((r) => typeof r === "number")) throw new ValueError(`${op}: rewardList is ${fmtValue(rewardList)}, expected an array of numbers`);
    const tag = opts.tag ?? "reward";
    const w = opts.rewardWindow ?? null;
    if (w !== null && (!Number.isInteger(w) || w < 1)) throw new ValueError(`${op}: rewardWindow is ${fmtValue(w)}, expected a positive integer or null`);
    const ys = w === null ? [...rewardList] : rollingMean(rewardList, w);
    const fig = new Figure([6, 4]);
    const [ax] = fig.subplots(1, 1, { left: 0.12, right: 0.95, bottom: 0.13, top: 0.9 }) as [Axes];
    const n = Math.max(1, ys.length - 1);
    const [lo, hi] = ys.length ? dataRange(ys) : [0, 1];
    ax.xlim = [-0.05 * n, 1.05 * n];
    ax.ylim = [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)];
    ax.line(ys.map((_, i) => i), ys, { color: DEFAULT_CYCLE[0]! });
    ax.title = w === null ? "Reward" : `Reward (running mean over ${w})`;
    ax.xlabel = "Episode";
    ax.ylabel = "Reward";
    this.pending.set(tag, fig.toSVG());
    if (rewardList.length) this.scalars.push(JSON.stringify({ tag, step: opts.step ?? null, value: rewardList[rewardList.length - 1] }));
  }

  plotSpikes(spikeRecord: Record<string, Tensor>, opts: TagStep = {}): void {
    this.pending.set(opts.tag ?? "spike", plotSpikes(spikeRecord));
  }

  plotVoltages(voltageRecord: Record<string, Tensor>, thresholds: Record<string, number | Tensor> | null = null, opts: TagStep = {}): void {
    this.pending.set(opts.tag ?? "voltage", plotVoltages(voltageRecord, { plotType: this.voltsType, ...(thresholds ? { thresholds } : {}) }));
  }

  plotConv2dWeights(weights: Tensor, opts: TagStep = {}): void {
    const [lo, hi] = dataRange(valuesOf(requireTensor("FileAnalyzer.plotConv2dWeights", "weights", weights)));
    this.pending.set(opts.tag ?? "conv2d", plotConv2dWeights(weights, { wmin: lo, wmax: hi }));
  }

  /** Writes every pending figure to `<directory>/<tag>.<format>` and appends the scalars (Node only). */
  finalizeStep(): void {
    const op = "FileAnalyzer.finalizeStep";
    const path = nodeModule<{ join(...p: string[]): string }>("node:path", op);
    const fs = nodeModule<{ appendFileSync(p: string, d: string): void; mkdirSync(p: string, o: { recursive: boolean }): unknown }>("node:fs", op);
    for (const [tag, svg] of this.pending) {
      const file = path.join(this.directory, `${tag.replace(/[^\w.-]+/g, "_")}.${this.format}`);
      writeFile(file, this.format === "png" ? svgToPng(svg) : svg, op);
    }
    this.pending.clear();
    if (this.scalars.length) {
      fs.mkdirSync(this.directory, { recursive: true });
      fs.appendFileSync(path.join(this.directory, "scalars.jsonl"), this.scalars.map((s) => `${s}\n`).join(""));
      this.scalars.length = 0;
    }
  }
}
