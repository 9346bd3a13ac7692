/** Input layers: their spikes are the data given to them. */
import { kernels } from "../../backend/backend.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
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
    if (x.dtype !== this.s.dtype) this.s = new Tensor(x.contiguousData().slice(), this.stateShape, x.dtype);
    else this.s.data.set(x.contiguousData());
    if (this.sumInput) {
      const f = x.dtype === "float32" ? (x.contiguousData() as Float32Array) : (x.to("float32").contiguousData() as Float32Array);
      kernels().sumInputStep(this.summed.data as Float32Array, f, this.summed.numel());
    }
    this.updateTraces();
  }
}
