/**
 * How the classes that keep no complete `options` record are rebuilt: their constructor
 * arguments, read from their fields, and the fields that are not state (derived values,
 * caches, getters, back references). Every other class is rebuilt from its `options` record.
 *
 * Objects with an adapter that appear inside another object (the features of a
 * MulticompartmentConnection's pipeline, a SparseCSRTensor option) are written once, in the
 * manifest's `objects` section, and referenced by id; loading constructs them from their
 * arguments before the object that holds them, and writes their fields back afterwards.
 */
import { Tensor } from "../../tensor/tensor.js";
import { SparseCSRTensor, SparseCOOTensor } from "../../tensor/sparse.js";
import { AbstractFeature } from "../features/abstract-feature.js";
import { FeatureStore } from "../features/feature-store.js";
import { AdaptationBase } from "../features/adaptation.js";
import { AbstractSubFeature } from "../features/normalization.js";
import { Degradation } from "../features/degradation.js";
import { MeanField } from "../features/mean-field.js";
import { Updating } from "../features/updating.js";
import { Monitor, NetworkMonitor } from "../monitors.js";
import { AbstractMulticompartmentConnection, MulticompartmentConnection } from "../topology/multicompartment-connection.js";
import { SparseConnection } from "../topology/sparse-connection.js";
import { AbstractConnection } from "../topology/abstract-connection.js";

type Obj = Record<string, unknown>;

/** Rebuild recipe of a class. */
export interface ClassAdapter {
  /** Constructor arguments (default: the object's `options` record as the one argument). */
  args?(o: object): unknown[];
  /** Own fields that are not written (restored by the constructor, or not state). */
  skip?: readonly string[] | ((o: object) => readonly string[]);
  /** When true, no field is written: the arguments rebuild the whole object. */
  noFields?: boolean;
}

/** The options every feature constructor accepts, read back from the feature's fields. */
function featureOptions(f: AbstractFeature): Obj {
  const g = f as unknown as Obj;
  return {
    ...f.kwargs,
    name: f.name,
    valueDtype: f.valueDtype,
    computeDtype: f.computeDtype,
    range: f.range,
    norm: f.norm,
    learningRule: f.learningRuleClass,
    nu: f.nu,
    reduction: f.reduction,
    decay: f.decay,
    parentFeature: f.parentFeature,
    sparse: f.sparse,
    batchSize: f.batchSize,
    rng: f.rng,
    value: valueArg(f, g.initialValue as Tensor | number | null),
  };
}

/**
 * The value a feature is rebuilt with. Dense: the live value tensor (the same tensor the
 * store's fields write, so it is stored once). Sparse: a number in range (0 when allowed, so
 * nothing is stored), because the saved structure and values are written over the store
 * afterwards, explicit zeros included.
 */
function valueArg(f: AbstractFeature, initial: Tensor | number | null): Tensor | number | null {
  const s = f.store;
  if (s === null) return initial ?? null;
  if (s.tensor !== null) return s.tensor;
  const [lo, hi] = f.range;
  if ((typeof lo !== "number" || lo <= 0) && (typeof hi !== "number" || hi >= 0)) return 0;
  if (typeof lo === "number" && typeof hi === "number") return lo;
  return s.toDense();
}

const FEATURE_SKIP = ["initialValue", "isPrimed"];

/** Adapters, most specific class first (the first `instanceof` match is used). */
const ADAPTERS: [{ readonly prototype: unknown }, ClassAdapter][] = [
  [Monitor, { args: (o) => { const m = o as Monitor; return [{ obj: m.obj, stateVars: m.stateVars, time: m.time, batchSize: m.batchSize, sparse: m.sparse }]; } }],
  [
    NetworkMonitor,
    {
      args: (o) => {
        const m = o as NetworkMonitor;
        return [{ network: m.net, layers: m.layerNames, connections: m.connectionPairs, stateVars: m.stateVars, time: m.time }];
      },
    },
  ],
  [
    MulticompartmentConnection,
    {
      args: (o) => {
        const c = o as MulticompartmentConnection;
        return [{ ...c.kwargs, source: c.source, target: c.target, pipeline: c.pipeline, manualUpdate: c.manualUpdate, traces: c.traces, materialize: c.materialize }];
      },
      // `w` is a getter over the first Weight feature, saved with the feature; the rest are
      // scratch buffers of the streamed compute
      skip: ["w", "options", "sum", "row", "cols", "vals"],
    },
  ],
  [AbstractMulticompartmentConnection, { args: (o) => { const c = o as AbstractMulticompartmentConnection; return [{ ...c.kwargs, source: c.source, target: c.target, pipeline: c.pipeline }]; }, skip: ["w", "options"] }],
  [
    SparseConnection,
    {
      // the stored structure (explicit zeros included) is passed as a CSR tensor, so the
      // constructor rebuilds it instead of drawing a random one
      args: (o) => { const c = o as SparseConnection; return [{ ...c.options, w: c.wSparse }]; },
      skip: ["view"],
    },
  ],
  [SparseCSRTensor, { args: (o) => { const t = o as SparseCSRTensor; return [t.rowPtr, t.colIdx, t.values, [...t.shape], t.dtype]; }, noFields: true }],
  [SparseCOOTensor, { args: (o) => { const t = o as unknown as Obj; return [t.indices, t.values, t.shape, t.dtype, t.isCoalesced]; }, noFields: true }],
  [AdaptationBase, { args: (o) => { const f = o as AdaptationBase; return [{ name: f.name, value: f.initValue, annValues: [new Tensor(f.w1, [f.hidden, f.window], "float32"), new Tensor(f.w2, [1, f.hidden], "float32")], constUpdateRate: f.constUpdateRate, constDecay: f.constDecay }]; }, skip: FEATURE_SKIP }],
  [Updating, { args: (o) => { const f = o as Updating; return [{ name: f.name, parentFeature: f.parent, updateOptions: f.updateOptions }]; }, skip: FEATURE_SKIP }],
  [AbstractSubFeature, { args: (o) => { const f = o as AbstractSubFeature; return [{ name: f.name, parentFeature: f.parent }]; }, skip: FEATURE_SKIP }],
  [MeanField, { args: (o) => [{ name: (o as MeanField).name }], skip: FEATURE_SKIP }],
  [Degradation, { args: (o) => { const f = o as Degradation; return [{ ...featureOptions(f), degradeFunction: f.degradeFunction }]; }, skip: FEATURE_SKIP }],
  [AbstractFeature, { args: (o) => [featureOptions(o as AbstractFeature)], skip: FEATURE_SKIP }],
  // `half` is a shared lookup table; a dense store's `data` is its `tensor`'s storage, written
  // once as that tensor (in its shape and dtype, so Python sees the [nPre, nPost] value)
  // the synapse view is a cache over w, made on first use
  [AbstractConnection, { skip: ["view"] }],
  [FeatureStore, { skip: (o) => ((o as FeatureStore).tensor !== null ? ["half", "data"] : ["half", "tensor"]) }],
];

/** The adapter of an object (by its class), or undefined. */
export function adapterOf(o: object): ClassAdapter | undefined {
  for (const [C, a] of ADAPTERS) if (o instanceof (C as unknown as new () => unknown)) return a;
  return undefined;
}
