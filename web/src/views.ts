/**
 * The live pictures, drawn from recipe events: canvases filled through ImageData (weights as
 * a grid of 28×28 filters, the input image, a spike raster scrolling by one column per
 * sample, voltages and thresholds as bars, the confusion matrix) and uPlot curves (accuracy,
 * reward). Snapshots only mark a view dirty; drawing happens once per animation frame.
 */
import uPlot from "uplot";
import type { RecipeEvent } from "../../src/recipes/types.js";

type Snapshot = Extract<RecipeEvent, { type: "snapshot" }>;

/** Colour map (black → red → yellow → white) for v in [0, 1]. */
function hot(v: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, v)) * 3;
  return [Math.min(1, x) * 255, Math.min(1, Math.max(0, x - 1)) * 255, Math.max(0, x - 2) * 255];
}

function canvas(parent: HTMLElement, id: string, title: string, w: number, h: number): HTMLCanvasElement {
  const box = document.createElement("figure");
  box.className = "view";
  const cap = document.createElement("figcaption");
  cap.textContent = title;
  const c = document.createElement("canvas");
  c.id = id;
  c.width = w;
  c.height = h;
  box.append(cap, c);
  parent.append(box);
  return c;
}

/** Weights [784, n] (or [inputs, n] of any square input) as a grid of filters. */
export function drawWeights(c: HTMLCanvasElement, s: Snapshot): void {
  const [nIn, n] = s.shape.length === 2 ? [s.shape[0]!, s.shape[1]!] : [s.data.length, 1];
  const side = Math.round(Math.sqrt(nIn));
  if (side * side !== nIn || side < 20) return drawMatrix(c, s.data, nIn, n);
  const g = Math.ceil(Math.sqrt(n));
  const W = g * (side + 1) + 1;
  if (c.width !== W || c.height !== W) [c.width, c.height] = [W, W];
  const ctx = c.getContext("2d")!;
  const img = ctx.createImageData(W, W);
  let max = 0;
  for (let i = 0; i < s.data.length; i++) max = Math.max(max, s.data[i]!);
  const k = max > 0 ? 1 / max : 0;
  for (let j = 0; j < n; j++) {
    const ox = (j % g) * (side + 1) + 1;
    const oy = Math.floor(j / g) * (side + 1) + 1;
    for (let p = 0; p < nIn; p++) {
      const [r, gg, b] = hot(s.data[p * n + j]! * k);
      const o = ((oy + Math.floor(p / side)) * W + ox + (p % side)) * 4;
      img.data[o] = r;
      img.data[o + 1] = gg;
      img.data[o + 2] = b;
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** A [rows, cols] matrix as a heat map (rows down), scaled to its min..max. */
export function drawMatrix(c: HTMLCanvasElement, d: Float32Array, rows: number, cols: number): void {
  if (c.width !== cols || c.height !== rows) [c.width, c.height] = [cols, rows];
  const ctx = c.getContext("2d")!;
  const img = ctx.createImageData(cols, rows);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of d) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const k = hi > lo ? 1 / (hi - lo) : 0;
  for (let i = 0; i < rows * cols; i++) {
    // a constant matrix (e.g. weights before any reward) shows mid-scale, not black
    const [r, g, b] = hot(k > 0 ? (d[i]! - lo) * k : 0.5);
    img.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
}

/** A grey image of shape [rows, cols] (pixels 0..255 or 0..1). */
export function drawImage(c: HTMLCanvasElement, s: Snapshot): void {
  const rows = s.shape.at(-2) ?? 1;
  const cols = s.shape.at(-1) ?? s.data.length;
  if (c.width !== cols || c.height !== rows) [c.width, c.height] = [cols, rows];
  const ctx = c.getContext("2d")!;
  const img = ctx.createImageData(cols, rows);
  let max = 0;
  for (let i = 0; i < rows * cols; i++) max = Math.max(max, s.data[i]!);
  const k = max > 1 ? 1 / 255 : max > 0 ? 1 / max : 0;
  for (let i = 0; i < rows * cols; i++) {
    const v = Math.min(255, s.data[i]! * k * 255);
    img.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
}

/** Bars of values (voltages relative to `base`, thresholds from 0). */
export function drawBars(c: HTMLCanvasElement, d: Float32Array, base: number, colour = "#5ab"): void {
  const ctx = c.getContext("2d")!;
  ctx.fillStyle = "#111";
  ctx.fillRect(0, 0, c.width, c.height);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of d) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  lo = Math.min(lo, base);
  hi = Math.max(hi, base + 1e-9);
  const w = c.width / d.length;
  ctx.fillStyle = colour;
  const y0 = c.height * (1 - (base - lo) / (hi - lo));
  for (let i = 0; i < d.length; i++) {
    const y = c.height * (1 - (d[i]! - lo) / (hi - lo));
    ctx.fillRect(i * w, Math.min(y, y0), Math.max(1, w - 1), Math.abs(y - y0) + 1);
  }
  ctx.fillStyle = "#ccc";
  ctx.font = "10px sans-serif";
  ctx.fillText(`${lo.toPrecision(3)} … ${hi.toPrecision(3)}`, 4, 12);
}

/** Spike raster: neurons down, samples across; each new sample scrolls it one column left. */
export class Raster {
  private readonly ctx: CanvasRenderingContext2D;
  constructor(readonly c: HTMLCanvasElement) {
    this.ctx = c.getContext("2d")!;
    this.clear();
  }
  clear(): void {
    this.ctx.fillStyle = "#000";
    this.ctx.fillRect(0, 0, this.c.width, this.c.height);
  }
  push(counts: Float32Array): void {
    const n = counts.length;
    const h = this.c.height;
    const W = 4;
    this.ctx.drawImage(this.c, -W, 0);
    const col = this.ctx.createImageData(W, h);
    let max = 0;
    for (const v of counts) max = Math.max(max, v);
    for (let y = 0; y < h; y++) {
      const v = counts[Math.floor((y * n) / h)]!;
      const [r, g, b] = hot(max > 0 ? v / max : 0);
      for (let x = 0; x < W; x++) col.data.set([r, g, b, 255], (y * W + x) * 4);
    }
    this.ctx.putImageData(col, this.c.width - W, 0);
  }
}

/** 10×10 confusion matrix (rows: label, columns: prediction) as a heat map with counts. */
export function drawConfusion(c: HTMLCanvasElement, m: number[]): void {
  const ctx = c.getContext("2d")!;
  const cell = Math.floor(Math.min(c.width, c.height) / 11);
  ctx.fillStyle = "#111";
  ctx.fillRect(0, 0, c.width, c.height);
  const max = Math.max(1, ...m);
  ctx.font = `${Math.floor(cell * 0.4)}px sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  for (let i = 0; i < 10; i++) {
    ctx.fillStyle = "#aaa";
    ctx.fillText(String(i), cell * 0.5, cell * (i + 1.5));
    ctx.fillText(String(i), cell * (i + 1.5), cell * 0.5);
    for (let j = 0; j < 10; j++) {
      const v = m[i * 10 + j]!;
      const [r, g, b] = hot(v / max);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(cell * (j + 1), cell * (i + 1), cell - 1, cell - 1);
      if (v > 0) {
        ctx.fillStyle = v / max > 0.5 ? "#000" : "#fff";
        ctx.fillText(String(v), cell * (j + 1.5), cell * (i + 1.5));
      }
    }
  }
}

/** A small uPlot line chart. */
export function curve(parent: HTMLElement, title: string, series: string[], width = 420, height = 180): { chart: uPlot; data: number[][] } {
  const box = document.createElement("figure");
  box.className = "view";
  parent.append(box);
  const data: number[][] = [[], ...series.map(() => [])];
  const colours = ["#e55", "#5ae", "#5c5", "#db3"];
  const chart = new uPlot(
    { title, width, height, scales: { x: { time: false } }, series: [{ label: "sample" }, ...series.map((label, i) => ({ label, stroke: colours[i % colours.length]!, width: 1.5, spanGaps: true, points: { show: true, size: 4 } }))] },
    data as uPlot.AlignedData,
    box,
  );
  return { chart, data };
}

/** Every view of a run, fed with recipe events. */
export class Views {
  readonly weights: HTMLCanvasElement;
  readonly input: HTMLCanvasElement;
  readonly raster: Raster;
  readonly voltages: HTMLCanvasElement;
  readonly thresholds: HTMLCanvasElement;
  readonly confusion: HTMLCanvasElement;
  readonly frame: HTMLCanvasElement;
  readonly accuracy: { chart: uPlot; data: number[][] };
  readonly reward: { chart: uPlot; data: number[][] };
  /** Counts of (label, prediction) pairs seen in sample events. */
  readonly matrix = new Array<number>(100).fill(0);
  samples = 0;
  private readonly latest = new Map<string, Snapshot>();
  private dirty = false;
  private curvesDirty = false;

  constructor(root: HTMLElement) {
    this.weights = canvas(root, "weights", "Excitatory weights (one 28×28 filter per neuron)", 300, 300);
    this.input = canvas(root, "input", "Input", 112, 112);
    this.raster = new Raster(canvas(root, "raster", "Spike counts (neurons × snapshots)", 300, 150));
    this.voltages = canvas(root, "voltages", "Voltages", 300, 110);
    this.thresholds = canvas(root, "thresholds", "Adaptive thresholds θ", 300, 110);
    this.confusion = canvas(root, "confusion", "Confusion (label × prediction)", 264, 264);
    this.frame = canvas(root, "frame", "Game frame", 160, 160);
    this.accuracy = curve(root, "Accuracy", ["test (running)", "train (per window)"]);
    this.reward = curve(root, "Reward per episode", ["reward"]);
    this.input.style.imageRendering = "pixelated";
    this.weights.style.imageRendering = "pixelated";
    this.frame.style.imageRendering = "pixelated";
    // the game's views show once a recipe sends a frame or an episode
    this.frame.parentElement!.style.display = "none";
    this.reward.chart.root.parentElement!.style.display = "none";
    drawConfusion(this.confusion, this.matrix);
    const loop = (): void => {
      this.draw();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  reset(): void {
    this.matrix.fill(0);
    this.samples = 0;
    this.latest.clear();
    this.raster.clear();
    for (const c of [this.accuracy, this.reward]) {
      for (const s of c.data) s.length = 0;
      c.chart.setData(c.data as uPlot.AlignedData);
    }
    drawConfusion(this.confusion, this.matrix);
  }

  /** Shows the views that fit the recipe: image ones for MNIST recipes, game ones for Breakout. */
  private fit(recipe: string): void {
    const game = recipe.startsWith("breakout") || recipe === "dot-tracing";
    for (const c of [this.input, this.confusion, this.thresholds, this.voltages, this.raster.c]) c.parentElement!.style.display = game ? "none" : "";
    this.accuracy.chart.root.parentElement!.style.display = game ? "none" : "";
    const mnist = recipe.includes("mnist") || recipe === "main-job";
    this.weights.previousElementSibling!.textContent = game ? "Weights (hidden → output)" : mnist ? "Excitatory weights (one 28×28 filter per neuron)" : "Weights (source × target)";
    for (const c of [this.input, this.confusion]) c.parentElement!.style.display = game || !mnist ? "none" : "";
  }

  /** Takes one event (cheap: drawing waits for the next frame). */
  onEvent(e: RecipeEvent): void {
    if (e.type === "start") this.fit(e.recipe);
    if (e.type === "snapshot") {
      this.latest.set(e.name, e);
      if (e.name === "frame") this.frame.parentElement!.style.display = "";
      if (e.name === "spikes") this.raster.push(e.data);
      this.dirty = true;
    } else if (e.type === "sample") {
      this.samples++;
      if (e.prediction !== undefined && e.label !== undefined) {
        this.matrix[e.label * 10 + e.prediction]!++;
        this.dirty = true;
      }
      if (e.accuracy !== undefined) {
        const d = this.accuracy.data;
        d[0]!.push(this.samples);
        (d[1] as (number | null)[]).push(e.phase === "test" ? e.accuracy : null);
        (d[2] as (number | null)[]).push(e.phase === "test" ? null : e.accuracy);
        this.curvesDirty = true;
      }
    } else if (e.type === "episode") {
      const d = this.reward.data;
      this.reward.chart.root.parentElement!.style.display = "";
      d[0]!.push(e.index);
      d[1]!.push(e.reward);
      this.curvesDirty = true;
    }
  }

  /** Shows a network's weights and thresholds (a loaded file). */
  show(s: Snapshot): void {
    this.latest.set(s.name, s);
    this.dirty = true;
  }

  draw(): void {
    if (this.curvesDirty) {
      this.curvesDirty = false;
      this.accuracy.chart.setData(this.accuracy.data as uPlot.AlignedData);
      this.reward.chart.setData(this.reward.data as uPlot.AlignedData);
    }
    if (!this.dirty) return;
    this.dirty = false;
    const get = (n: string): Snapshot | undefined => this.latest.get(n);
    const w = get("weights");
    if (w) drawWeights(this.weights, w);
    const i = get("input");
    if (i) drawImage(this.input, i);
    const f = get("frame");
    if (f) drawImage(this.frame, f);
    const v = get("voltages");
    if (v) drawBars(this.voltages, v.data, v.data.reduce((a, b) => Math.min(a, b), Infinity), "#6c6");
    const t = get("thresholds");
    if (t) drawBars(this.thresholds, t.data, 0, "#c86");
    drawConfusion(this.confusion, this.matrix);
  }
}
