/**
 * The wasm wrappers of the convolution and pooling windows (assembly/conv.ts; js reference
 * ../../js/conv.ts). Each wrapper: dtype checks, then addresses (staging as needed); any -1
 * sends the call to the js kernel (discarding staged copies), else the wasm kernel runs and
 * done(true) copies staged outputs back and counts the call.
 */
import type { Window3 } from "../../contract.js";
import { jsKernels } from "../../js/index.js";
import type { WasmExports } from "../loader.js";
import type { Marshal } from "../marshal.js";

type K = typeof jsKernels;

/** The kernels this file wraps. */
export const convKernelNames = ["im2col", "col2im", "maxPool"] as const satisfies readonly (keyof K)[];

/** This area's wrappers over the module exports `ex`, marshalling through `ctx`. */
export function convKernels(ctx: Marshal, ex: WasmExports): Pick<K, (typeof convKernelNames)[number]> {
  const js = jsKernels;
  const { A, done, heap, stats } = ctx;

  // Window geometry, written into a persistent i32[18] block of wasm memory per call.
  let geom: Int32Array | null = null;
  const v = new Float64Array(18); // the geometry's numbers as given, checked before they are written as i32
  function geometry(g: Window3): number {
    if (geom === null) {
      const a = heap.alloc("int32", 18) as Int32Array;
      if (!heap.owns(a)) return -1;
      geom = a;
    }
    v[0] = g.inD;
    v[1] = g.inH;
    v[2] = g.inW;
    v[3] = g.kD;
    v[4] = g.kH;
    v[5] = g.kW;
    v[6] = g.sD;
    v[7] = g.sH;
    v[8] = g.sW;
    v[9] = g.pD;
    v[10] = g.pH;
    v[11] = g.pW;
    v[12] = g.dD;
    v[13] = g.dH;
    v[14] = g.dW;
    v[15] = g.oD;
    v[16] = g.oH;
    v[17] = g.oW;
    for (let i = 0; i < 18; i++) {
      const x = v[i]!;
      // Sizes the kernels can trust: integers, positive kernel/stride/dilation, padding >= 0.
      if (!Number.isInteger(x) || x < 0 || (x === 0 && i >= 3 && i !== 9 && i !== 10 && i !== 11)) return -1;
      geom[i] = x;
    }
    return geom.byteOffset;
  }
  const outSize = (i: number, k: number, s: number, p: number, d: number): number => Math.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1;
  /** The geometry's output sizes follow from the rest (else the kernel could read outside x). */
  const consistent = (g: Window3): boolean =>
    g.oD <= outSize(g.inD, g.kD, g.sD, g.pD, g.dD) && g.oH <= outSize(g.inH, g.kH, g.sH, g.pH, g.dH) && g.oW <= outSize(g.inW, g.kW, g.sW, g.pW, g.dW);

  const im2col: K["im2col"] = (cols, x, xOff, channels, g, cOff = 0) => {
    const es = cols.BYTES_PER_ELEMENT;
    const xU8 = cols instanceof Float32Array && x instanceof Uint8Array;
    if ((xU8 || (cols.constructor === x.constructor && (es === 4 || es === 8))) && consistent(g)) {
      const ga = geometry(g);
      const rows = channels * g.kD * g.kH * g.kW;
      const ca = A(cols, cOff + rows * g.oD * g.oH * g.oW, true);
      const xa = A(x, xOff + channels * g.inD * g.inH * g.inW, false);
      if (ga > 0 && ca > 0 && xa > 0) {
        ex.im2col(ca + es * cOff, xa + x.BYTES_PER_ELEMENT * xOff, es, xU8 ? 1 : 0, channels, ga);
        return done(true);
      }
    }
    done(false);
    stats.fallback++;
    js.im2col(cols, x, xOff, channels, g, cOff);
  };

  const col2im: K["col2im"] = (im, cols, imOff, channels, g) => {
    const f32 = im instanceof Float32Array && cols instanceof Float32Array;
    const f64 = !f32 && im instanceof Float64Array && cols instanceof Float64Array;
    if ((f32 || f64) && consistent(g)) {
      const ga = geometry(g);
      const e = f32 ? 4 : 8;
      const ia = A(im, imOff + channels * g.inD * g.inH * g.inW, true);
      const ca = A(cols, channels * g.kD * g.kH * g.kW * g.oD * g.oH * g.oW, false);
      if (ga > 0 && ia > 0 && ca > 0) {
        ex.col2im(ia + e * imOff, ca, f64 ? 1 : 0, channels, ga);
        return done(true);
      }
    }
    done(false);
    stats.fallback++;
    js.col2im(im, cols, imOff, channels, g);
  };

  const maxPool: K["maxPool"] = (out, idx, x, planes, g) => {
    const f32 = out instanceof Float32Array && x instanceof Float32Array;
    const f64 = !f32 && out instanceof Float64Array && x instanceof Float64Array;
    if ((f32 || f64) && idx instanceof Int32Array && consistent(g)) {
      const ga = geometry(g);
      const L = planes * g.oD * g.oH * g.oW;
      const o = A(out, L, true);
      const ia = A(idx, L, true);
      const xa = A(x, planes * g.inD * g.inH * g.inW, false);
      if (ga > 0 && o > 0 && ia > 0 && xa > 0) {
        ex.maxPool(o, ia, xa, f64 ? 1 : 0, planes, ga);
        return done(true);
      }
    }
    done(false);
    stats.fallback++;
    js.maxPool(out, idx, x, planes, g);
  };

  return { im2col, col2im, maxPool };
}
