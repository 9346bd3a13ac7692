/**
 * Builders of the scenario types with a learning rule on a dense Connection (or AdaptiveLIF
 * theta): adaptive_lif_learn / _nolearn, postpre_stdp, mstdp_reward, lif_options,
 * clamp_inject, batch_postpre, hebbian, weight_dependent_postpre, mstdpet_reward, rmax,
 * multi_run_norm. Rules are looked up by class name, so each type lights up when its rule is
 * exported by src/learning.
 */
import { type Builder, type BuildContext, num, obj, opts, nuOf, arr, toTensor } from "./context.js";
import { net, input, dense } from "./core.js";
import { MissingClassError, type AnyCtor } from "../library.js";

/**
 * The rule class `name`. With the network's learning off a rule never runs, so when it is not
 * exported yet NoOp stands in (the result carries a note saying so).
 */
function rule(ctx: BuildContext, name: string, notes: string[]): AnyCtor {
  if (ctx.lib.has(name)) return ctx.lib.cls(name);
  if (!ctx.manifest.learning && ctx.lib.has("NoOp")) {
    notes.push(`${name} not exported yet; NoOp stands in (learning is off, the rule never runs)`);
    return ctx.lib.cls("NoOp");
  }
  throw new MissingClassError(name);
}

/** wmin / wmax options when params has them. */
function bounds(ctx: BuildContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof ctx.params.wmin === "number") out.wmin = ctx.params.wmin;
  if (typeof ctx.params.wmax === "number") out.wmax = ctx.params.wmax;
  return out;
}

/** adaptive_lif_learn / _nolearn (also multi_run_norm, which has the same network). */
export const adaptive: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  const q = obj(ctx, "alif");
  const tcTrace = typeof q.tc_trace === "number" ? q.tc_trace : 20;
  n.addLayer(input(ctx, num(ctx, "n_in"), { traces: true, tcTrace }), "X");
  n.addLayer(ctx.lib.make("AdaptiveLIFNodes", { n: num(ctx, "n"), traces: true, ...opts(q), tcTrace }), "Y");
  dense(ctx, n, "X", "Y", { updateRule: rule(ctx, "PostPre", notes), nu: nuOf(ctx), ...bounds(ctx), norm: num(ctx, "norm") });
  dense(ctx, n, "Y", "Y");
  return { network: n, notes };
};

export const postpreStdp: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  const tr = { traces: true, tcTrace: num(ctx, "tc_trace"), tracesAdditive: Boolean(ctx.params.traces_additive) };
  n.addLayer(input(ctx, num(ctx, "n_in"), tr), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n"), ...tr }), "Y");
  dense(ctx, n, "X", "Y", { updateRule: rule(ctx, "PostPre", notes), nu: nuOf(ctx), ...bounds(ctx) });
  return { network: n, notes };
};

export const mstdpReward: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in")), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n") }), "Y");
  dense(ctx, n, "X", "Y", {
    updateRule: rule(ctx, "MSTDP", notes), nu: nuOf(ctx), ...bounds(ctx),
    tcPlus: num(ctx, "tc_plus"), tcMinus: num(ctx, "tc_minus"),
  });
  return { network: n, notes, runExtras: { aPlus: num(ctx, "a_plus"), aMinus: num(ctx, "a_minus") } };
};

export const mstdpetReward: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in")), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n") }), "Y");
  dense(ctx, n, "X", "Y", {
    updateRule: rule(ctx, "MSTDPET", notes), nu: nuOf(ctx), ...bounds(ctx),
    tcPlus: num(ctx, "tc_plus"), tcMinus: num(ctx, "tc_minus"), tcETrace: num(ctx, "tc_e_trace"),
  });
  return { network: n, notes, runExtras: { aPlus: num(ctx, "a_plus"), aMinus: num(ctx, "a_minus") } };
};

export const lifOptions: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in"), { traces: true, ...opts(obj(ctx, "x_traces")) }), "X");
  n.addLayer(
    ctx.lib.make("LIFNodes", {
      n: num(ctx, "n"), traces: true, sumInput: Boolean(ctx.params.sum_input),
      ...opts(obj(ctx, "y_traces")), ...opts(obj(ctx, "lif")),
    }),
    "Y",
  );
  dense(ctx, n, "X", "Y", { updateRule: rule(ctx, "PostPre", notes), nu: nuOf(ctx), ...bounds(ctx) });
  dense(ctx, n, "Y", "Y");
  return { network: n, notes };
};

/** clamp / unclamp / injects_v / masks and an external current into Z come from the trace. */
export const clampInject: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in"), { traces: true }), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n_y"), traces: true }), "Y");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n_z") }), "Z");
  dense(ctx, n, "X", "Y", { updateRule: rule(ctx, "PostPre", notes), nu: nuOf(ctx), ...bounds(ctx) });
  dense(ctx, n, "Y", "Z");
  return { network: n, notes };
};

export const batchPostpre: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  const N = num(ctx, "n");
  n.addLayer(input(ctx, num(ctx, "n_in"), { traces: true }), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { n: N, traces: true }), "Y");
  n.addLayer(ctx.lib.make("AdaptiveLIFNodes", { n: N, ...opts(obj(ctx, "alif")) }), "Z");
  dense(ctx, n, "X", "Y", { updateRule: rule(ctx, "PostPre", notes), nu: nuOf(ctx), ...bounds(ctx) });
  dense(ctx, n, "X", "Z");
  return { network: n, notes };
};

function rulePair(ruleName: string): Builder {
  return (ctx) => {
    const notes: string[] = [];
    const n = net(ctx);
    n.addLayer(input(ctx, num(ctx, "n_in"), { traces: true }), "X");
    n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n"), traces: true }), "Y");
    dense(ctx, n, "X", "Y", {
      updateRule: rule(ctx, ruleName, notes), nu: nuOf(ctx), ...bounds(ctx),
      weightDecay: typeof ctx.params.weight_decay === "number" ? ctx.params.weight_decay : 0,
    });
    if (ctx.params.inh) dense(ctx, n, "Y", "Y");
    return { network: n, notes };
  };
}

export const hebbian = rulePair("Hebbian");
export const weightDependentPostpre = rulePair("WeightDependentPostPre");

/**
 * SRM0Nodes is stochastic: the reference's per-step uniforms (param.Y.uniform, [T, *shape])
 * are handed to the layer as its `uniform` source so that s = uniform[t] < sProb.
 */
export const rmax: Builder = (ctx) => {
  const notes: string[] = [];
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in"), { traces: true, ...opts(obj(ctx, "x_traces")) }), "X");
  const u = toTensor(arr(ctx, "param.Y.uniform"), "float32");
  n.addLayer(ctx.lib.make("SRM0Nodes", { n: num(ctx, "n"), ...opts(obj(ctx, "srm0")), uniform: u }), "Y");
  dense(ctx, n, "X", "Y", {
    updateRule: rule(ctx, "Rmax", notes), nu: nuOf(ctx), ...bounds(ctx),
    tcC: num(ctx, "tc_c"), tcETrace: num(ctx, "tc_e_trace"),
  });
  return { network: n, notes };
};
