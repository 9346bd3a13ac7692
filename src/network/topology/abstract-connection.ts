/** Base class of the synapses between two layers. */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { LearningRule, type LearningRuleClass, NoOp, type Reduction, type RuleOptions, type SourceTraceUse, type UpdateOptions, forgetWeightsInBounds, parseNu, parseNuPerNeuron } from "../learning-rule.js";
import { checkOptions } from "../../options.js";
import { Nodes, checkTensorValues } from "../nodes/nodes.js";

export type { UpdateOptions } from "../learning-rule.js";

/**
 * A connection's options: its own, plus the options of its learning rule (BindsNET's
 * **kwargs to the rule), which the connection accepts only when its `updateRule` declares
 * them (`RuleClass.optionKeys`).
 */
export interface AbstractConnectionOptions extends RuleOptions {
  source: Nodes;
  target: Nodes;
  /** Learning rate(s) passed to the rule: one number or [pre, post]. */
  nu?: number | readonly number[] | readonly [Tensor, Tensor] | Tensor | null;
  reduction?: Reduction | null;
  /** Weight decay passed to the rule (w ← w·(1 − weightDecay) per update). */
  weightDecay?: number;
  /** The learning-rule class (default NoOp). */
  updateRule?: LearningRuleClass;
  wmin?: number | Tensor;
  wmax?: number | Tensor;
  /**
   * Target sum of |w| per post-synaptic neuron, applied at the end of every run: one number,
   * or a tensor of one target per post-synaptic column.
   */
  norm?: number | Tensor | null;
  decay?: number | null;
  /**
   * Dale's rule: a bool/uint8 tensor, [nPre] (per presynaptic neuron) or the shape of w.
   * True entries are kept ≥ 0, false entries ≤ 0, after every update.
   */
  dalesRule?: Tensor | null;
}

/**
 * Base of every connection. `update` runs the rule (while learning), then zeroes masked
 * weights, then applies Dale's rule; the mask and Dale's rule apply even when not learning.
 *
 * The rule is created on first use of `updateRule` (normally the first update), with the
 * connection and every constructor option, so rules can read the finished `w`.
 *
 * Fix: the reference's Dale's rule zeroes every weight (an operator-precedence bug); here it
 * does what it was meant to do: entries marked true are clamped to ≥ 0, false to ≤ 0.
 */
export abstract class AbstractConnection {
  /**
   * The option keys the constructor accepts besides its rule's (`updateRule.optionKeys`). A
   * subclass that takes more options extends its parent's list.
   */
  static readonly optionKeys: readonly string[] = ["source", "target", "nu", "reduction", "weightDecay", "updateRule", "wmin", "wmax", "norm", "decay", "dalesRule"];
  /** Whether `norm` may be a tensor of one target per post-synaptic column (the dense Connection). */
  static readonly perColumnNorm: boolean = false;
  readonly source: Nodes;
  readonly target: Nodes;
  /** Weights (shape depends on the connection type; empty for weightless ones). */
  w: Tensor = zeros([0]);
  wmin: number | Tensor;
  wmax: number | Tensor;
  norm: number | Tensor | null;
  decay: number | null;
  nu: number | readonly number[] | readonly [Tensor, Tensor] | Tensor | null;
  reduction: Reduction | null;
  weightDecay: number;
  dalesRule: Tensor | null;
  /** Simulation step, set by `Network.addConnection`. */
  dt = 1;
  training = true;
  readonly ruleClass: LearningRuleClass;
  /** All constructor options (what the rule receives). */
  readonly options: Readonly<Record<string, unknown>>;
  private rule: LearningRule | null = null;

  constructor(opts: AbstractConnectionOptions) {
    const name = new.target.name;
    if (opts === null || typeof opts !== "object") throw new ValueError(`${name}: options are ${fmtValue(opts)}, expected { source, target, ... }`);
    const rc = opts.updateRule ?? NoOp;
    if (typeof rc !== "function" || !(rc.prototype instanceof LearningRule)) {
      throw new ValueError(`${name}: updateRule is ${fmtValue(rc)}, expected a learning-rule class (a subclass of LearningRule)`);
    }
    const own = (new.target as unknown as typeof AbstractConnection).optionKeys ?? AbstractConnection.optionKeys;
    const ruleKeys = (rc as { optionKeys?: readonly string[] }).optionKeys ?? [];
    checkOptions(name, opts, ruleKeys.length === 0 ? own : [...own, ...ruleKeys]);
    if (!(opts.source instanceof Nodes)) throw new ValueError(`${name}: source is ${fmtValue(opts.source)}, expected a Nodes layer`);
    if (!(opts.target instanceof Nodes)) throw new ValueError(`${name}: target is ${fmtValue(opts.target)}, expected a Nodes layer`);
    this.source = opts.source;
    this.target = opts.target;
    this.wmin = checkBound(name, "wmin", opts.wmin ?? -Infinity);
    this.wmax = checkBound(name, "wmax", opts.wmax ?? Infinity);
    if (typeof this.wmin === "number" && typeof this.wmax === "number" && this.wmin > this.wmax) {
      throw new ValueError(`${name}: wmin is ${this.wmin} and wmax is ${this.wmax}, expected wmin <= wmax`);
    }
    const norm = opts.norm ?? null;
    if (norm instanceof Tensor) {
      if (!(new.target as unknown as typeof AbstractConnection).perColumnNorm) throw new ValueError(`${name}: norm is a Tensor, expected a finite number or null (per-column norm tensors are for Connection)`);
      if (norm.numel() !== this.target.n) throw new ShapeError(`${name}: norm has shape ${fmtShape(norm.shape)}, expected a number or [target.n=${this.target.n}] (one norm per column)`);
      checkTensorValues(name, "norm", norm);
      this.norm = norm.to("float32", true);
    } else if (norm !== null && (typeof norm !== "number" || !Number.isFinite(norm))) {
      throw new ValueError(`${name}: norm is ${fmtValue(norm)}, expected a finite number, a Tensor of one norm per target column, or null`);
    } else this.norm = norm;
    const decay = opts.decay ?? null;
    if (decay !== null && (typeof decay !== "number" || !Number.isFinite(decay))) throw new ValueError(`${name}: decay is ${fmtValue(decay)}, expected a finite number or null`);
    this.decay = decay;
    const nu = opts.nu ?? null;
    // per-neuron tensors are checked by the rule (it knows whether it takes them)
    if (nu !== null && parseNuPerNeuron(name, nu, opts.target instanceof Nodes ? opts.target.n : 0) === null) parseNu(name, nu);
    this.nu = nu;
    this.reduction = opts.reduction ?? null;
    const wd = opts.weightDecay ?? 0;
    if (typeof wd !== "number" || !Number.isFinite(wd)) throw new ValueError(`${name}: weightDecay is ${fmtValue(wd)}, expected a finite number`);
    this.weightDecay = wd;
    this.ruleClass = rc;
    const d = opts.dalesRule ?? null;
    if (d !== null && !(d instanceof Tensor)) throw new ValueError(`${name}: dalesRule is ${fmtValue(d)}, expected a bool Tensor or null`);
    this.dalesRule = d;
    this.options = Object.freeze({ ...opts });
  }

  /** The learning rule (created on first access). */
  get updateRule(): LearningRule {
    if (this.rule === null) {
      const ruleOpts: Record<string, unknown> = {};
      for (const k of this.ruleClass.optionKeys ?? []) if (this.options[k] !== undefined) ruleOpts[k] = this.options[k];
      this.rule = new this.ruleClass({ ...ruleOpts, connection: this, nu: this.nu, reduction: this.reduction, weightDecay: this.weightDecay });
    }
    return this.rule;
  }

  set updateRule(rule: LearningRule) {
    this.rule = rule;
  }

  /** The synaptic input to the target, [B, ...target.shape], from source spikes `s`. */
  abstract compute(s: Tensor): Tensor;

  /**
   * Writes `compute(s)` into `out` ([B·target.n] float32), broadcasting a result without a
   * batch dimension or a scalar. Connections override it to skip the allocation.
   */
  computeInto(out: Float32Array, s: Tensor): void {
    const r = this.compute(s);
    const d = r.to("float32").contiguousData();
    if (d.length === out.length) out.set(d);
    else if (d.length === 1) out.fill(d[0]!);
    else if (out.length % d.length === 0) for (let o = 0; o < out.length; o += d.length) out.set(d, o);
    else throw new ShapeError(`${this.constructor.name}.compute: result has shape ${fmtShape(r.shape)}, expected ${out.length} elements for the target`);
  }

  /**
   * Declared propagation capability: `computeInto(out, s)` given also the indices of batch
   * row 0's nonzero spikes (`list[0..k)`, increasing; meaningful when the batch size is 1).
   * Event-driven connections add only those rows; the default ignores the list. Returns
   * true when it knows `out` is all +0 (nothing reached the target), which lets the loop
   * skip adding it to the target's other input.
   */
  computeFromSpikes(out: Float32Array, s: Tensor, _list: Int32Array, _k: number): boolean {
    this.computeInto(out, s);
    return false;
  }

  /**
   * Declared propagation capability: true when `computeFromSpikes` with no spikes (k = 0,
   * batch size 1) writes all +0 and changes nothing else, so the loop may skip the call for a
   * silent source (and reuse a target buffer it knows is zero). False unless the class knows.
   */
  get zeroWithoutSpikes(): boolean {
    return false;
  }

  /**
   * Whether `computeInto` may write −0 where the reference's accumulation into zeros gives +0
   * (the loop then adds +0 to the first connection's result). True unless the class knows.
   */
  get mayYieldNegativeZero(): boolean {
    return true;
  }

  /**
   * Input for a windowed target (CSRMNodes): shifts `s` into the window of recent source
   * spikes and returns window·w, [B, W, ...target.shape]. Connections without it throw.
   */
  computeWindow(_s: Tensor): Tensor {
    throw new ValueError(`${this.constructor.name}.computeWindow: a ${this.constructor.name} cannot feed the windowed (CSRM) layer, expected a Connection`);
  }

  /**
   * Declared capability: whether `update(opts)` would change nothing this step, given the
   * network's learning flag and whether a mask applies (the loop then skips the call).
   * Creates the rule when an update would (as `update` does).
   */
  updateIsIdle(learning: boolean, hasMask: boolean): boolean {
    if (this.update !== abstractConnectionProto.update || hasMask || this.dalesRule !== null) return false;
    return !learning || this.updateRule.isIdle;
  }

  /**
   * Declared capability: when a run's work on this connection (propagation and update) reads
   * the source layer's trace `x`, given the network's learning flag and whether a mask
   * applies (see SourceTraceUse). "always" unless the class knows better: Network.run keeps
   * an input layer's traces lazily only while every connection from it allows that.
   */
  sourceTraceUse(_learning: boolean, _hasMask: boolean): SourceTraceUse {
    return "always";
  }

  /** Runs the rule (while learning), then the mask, then Dale's rule. */
  update(opts: UpdateOptions = {}): void {
    if (opts.learning ?? true) this.updateRule.update(opts);
    const mask = opts.mask ?? null;
    if (mask !== null && mask !== undefined) this.applyMask(mask);
    if (this.dalesRule !== null) this.applyDalesRule(this.dalesRule);
    // masks and Dale's rule may move weights outside [wmin, wmax] (the next clamp fixes them)
    if ((mask !== null && mask !== undefined) || this.dalesRule !== null) forgetWeightsInBounds(this);
  }

  /**
   * Tells the connection that its weights (or a bound tensor) were changed from outside the
   * library, e.g. by writing into `w.data`: the next learning-rule update then clamps every
   * weight to [wmin, wmax] again instead of only the rows and columns the rule changed (see
   * `tracksWeightBounds`). Assigning `w`, `wmin` or `wmax` needs no call.
   */
  weightsChanged(): void {
    forgetWeightsInBounds(this);
  }

  /**
   * Whether the base learning-rule update may skip clamping weights known to be within bounds
   * (src/network/learning-rule.ts): true for connection types whose every in-library weight
   * write is accounted for (the dense Connection); false here, which keeps the full clamp.
   */
  get tracksWeightBounds(): boolean {
    return false;
  }

  /** w[mask] ← 0. */
  protected applyMask(mask: Tensor): void {
    const w = this.w;
    if (mask.numel() !== w.numel()) {
      throw new ShapeError(`${this.constructor.name}.update: mask has shape ${fmtShape(mask.shape)}, expected ${fmtShape(w.shape)} (the shape of w)`);
    }
    const m = mask.contiguousData();
    const d = w.data;
    for (let i = 0; i < m.length; i++) if (m[i]) d[w.offset + i] = 0;
  }

  /** Keeps weights marked true ≥ 0 and those marked false ≤ 0 (per w entry or per presynaptic row). */
  protected applyDalesRule(D: Tensor): void {
    const w = this.w;
    const n = w.numel();
    const dm = D.contiguousData();
    const per = dm.length === n ? 1 : n % dm.length === 0 ? n / dm.length : 0;
    if (per === 0) {
      throw new ShapeError(`${this.constructor.name}.update: dalesRule has shape ${fmtShape(D.shape)}, expected ${fmtShape(w.shape)} or [${w.shape[0] ?? 0}] (one flag per presynaptic neuron)`);
    }
    const d = w.data;
    for (let i = 0; i < n; i++) {
      const pos = dm[Math.floor(i / per)] !== 0;
      const v = d[w.offset + i]!;
      if (pos ? v < 0 : v > 0) d[w.offset + i] = 0;
    }
  }

  /** Rescales weights (at the end of every run); nothing by default. */
  normalize(): void {}

  /** Resets connection state (none by default). */
  resetStateVariables(): void {}

  /** Sets training mode (learning itself is controlled by the network's flag). */
  train(mode = true): this {
    this.training = mode;
    return this;
  }
}

/**
 * The class's own methods, for the declared capabilities above to tell an overriding subclass
 * (bound outside the class body: a self-reference inside it makes esbuild rename the class).
 */
const abstractConnectionProto: AbstractConnection = AbstractConnection.prototype;

function checkBound(cls: string, name: string, b: unknown): number | Tensor {
  if (typeof b === "number" && !Number.isNaN(b)) return b;
  if (b instanceof Tensor) {
    const t = b.to("float32", true);
    const d = t.contiguousData();
    for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i]!)) throw new ValueError(`${cls}: ${name} has NaN at flat index ${i}, expected numbers (±Infinity for no bound)`);
    return t;
  }
  throw new ValueError(`${cls}: ${name} is ${fmtValue(b)}, expected a number or a Tensor`);
}
