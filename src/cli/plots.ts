/** The examples' figures, written with src/analysis when `--plot-dir` is given. */
import { join } from "node:path";
import { plotAssignments, plotConv2dWeights, plotPerformance, plotWeights } from "../analysis/index.js";
import { inputWeights } from "../models/diehl-and-cook-2015.js";
import type { Network } from "../network/network.js";
import { Tensor } from "../tensor/tensor.js";
import { getSquareAssignments, getSquareWeights } from "../utils/index.js";
import type { CliIO } from "./progress.js";

export interface PlotData {
  network: Network;
  /** Which weights: the Diehl & Cook input weights, or a conv connection "src->tgt". */
  weights?: "X->Ae" | { conv: string };
  /** Per-neuron labels (−1: none). */
  assignments?: number[];
  /** Accuracy history per scheme (fractions). */
  accuracy?: { all: number[]; proportion: number[] };
  /** Receptive-field shape of one neuron (e.g. [28, 28]). */
  weightShape?: [number, number];
}

/** Writes weights.png, assignments.png and performance.svg into `dir`; returns the file names. */
export async function writePlots(dir: string, io: CliIO, d: PlotData): Promise<string[]> {
  const files: string[] = [];
  const side = d.weightShape ?? [28, 28];
  if (d.weights === "X->Ae") {
    const w = inputWeights(d.network);
    const n = w.shape[1]!;
    const nSqrt = Math.ceil(Math.sqrt(n));
    const sq = getSquareWeights(w.contiguous(), nSqrt, side[0]);
    const f = join(dir, "weights.png");
    plotWeights(sq, { file: f, wmin: 0, wmax: 1 });
    files.push(f);
    if (d.assignments) {
      const a = getSquareAssignments(new Tensor(Float32Array.from(d.assignments), [n], "float32"), nSqrt);
      const fa = join(dir, "assignments.png");
      plotAssignments(a, { file: fa });
      files.push(fa);
    }
  } else if (d.weights && typeof d.weights === "object") {
    const c = d.network.connections.getKey(d.weights.conv);
    if (c !== undefined && c.w.ndim === 4) {
      const f = join(dir, "conv-weights.png");
      plotConv2dWeights(c.w, { file: f });
      files.push(f);
    }
  }
  if (d.accuracy && d.accuracy.all.length > 0) {
    const f = join(dir, "performance.svg");
    plotPerformance({ "all activity": d.accuracy.all.map((x) => 100 * x), "proportion weighting": d.accuracy.proportion.map((x) => 100 * x) }, { file: f });
    files.push(f);
  }
  io.out(`Plots written: ${files.join(", ")}`);
  return files;
}
