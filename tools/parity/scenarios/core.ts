/**
 * Builders of the scenario types that need only nodes, the dense Connection and Network:
 * lif_recurrent_inh, izhikevich, if_mcp, current_lif_boosted, one_step.
 * (Python names in the manifest are snake_case; options are camelCase.)
 */
import { type Builder, type BuildContext, initW, num, obj, opts, arr, toTensor, setParam } from "./context.js";
import type { NetworkLike } from "../library.js";

/** A network with the manifest's dt, batch size and learning flag. */
export function net(ctx: BuildContext): NetworkLike {
  const m = ctx.manifest;
  return ctx.lib.network({ dt: m.dt, batchSize: m.batchSize, learning: m.learning });
}

/** Input layer with n neurons (or a shape), extra Nodes options. */
export function input(ctx: BuildContext, shape: number | number[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const s = typeof shape === "number" ? [shape] : shape;
  return ctx.lib.make("Input", { shape: s, ...extra });
}

/** Dense Connection src -> tgt with init.<key>.w and extra options. */
export function dense(
  ctx: BuildContext,
  network: NetworkLike,
  src: string,
  tgt: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const c = ctx.lib.make("Connection", {
    source: network.layers[src],
    target: network.layers[tgt],
    w: initW(ctx, `${src}->${tgt}`),
    ...extra,
  });
  network.addConnection(c, src, tgt);
  return c;
}

export const lifRecurrentInh: Builder = (ctx) => {
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in")), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n"), ...opts(obj(ctx, "lif")) }), "Y");
  dense(ctx, n, "X", "Y");
  dense(ctx, n, "Y", "Y");
  return { network: n };
};

/**
 * IzhikevichNodes draws a, b, c, d, S and the excitatory mask with its generator in the
 * constructor; the trace holds the reference's draws (param.Y.*), which are loaded over ours,
 * then the state is reset so that u = b * v uses the loaded b.
 */
export const izhikevich: Builder = (ctx) => {
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in")), "X");
  const y = ctx.lib.make("IzhikevichNodes", {
    n: num(ctx, "n"),
    excitatory: num(ctx, "excitatory"),
    thresh: num(ctx, "thresh"),
    rest: num(ctx, "rest"),
  });
  n.addLayer(y, "Y");
  for (const k of ["a", "b", "c", "d", "S"]) setParam(y, k, toTensor(arr(ctx, `param.Y.${k}`), "float32"));
  setParam(y, "excitatory", toTensor(arr(ctx, "param.Y.excitatory"), "bool"));
  (y.resetStateVariables as () => void).call(y);
  dense(ctx, n, "X", "Y");
  return { network: n };
};

export const ifMcp: Builder = (ctx) => {
  const n = net(ctx);
  const N = num(ctx, "n");
  n.addLayer(input(ctx, num(ctx, "n_in")), "X");
  n.addLayer(ctx.lib.make("IFNodes", { n: N, ...opts(obj(ctx, "if_")) }), "I");
  n.addLayer(ctx.lib.make("McCullochPitts", { n: N, ...opts(obj(ctx, "mcp")) }), "M");
  const wd = obj(ctx, "weight_decay");
  dense(ctx, n, "X", "I");
  dense(ctx, n, "X", "M", { weightDecay: Number(wd["X->M"] ?? 0) });
  dense(ctx, n, "I", "M");
  dense(ctx, n, "M", "I");
  return { network: n };
};

export const currentLifBoosted: Builder = (ctx) => {
  const n = net(ctx);
  const N = num(ctx, "n");
  n.addLayer(input(ctx, num(ctx, "n_in")), "X");
  n.addLayer(ctx.lib.make("CurrentLIFNodes", { n: N, ...opts(obj(ctx, "current_lif")) }), "C");
  n.addLayer(ctx.lib.make("BoostedLIFNodes", { n: N, ...opts(obj(ctx, "boosted_lif")) }), "B");
  dense(ctx, n, "X", "C");
  dense(ctx, n, "X", "B");
  dense(ctx, n, "C", "B");
  return { network: n };
};

/** run(oneStep=true) on X -> A -> B with feedback B -> A (the runner passes oneStep). */
export const oneStep: Builder = (ctx) => {
  const n = net(ctx);
  n.addLayer(input(ctx, num(ctx, "n_in")), "X");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n_a") }), "A");
  n.addLayer(ctx.lib.make("LIFNodes", { n: num(ctx, "n_b") }), "B");
  dense(ctx, n, "X", "A");
  dense(ctx, n, "A", "B");
  dense(ctx, n, "B", "A");
  return { network: n };
};
