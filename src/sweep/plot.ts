/**
 * Plots of a sweep: the metric against each swept parameter, one SVG per parameter. Every
 * finished trial is a dot; the line joins the mean over trials at each value. Non-numeric
 * values (a `choice` of strings) sit at evenly spaced categorical positions. Pure: no Node.
 */
import { type Axes, Figure } from "../analysis/figure.js";
import type { TrialRecord } from "./table.js";

/** Min and max (a constant c gives c, c + 1, so the axis has a width). */
function dataRange(v: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo === hi ? [lo, lo + 1] : [lo, hi];
}

/** `{ <param>: svg }` for every parameter that varies among the records (empty when none). */
export function sweepPlots(records: readonly TrialRecord[], metric: string): Record<string, string> {
  const ok = records.filter((r) => r.status === "ok" && r.metrics[metric] !== undefined);
  const params: string[] = [];
  for (const r of ok) for (const k of Object.keys(r.params)) if (!params.includes(k)) params.push(k);
  const out: Record<string, string> = {};
  for (const p of params) {
    const raw = ok.map((r) => r.params[p]);
    const numeric = raw.every((v) => typeof v === "number");
    const cats = numeric ? [] : [...new Set(raw.map((v) => JSON.stringify(v)))];
    const xs = raw.map((v) => (numeric ? (v as number) : cats.indexOf(JSON.stringify(v))));
    const ys = ok.map((r) => r.metrics[metric]!);
    const fig = new Figure([6, 4]);
    const [ax] = fig.subplots(1, 1, { left: 0.14, right: 0.95, bottom: 0.15, top: 0.9 }) as [Axes];
    const [x0, x1] = dataRange(xs);
    const [y0, y1] = dataRange(ys);
    const padX = (x1 - x0) * 0.06;
    const padY = (y1 - y0) * 0.08;
    ax.xlim = [x0 - padX, x1 + padX];
    ax.ylim = [y0 - padY, y1 + padY];
    if (!numeric) ax.xticks = { values: cats.map((_, i) => i), labels: cats.map((c) => c.replace(/^"|"$/g, "")) };
    ax.title = `${metric} vs ${p}`;
    ax.xlabel = p;
    ax.ylabel = metric;
    const distinct = [...new Set(xs)].sort((a, b) => a - b);
    const means = distinct.map((x) => {
      const v = ys.filter((_, i) => xs[i] === x);
      return v.reduce((a, b) => a + b, 0) / v.length;
    });
    ax.line(distinct, means, { color: "#1f77b4", label: "mean" });
    ax.scatter(xs, ys, 3, "#ff7f0e");
    out[p] = fig.toSVG();
  }
  return out;
}
