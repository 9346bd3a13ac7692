/** Input layers: their spikes are the data given to them. */
import { kernels } from "../../backend/backend.js";
import type { DType, TypedArray } from "../../backend/dtype.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { Nodes, type NodesOptions } from "./nodes.js";

/** Marker base class of input layers (BindsNET's `AbstractInput`). */
export abstract class AbstractInput extends Nodes {}

/**
 * A layer whose spikes are its input: s ← x, copied as given (same dtype and values, so real
 * values pass straight through and `Connection.compute` multiplies by them). Unlike the
 * reference, `s` is a copy, so resetting the layer never zeroes the caller's data.
 */
export class Input extends AbstractInput {
  constructor(opts: NodesOptions = {}) {
    super(opts);
  }

  override forward(x: Tensor): void {
    const name = "Input.forward";
    if (!(x instanceof Tensor)) throw new ValueError(`${name}: x is ${fmtValue(x)}, expected a Tensor`);
    if (this.batchSize === null) throw new ValueError(`${name}: setBatchSize(b) was not called (add the layer to a Network first)`);
    if (x.numel() !== this.batchSize * this.n) {
      throw new ShapeError(`${name}: x has shape ${fmtShape(x.shape)}, expected ${fmtShape(this.stateShape)}`);
    }
    // s takes the input's dtype (once): new backend storage, so kernels keep reading it in place
    if (x.dtype !== this.s.dtype) this.s = zeros(this.stateShape, { dtype: x.dtype });
    this.s.data.set(x.contiguousData());
    if (this.sumInput) {
      const f = x.dtype === "float32" ? (x.contiguousData() as Float32Array) : (x.to("float32").contiguousData() as Float32Array);
      kernels().sumInputStep(this.summed.data as Float32Array, f, this.summed.numel());
    }
    this.updateTraces();
  }

  override zeroInputDtype(): DType {
    // an Input layer without data keeps its spike dtype (the reference turns it float)
    return this.s.dtype;
  }

  /**
   * @internal `forward` of row `start / (B·n)` of a [T, B, n] input held in `data` (elements of
   * `dtype`), without a Tensor per step: Network.run's per-step entry for Input layers that do
   * not override `forward`, whose input it validated once per run. Returns false (having done
   * nothing) where it does not apply (the row's dtype differs from `s`'s, `sumInput`, or `s`
   * is not the plain [B, ...shape] array); the caller then uses `forward`.
   */
  override forwardRow(data: TypedArray, start: number, dtype: DType): boolean {
    // a subclass with its own forward keeps it (the row step is this class's forward)
    if (this.forward !== inputProto.forward) return false;
    const s = this.s;
    const sd = s.data;
    const len = (this.batchSize ?? -1) * this.n;
    if (this.sumInput || dtype !== s.dtype || s.offset !== 0 || sd.length !== len || start + len > data.length) return false;
    // (a bitwise copy; for short rows in wasm memory it also beats an element loop)
    sd.set(data.subarray(start, start + len));
    this.updateTraces();
    return true;
  }

  override traceChain(): { decay: number; scale: number } | null {
    if (this.forward !== inputProto.forward || this.forwardRow !== inputProto.forwardRow || this.updateTraces !== inputProto.updateTraces || !this.traces || this.tracesAdditive || this.sumInput) return null;
    const decay = this.traceDecay;
    const scale = this.param(this.traceScale);
    return typeof decay === "number" && typeof scale === "number" ? { decay, scale } : null;
  }
}

/**
 * The class's own methods, for the declared capabilities above to tell an overriding subclass
 * (bound outside the class body: a self-reference inside it makes esbuild rename the class).
 */
const inputProto: Input = Input.prototype;
