/**
 * The `Nodes` base class: a layer of neurons with spikes `s`, optional spike traces `x` and
 * optional summed input, all shaped [batchSize, ...shape]. State exists once a network (or the
 * caller) has called `computeDecays(dt)` and `setBatchSize(b)`.
 *
 * Numerics: state is float32 and every update is rounded to float32 in the reference's
 * operation order, with decays computed by torch's float32 exp; a layer reproduces
 * BindsNET's CPU state bit for bit.
 */
import { kernels } from "../../backend/backend.js";
import type { DType, TypedArray } from "../../backend/dtype.js";
import { decayOf } from "../../backend/numerics.js";
import type { Param } from "../../backend/contract.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { checkOptions } from "../../options.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor, shapeSize } from "../../tensor/tensor.js";

/** A model parameter: one number for every neuron, or a tensor of per-neuron values. */
export type NodeParam = number | Tensor;

export interface NodesOptions {
  /** Number of neurons (or give `shape`). */
  n?: number;
  /** Layer shape without the batch dimension; defaults to [n]. */
  shape?: readonly number[];
  /** Keep spike traces `x`. */
  traces?: boolean;
  /** Traces add `traceScale` per spike instead of being set to it. */
  tracesAdditive?: boolean;
  /** Trace time constant (default 20). */
  tcTrace?: NodeParam;
  /** Trace value set (or added) on a spike (default 1). */
  traceScale?: NodeParam;
  /** Accumulate the input in `summed`. */
  sumInput?: boolean;
  /** Learning mode (adaptive thresholds only change while learning). */
  learning?: boolean;
}

const EMPTY_SHAPE: readonly number[] = [0];
/** The largest layer (2^30 neurons): a bound that keeps a typo or a hostile file from a huge allocation. */
const MAX_NEURONS = 2 ** 30;

/**
 * Base class of every layer. Subclasses implement {@link Nodes.step}, the model's update over
 * the float32 input (or null when there is none); `forward` then updates the traces.
 * A custom model subclasses `Nodes`, allocates its state in `setBatchSize`, and overrides
 * `step` (or `forward`, calling `super.forward(x)` last as in BindsNET).
 *
 * Base step: x ← x·exp(−dt/tcTrace); then x ← x + traceScale·s (additive) or
 * x[s ≠ 0] ← traceScale; summed ← summed + input.
 */
export class Nodes {
  /**
   * The option keys the constructor accepts (any other key is an error). A subclass that
   * takes more options extends its parent's list:
   * `static override readonly optionKeys = [...LIFNodes.optionKeys, "gain"]`.
   */
  static readonly optionKeys: readonly string[] = ["n", "shape", "traces", "tracesAdditive", "tcTrace", "traceScale", "sumInput", "learning"];
  readonly n: number;
  readonly shape: readonly number[];
  traces: boolean;
  tracesAdditive: boolean;
  tcTrace: NodeParam;
  traceScale: NodeParam;
  sumInput: boolean;
  learning: boolean;
  /** Simulation step (float32), set by `computeDecays`. */
  dt: number | null = null;
  batchSize: number | null = null;
  /** exp(−dt/tcTrace), set by `computeDecays` when traces are on. */
  traceDecay: Param | null = null;
  /** Spikes, bool [B, ...shape]. */
  s: Tensor;
  /** Spike traces, float32 [B, ...shape] (when `traces`). */
  x: Tensor;
  /** Summed input, float32 [B, ...shape] (when `sumInput`). */
  summed: Tensor;
  /** The options this layer was built with (for serialisation). */
  readonly options: Readonly<Record<string, unknown>>;

  constructor(opts: NodesOptions = {}) {
    const name = new.target.name;
    const o = opts ?? {};
    checkOptions(name, o, (new.target as typeof Nodes).optionKeys ?? Nodes.optionKeys);
    let { n, shape } = o;
    if (n === undefined && shape === undefined) {
      throw new ValueError(`${name}: n and shape are both missing, expected at least one`);
    }
    if (shape !== undefined) {
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new ValueError(`${name}: shape is ${fmtValue(shape)}, expected an array of non-negative integers`);
      }
    }
    if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
      throw new ValueError(`${name}: n is ${fmtValue(n)}, expected a non-negative integer`);
    }
    if (n === undefined) n = shapeSize(shape!);
    if (n > MAX_NEURONS) throw new ValueError(`${name}: n is ${n}, expected at most 2^30 neurons per layer`);
    if (shape === undefined) shape = [n];
    if (n !== shapeSize(shape)) {
      throw new ShapeError(`${name}: n is ${n}, expected ${shapeSize(shape)} = prod(shape ${fmtShape(shape)})`);
    }
    this.n = n;
    this.shape = Object.freeze([...shape]);
    this.traces = o.traces ?? false;
    this.tracesAdditive = o.tracesAdditive ?? false;
    this.tcTrace = checkParam(name, "tcTrace", o.tcTrace ?? 20, n, "positive");
    this.traceScale = checkParam(name, "traceScale", o.traceScale ?? 1, n);
    this.sumInput = o.sumInput ?? false;
    this.learning = o.learning ?? true;
    this.s = zeros(EMPTY_SHAPE, { dtype: "bool" });
    this.x = zeros(EMPTY_SHAPE);
    this.summed = zeros(EMPTY_SHAPE);
    this.options = Object.freeze({ ...o });
  }

  /** [batchSize, ...shape] (batch 0 before `setBatchSize`). */
  get stateShape(): number[] {
    return [this.batchSize ?? 0, ...this.shape];
  }

  /**
   * One simulation step with input `x` of shape [B, ...shape] (any numeric dtype; it is read,
   * never modified), then the trace update.
   */
  forward(x: Tensor): void {
    this.step(this.inputData(x));
    this.updateTraces();
  }

  /**
   * @internal `forward` for an input already known to be valid: `input` holds batchSize·n
   * float32 values (what `inputData` returns for a float32 [B, ...shape] tensor). Network.run
   * calls it per step, in place of `forward`, for layers that override neither `forward` nor
   * `inputData`, after checking the input once per run; it skips the per-step checks.
   */
  forwardInput(input: Float32Array): void {
    this.step(input);
    this.updateTraces();
  }

  /**
   * Declared step capability (Network.run's plan reads it once per run): true when
   * `forwardInput(input)` does exactly what `forward(x)` does for a float32 [B, ...shape]
   * tensor over `input`, i.e. the class's forward is `step(inputData(x))` + traces. A class
   * that overrides `forward` or `inputData` answers false unless it overrides this too.
   */
  get takesStepInput(): boolean {
    return this.forward === nodesProto.forward && this.inputData === nodesProto.inputData;
  }

  /**
   * Declared step capability: `forward` of row `start / (B·n)` of a [T, B, n] input held in
   * `data` (elements of `dtype`) without a Tensor per step; false (having done nothing) where
   * the layer has no such step. Input layers, whose spikes are their data, implement it.
   */
  forwardRow(_data: TypedArray, _start: number, _dtype: DType): boolean {
    return false;
  }

  /**
   * The shape of one step's input for batch size `b` ([b, ...shape]; windowed models such
   * as CSRMNodes take [b, W, ...shape]), and whether connections feed it through a window
   * (`computeWindow`) rather than `computeInto`.
   */
  stepInputShape(b: number): number[] {
    return [b, ...this.shape];
  }

  /**
   * Declared step capability: for a layer whose step is "spikes = this row of the input"
   * followed by the trace update (an Input layer), the trace's constants as numbers when the
   * trace after a spike is `scale` and then decays by `decay` every step (non-additive traces,
   * one decay and scale for every neuron); else null. Network.run may then keep the traces
   * lazily: it records each neuron's last spike and writes `x` only when something reads it.
   */
  traceChain(): { decay: number; scale: number } | null {
    return null;
  }

  /** Whether connection input reaches this layer as a window of recent source spikes (CSRMNodes). */
  get windowedInput(): boolean {
    return false;
  }

  /** The dtype of the zero input a layer without any input steps on (float32; Input keeps its spike dtype). */
  zeroInputDtype(): DType {
    return "float32";
  }

  /**
   * Lists this step's spikes of batch row 0 (indices j < n with s[j] ≠ 0, increasing) into
   * `out`, returning how many; the layers that pick spikes during their step (one-spike
   * models) may answer from what the step left. Used by the simulation loop for event-driven
   * propagation and learning.
   */
  listSpikes(out: Int32Array): number {
    const d = this.s.data;
    const o = this.s.offset;
    if (d instanceof Uint8Array) return kernels().spikeList(d, o, this.n, out);
    let k = 0;
    for (let j = 0; j < this.n; j++) if (d[o + j] !== 0) out[k++] = j;
    return k;
  }

  /**
   * Declared state: the membrane voltage [B, ...shape] that `run({ injectsV })` adds to, or
   * null for models without one (the base).
   */
  voltage(): Tensor | null {
    return null;
  }

  /** The model update. The base only accumulates `summed`. */
  protected step(input: Float32Array | null): void {
    if (this.sumInput && input !== null) kernels().sumInputStep(this.summed.data as Float32Array, input, this.summed.numel());
  }

  /** Decays the traces and sets (or adds) them at this step's spikes. */
  protected updateTraces(): void {
    if (!this.traces) return;
    if (this.traceDecay === null) throw new ValueError(`${this.constructor.name}.forward: computeDecays(dt) was not called (add the layer to a Network first)`);
    kernels().traceStep(this.x.data as Float32Array, this.s.contiguousData(), this.batchSize ?? 0, this.n, this.traceDecay, this.param(this.traceScale), this.tracesAdditive);
  }

  /** Checks an input tensor's shape and returns its elements as float32 (no copy when it already is). */
  protected inputData(x: Tensor): Float32Array {
    // (the op name is built only for an error message: a string per step showed in profiles)
    if (!(x instanceof Tensor)) throw new ValueError(`${forwardName(this)}: x is ${fmtValue(x)}, expected a Tensor`);
    if (this.batchSize === null) throw new ValueError(`${forwardName(this)}: setBatchSize(b) was not called (add the layer to a Network first)`);
    const want = this.batchSize * this.n;
    if (x.numel() !== want) {
      throw new ShapeError(`${forwardName(this)}: x has shape ${fmtShape(x.shape)}, expected ${fmtShape(this.stateShape)}`);
    }
    if (x.dtype === "float32") return x.contiguousData() as Float32Array;
    return x.to("float32").contiguousData() as Float32Array;
  }

  /** A parameter as a kernel argument: a float32 number, or n per-neuron float32 values. */
  protected param(p: NodeParam): Param {
    if (typeof p === "number") return Math.fround(p);
    if (p.numel() === 1) return Math.fround(p.item());
    if (p.dtype === "float32") return p.contiguousData() as Float32Array;
    return p.to("float32").contiguousData() as Float32Array;
  }

  /** exp(−dt/tc) per neuron for a parameter time constant. */
  protected decayParam(tc: NodeParam, dt: number): Param {
    const p = this.param(tc);
    if (typeof p === "number") return decayOf(p, dt);
    return p.map((v) => decayOf(v, dt));
  }

  /** Zeroes spikes, traces and summed input. */
  resetStateVariables(): void {
    this.s.zero_();
    if (this.traces) this.x.zero_();
    if (this.sumInput) this.summed.zero_();
  }

  /** Stores dt (rounded to float32) and computes the decay factors. */
  computeDecays(dt: number): void {
    if (typeof dt !== "number" || !(dt > 0) || !Number.isFinite(dt)) {
      throw new ValueError(`${this.constructor.name}.computeDecays: dt is ${fmtValue(dt)}, expected a positive number`);
    }
    this.dt = Math.fround(dt);
    if (this.traces) this.traceDecay = this.decayParam(this.tcTrace, dt);
  }

  /** Allocates all state for batch size `b` (state is re-created, so it is also a reset). */
  setBatchSize(b: number): void {
    if (!Number.isInteger(b) || b < 1) {
      throw new ValueError(`${this.constructor.name}.setBatchSize: batchSize is ${fmtValue(b)}, expected a positive integer`);
    }
    this.batchSize = b;
    const sh = [b, ...this.shape];
    this.s = zeros(sh, { dtype: "bool" });
    this.x = zeros(this.traces ? sh : EMPTY_SHAPE);
    this.summed = zeros(this.sumInput ? sh : EMPTY_SHAPE);
  }

  /** Sets learning mode. */
  train(mode = true): this {
    this.learning = mode;
    return this;
  }

  /** The spikes as a Uint8Array view (0/1). */
  protected spikes(): Uint8Array {
    return this.s.data as Uint8Array;
  }
}

/**
 * The class's own methods, for the declared capabilities above to tell an overriding subclass
 * (bound outside the class body: a self-reference inside it makes esbuild rename the class).
 */
const nodesProto: Nodes = Nodes.prototype;

/** "Class.forward", for error messages. */
function forwardName(layer: Nodes): string {
  return `${layer.constructor.name}.forward`;
}

/**
 * The values a parameter may take: any finite number, a positive finite one (time
 * constants), or a non-negative finite one (refractory periods, increments).
 */
export type ParamRange = "finite" | "positive" | "nonnegative";

const RANGE_TEXT: Record<ParamRange, string> = { finite: "a finite number", positive: "a positive finite number", nonnegative: "a non-negative finite number" };

function inRange(v: number, range: ParamRange): boolean {
  if (!Number.isFinite(v)) return false;
  return range === "finite" || (range === "positive" ? v > 0 : v >= 0);
}

/**
 * Validates a parameter once, at the door: a number, or a tensor with 1 or n elements, every
 * value finite and within `range` (default "finite").
 */
export function checkParam(cls: string, name: string, p: unknown, n: number, range: ParamRange = "finite"): NodeParam {
  if (typeof p === "number") {
    if (!inRange(p, range)) throw new ValueError(`${cls}: ${name} is ${fmtValue(p)}, expected ${RANGE_TEXT[range]}`);
    return p;
  }
  if (p instanceof Tensor) {
    if (p.numel() !== 1 && p.numel() !== n) throw new ShapeError(`${cls}: ${name} has shape ${fmtShape(p.shape)}, expected a number or a tensor of 1 or n=${n} elements`);
    checkTensorValues(cls, name, p, range);
    return p;
  }
  throw new ValueError(`${cls}: ${name} is ${fmtValue(p)}, expected a number or a Tensor`);
}

/** Throws a ValueError naming `cls` and `name` unless every element of `t` is in `range`. */
export function checkTensorValues(cls: string, name: string, t: Tensor, range: ParamRange = "finite"): void {
  const d = t.dtype === "float16" ? t.to("float32").contiguousData() : t.contiguousData();
  for (let i = 0; i < d.length; i++) {
    const v = Number(d[i]!);
    if (!inRange(v, range)) throw new ValueError(`${cls}: ${name} has ${fmtValue(v)} at flat index ${i}, expected ${RANGE_TEXT[range]} everywhere`);
  }
}

/** Checks a plain-number option once, at the door: a number within `range`. */
export function checkNumber(cls: string, name: string, v: unknown, range: ParamRange = "finite"): number {
  if (typeof v !== "number" || !inRange(v, range)) throw new ValueError(`${cls}: ${name} is ${fmtValue(v)}, expected ${RANGE_TEXT[range]}`);
  return v;
}

/** Optional parameter (lbound). */
export function checkOptParam(cls: string, name: string, p: unknown, n: number, range: ParamRange = "finite"): NodeParam | null {
  return p === null || p === undefined ? null : checkParam(cls, name, p, n, range);
}

/** Fills a [batch, n] state array with a parameter's value(s). */
export function fillParam(out: TypedArray, p: Param, batch: number, n: number): void {
  if (typeof p === "number") {
    out.fill(p);
    return;
  }
  for (let b = 0; b < batch; b++) out.set(p, b * n);
}

/** A float32 state tensor [B, ...shape] filled with a parameter. */
export function stateFilled(shape: readonly number[], p: Param, batch: number, n: number): Tensor {
  const t = zeros(shape);
  fillParam(t.data, p, batch, n);
  return t;
}
