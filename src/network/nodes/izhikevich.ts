/** Izhikevich neurons with recurrent coupling. */
import { kernels } from "../../backend/backend.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Generator, defaultGenerator } from "../../tensor/random.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type NodeParam, Nodes, type NodesOptions, checkOptParam, checkParam, fillParam } from "./nodes.js";

export interface IzhikevichNodesOptions extends NodesOptions {
  /** Fraction of excitatory neurons, clipped to [0, 1] (default 1). */
  excitatory?: number;
  thresh?: NodeParam;
  rest?: NodeParam;
  lbound?: NodeParam | null;
  /** Generator for the random parameters (the global one by default). */
  rng?: Generator;
}

/**
 * Izhikevich neurons (no refractory period; reset deferred to the next step):
 * where s(t−1): v ← c, u ← u + d; x' = x + Σ_{j spiking} S[i, j];
 * twice: v ← v + (dt/2)·(0.04v² + 5v + 140 − u + x'); u ← u + dt·a·(b·v − u);
 * v ← max(v, lbound); s = v ≥ thresh (default 45, rest −65).
 *
 * Random parameters (r ~ U[0,1) per neuron, from the seeded generator): excitatory neurons
 * a = 0.02, b = 0.2, c = −65 + 15r², d = 8 − 6r², S column 0.5·U[0,1); inhibitory neurons
 * a = 0.02 + 0.08r, b = 0.25 − 0.05r, c = −65, d = 2, S column −U[0,1). The first
 * ⌊n·excitatory⌋ neurons are excitatory. `S` is [n, n] laid out [post, pre]. Every parameter
 * tensor (`a`, `b`, `c`, `d`, `S`, `excitatory`) may be replaced after construction (call
 * `resetStateVariables()` afterwards so u = b·v uses the new b). The shape may be given
 * without `n` (a fix: the reference requires n).
 */
export class IzhikevichNodes extends Nodes {
  static override readonly optionKeys: readonly string[] = [...Nodes.optionKeys, "excitatory", "thresh", "rest", "lbound", "rng"];
  thresh: NodeParam;
  rest: NodeParam;
  lbound: NodeParam | null;
  r: Tensor;
  a: Tensor;
  b: Tensor;
  c: Tensor;
  d: Tensor;
  S: Tensor;
  /** 1 for excitatory neurons, 0 for inhibitory (uint8 [n]). */
  excitatory: Tensor;
  v: Tensor = zeros([0]);

  /** The membrane voltage (what `run({ injectsV })` adds to). */
  override voltage(): Tensor | null {
    return this.v;
  }
  u: Tensor = zeros([0]);
  private xeff = new Float32Array(0);
  private gather: Float32Array;
  private spiking: Int32Array;

  constructor(opts: IzhikevichNodesOptions = {}) {
    super(opts);
    if (this.n * this.n > 2 ** 30) throw new ValueError(`IzhikevichNodes: n is ${this.n}, expected at most ${2 ** 15} (the n×n coupling matrix S must fit in memory)`);
    const cls = "IzhikevichNodes";
    this.thresh = checkParam(cls, "thresh", opts.thresh ?? 45.0, this.n);
    this.rest = checkParam(cls, "rest", opts.rest ?? -65.0, this.n);
    this.lbound = checkOptParam(cls, "lbound", opts.lbound, this.n);
    const exc = opts.excitatory ?? 1;
    if (typeof exc !== "number" || Number.isNaN(exc)) throw new ValueError(`${cls}: excitatory is ${fmtValue(exc)}, expected a number in [0, 1]`);
    if (opts.rng !== undefined && !(opts.rng instanceof Generator)) throw new ValueError(`${cls}: rng is ${fmtValue(opts.rng)}, expected a Generator`);
    const g = opts.rng ?? defaultGenerator();
    const n = this.n;
    const ex = exc >= 1 ? n : exc <= 0 ? 0 : Math.trunc(n * exc);
    const f = Math.fround;
    this.r = zeros([n]);
    this.a = zeros([n]);
    this.b = zeros([n]);
    this.c = zeros([n]);
    this.d = zeros([n]);
    this.S = zeros([n, n]);
    this.excitatory = zeros([n], { dtype: "uint8" });
    const r = this.r.data;
    for (let j = 0; j < n; j++) r[j] = g.nextFloat32();
    for (let j = 0; j < n; j++) {
      const rj = r[j]!;
      const r2 = f(rj * rj);
      if (j < ex) {
        this.a.data[j] = f(0.02);
        this.b.data[j] = f(0.2);
        this.c.data[j] = f(-65 + f(15 * r2));
        this.d.data[j] = f(8 - f(6 * r2));
        this.excitatory.data[j] = 1;
      } else {
        // float32 constants, as torch's scalar arithmetic on a float32 tensor (0.02 + 0.08·r in
        // double arithmetic is one ulp off the reference for some r)
        this.a.data[j] = f(f(0.02) + f(f(0.08) * rj));
        this.b.data[j] = f(f(0.25) - f(f(0.05) * rj));
        this.c.data[j] = -65;
        this.d.data[j] = 2;
      }
    }
    const S = this.S.data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) S[i * n + j] = j < ex ? f(0.5 * g.nextFloat32()) : -g.nextFloat32();
    }
    this.gather = new Float32Array(n);
    this.spiking = new Int32Array(n);
  }

  private checkParams(): void {
    const n = this.n;
    for (const k of ["a", "b", "c", "d"] as const) {
      const t = this[k];
      if (t.numel() !== n && t.numel() !== 1) throw new ShapeError(`IzhikevichNodes: ${k} has shape ${fmtShape(t.shape)}, expected [${n}]`);
    }
    if (this.S.numel() !== n * n) throw new ShapeError(`IzhikevichNodes: S has shape ${fmtShape(this.S.shape)}, expected [${n}, ${n}]`);
  }

  protected override step(input: Float32Array | null): void {
    this.checkParams();
    const S = this.S.dtype === "float32" ? (this.S.contiguousData() as Float32Array) : (this.S.to("float32").contiguousData() as Float32Array);
    kernels().izhikevichStep(this.v.data as Float32Array, this.u.data as Float32Array, this.spikes(), input, this.xeff, this.batchSize ?? 0, this.n, {
      a: this.param(this.a),
      b: this.param(this.b),
      c: this.param(this.c),
      d: this.param(this.d),
      S,
      thresh: this.param(this.thresh),
      dt: this.dt ?? 1,
      lbound: this.lbound === null ? null : this.param(this.lbound),
    }, this.gather, this.spiking);
    // summed sees the input including the recurrent term, as in the reference
    super.step(this.xeff);
  }

  private initVU(): void {
    const B = this.batchSize ?? 0;
    fillParam(this.v.data, this.param(this.rest), B, this.n);
    const b = this.param(this.b);
    const v = this.v.data;
    const u = this.u.data;
    for (let i = 0; i < B * this.n; i++) u[i] = Math.fround((typeof b === "number" ? b : b[i % this.n]!) * v[i]!);
  }

  override resetStateVariables(): void {
    super.resetStateVariables();
    this.initVU();
  }

  override setBatchSize(bs: number): void {
    super.setBatchSize(bs);
    this.v = zeros(this.stateShape);
    this.u = zeros(this.stateShape);
    this.xeff = new Float32Array(bs * this.n);
    this.initVU();
  }
}
