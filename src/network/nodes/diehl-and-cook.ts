/** Diehl & Cook (2015) excitatory neurons. */
import { kernels } from "../../backend/backend.js";
import { cachedScratch } from "../storage.js";
import { Generator, defaultGenerator } from "../../tensor/random.js";
import { ValueError, fmtValue } from "../../errors.js";
import { AdaptiveLIFNodes, type AdaptiveLIFNodesOptions } from "./adaptive-lif.js";

/** Each layer's candidate list (outside the object: never saved or cloned). */
const candidates = new WeakMap<object, Int32Array>();

export interface DiehlAndCookNodesOptions extends AdaptiveLIFNodesOptions {
  /** Report at most one spike per batch row and step (default true). */
  oneSpike?: boolean;
  /** Generator that picks the reported spike (the global generator by default). */
  rng?: Generator;
}

/**
 * Adaptive-threshold LIF (see {@link AdaptiveLIFNodes}) with `oneSpike`: after the adaptive
 * step, in each batch row that has spikes one spiking neuron is picked uniformly at random
 * (seeded generator) and is the only spike left in `s`. Every neuron that crossed the
 * threshold has still been reset, made refractory and had its θ incremented; the traces see
 * only the chosen spike. Defaults thresh −52, rest −65, reset −65, refrac 5, tcDecay 100,
 * thetaPlus 0.05, tcThetaDecay 1e7.
 */
export class DiehlAndCookNodes extends AdaptiveLIFNodes {
  static override readonly optionKeys: readonly string[] = [...AdaptiveLIFNodes.optionKeys, "oneSpike", "rng"];
  oneSpike: boolean;
  rng: Generator | null;

  constructor(opts: DiehlAndCookNodesOptions = {}) {
    super(opts);
    this.oneSpike = opts.oneSpike ?? true;
    if (opts.rng !== undefined && !(opts.rng instanceof Generator)) {
      throw new ValueError(`DiehlAndCookNodes: rng is ${fmtValue(opts.rng)}, expected a Generator`);
    }
    this.rng = opts.rng ?? null;
  }

  protected override step(input: Float32Array | null): void {
    this.adaptiveStep(input);
    if (!this.oneSpike) return;
    const s = this.spikes();
    const n = this.n;
    const g = this.rng ?? defaultGenerator();
    // the candidates through the backend's spike-list kernel, into backend storage
    // (owned by the layer, in the backend's memory: src/network/storage.ts)
    const idx = cachedScratch(candidates, this, "int32", Math.max(1, n));
    const K = kernels();
    for (let b = 0; b < (this.batchSize ?? 0); b++) {
      const o = b * n;
      const k = K.spikeList(s, o, n, idx);
      if (k <= 1) continue;
      const pick = idx[g.nextBelow(k)]!;
      s.fill(0, o, o + n);
      s[o + pick] = 1;
    }
  }
}
