/** SRM0 neurons with escape noise. */
import { kernels } from "../../backend/backend.js";
import type { Param } from "../../backend/contract.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Generator, defaultGenerator } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import { LIFNodes, type LIFNodesOptions } from "./lif.js";
import { type NodeParam, checkParam } from "./nodes.js";

/** Fills `out` with one U[0, 1) number per neuron and batch row. */
export type UniformSource = (out: Float32Array) => void;

export interface SRM0NodesOptions extends LIFNodesOptions {
  eps0?: NodeParam;
  rho0?: NodeParam;
  dThresh?: NodeParam;
  /**
   * Where the spike draws come from: a function filling an array, or a tensor of recorded
   * draws [T, ...shape] or [T, B, ...shape] consumed one row per step (parity runs). The
   * seeded generator `rng` (or the global one) by default.
   */
  uniform?: UniformSource | Tensor;
  rng?: Generator;
}

/**
 * Spike-response model with escape noise:
 * v ← decay·(v − rest) + rest; v ← v + ((refracCount ≤ 0)·eps0)·x;
 * ρ = rho0·exp((v − thresh)/dThresh); sProb = 1 − exp(−ρ·dt);
 * refracCount ← refracCount − dt; s = U[0,1) < sProb (not gated by refractoriness);
 * where s: refracCount ← refrac, v ← reset; lbound. At v = thresh, sProb = 1 − e⁻¹ ≈ 0.632.
 * Defaults thresh −50, rest −70, reset −70, refrac 5, tcDecay 10, eps0 1, rho0 1, dThresh 5.
 */
export class SRM0Nodes extends LIFNodes {
  static override readonly optionKeys: readonly string[] = [...LIFNodes.optionKeys, "eps0", "rho0", "dThresh", "uniform", "rng"];
  eps0: NodeParam;
  rho0: NodeParam;
  dThresh: NodeParam;
  /** Spike probability of the last step [B, ...shape]. */
  sProb: Tensor = zeros([0]);
  uniform: UniformSource;
  private draws = new Float32Array(0);

  constructor(opts: SRM0NodesOptions = {}) {
    super({ thresh: -50.0, rest: -70.0, reset: -70.0, tcDecay: 10.0, ...stripUndefined(opts) });
    const c = "SRM0Nodes";
    this.eps0 = checkParam(c, "eps0", opts.eps0 ?? 1.0, this.n);
    this.rho0 = checkParam(c, "rho0", opts.rho0 ?? 1.0, this.n);
    this.dThresh = checkParam(c, "dThresh", opts.dThresh ?? 5.0, this.n);
    if (opts.rng !== undefined && !(opts.rng instanceof Generator)) throw new ValueError(`${c}: rng is ${fmtValue(opts.rng)}, expected a Generator`);
    const u = opts.uniform;
    if (u === undefined) {
      const rng = opts.rng;
      this.uniform = (out) => {
        const g = rng ?? defaultGenerator();
        for (let i = 0; i < out.length; i++) out[i] = g.nextFloat32();
      };
    } else if (u instanceof Tensor) {
      this.uniform = SRM0Nodes.recordedUniform(u, this.n);
    } else if (typeof u === "function") {
      this.uniform = u;
    } else {
      throw new ValueError(`${c}: uniform is ${fmtValue(u)}, expected a function or a Tensor`);
    }
  }

  /** A uniform source replaying recorded draws [T, ...] one row of B·n values per step. */
  static recordedUniform(draws: Tensor, n: number): UniformSource {
    const data = draws.to("float32").contiguousData() as Float32Array;
    const T = draws.shape[0] ?? 0;
    if (T === 0 || data.length % T !== 0 || (data.length / T) % n !== 0) {
      throw new ShapeError(`SRM0Nodes: uniform has shape ${fmtShape(draws.shape)}, expected [T, ...shape] or [T, B, ...shape] with n=${n}`);
    }
    const row = data.length / T;
    let t = 0;
    return (out) => {
      if (t >= T) throw new ValueError(`SRM0Nodes: the recorded uniform draws are used up after ${T} steps`);
      if (out.length !== row) throw new ShapeError(`SRM0Nodes: uniform rows hold ${row} values, expected ${out.length} (batch × n)`);
      out.set(data.subarray(t * row, (t + 1) * row));
      t++;
    };
  }

  protected override step(input: Float32Array | null): void {
    this.uniform(this.draws);
    const p: Param = this.param(this.eps0);
    kernels().srm0Step(this.v.data as Float32Array, this.refracCount.data as Float32Array, this.spikes(), this.sProb.data as Float32Array, this.draws, input, this.sumInput ? (this.summed.data as Float32Array) : null, this.batchSize ?? 0, this.n, {
      ...this.lifParams(),
      eps0: p,
      rho0: this.param(this.rho0),
      dThresh: this.param(this.dThresh),
    });
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.sProb = zeros(this.stateShape);
    this.draws = new Float32Array(b * this.n);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
