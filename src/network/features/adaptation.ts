/**
 * The two adaptation features (BindsNET's AdaptationBaseSynapsHistory and
 * AdaptationBaseOtherSynaps, identical except for `constDecay`): a small ANN reads each
 * synapse's recent spike history and opens or closes the synapse.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import type { AbstractMulticompartmentConnection } from "../topology/multicompartment-connection.js";
import { AbstractFeature, type FeatureKind, type FeatureOptions } from "./abstract-feature.js";
import { FeatureStore } from "./feature-store.js";
import { checkOptions } from "../../options.js";

const ADAPTATION_KEYS: readonly string[] = ["name", "valueDtype", "value", "annValues", "constUpdateRate", "constDecay"];

export interface AdaptationOptions {
  name: string;
  valueDtype?: "float32";
  /** The initial mask [nPre, nPost] (required). */
  value: Tensor;
  /** [W1 ([hidden, window]), W2 ([1, hidden])]: the ANN's two bias-free layers. */
  annValues: readonly [Tensor, Tensor];
  constUpdateRate?: number;
  constDecay?: number;
}

/**
 * Per step (batch size 1 only; c is the broadcast tensor):
 *  1. on the first call, or when any spike is present: buffer[:, counter mod W] ← c, counter += 1;
 *  2. when counter mod W = 0: mask ← clamp(mask + tanh(W2·relu(W1·buffer))·constUpdateRate +
 *     constDecay, −1, 1) and value ← (mask > 0) (this repeats on spike-free steps while the
 *     counter rests on a multiple of W, as in the reference);
 *  3. c ← c · value.
 * The value starts all zero (every synapse closed); `resetStateVariables` restores the given
 * initial mask as the value (not the zeros), zeroes the buffer and the counter, keeps `mask`.
 */
export abstract class AdaptationBase extends AbstractFeature {
  readonly kind: FeatureKind = "tensor";
  readonly initValue: Tensor;
  /** The continuous mask the ANN adjusts (float32 [nPre, nPost]). */
  readonly mask: Float32Array;
  readonly w1: Float32Array;
  readonly w2: Float32Array;
  readonly hidden: number;
  readonly window: number;
  readonly constUpdateRate: number;
  readonly constDecay: number;
  spikeBuffer: Uint8Array;
  counter = 0;
  startCounter = false;

  constructor(opts: AdaptationOptions, defaultDecay: number) {
    const cls = new.target.name;
    checkOptions(cls, opts, ADAPTATION_KEYS);
    if (!(opts?.value instanceof Tensor) || opts.value.ndim !== 2) throw new ValueError(`${cls}: value is ${fmtValue(opts?.value)}, expected a Tensor [nPre, nPost]`);
    super({ name: opts.name } as FeatureOptions);
    const ann = opts.annValues;
    if (!Array.isArray(ann) || ann.length !== 2 || !(ann[0] instanceof Tensor) || !(ann[1] instanceof Tensor)) {
      throw new ValueError(`${cls}: annValues is ${fmtValue(ann)}, expected [W1, W2] Tensors`);
    }
    const [W1, W2] = ann;
    if (W1.ndim !== 2 || W2.ndim !== 2 || W2.shape[0] !== 1 || W2.shape[1] !== W1.shape[0]) {
      throw new ShapeError(`${cls}: annValues have shapes ${fmtShape(W1.shape)} and ${fmtShape(W2.shape)}, expected [hidden, window] and [1, hidden]`);
    }
    this.hidden = W1.shape[0]!;
    this.window = W1.shape[1]!;
    this.w1 = W1.to("float32").contiguousData() as Float32Array;
    this.w2 = W2.to("float32").contiguousData() as Float32Array;
    this.initValue = opts.value.to("float32").clone();
    this.mask = Float32Array.from(this.initValue.contiguousData());
    this.constUpdateRate = opts.constUpdateRate ?? 0.1;
    this.constDecay = opts.constDecay ?? defaultDecay;
    this.spikeBuffer = new Uint8Array(this.mask.length * this.window);
  }

  override primeFeature(connection: AbstractMulticompartmentConnection): void {
    if (this.isPrimed) return;
    const [a, b] = this.initValue.shape;
    if (a !== connection.source.n || b !== connection.target.n) {
      throw new ShapeError(`${this.constructor.name}: value has shape ${fmtShape(this.initValue.shape)}, expected [${connection.source.n}, ${connection.target.n}] ([source.n, target.n])`);
    }
    this.connection = connection;
    this.store = FeatureStore.from(new Tensor(new Float32Array(this.mask.length), [a!, b!], "float32"), "float32", false);
    this.isPrimed = true;
  }

  override computeTensor(c: Float32Array, batch: number): void {
    if (batch !== 1) throw new ShapeError(`${this.constructor.name}.compute: batch size is ${batch}, expected 1 (the spike history is per synapse)`);
    const n = this.mask.length;
    const W = this.window;
    let any = false;
    for (let k = 0; k < n; k++) if (c[k] !== 0) { any = true; break; }
    if (!this.startCounter || any) {
      this.startCounter = true;
      const col = this.counter % W;
      for (let k = 0; k < n; k++) this.spikeBuffer[k * W + col] = c[k] !== 0 ? 1 : 0;
      this.counter++;
    }
    const v = this.store!.data as Float32Array;
    if (this.counter % W === 0) {
      const h = new Float32Array(this.hidden);
      for (let k = 0; k < n; k++) {
        for (let u = 0; u < this.hidden; u++) {
          let a = 0;
          for (let t = 0; t < W; t++) a = Math.fround(a + Math.fround(this.w1[u * W + t]! * this.spikeBuffer[k * W + t]!));
          h[u] = a > 0 ? a : 0;
        }
        let o = 0;
        for (let u = 0; u < this.hidden; u++) o = Math.fround(o + Math.fround(this.w2[u]! * h[u]!));
        const y = Math.fround(Math.tanh(o));
        let m = Math.fround(Math.fround(this.mask[k]! + Math.fround(y * this.constUpdateRate)) + this.constDecay);
        m = m < -1 ? -1 : m > 1 ? 1 : m;
        this.mask[k] = m;
        v[k] = m > 0 ? 1 : 0;
      }
    }
    for (let k = 0; k < n; k++) c[k] = c[k]! * v[k]!;
  }

  override resetStateVariables(): void {
    this.spikeBuffer.fill(0);
    this.counter = 0;
    this.startCounter = false;
    if (this.store !== null) (this.store.data as Float32Array).set(this.initValue.contiguousData());
  }
}
