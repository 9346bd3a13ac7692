/**
 * Encoder objects (BindsNET's `bindsnet.encoding.encoders`): an encoding function with its
 * arguments fixed at construction. Use `encoder.encode(datum)`, or call the encoder itself,
 * `encoder(datum)`, as in Python (`encoder(img)`): every encoder is a function object whose
 * prototype is its class, so `instanceof` and the fields work as usual.
 *
 * ```ts
 * const enc = new PoissonEncoder({ time: 250, dt: 1 });
 * const spikes = enc(image); // same as enc.encode(image)
 * ```
 */
import { checkOptions } from "../options.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError, fmtValue } from "../errors.js";
import { bernoulli, poisson, rankOrder, repeat, single, timeSteps } from "./encodings.js";

/** The call signature every encoder has besides `encode`. */
// The merge is sound here: Encoder's constructor really returns a callable (see below).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Encoder {
  (datum: Tensor): Tensor;
}

/** Base class: subclasses implement `encode`; instances are callable. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Encoder {
  constructor() {
    // Return a function whose prototype is the subclass's, so subclass fields land on it and
    // `enc(x)` forwards to `enc.encode(x)`.
    const f = function (datum: Tensor): Tensor {
      return f.encode(datum);
    } as unknown as Encoder;
    Object.setPrototypeOf(f, new.target.prototype);
    return f;
  }

  /** Encodes one datum. */
  abstract encode(datum: Tensor): Tensor;
}

/** Options of the encoders that produce `T = trunc(time / dt)` steps. */
export interface TimedEncoderOptions {
  /** Length of the spike train (ms). */
  time: number;
  /** Simulation time step (ms). Default 1.0. */
  dt?: number;
}

function checkTimed(op: string, opts: TimedEncoderOptions): void {
  if (opts === null || typeof opts !== "object") throw new ValueError(`${op}: options are ${fmtValue(opts)}, expected { time, dt? }`);
  timeSteps(op, opts.time, opts.dt ?? 1.0);
}

/** Base of the encoders with a spike-train length: checks and keeps `time` and `dt` (default 1.0). */
export abstract class TimedEncoder extends Encoder {
  readonly time: number;
  readonly dt: number;

  /** `cls` names the encoder in error messages; `keys` are its options beyond time and dt. */
  protected constructor(cls: string, opts: TimedEncoderOptions, keys: readonly string[] = []) {
    super();
    checkTimed(cls, opts);
    checkOptions(cls, opts, ["time", "dt", ...keys]);
    this.time = opts.time;
    this.dt = opts.dt ?? 1.0;
  }
}

/** Passes the datum through unchanged (returns the same tensor, as the reference). */
export class NullEncoder extends Encoder {
  encode(datum: Tensor): Tensor {
    return datum;
  }
}

export interface SingleEncoderOptions extends TimedEncoderOptions {
  /** Default 0.5. */
  sparsity?: number;
}

/** {@link single} with fixed arguments. */
export class SingleEncoder extends TimedEncoder {
  readonly sparsity: number;

  constructor(opts: SingleEncoderOptions) {
    super("SingleEncoder", opts, ["sparsity"]);
    this.sparsity = opts.sparsity ?? 0.5;
    if (typeof this.sparsity !== "number" || !(this.sparsity >= 0 && this.sparsity <= 1)) throw new ValueError(`SingleEncoder: sparsity is ${fmtValue(this.sparsity)}, expected a number in [0, 1]`);
  }

  encode(datum: Tensor): Tensor {
    return single(datum, this.time, { dt: this.dt, sparsity: this.sparsity });
  }
}

/** {@link repeat} with fixed arguments. */
export class RepeatEncoder extends TimedEncoder {
  constructor(opts: TimedEncoderOptions) {
    super("RepeatEncoder", opts);
  }

  encode(datum: Tensor): Tensor {
    return repeat(datum, this.time, { dt: this.dt });
  }
}

export interface BernoulliEncoderOptions extends TimedEncoderOptions {
  /** Default 1.0. */
  maxProb?: number;
  generator?: Generator;
}

/** {@link bernoulli} with fixed arguments. */
export class BernoulliEncoder extends TimedEncoder {
  readonly maxProb: number;
  readonly generator: Generator | undefined;

  constructor(opts: BernoulliEncoderOptions) {
    super("BernoulliEncoder", opts, ["maxProb", "generator"]);
    this.maxProb = opts.maxProb ?? 1.0;
    if (typeof this.maxProb !== "number" || !(this.maxProb >= 0 && this.maxProb <= 1)) throw new ValueError(`BernoulliEncoder: maxProb is ${fmtValue(this.maxProb)}, expected a number in [0, 1]`);
    this.generator = opts.generator;
  }

  encode(datum: Tensor): Tensor {
    return bernoulli(datum, this.time, { dt: this.dt, maxProb: this.maxProb, generator: this.generator });
  }
}

export interface PoissonEncoderOptions extends TimedEncoderOptions {
  /** Default false. */
  approx?: boolean;
  generator?: Generator;
}

/** {@link poisson} with fixed arguments. */
export class PoissonEncoder extends TimedEncoder {
  readonly approx: boolean;
  readonly generator: Generator | undefined;

  constructor(opts: PoissonEncoderOptions) {
    super("PoissonEncoder", opts, ["approx", "generator"]);
    this.approx = opts.approx ?? false;
    this.generator = opts.generator;
  }

  encode(datum: Tensor): Tensor {
    return poisson(datum, this.time, { dt: this.dt, approx: this.approx, generator: this.generator });
  }
}

/** {@link rankOrder} with fixed arguments. */
export class RankOrderEncoder extends TimedEncoder {
  constructor(opts: TimedEncoderOptions) {
    super("RankOrderEncoder", opts);
  }

  encode(datum: Tensor): Tensor {
    return rankOrder(datum, this.time, { dt: this.dt });
  }
}
