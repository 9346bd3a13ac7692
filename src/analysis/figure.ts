/**
 * A small SVG figure model with matplotlib's look: a figure of `figsize` inches at 100 dpi,
 * axes with outward ticks, DejaVu Sans 10 pt labels, 12 pt titles, images drawn pixel-sharp,
 * colorbars and legends. Pure string building: it runs in a browser as in Node.
 */
import { type Colormap, type RGB, colormapIndex, hex } from "./colormaps.js";
import { type CellScale, type RgbaImage, heatmapImage, pngDataUri } from "./raster.js";
import { formatTicks, niceTicks } from "./ticks.js";

/** Pixels per inch (matplotlib's default figure dpi). */
const DPI = 100;
const PT = DPI / 72;
/** 10 pt, matplotlib's default font size, in px. */
const FONT = 10 * PT;
const TITLE_FONT = 12 * PT;
const TICK_LEN = 3.5 * PT;
const TICK_PAD = 3.5 * PT;
const LINE_W = 0.8 * PT;
const FONT_FAMILY = "DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif";

/** A rectangle in figure pixels, top-left origin. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Escapes text for SVG content and attribute values. */
function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Compact number for SVG coordinates. */
export function n(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, "");
}

/** Rough width of a text in DejaVu Sans (0.6 em per character), for layout only. */
function textWidth(s: string, size = FONT): number {
  return s.length * size * 0.6;
}

function text(x: number, y: number, s: string, opts: { size?: number; anchor?: "start" | "middle" | "end"; baseline?: "auto" | "middle" | "hanging"; rotate?: number; weight?: string; fill?: string } = {}): string {
  const size = opts.size ?? FONT;
  // dominant-baseline is not rendered everywhere: shift by a fraction of the size instead.
  const dy = opts.baseline === "middle" ? size * 0.35 : opts.baseline === "hanging" ? size * 0.8 : 0;
  const rot = opts.rotate ? ` transform="rotate(${opts.rotate} ${n(x)} ${n(y)})"` : "";
  const fill = opts.fill && opts.fill !== "#000000" ? ` fill="${opts.fill}"` : "";
  const weight = opts.weight ? ` font-weight="${opts.weight}"` : "";
  return `<text x="${n(x)}" y="${n(y + dy)}" font-size="${n(size)}" text-anchor="${opts.anchor ?? "start"}"${rot}${fill}${weight}>${esc(s)}</text>`;
}

/** Where ticks go: automatic, none, or given positions (with optional labels). */
export type TickSpec = "auto" | "none" | { values: readonly number[]; labels?: readonly string[] };

/** Line style of a curve. */
export interface LineStyle {
  color?: string;
  width?: number;
  dash?: "solid" | "dashed" | "dotted";
  label?: string;
  /** Stretch the line over the axes' whole x ("x") or y ("y") range at render time. */
  span?: "x" | "y";
}

const DASH = { solid: "", dashed: ` stroke-dasharray="${n(3.7 * PT)} ${n(1.6 * PT)}"`, dotted: ` stroke-dasharray="${n(1 * PT)} ${n(1.65 * PT)}"` };

/** One set of axes: data limits, content drawn through the limits, frame, ticks and labels. */
export class Axes {
  xlim: [number, number] = [0, 1];
  ylim: [number, number] = [0, 1];
  xticks: TickSpec = "auto";
  yticks: TickSpec = "auto";
  /** Put the y ticks on the right (colorbars). */
  yticksRight = false;
  title = "";
  xlabel = "";
  ylabel = "";
  /** Draw the four spines. */
  frame = true;
  /** Content is built at render time, so limits may be set after drawing. */
  private readonly content: (() => string)[] = [];
  private readonly legendEntries: { label: string; color: string; dash: "solid" | "dashed" | "dotted" }[] = [];
  private static nextId = 0;
  private readonly id = Axes.nextId++;

  constructor(readonly rect: Rect) {}

  /** Data x → figure px. */
  sx(v: number): number {
    const [a, b] = this.xlim;
    return this.rect.x + ((v - a) / (b - a || 1)) * this.rect.w;
  }

  /** Data y → figure px (ylim[0] at the bottom; give ylim reversed for images). */
  sy(v: number): number {
    const [a, b] = this.ylim;
    return this.rect.y + this.rect.h - ((v - a) / (b - a || 1)) * this.rect.h;
  }

  /** Draws an RGBA image over the data box `[x0, x1] × [y0, y1]`, pixel-sharp. */
  image(img: RgbaImage, x0: number, x1: number, y0: number, y1: number): void {
    const uri = pngDataUri(img);
    this.content.push(() => {
      const X = Math.min(this.sx(x0), this.sx(x1));
      const Y = Math.min(this.sy(y0), this.sy(y1));
      const W = Math.abs(this.sx(x1) - this.sx(x0));
      const H = Math.abs(this.sy(y1) - this.sy(y0));
      return `<image x="${n(X)}" y="${n(Y)}" width="${n(W)}" height="${n(H)}" preserveAspectRatio="none" image-rendering="optimizeSpeed" style="image-rendering:pixelated" href="${uri}"/>`;
    });
  }

  /**
   * matplotlib's `imshow`: a `rows × cols` matrix, cell (r, c) centred on (x0 + c, y0 + r),
   * row 0 at the top; sets the limits to `[x0-0.5, x0+cols-0.5] × [y0+rows-0.5, y0-0.5]`.
   * `scale` is the pixels per cell of the embedded image.
   */
  imshow(values: ArrayLike<number>, rows: number, cols: number, cmap: Colormap, vmin: number, vmax: number, scale: CellScale, x0 = 0, y0 = 0): void {
    this.xlim = [x0 - 0.5, x0 + cols - 0.5];
    this.ylim = [y0 + rows - 0.5, y0 - 0.5];
    this.image(heatmapImage(values, rows, cols, cmap, vmin, vmax, scale), this.xlim[0], this.xlim[1], this.ylim[0], this.ylim[1]);
  }

  /** Filled circles of radius `r` px at the points (a scatter plot). */
  scatter(xs: ArrayLike<number>, ys: ArrayLike<number>, r: number, color: string): void {
    const px = Array.from(xs);
    const py = Array.from(ys);
    this.content.push(() => {
      const parts: string[] = [];
      for (let i = 0; i < px.length; i++) parts.push(`<circle cx="${n(this.sx(px[i]!))}" cy="${n(this.sy(py[i]!))}" r="${n(r)}"/>`);
      return `<g class="raster" fill="${color}">${parts.join("")}</g>`;
    });
  }

  /** A polyline through the points (NaN breaks the line). */
  line(xs: ArrayLike<number>, ys: ArrayLike<number>, style: LineStyle = {}): void {
    const color = style.color ?? "#1f77b4";
    const dash = style.dash ?? "solid";
    const px = Array.from(xs);
    const py = Array.from(ys);
    this.content.push(() => {
      const qx = style.span === "x" ? this.xlim : px;
      const qy = style.span === "y" ? this.ylim : py;
      let d = "";
      let pen = false;
      for (let i = 0; i < qx.length; i++) {
        const x = qx[i]!;
        const y = qy[i]!;
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          pen = false;
          continue;
        }
        d += `${pen ? "L" : "M"}${n(this.sx(x))} ${n(this.sy(y))}`;
        pen = true;
      }
      return d ? `<path d="${d}" fill="none" stroke="${color}" stroke-width="${n(style.width ?? 1.5 * PT)}" stroke-linejoin="round" stroke-linecap="square"${DASH[dash]}/>` : "";
    });
    if (style.label !== undefined) this.legendEntries.push({ label: style.label, color, dash });
  }

  /** A horizontal line across the axes at data y. */
  axhline(y: number, style: LineStyle = {}): void {
    this.line([-Infinity, Infinity], [y, y], { ...style, span: "x" });
  }

  /** A vertical line across the axes at data x. */
  axvline(x: number, style: LineStyle = {}): void {
    this.line([x, x], [-Infinity, Infinity], { ...style, span: "y" });
  }

  /** A filled rectangle in data coordinates. */
  rectangle(x0: number, x1: number, y0: number, y1: number, fill: string): void {
    this.content.push(() => {
      const X = Math.min(this.sx(x0), this.sx(x1));
      const Y = Math.min(this.sy(y0), this.sy(y1));
      return `<rect x="${n(X)}" y="${n(Y)}" width="${n(Math.abs(this.sx(x1) - this.sx(x0)))}" height="${n(Math.abs(this.sy(y1) - this.sy(y0)))}" fill="${fill}"/>`;
    });
  }

  private ticks(spec: TickSpec, lim: [number, number], lenPx: number, perTick: number): { pos: number[]; labels: string[] } {
    if (spec === "none") return { pos: [], labels: [] };
    if (spec === "auto") {
      const pos = niceTicks(lim[0], lim[1], Math.max(2, Math.min(9, Math.floor(lenPx / perTick))));
      return { pos, labels: formatTicks(pos) };
    }
    const lo = Math.min(...lim) - 1e-9;
    const hi = Math.max(...lim) + 1e-9;
    const keep = spec.values.map((v, i) => [v, i] as const).filter(([v]) => v >= lo && v <= hi);
    const labels = spec.labels ?? formatTicks(spec.values);
    return { pos: keep.map(([v]) => v), labels: keep.map(([, i]) => labels[i] ?? "") };
  }

  /** SVG of the axes: clipped content, spines, ticks, labels, title and legend. */
  render(): string {
    const { x, y, w, h } = this.rect;
    const out: string[] = [];
    const clip = `ax${this.id}`;
    out.push(`<clipPath id="${clip}"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"/></clipPath>`);
    // The white axes background (matplotlib's axes patch) also keeps resvg from aborting the
    // process: it panics on a clipped group whose content lies wholly outside the clip.
    const bg = `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="#fff"/>`;
    out.push(`<g clip-path="url(#${clip})">${bg}${this.content.map((f) => f()).join("")}</g>`);
    if (this.frame) out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="#000" stroke-width="${n(LINE_W)}"/>`);
    const marks: string[] = [];
    const labels: string[] = [];
    const xt = this.ticks(this.xticks, this.xlim, w, FONT * 4.5);
    xt.pos.forEach((v, i) => {
      const px = this.sx(v);
      marks.push(`M${n(px)} ${n(y + h)}v${n(TICK_LEN)}`);
      labels.push(text(px, y + h + TICK_LEN + TICK_PAD, xt.labels[i]!, { anchor: "middle", baseline: "hanging" }));
    });
    const yt = this.ticks(this.yticks, this.ylim, h, FONT * 1.6);
    let yLabelWidth = 0;
    yt.pos.forEach((v, i) => {
      const py = this.sy(v);
      const lab = yt.labels[i]!;
      yLabelWidth = Math.max(yLabelWidth, textWidth(lab));
      if (this.yticksRight) {
        marks.push(`M${n(x + w)} ${n(py)}h${n(TICK_LEN)}`);
        labels.push(text(x + w + TICK_LEN + TICK_PAD, py, lab, { baseline: "middle" }));
      } else {
        marks.push(`M${n(x)} ${n(py)}h${n(-TICK_LEN)}`);
        labels.push(text(x - TICK_LEN - TICK_PAD, py, lab, { anchor: "end", baseline: "middle" }));
      }
    });
    if (marks.length) out.push(`<path d="${marks.join("")}" stroke="#000" stroke-width="${n(LINE_W)}"/>`);
    out.push(...labels);
    const xPad = xt.pos.length ? TICK_LEN + TICK_PAD + FONT * 1.2 : TICK_PAD;
    if (this.xlabel) out.push(text(x + w / 2, y + h + xPad + TICK_PAD, this.xlabel, { anchor: "middle", baseline: "hanging" }));
    if (this.ylabel) {
      const off = (yt.pos.length ? TICK_LEN + TICK_PAD + yLabelWidth : 0) + TICK_PAD * 2;
      const lx = this.yticksRight ? x + w + off + FONT * 0.3 : x - off - FONT * 0.3;
      out.push(text(lx, y + h / 2, this.ylabel, { anchor: "middle", rotate: this.yticksRight ? 90 : -90 }));
    }
    if (this.title) out.push(text(x + w / 2, y - 6 * PT, this.title, { anchor: "middle", size: TITLE_FONT }));
    if (this.legendEntries.length) out.push(this.renderLegend());
    return `<g>${out.join("")}</g>`;
  }

  private renderLegend(): string {
    const rowH = FONT * 1.4;
    const sample = 2 * FONT;
    const widest = Math.max(...this.legendEntries.map((e) => textWidth(e.label)));
    const bw = sample + FONT * 1.2 + widest + FONT * 0.8;
    const bh = rowH * this.legendEntries.length + FONT * 0.6;
    const bx = this.rect.x + this.rect.w - bw - FONT * 0.5;
    const by = this.rect.y + FONT * 0.5;
    const parts = [`<rect x="${n(bx)}" y="${n(by)}" width="${n(bw)}" height="${n(bh)}" rx="${n(0.2 * FONT)}" fill="#fff" fill-opacity="0.8" stroke="#ccc" stroke-width="${n(LINE_W)}"/>`];
    this.legendEntries.forEach((e, i) => {
      const cy = by + FONT * 0.3 + rowH * (i + 0.5);
      parts.push(`<path d="M${n(bx + FONT * 0.5)} ${n(cy)}h${n(sample)}" stroke="${e.color}" stroke-width="${n(1.5 * PT)}"${DASH[e.dash]}/>`);
      parts.push(text(bx + FONT * 0.9 + sample, cy, e.label, { baseline: "middle" }));
    });
    return `<g class="legend">${parts.join("")}</g>`;
  }
}

/** A figure: a white canvas of `figsize` inches holding axes and free text. */
export class Figure {
  readonly width: number;
  readonly height: number;
  readonly axes: Axes[] = [];
  private readonly extra: string[] = [];

  constructor(readonly figsize: readonly [number, number]) {
    this.width = Math.round(figsize[0] * DPI);
    this.height = Math.round(figsize[1] * DPI);
  }

  /** Adds axes at a pixel rectangle. */
  addAxes(rect: Rect): Axes {
    const ax = new Axes(rect);
    this.axes.push(ax);
    return ax;
  }

  /**
   * A grid of subplots inside matplotlib's default margins (left 0.125, right 0.9,
   * bottom 0.11, top 0.88, wspace/hspace 0.2), row-major.
   */
  subplots(nrows: number, ncols: number, margins: { left?: number; right?: number; bottom?: number; top?: number; wspace?: number; hspace?: number } = {}): Axes[] {
    const L = (margins.left ?? 0.125) * this.width;
    const R = (margins.right ?? 0.9) * this.width;
    const T = (1 - (margins.top ?? 0.88)) * this.height;
    const B = (1 - (margins.bottom ?? 0.11)) * this.height;
    const ws = margins.wspace ?? 0.2;
    const hs = margins.hspace ?? 0.2;
    const cw = (R - L) / (ncols + ws * (ncols - 1));
    const ch = (B - T) / (nrows + hs * (nrows - 1));
    const out: Axes[] = [];
    for (let r = 0; r < nrows; r++) for (let c = 0; c < ncols; c++) out.push(this.addAxes({ x: L + c * cw * (1 + ws), y: T + r * ch * (1 + hs), w: cw, h: ch }));
    return out;
  }

  /** Free text in figure pixels. */
  text(x: number, y: number, s: string, size = FONT, anchor: "start" | "middle" | "end" = "middle"): void {
    this.extra.push(text(x, y, s, { size, anchor }));
  }

  /** The figure as a standalone SVG document. */
  toSVG(): string {
    return [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="${FONT_FAMILY}">`,
      `<rect width="100%" height="100%" fill="#fff"/>`,
      ...this.axes.map((a) => a.render()),
      ...this.extra,
      `</svg>`,
      "",
    ].join("\n");
  }
}

/**
 * Shrinks `rect` to the aspect ratio `w:h`, centred (matplotlib's `aspect="equal"` for images).
 */
export function fitAspect(rect: Rect, w: number, h: number): Rect {
  const s = Math.min(rect.w / w, rect.h / h);
  const W = w * s;
  const H = h * s;
  return { x: rect.x + (rect.w - W) / 2, y: rect.y + (rect.h - H) / 2, w: W, h: H };
}

/**
 * A vertical colorbar beside `parent` (matplotlib's `make_axes_locatable(...).append_axes(
 * "right", size, pad)`): `size` a fraction of the parent's width, `pad` in inches. Continuous
 * maps are drawn as a 256-step gradient; `categories` draws one flat block per integer value
 * from `vmin` to `vmax` instead.
 */
export function colorbar(fig: Figure, parent: Axes, cmap: Colormap, vmin: number, vmax: number, opts: { size?: number; pad?: number; ticks?: TickSpec; label?: string; categories?: boolean } = {}): Axes {
  const p = parent.rect;
  const w = Math.max(6, p.w * (opts.size ?? 0.05));
  const cb = fig.addAxes({ x: p.x + p.w + (opts.pad ?? 0.05) * DPI, y: p.y, w, h: p.h });
  cb.xticks = "none";
  cb.yticksRight = true;
  cb.yticks = opts.ticks ?? "auto";
  if (opts.label) cb.ylabel = opts.label;
  if (opts.categories) {
    cb.xlim = [0, 1];
    cb.ylim = [vmin - 0.5, vmax + 0.5];
    for (let v = vmin; v <= vmax; v++) {
      // the same normalisation as an image drawn over [vmin - 0.5, vmax + 0.5]
      const i = colormapIndex(v, vmin - 0.5, vmax + 0.5);
      const c: RGB = [cmap.lut[i * 3]!, cmap.lut[i * 3 + 1]!, cmap.lut[i * 3 + 2]!];
      cb.rectangle(0, 1, v - 0.5, v + 0.5, hex(c));
    }
  } else {
    cb.xlim = [0, 1];
    cb.ylim = vmax > vmin ? [vmin, vmax] : [vmin - 0.5, vmin + 0.5];
    const ramp = new Float64Array(256);
    for (let i = 0; i < 256; i++) ramp[i] = 255 - i;
    cb.image(heatmapImage(ramp, 256, 1, cmap, 0, 255, 1), 0, 1, cb.ylim[1], cb.ylim[0]);
  }
  return cb;
}
