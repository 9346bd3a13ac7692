/**
 * Builders of the scenario types that need the topology issue's connections (conv2d, conv1d,
 * local2d, maxpool2d) and the multicompartment connection (diehlcook_learn / _nolearn).
 * They skip with "needs <Class>" until those classes are exported; option names follow
 * BindsNET's constructor arguments in camelCase.
 */
import { type Builder, type BuildContext, num, obj, nuOf, initW, setParam } from "./context.js";
import { net, input } from "./core.js";
import { MissingClassError, type AnyCtor } from "../library.js";
import { ValueError } from "../../../src/errors.js";

function ruleCls(ctx: BuildContext, name: string): AnyCtor {
  if (!ctx.lib.has(name)) throw new MissingClassError(name);
  return ctx.lib.cls(name);
}

function shape(ctx: BuildContext, path: string): number[] {
  const v = pathGet(ctx.params, path);
  if (!Array.isArray(v)) throw new ValueError(`parity ${ctx.manifest.scenario}: params.${path} expected a shape array, got ${JSON.stringify(v)}`);
  return v.map(Number);
}

function pathGet(o: Record<string, unknown>, path: string): unknown {
  let cur: unknown = o;
  for (const p of path.split(".")) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

function conv(kind: "Conv1dConnection" | "Conv2dConnection"): Builder {
  return (ctx) => {
    const C = ctx.lib.cls(kind);
    const rule = ruleCls(ctx, "PostPre");
    const n = net(ctx);
    const outShape = shape(ctx, "out_shape");
    n.addLayer(input(ctx, shape(ctx, "in_shape"), { traces: true }), "X");
    n.addLayer(ctx.lib.make("LIFNodes", { shape: outShape, traces: true }), "Y");
    const c = new C({
      source: n.layers.X, target: n.layers.Y,
      kernelSize: num(ctx, "kernel"), stride: num(ctx, "stride"), padding: num(ctx, "padding"),
      w: initW(ctx, "X->Y"),
      updateRule: rule, nu: nuOf(ctx), wmin: num(ctx, "wmin"), wmax: num(ctx, "wmax"),
    });
    n.addConnection(c, "X", "Y");
    return { network: n };
  };
}

export const conv2d = conv("Conv2dConnection");
export const conv1d = conv("Conv1dConnection");

/**
 * LocalConnection2D (the reference cannot take w in its constructor, so the initial weights
 * are copied in after construction, as the oracle did) and the legacy masked-dense
 * LocalConnection.
 */
export const local2d: Builder = (ctx) => {
  const L2 = ctx.lib.cls("LocalConnection2D");
  const L1 = ctx.lib.cls("LocalConnection");
  const rule = ruleCls(ctx, "PostPre");
  const q = obj(ctx, "local2d");
  const r = obj(ctx, "local_legacy");
  const n = net(ctx);
  n.addLayer(input(ctx, shape(ctx, "in_shape"), { traces: true }), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { shape: (q.out_shape as number[]).slice(), traces: true }), "Y");
  n.addLayer(ctx.lib.make("LIFNodes", { n: Number(r.n_out), traces: true }), "Z");
  const common = { updateRule: rule, nu: nuOf(ctx), wmin: num(ctx, "wmin"), wmax: num(ctx, "wmax") };
  const cy = new L2({
    source: n.layers.X, target: n.layers.Y, kernelSize: q.kernel_size, stride: q.stride,
    nFilters: q.n_filters, norm: q.norm, ...common,
  });
  setParam(cy, "w", initW(ctx, "X->Y"));
  n.addConnection(cy, "X", "Y");
  const cz = new L1({
    source: n.layers.X, target: n.layers.Z, kernelSize: r.kernel_size, stride: r.stride,
    nFilters: r.n_filters, norm: r.norm, w: initW(ctx, "X->Z"), ...common,
  });
  n.addConnection(cz, "X", "Z");
  return { network: n };
};

export const maxpool2d: Builder = (ctx) => {
  const M = ctx.lib.cls("MaxPool2dConnection");
  const n = net(ctx);
  n.addLayer(input(ctx, shape(ctx, "in_shape")), "X");
  const lif = obj(ctx, "lif");
  n.addLayer(
    ctx.lib.make("LIFNodes", {
      shape: shape(ctx, "out_shape"), thresh: lif.thresh, rest: lif.rest, reset: lif.reset,
      refrac: lif.refrac, tcDecay: lif.tc_decay,
    }),
    "Y",
  );
  const c = new M({
    source: n.layers.X, target: n.layers.Y, kernelSize: num(ctx, "kernel_size"),
    stride: num(ctx, "stride"), padding: num(ctx, "padding"), decay: num(ctx, "decay"),
  });
  n.addConnection(c, "X", "Y");
  return { network: n };
};

/**
 * The DiehlAndCook2015 network built by hand from its parts: X -> Ae (Weight feature with
 * PostPre, norm), Ae -> Ai, Ai -> Ae, each a MulticompartmentConnection with one Weight.
 */
export const diehlcook: Builder = (ctx) => {
  const MCC = ctx.lib.cls("MulticompartmentConnection");
  const Weight = ctx.lib.cls("Weight");
  // BindsNET's MCC PostPre: the one PostPre (MCCPostPre is its alias), on a feature
  const rule = ruleCls(ctx, "MCCPostPre");
  const n = net(ctx);
  const N = num(ctx, "n_neurons");
  const inShape = ctx.manifest.shapes.X ?? [num(ctx, "n_inpt")];
  n.addLayer(input(ctx, inShape, { traces: true }), "X");
  n.addLayer(
    ctx.lib.make("DiehlAndCookNodes", {
      n: N, traces: true, thresh: -52, rest: -65, reset: -60, refrac: 5, tcDecay: 100,
      thetaPlus: num(ctx, "theta_plus"), tcThetaDecay: num(ctx, "tc_theta_decay"), oneSpike: false,
    }),
    "Ae",
  );
  n.addLayer(ctx.lib.make("LIFNodes", { n: N, thresh: -40, rest: -60, reset: -45, refrac: 2, tcDecay: 10 }), "Ai");
  const mk = (src: string, tgt: string, extra: Record<string, unknown>): void => {
    const f = new Weight({ name: "weight", value: initW(ctx, `${src}->${tgt}`), ...extra });
    const c = new MCC({ source: n.layers[src], target: n.layers[tgt], pipeline: [f] });
    n.addConnection(c, src, tgt);
  };
  mk("X", "Ae", { learningRule: rule, nu: nuOf(ctx), range: [num(ctx, "wmin"), num(ctx, "wmax")], norm: num(ctx, "norm") });
  mk("Ae", "Ai", {});
  mk("Ai", "Ae", {});
  return { network: n };
};
