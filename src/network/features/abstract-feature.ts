/**
 * Base of the topology features of a {@link MulticompartmentConnection}. The connection
 * broadcasts the presynaptic spikes to c[b, i, j] = s[b, i] ([batch, nPre, nPost]); every
 * feature maps that tensor in pipeline order; the result is summed over i. Most features act
 * element-wise (a gate c·v, an offset c + v, c − f(v)), which lets the connection stream the
 * tensor row by row and skip silent rows instead of materialising it (see the connection).
 */
import { kernels } from "../../backend/backend.js";
import { columnFactors, columnScratch } from "../normalize.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Generator } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import { type LearningFeature, LearningRule, type LearningRuleClass, type LearningRuleOptions, type Reduction, type UpdateOptions } from "../learning-rule.js";
import { rescaleKeepingBounds } from "../clamp-tracker.js";
import type { SynapseView } from "../synapse-view.js";
import { featureViewOf } from "./feature-view.js";
import type { AbstractMulticompartmentConnection } from "../topology/multicompartment-connection.js";
import { type FeatureDType, FeatureStore, halfLookup } from "./feature-store.js";
import { TorchColumnSum } from "./torch-sum.js";
import { checkOptions } from "../../options.js";

const fround = Math.fround;

/** A bound of a feature's range: a number or a tensor shaped like the value. */
export type RangeBound = number | Tensor;

/**
 * A learning rule of a feature: a {@link LearningRule} whose class declares `learnsFeatures`
 * (NoOp, PostPre, MSTDP, MSTDPET). The feature builds it with the connection, itself as
 * `feature`, and its nu (default [0.2, 0.1]), reduction (default "sum") and decay (as the
 * rule's weightDecay).
 */
export type FeatureLearningRule = LearningRule;

/** A feature learning-rule class (its static `learnsFeatures` must be true). */
export type FeatureLearningRuleClass = LearningRuleClass & { readonly learnsFeatures?: boolean };

/** What a feature hands to its learning rule's constructor. */
export type FeatureRuleOptions = LearningRuleOptions;

/** The option keys of {@link FeatureOptions} (every feature built on the base constructor accepts them). */
export const FEATURE_KEYS: readonly string[] = ["name", "value", "valueDtype", "computeDtype", "range", "norm", "learningRule", "nu", "reduction", "decay", "parentFeature", "sparse", "batchSize", "rng"];

/** The option keys a feature class accepts (its static `optionKeys`) plus its learning rule's. */
export function featureKeys(cls: { optionKeys?: readonly string[] }, rule: unknown): string[] {
  const ruleKeys = typeof rule === "function" ? ((rule as { optionKeys?: readonly string[] }).optionKeys ?? []) : [];
  return [...(cls.optionKeys ?? FEATURE_KEYS), ...ruleKeys];
}

/** The options every feature accepts (BindsNET's argument names in camelCase). */
export interface FeatureOptions {
  name: string;
  /**
   * The value: a Tensor [nPre, nPost] (or [batch, nPre, nPost] when sparse), or a number for every
   * synapse. A dense contiguous float32 tensor stored as float32 becomes the feature's value itself
   * (shared, as the reference's `Parameter(value)`: learning changes it); any other is copied.
   */
  value?: Tensor | number | null;
  /** Storage dtype: "float32" (default) or "float16" (stored as halves). */
  valueDtype?: "float32" | "float16";
  /**
   * The precision a float16 value computes in: "float16" (default, as BindsNET: torch's half
   * operations round every result to half, the pipeline's tensor included, until a float32
   * feature promotes it) or "float32" (the halves are read as float32 and nothing is rounded).
   */
  computeDtype?: "float32" | "float16";
  range?: readonly [RangeBound, RangeBound] | null;
  /** Target signed column sum (a number, or a Tensor [nPost]). */
  norm?: number | Tensor | null;
  learningRule?: FeatureLearningRuleClass | null;
  /** Learning rates: a number for both or [pre, post]; a rule on a feature defaults to [0.2, 0.1]. */
  nu?: number | readonly number[] | readonly [Tensor, Tensor] | Tensor | null;
  reduction?: Reduction | null;
  decay?: number;
  parentFeature?: AbstractFeature | null;
  sparse?: boolean;
  batchSize?: number;
  /** Generator for default values (and Probability's draws); the global one by default. */
  rng?: Generator;
  [k: string]: unknown;
}

/** How a feature transforms the broadcast spike tensor. */
export type FeatureKind =
  /** c ← c · v (a silent presynaptic row stays zero) */
  | "gate"
  /** c ← c + v or c − f(v): acts on every synapse */
  | "offset"
  /** leaves c unchanged (sub-features) */
  | "identity"
  /** needs the whole tensor (MeanField, the adaptation features) */
  | "tensor";

/**
 * A feature. Subclasses set `kind`, implement {@link applyRow} (element-wise kinds) or
 * {@link computeTensor} ("tensor" kind), and {@link initializeValue} when a default exists.
 *
 * Differences from the reference, all fixes of crashes or data loss: numbers are accepted as
 * values, `nu` may be a number, `reduction` works ("sum", "mean" or a function), `decay` may be
 * 0, and a feature with `sparse: true` and no value is stored sparse.
 */
export abstract class AbstractFeature implements LearningFeature {
  /**
   * The option keys the constructor accepts besides its learning rule's (`learningRule.optionKeys`,
   * which the feature passes on to the rule). A subclass with options of its own extends it.
   */
  static readonly optionKeys: readonly string[] = FEATURE_KEYS;
  readonly name: string;
  abstract readonly kind: FeatureKind;
  readonly valueDtype: FeatureDType;
  /** "float16" when the value is float16 and computes in half precision (see FeatureOptions.computeDtype). */
  readonly computeDtype: "float32" | "float16";
  range: [RangeBound, RangeBound];
  norm: number | Tensor | null;
  readonly learningRuleClass: FeatureLearningRuleClass | null;
  nu: number | readonly number[] | readonly [Tensor, Tensor] | Tensor | null;
  reduction: Reduction | null;
  decay: number;
  parentFeature: AbstractFeature | null;
  readonly sparse: boolean;
  readonly batchSize: number;
  readonly rng: Generator | undefined;
  /** Extra options (kept for subclasses and rules). */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** The stored value (null before priming). */
  store: FeatureStore | null = null;
  /** The learning rule (null before priming or without a rule: nothing is learned). */
  learningRule: FeatureLearningRule | null = null;
  connection: AbstractMulticompartmentConnection | null = null;
  isPrimed = false;
  protected initialValue: Tensor | number | null;

  constructor(opts: FeatureOptions, defaultRange: readonly [number, number] = [-1, 1]) {
    const cls = new.target.name;
    if (opts === null || typeof opts !== "object") throw new ValueError(`${cls}: options are ${fmtValue(opts)}, expected { name, ... }`);
    checkOptions(cls, opts, featureKeys(new.target as { optionKeys?: readonly string[] }, opts.learningRule));
    const { name, value = null, valueDtype = "float32", computeDtype = valueDtype, range = null, norm = null, learningRule = null, nu = null, reduction = null, decay = 0, parentFeature = null, sparse = false, batchSize = 1, rng, ...rest } = opts;
    if (typeof name !== "string") throw new ValueError(`${cls}: name is ${fmtValue(name)}, expected a string`);
    this.name = name;
    if (!(value === null || value instanceof Tensor || (typeof value === "number" && !Number.isNaN(value)))) {
      throw new ValueError(`${cls}: value is ${fmtValue(value)}, expected a Tensor, a number or null`);
    }
    if (valueDtype !== "float32" && valueDtype !== "float16") throw new ValueError(`${cls}: valueDtype is ${fmtValue(valueDtype)}, expected "float32" or "float16"`);
    this.valueDtype = valueDtype;
    if (computeDtype !== valueDtype && computeDtype !== "float32") throw new ValueError(`${cls}: computeDtype is ${fmtValue(computeDtype)}, expected "float32" or the valueDtype ${fmtValue(valueDtype)}`);
    this.computeDtype = computeDtype;
    if (!(norm === null || norm instanceof Tensor || (typeof norm === "number" && !Number.isNaN(norm)))) {
      throw new ValueError(`${cls}: norm is ${fmtValue(norm)}, expected a number, a Tensor or null`);
    }
    this.norm = norm;
    if (learningRule !== null && (typeof learningRule !== "function" || !(learningRule.prototype instanceof LearningRule) || learningRule.learnsFeatures !== true)) {
      const what = typeof learningRule === "function" && learningRule.prototype instanceof LearningRule ? `${fmtValue(learningRule)}, a rule that learns connection weights only` : fmtValue(learningRule);
      throw new ValueError(`${cls}: learningRule is ${what}, expected a learning rule class that learns feature values (NoOp, PostPre, MSTDP, MSTDPET)`);
    }
    this.learningRuleClass = learningRule;
    const nuTensors = nu instanceof Tensor || (Array.isArray(nu) && nu.length === 2 && nu.every((x) => x instanceof Tensor));
    if (!(nu === null || nuTensors || (typeof nu === "number" && !Number.isNaN(nu)) || (Array.isArray(nu) && nu.length === 2 && nu.every((x) => typeof x === "number")))) {
      throw new ValueError(`${cls}: nu is ${fmtValue(nu)}, expected a number, a pair of numbers, a pair of per-neuron Tensors or null`);
    }
    this.nu = nu as AbstractFeature["nu"];
    if (!(reduction === null || reduction === "sum" || reduction === "mean" || typeof reduction === "function")) {
      throw new ValueError(`${cls}: reduction is ${fmtValue(reduction)}, expected "sum", "mean", a function or null`);
    }
    this.reduction = reduction;
    if (typeof decay !== "number" || !(decay >= 0 && decay <= 1)) throw new ValueError(`${cls}: decay is ${fmtValue(decay)}, expected a number in [0, 1]`);
    this.decay = decay;
    if (parentFeature !== null && !(parentFeature instanceof AbstractFeature)) throw new ValueError(`${cls}: parentFeature is ${fmtValue(parentFeature)}, expected a feature or null`);
    this.parentFeature = parentFeature;
    if (typeof sparse !== "boolean") throw new ValueError(`${cls}: sparse is ${fmtValue(sparse)}, expected a boolean`);
    this.sparse = sparse;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`${cls}: batchSize is ${fmtValue(batchSize)}, expected a positive integer`);
    this.batchSize = batchSize;
    if (rng !== undefined && !(rng instanceof Generator)) throw new ValueError(`${cls}: rng is ${fmtValue(rng)}, expected a Generator`);
    this.rng = rng;
    this.kwargs = Object.freeze({ ...rest });
    this.range = checkRange(cls, range ?? defaultRange);
    this.initialValue = value;
    if (value !== null) this.assertInRange(value);
  }

  /** The value as a dense Tensor: the live storage for a dense store, a float32 copy when sparse. */
  get value(): Tensor {
    const s = this.requireStore("value");
    return s.tensor ?? s.toDense();
  }

  /** Bytes held by the stored value. */
  memoryBytes(): number {
    return this.store?.memoryBytes() ?? 0;
  }

  protected requireStore(op: string): FeatureStore {
    if (this.store === null) throw new ValueError(`${this.constructor.name}.${op}: feature ${fmtValue(this.name)} is not primed, expected it to be in a connection's pipeline`);
    return this.store;
  }

  /** Checks a given value against the range (numbers or tensors as bounds). */
  protected assertInRange(value: Tensor | number): void {
    const [lo, hi] = this.range;
    const d = typeof value === "number" ? [value] : value.to("float32").contiguousData();
    const lod = typeof lo === "number" ? null : lo.to("float32").contiguousData();
    const hid = typeof hi === "number" ? null : hi.to("float32").contiguousData();
    for (let k = 0; k < d.length; k++) {
      const l = lod === null ? (lo as number) : lod[k % lod.length]!;
      const h = hid === null ? (hi as number) : hid[k % hid.length]!;
      const v = d[k]!;
      if (v < l || v > h) throw new ValueError(`${this.constructor.name}: value has ${v} at flat index ${k}, expected values in range [${l}, ${h}]`);
    }
  }

  /** The default value when none is given (a subclass without one throws). */
  protected initializeValue(_nPre: number, _nPost: number): Tensor {
    throw new ValueError(`${this.constructor.name}: value is required (feature ${fmtValue(this.name)} has no default)`);
  }

  /**
   * Attaches the feature to a connection: links to the parent, or builds the value (default
   * when none was given) and the learning rule. `kwargs` are the connection's extra options:
   * the rule gets those it declares (`optionKeys`), the feature's own taking precedence. Runs once.
   */
  primeFeature(connection: AbstractMulticompartmentConnection, kwargs: Record<string, unknown> = {}): void {
    if (this.isPrimed) return;
    this.connection = connection;
    const nPre = connection.source.n;
    const nPost = connection.target.n;
    if (this.parentFeature !== null) {
      this.link(this.parentFeature);
      this.isPrimed = true;
      return;
    }
    const v = this.initialValue;
    let t: Tensor;
    if (v === null) t = this.initializeValue(nPre, nPost);
    else if (typeof v === "number") t = new Tensor(new Float32Array(nPre * nPost).fill(v), [nPre, nPost], "float32");
    else t = v;
    const sh = t.shape;
    const ok = sh.length === 2 ? sh[0] === nPre && sh[1] === nPost : this.sparse && sh.length === 3 && sh[1] === nPre && sh[2] === nPost;
    if (!ok) {
      throw new ShapeError(`${this.constructor.name}: value has shape ${fmtShape(sh)}, expected [${nPre}, ${nPost}] ([source.n, target.n])${this.sparse ? ` or [batch, ${nPre}, ${nPost}]` : ""}`);
    }
    if (this.norm instanceof Tensor && this.norm.numel() !== nPost) {
      throw new ShapeError(`${this.constructor.name}: norm has shape ${fmtShape(this.norm.shape)}, expected [${nPost}] (target.n)`);
    }
    this.store = FeatureStore.from(t, this.storeDtype(), this.sparse, this.sparse && sh.length === 2 ? this.batchSize : 1);
    this.afterStore();
    if (this.learningRuleClass !== null) {
      // the rule's own options: the feature's, else the connection's (each rule gets only the
      // keys it declares, so one connection can carry the options of several rules)
      // (a key of the feature's own, such as Weight's enforcePolarity, stays with the feature)
      const own = (this.constructor as { optionKeys?: readonly string[] }).optionKeys ?? FEATURE_KEYS;
      const ruleOpts: Record<string, unknown> = {};
      for (const k of this.learningRuleClass.optionKeys ?? []) {
        const v = k in this.kwargs && !own.includes(k) ? this.kwargs[k] : kwargs[k];
        if (v !== undefined) ruleOpts[k] = v;
      }
      // BindsNET's MCC rules: nu defaults to [0.2, 0.1] (not [0, 0]), the batch is summed,
      // and the feature's decay is the rule's weight decay
      this.learningRule = new this.learningRuleClass({
        ...ruleOpts,
        connection,
        feature: this,
        nu: this.nu ?? [0.2, 0.1],
        reduction: this.reduction ?? "sum",
        weightDecay: this.decay,
      });
    }
    this.isPrimed = true;
  }

  /** The dtype the value is stored in. */
  protected storeDtype(): FeatureDType {
    return this.valueDtype;
  }

  /** Hook after the value is stored (Weight builds its polarity mask). */
  protected afterStore(): void {}

  /**
   * Shares the parent's value (so `this.store === parent.store`) and learns nothing. The parent
   * must come earlier in the pipeline.
   */
  link(parent: AbstractFeature): void {
    if (!parent.isPrimed || parent.store === null) {
      throw new ValueError(`${this.constructor.name}.link: parentFeature ${fmtValue(parent.name)} is not primed, expected it earlier in the pipeline`);
    }
    this.store = parent.store;
    this.learningRule = null;
  }

  /** The value as a synapse view, for the learning rule (one per store, made on first use). */
  synapseView(): SynapseView {
    return featureViewOf(this.requireStore("synapseView"));
  }

  /**
   * The range per stored entry: numbers, or float32 arrays (a tensor bound shaped like the
   * value, or broadcast along it by flat index).
   */
  clampBounds(): { lo: number | Float32Array; hi: number | Float32Array } {
    const s = this.requireStore("clampBounds");
    const [lo, hi] = this.range;
    const b = boundsCache.get(this);
    if (b !== undefined && b.key[0] === lo && b.key[1] === hi && b.key[2] === s) return b;
    const per = s.nPre * s.nPost;
    const perEntry = (t: RangeBound, wrap: boolean): number | Float32Array => {
      if (typeof t === "number") return t;
      const d = t.to("float32").contiguousData();
      const out = new Float32Array(s.size);
      for (let c = 0; c < s.batch; c++) {
        for (let i = 0; i < s.nPre; i++) {
          for (let k = s.rowStart(c, i); k < s.rowEnd(c, i); k++) {
            const e = i * s.nPost + s.col(k);
            out[k] = d[(wrap ? e % per : e) % d.length]!;
          }
        }
      }
      return out;
    };
    const out = { lo: perEntry(lo, false), hi: perEntry(hi, true), key: [lo, hi, s] as const };
    boundsCache.set(this, out);
    return out;
  }

  /** Runs the learning rule (if any). */
  update(opts: UpdateOptions = {}): void {
    this.learningRule?.update(opts);
  }

  /** Declared: whether `update` changes nothing (no rule, or an idle one, and this class's update). */
  get updateIsIdle(): boolean {
    return this.update === abstractFeatureProto.update && (this.learningRule === null || this.learningRule.isIdle === true);
  }

  /**
   * Scales every column j (per batch copy when sparse) so that its signed sum over
   * presynaptic neurons equals norm (norm[j] for a tensor): v ← v · (norm / Σ_i v[i, j]), zero
   * sums left alone. A negative sum flips the column's sign, as in the reference.
   */
  normalize(): void {
    this.applyNorm();
  }

  /** The normalisation itself, whatever the feature's schedule (used by Normalization). */
  applyNorm(): void {
    if (this.norm === null || this.store === null) return;
    const s = this.store;
    const norm = this.norm instanceof Tensor ? this.norm.to("float32").contiguousData() : fround(this.norm);
    const rule = this.learningRule;
    if (!s.sparse && s.dtype === "float32" && s.batch === 1) {
      // one dense float32 matrix: torch-order column sums and the column scaling as kernels
      const K = kernels();
      const col = columnScratch(s.nPost);
      const w = s.data as Float32Array;
      K.tsum0(w, s.nPre, s.nPost, col);
      columnFactors(col, s.nPost, norm);
      if (rule === null) {
        K.scaleCols(w, col, s.nPre, s.nPost);
        return;
      }
      // the rule's clamp: values that stay within its bounds stay known within them
      const [lo, hi] = this.range;
      const b = this.clampBounds();
      rescaleKeepingBounds(this, this.synapseView().weights(), lo, hi, b.lo, b.hi, () => rule.valuesChanged?.(), (l, h) => K.scaleCols(w, col, s.nPre, s.nPost, l, h));
      return;
    }
    rule?.valuesChanged?.();
    // sparse, float16 or bool values: torch-order sums over the stored entries, per copy (a
    // dense store holds one copy, so float32 dense values always take the path above)
    const col = new Float32Array(s.nPost);
    const vals = new Float32Array(s.nPost);
    const cols = new Int32Array(s.nPost);
    for (let b = 0; b < s.batch; b++) {
      const sum = new TorchColumnSum(s.nPre, s.nPost);
      for (let i = 0; i < s.nPre; i++) {
        let n = 0;
        for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) {
          cols[n] = s.col(k);
          vals[n++] = s.get(k);
        }
        sum.addSparse(i, cols, vals, 0, n);
      }
      sum.finish(col);
      columnFactors(col, s.nPost, norm);
      for (let i = 0; i < s.nPre; i++) {
        for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) s.set(k, fround(s.get(k) * col[s.col(k)]!));
      }
    }
  }

  /** Resets feature state (nothing by default) and the rule's state. */
  resetStateVariables(): void {
    this.learningRule?.resetStateVariables();
  }

  /** Called once per compute before any row (e.g. Probability moves to the next draw). */
  beginStep(_batch: number): void {}

  /** Declared: whether `beginStep` and `endStep` do nothing (true for the base's; a class with its own says when). */
  get stepHooksIdle(): boolean {
    const p = abstractFeatureProto;
    return this.beginStep === p.beginStep && this.endStep === p.endStep;
  }

  /** Called once per compute after every row (e.g. Weight's time-step normalisation). */
  endStep(): void {}

  /**
   * Element-wise kinds: r[j] ← op(r[j], value at (b, i, j)) for the row i of batch row b,
   * rounding every result to float32.
   */
  applyRow(_b: number, _i: number, _r: Float32Array): void {
    throw new ValueError(`${this.constructor.name}.applyRow: a "${this.kind}" feature is not element-wise`);
  }

  /** Gate features: the multiplier at (b, i, j). */
  operandAt(_b: number, _i: number, _j: number): number {
    throw new ValueError(`${this.constructor.name}.operandAt: a "${this.kind}" feature is not a gate`);
  }

  /** Gate features: true when the stored value itself is the multiplier (not for Probability's draws). */
  get storedIsOperand(): boolean {
    return true;
  }

  /** Gate features: the multiplier at the stored entry k (row i, column j) of this feature's store. */
  operandAtEntry(_b: number, _i: number, _j: number, k: number): number {
    return this.store!.get(k);
  }

  /**
   * The reference's data flow: maps the materialised tensor c ([batch, nPre, nPost], float32)
   * in place. Element-wise features apply {@link applyRow} to every row.
   */
  computeTensor(c: Float32Array, batch: number, nPre: number, nPost: number): void {
    // eslint-disable-next-line no-restricted-syntax -- each row view is used inside this synchronous applyRow call only
    for (let b = 0; b < batch; b++) for (let i = 0; i < nPre; i++) this.applyRow(b, i, c.subarray((b * nPre + i) * nPost, (b * nPre + i + 1) * nPost));
  }
}

/** The per-entry clamp bounds of each feature (a cache, kept off the object so it is never saved). */
const boundsCache = new WeakMap<AbstractFeature, { lo: number | Float32Array; hi: number | Float32Array; key: readonly unknown[] }>();

/**
 * The class's own methods, for the declared capabilities above to tell an overriding subclass
 * (bound outside the class body: a self-reference inside it makes esbuild rename the class).
 */
const abstractFeatureProto: AbstractFeature = AbstractFeature.prototype;

function checkRange(cls: string, r: unknown): [RangeBound, RangeBound] {
  if (!Array.isArray(r) || r.length !== 2) throw new ValueError(`${cls}: range is ${fmtValue(r)}, expected a pair [min, max]`);
  const [a, b] = r as unknown[];
  for (const x of [a, b]) {
    if (!(x instanceof Tensor || (typeof x === "number" && !Number.isNaN(x)))) throw new ValueError(`${cls}: range is ${fmtValue(r)}, expected numbers or Tensors`);
  }
  if (typeof a === "number" && typeof b === "number" && !(a < b)) throw new ValueError(`${cls}: range is [${a}, ${b}], expected min < max`);
  return [a as RangeBound, b as RangeBound];
}

/** r[j] ← fround(r[j] · v[j]) over the row i of a store (absent sparse entries are 0). */
export function gateRow(s: FeatureStore, b: number, i: number, r: Float32Array): void {
  const k0 = s.rowStart(b, i);
  const k1 = s.rowEnd(b, i);
  if (!s.sparse) {
    if (s.dtype === "float32") {
      const d = s.data as Float32Array;
      for (let j = 0; j < r.length; j++) r[j] = r[j]! * d[k0 + j]!;
    } else if (s.dtype === "float16") {
      const h = halfLookup();
      const d = s.data as Uint16Array;
      for (let j = 0; j < r.length; j++) r[j] = r[j]! * h[d[k0 + j]!]!;
    } else for (let j = 0; j < r.length; j++) r[j] = r[j]! * s.get(k0 + j);
    return;
  }
  let j = 0;
  for (let k = k0; k < k1; k++) {
    const c = s.col(k);
    for (; j < c; j++) r[j] = r[j]! * 0;
    r[j] = r[j]! * s.get(k);
    j++;
  }
  for (; j < r.length; j++) r[j] = r[j]! * 0;
}

/** r[j] ← fround(r[j] + sign · v[j]) over the row i of a store. */
export function offsetRow(s: FeatureStore, b: number, i: number, r: Float32Array, sign: 1 | -1): void {
  const k1 = s.rowEnd(b, i);
  if (!s.sparse) {
    const k0 = s.rowStart(b, i);
    for (let j = 0; j < r.length; j++) r[j] = sign === 1 ? r[j]! + s.get(k0 + j) : r[j]! - s.get(k0 + j);
    return;
  }
  for (let k = s.rowStart(b, i); k < k1; k++) {
    const j = s.col(k);
    r[j] = sign === 1 ? r[j]! + s.get(k) : r[j]! - s.get(k);
  }
}
