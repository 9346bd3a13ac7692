/**
 * Pixel images: colour-mapped matrices as RGBA, PNG encoding (fast-png, pure JS, runs in a
 * browser too) and data URIs for embedding images in SVG.
 */
import { encode } from "fast-png";
import { type Colormap, colormapIndex } from "./colormaps.js";

/** An RGBA image, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Pixels per cell: one number for both axes, or `[x, y]`. */
export type CellScale = number | readonly [number, number];

/**
 * Colours a `rows × cols` row-major matrix with `cmap` over `[vmin, vmax]` (NaN transparent),
 * each cell a block of `scale` pixels (nearest neighbour, so cells stay sharp however the
 * image is later drawn).
 */
export function heatmapImage(values: ArrayLike<number>, rows: number, cols: number, cmap: Colormap, vmin: number, vmax: number, scale: CellScale = 1): RgbaImage {
  const [sx, sy] = typeof scale === "number" ? [scale, scale] : scale;
  const width = cols * sx;
  const height = rows * sy;
  const data = new Uint8Array(width * height * 4);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = colormapIndex(values[r * cols + c]!, vmin, vmax);
      if (i < 0) continue;
      const R = cmap.lut[i * 3]!;
      const G = cmap.lut[i * 3 + 1]!;
      const B = cmap.lut[i * 3 + 2]!;
      for (let y = 0; y < sy; y++) {
        let p = ((r * sy + y) * width + c * sx) * 4;
        for (let x = 0; x < sx; x++, p += 4) {
          data[p] = R;
          data[p + 1] = G;
          data[p + 2] = B;
          data[p + 3] = 255;
        }
      }
    }
  }
  return { width, height, data };
}

/**
 * Pixels per cell, per axis, that make an image at least as large as its display box, so a
 * viewer's smoothing cannot blur cell edges; bounded to keep the image under ~16 M pixels.
 * Uniform (`[s, s]`) when `uniform` (square cells, e.g. weight mosaics).
 */
export function pixelScale(rows: number, cols: number, displayW: number, displayH: number, uniform = true): [number, number] {
  let sx = Math.max(1, Math.ceil(displayW / Math.max(1, cols)));
  let sy = Math.max(1, Math.ceil(displayH / Math.max(1, rows)));
  if (uniform) sx = sy = Math.max(sx, sy);
  const over = (cols * sx * rows * sy) / 16e6;
  if (over > 1) {
    const f = Math.sqrt(over);
    sx = Math.max(1, Math.floor(sx / f));
    sy = Math.max(1, Math.floor(sy / f));
  }
  return [sx, sy];
}

/** PNG bytes of an RGBA image. */
export function encodePng(img: RgbaImage): Uint8Array {
  return encode({ width: img.width, height: img.height, data: img.data, channels: 4, depth: 8 });
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (no Buffer/btoa needed, so it runs anywhere). */
export function base64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}

/** A `data:image/png;base64,...` URI of an image. */
export function pngDataUri(img: RgbaImage): string {
  return `data:image/png;base64,${base64(encodePng(img))}`;
}
