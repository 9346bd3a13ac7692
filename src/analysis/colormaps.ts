/**
 * matplotlib colormaps as 256-entry lookup tables (generated from matplotlib, see
 * scripts/gen-colormaps.py), sampled the way matplotlib samples them: a value is normalised
 * to `x = (v − vmin) / (vmax − vmin)`, then entry `min(255, floor(256·x))`; values below
 * or above the range take the end colours; NaN is transparent. A `_r` suffix reverses a map.
 */
import { ValueError, fmtValue } from "../errors.js";
import { COLORMAP_TABLES, TAB10 } from "./colormap-data.js";

/** An RGB colour, bytes 0..255. */
export type RGB = readonly [number, number, number];

/** A sampled colormap: 256 RGB entries. */
export interface Colormap {
  readonly name: string;
  /** 768 bytes: r, g, b of entry 0, 1, ... 255. */
  readonly lut: Uint8Array;
}

const cache = new Map<string, Colormap>();

/** Names accepted by {@link getColormap} (each also with `_r`). */
export const COLORMAP_NAMES: readonly string[] = Object.keys(COLORMAP_TABLES);

/** matplotlib's default line colours. */
export const DEFAULT_CYCLE: readonly string[] = TAB10;

/** Looks up a colormap by matplotlib name (`"hot_r"`, `"viridis"`, `"bwr"`, `"binary"`, `"jet"`, `"RdBu"`, ...). */
export function getColormap(name: string): Colormap {
  const hit = cache.get(name);
  if (hit) return hit;
  const reversed = typeof name === "string" && name.endsWith("_r");
  const base = reversed ? name.slice(0, -2) : name;
  const hex = COLORMAP_TABLES[base];
  if (hex === undefined) {
    throw new ValueError(`getColormap: cmap is ${fmtValue(name)}, expected one of ${COLORMAP_NAMES.map((n) => `"${n}"`).join(", ")} (optionally with "_r")`);
  }
  const lut = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    const src = reversed ? 255 - i : i;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = parseInt(hex.slice(src * 6 + c * 2, src * 6 + c * 2 + 2), 16);
  }
  const cm = { name, lut };
  cache.set(name, cm);
  return cm;
}

/** The LUT entry for `v` in `[vmin, vmax]`; −1 for NaN. */
export function colormapIndex(v: number, vmin: number, vmax: number): number {
  if (Number.isNaN(v)) return -1;
  const x = vmax > vmin ? (v - vmin) / (vmax - vmin) : 0;
  return x <= 0 ? 0 : x >= 1 ? 255 : Math.min(255, Math.floor(x * 256));
}

/** The colour of `v` (NaN gives null: not drawn). */
export function mapColor(cmap: Colormap, v: number, vmin: number, vmax: number): RGB | null {
  const i = colormapIndex(v, vmin, vmax);
  if (i < 0) return null;
  return [cmap.lut[i * 3]!, cmap.lut[i * 3 + 1]!, cmap.lut[i * 3 + 2]!];
}

/** `#rrggbb`. */
export function hex(c: RGB): string {
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}
