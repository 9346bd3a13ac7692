/**
 * The wasm wrappers of the neuron and trace steps (assembly/neurons.ts, izhikevich.ts, sexp.ts,
 * csrm.ts; js reference ../../js/neurons.ts). Each wrapper: dtype checks, then addresses
 * (staging as needed); any -1 sends the call to the js kernel (discarding staged copies), else
 * the wasm kernel runs and done(true) copies staged outputs back and counts the call.
 */
import type { Param } from "../../contract.js";
import { jsKernels } from "../../js/index.js";
import type { WasmExports } from "../loader.js";
import type { Marshal } from "../marshal.js";

type K = typeof jsKernels;

/** The kernels this file wraps. */
export const neuronsKernelNames = ["traceStep", "sumInputStep", "lifStep", "boostedLifStep", "ifStep", "currentLifStep", "adaptiveLifStep", "izhikevichStep", "srm0Step", "csrmStep", "mcpStep"] as const satisfies readonly (keyof K)[];

/** This area's wrappers over the module exports `ex`, marshalling through `ctx`. */
export function neuronsKernels(ctx: Marshal, ex: WasmExports): Pick<K, (typeof neuronsKernelNames)[number]> {
  const js = jsKernels;
  const { A, done, pa, pv, param, kind, stats } = ctx;

  const traceStep: K["traceStep"] = (x, s, batch, n, decay, scale, additive) => {
    const t = batch * n;
    const sk = kind(s);
    if (sk >= 0) {
      const xa = A(x, t, true);
      const sa = A(s, t, false);
      if (xa > 0 && sa > 0 && param(0, decay, n) && param(1, scale, n)) {
        ex.traceStep(xa, sa, sk, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, additive ? 1 : 0);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.traceStep(x, s, batch, n, decay, scale, additive);
  };

  const sumInputStep: K["sumInputStep"] = (summed, input, total) => {
    const ik = kind(input);
    if (ik >= 0) {
      const sa = A(summed, total, true);
      const ia = A(input, total, false);
      if (sa > 0 && ia > 0) {
        ex.sumInputStep(sa, ia, ik, total);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.sumInputStep(summed, input, total);
  };

  // Addresses of a layer's state in slots 8..12 of `pa`: v, rc, s, x, summed (x and summed
  // may be null: address 0). False (after discarding staged copies) when wasm cannot run.
  function stateArgs(v: Float32Array, rc: Float32Array, s: Uint8Array, x: Float32Array | null, summed: Float32Array | null, t: number): boolean {
    pa[8] = A(v, t, true);
    pa[9] = A(rc, t, true);
    pa[10] = A(s, t, true);
    pa[11] = A(x, t, false);
    pa[12] = A(summed, t, true);
    if (pa[8]! > 0 && pa[9]! > 0 && pa[10]! > 0 && pa[11]! >= 0 && pa[12]! >= 0) return true;
    done(false);
    return false;
  }
  /** LIF params in slots 0..5 (lbound is slot 5); false (after discarding) when wasm cannot take one. */
  function lifParamsOk(p: { decay: Param; rest: Param; reset: Param; thresh: Param; refrac: Param; lbound: Param | null }, n: number): boolean {
    if (param(0, p.decay, n) && param(1, p.rest, n) && param(2, p.reset, n) && param(3, p.thresh, n) && param(4, p.refrac, n) && param(5, p.lbound, n)) return true;
    done(false);
    return false;
  }
  function paramsOk(ok: boolean): boolean {
    if (!ok) done(false);
    return ok;
  }
  // (LIF parameters are passed as the 14 arguments pa[0], pv[0], ..., pa[4], pv[4], dt, has
  // lbound, pa[5], pv[5], written out at each call: a spread would allocate an array per step)

  const lifStep: K["lifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateArgs(v, rc, s, x, summed, batch * n) && lifParamsOk(p, n)) {
      ex.lifStep(pa[8]!, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!);
      return done(true);
    }
    stats.fallback++;
    js.lifStep(v, rc, s, x, summed, batch, n, p);
  };

  const boostedLifStep: K["boostedLifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateArgs(v, rc, s, x, summed, batch * n) && paramsOk(param(0, p.decay, n) && param(1, p.thresh, n) && param(2, p.refrac, n))) {
      ex.boostedLifStep(pa[8]!, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, Math.fround(p.dt));
      return done(true);
    }
    stats.fallback++;
    js.boostedLifStep(v, rc, s, x, summed, batch, n, p);
  };

  const ifStep: K["ifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateArgs(v, rc, s, x, summed, batch * n) && paramsOk(param(0, p.reset, n) && param(1, p.thresh, n) && param(2, p.refrac, n) && param(3, p.lbound, n))) {
      ex.ifStep(pa[8]!, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[3]!, pv[3]!);
      return done(true);
    }
    stats.fallback++;
    js.ifStep(v, rc, s, x, summed, batch, n, p);
  };

  const currentLifStep: K["currentLifStep"] = (v, cur, rc, s, x, summed, batch, n, p) => {
    const ca = A(cur, batch * n, true);
    if (ca > 0 && stateArgs(v, rc, s, x, summed, batch * n) && lifParamsOk(p, n) && paramsOk(param(6, p.iDecay, n))) {
      ex.currentLifStep(pa[8]!, ca, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, pa[6]!, pv[6]!);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.currentLifStep(v, cur, rc, s, x, summed, batch, n, p);
  };

  const adaptiveLifStep: K["adaptiveLifStep"] = (v, rc, s, theta, x, summed, batch, n, p, count) => {
    const ta = A(theta, n, true);
    const ca = A(count, n, true);
    if (ta > 0 && ca > 0 && stateArgs(v, rc, s, x, summed, batch * n) && lifParamsOk(p, n) && paramsOk(param(6, p.thetaDecay, n) && param(7, p.thetaPlus, n))) {
      ex.adaptiveLifStep(pa[8]!, pa[9]!, pa[10]!, ta, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, pa[6]!, pv[6]!, pa[7]!, pv[7]!, p.learning ? 1 : 0, ca);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.adaptiveLifStep(v, rc, s, theta, x, summed, batch, n, p, count);
  };

  const izhikevichStep: K["izhikevichStep"] = (v, u, s, x, xeff, batch, n, p, gather, spiking) => {
    const t = batch * n;
    if (v instanceof Float32Array && u instanceof Float32Array && s instanceof Uint8Array && xeff instanceof Float32Array && p.S instanceof Float32Array && gather instanceof Float32Array && spiking instanceof Int32Array) {
      const va = A(v, t, true);
      const ua = A(u, t, true);
      const sa = A(s, t, true);
      const xa = A(x, t, false);
      const ea = A(xeff, t, true);
      const Sa = A(p.S, n * n, false);
      const ga = A(gather, n, true);
      const ka = A(spiking, n, true);
      const ok =
        va > 0 && ua > 0 && sa > 0 && xa >= 0 && ea > 0 && Sa > 0 && ga > 0 && ka > 0 &&
        param(0, p.a, n) && param(1, p.b, n) && param(2, p.c, n) && param(3, p.d, n) && param(4, p.thresh, n) && param(5, p.lbound, n);
      if (ok) {
        ex.izhikevichStepF32(va, ua, sa, xa, ea, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, Sa, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, ga, ka);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.izhikevichStep(v, u, s, x, xeff, batch, n, p, gather, spiking);
  };

  const srm0Step: K["srm0Step"] = (v, rc, s, sProb, uniform, x, summed, batch, n, p) => {
    const t = batch * n;
    if (uniform instanceof Float32Array && sProb instanceof Float32Array && stateArgs(v, rc, s, x, summed, t) && lifParamsOk(p, n)) {
      const pr = A(sProb, t, true);
      const un = A(uniform, t, false);
      if (pr > 0 && un > 0 && paramsOk(param(6, p.eps0, n) && param(7, p.rho0, n) && param(13, p.dThresh, n))) {
        ex.srm0StepF32(pa[8]!, pa[9]!, pa[10]!, pr, un, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, pa[6]!, pv[6]!, pa[7]!, pv[7]!, pa[13]!, pv[13]!);
        return done(true);
      }
      if (pr <= 0 || un <= 0) done(false);
    }
    stats.fallback++;
    js.srm0Step(v, rc, s, sProb, uniform, x, summed, batch, n, p);
  };

  const csrmStep: K["csrmStep"] = (v, s, theta, lastSpikes, x, batch, n, p, count) => {
    const t = batch * n;
    const rw = p.resKernel.length;
    const fw = p.refKernel.length;
    if (v instanceof Float32Array && s instanceof Uint8Array && theta instanceof Float32Array && lastSpikes instanceof Float32Array && count instanceof Float32Array && p.resKernel instanceof Float32Array && p.refKernel instanceof Float32Array && (x === null || x instanceof Float32Array)) {
      const va = A(v, t, true);
      const sa = A(s, t, true);
      const ta = A(theta, n, true);
      const la = A(lastSpikes, batch * fw * n, true);
      const xa = A(x, batch * rw * n, false);
      const ra = A(p.resKernel, rw, false);
      const fa = A(p.refKernel, fw, false);
      const ca = A(count, n, true);
      if (va > 0 && sa > 0 && ta > 0 && la > 0 && xa >= 0 && ra > 0 && fa > 0 && ca > 0 && paramsOk(param(0, p.decay, n) && param(1, p.thresh, n) && param(2, p.thetaDecay, n) && param(3, p.thetaPlus, n) && param(4, p.lbound, n))) {
        ex.csrmStepF32(va, sa, ta, la, xa, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, p.learning ? 1 : 0, ra, rw, fa, fw, p.lbound === null ? 0 : 1, pa[4]!, pv[4]!, ca);
        return done(true);
      }
      if (!(va > 0 && sa > 0 && ta > 0 && la > 0 && xa >= 0 && ra > 0 && fa > 0 && ca > 0)) done(false);
    }
    stats.fallback++;
    js.csrmStep(v, s, theta, lastSpikes, x, batch, n, p, count);
  };

  const mcpStep: K["mcpStep"] = (v, s, x, batch, n, thresh) => {
    const va = A(v, batch * n, true);
    const sa = A(s, batch * n, true);
    const xa = A(x, batch * n, false);
    if (va > 0 && sa > 0 && xa >= 0 && param(0, thresh, n)) {
      ex.mcpStep(va, sa, xa, batch, n, pa[0]!, pv[0]!);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.mcpStep(v, s, x, batch, n, thresh);
  };

  return { traceStep, sumInputStep, lifStep, boostedLifStep, ifStep, currentLifStep, adaptiveLifStep, izhikevichStep, srm0Step, csrmStep, mcpStep };
}
