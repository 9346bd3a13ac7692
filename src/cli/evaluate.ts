/**
 * `bindsnet evaluate --network FILE`: the label and test phases of a Diehl & Cook recipe on a
 * saved network (a recipe checkpoint, checkpoint.bnck, or a safetensors file written by
 * `network.save`), on `--workers` threads. Settings not given come from the checkpoint's
 * config (or the recipe's defaults for a safetensors file); with `--label-samples 0` a
 * checkpoint's own label assignments are used.
 */
import { readFileSync } from "node:fs";
import { decodeCheckpoint, loadCheckpointNetwork } from "../recipes/common.js";
import { type DCConfig, type DCVariant, dcDefaults, evaluationCheckpoint } from "../recipes/diehl-and-cook.js";
import { CliError, type ParsedOptions } from "./args.js";
import type { RunControl } from "./control.js";
import { dcCommand, dcOptions } from "./mnist-stdp.js";
import type { CliIO } from "./progress.js";
import type { ExampleCommand } from "./registry.js";
import { recipeOptions, runRecipeCommand } from "./run-recipe.js";

const variants = Object.keys(dcDefaults) as DCVariant[];

async function run(opts: ParsedOptions, io: CliIO, control: RunControl, given: Set<string>): Promise<number> {
  const file = opts.network as string | null;
  if (!file) throw new CliError("evaluate: --network is missing, expected a checkpoint (.bnck) or a safetensors network file");
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CliError(`evaluate: --network ${file} could not be read (${(e as Error).message})`);
  }
  let network = bytes;
  let base: Partial<DCConfig> = {};
  let variant = (opts.recipe as DCVariant | null) ?? "main-job";
  let assignments: { assignments: number[]; proportions: number[] } | undefined;
  // eslint-disable-next-line no-restricted-syntax -- the file's bytes are plain memory, read at once
  if (new TextDecoder().decode(bytes.subarray(0, 8)) === "BNRCKPT1") {
    const ck = decodeCheckpoint<{ assignments?: number[]; proportions?: number[] }>(bytes);
    if (!variants.includes(ck.header.recipe as DCVariant)) throw new CliError(`evaluate: ${file} was written by recipe ${JSON.stringify(ck.header.recipe)}, expected one of ${variants.join(", ")}`);
    if (opts.recipe === null) variant = ck.header.recipe as DCVariant;
    base = ck.header.config as Partial<DCConfig>;
    network = ck.network;
    const st = ck.header.state;
    if (st.assignments && st.proportions) assignments = { assignments: st.assignments, proportions: st.proportions };
  } else {
    let n: number;
    try {
      n = loadCheckpointNetwork(bytes).layers.Ae?.n ?? 0;
    } catch (e) {
      throw new CliError(`evaluate: ${file} is neither a recipe checkpoint nor a network file (${(e as Error).message})`);
    }
    if (n === 0) throw new CliError(`evaluate: ${file} holds no Diehl & Cook network (no layer Ae)`);
    base = { nNeurons: n };
  }
  // the flags given win; the others come from the checkpoint's config (or the recipe's defaults)
  const merged: ParsedOptions = { ...opts, checkpoint: false, checkpointDir: ".", nEpochs: 0 };
  for (const [k, v] of Object.entries({ ...dcDefaults[variant], ...base })) if (!given.has(k) && k !== "workers" && k !== "nEpochs") merged[k] = v as number | boolean | string;
  if (!given.has("labelSamples") && base.labelSamples === undefined) merged.labelSamples = dcDefaults["main-job"].labelSamples;
  const spec = { ...dcCommand(variant), initialCheckpoint: (c: DCConfig) => {
    try {
      return evaluationCheckpoint(variant, c, network, assignments);
    } catch (e) {
      throw new CliError(`evaluate: ${(e as Error).message}`);
    }
  } };
  return runRecipeCommand(spec, merged, given, io, control);
}

/** The `evaluate` command. */
export const evaluateCommand: ExampleCommand = {
  name: "evaluate",
  script: "(none: BindsNET evaluates inside each example script)",
  summary: "Label and test phases of a Diehl & Cook recipe on a saved network (checkpoint or safetensors), on --workers threads.",
  options: [
    { name: "network", type: "string", default: null, help: "the network: a recipe checkpoint (checkpoint.bnck) or a safetensors file from network.save" },
    { name: "recipe", type: "string", default: null, choices: variants, help: "which Diehl & Cook recipe's settings (default: the checkpoint's, else main-job)" },
    ...dcOptions("main-job").filter((o) => !["n-epochs", "n-train", "update-interval", "train", "n-workers"].includes(o.name)),
    ...recipeOptions("evaluate").filter((o) => !["checkpoint-dir", "checkpoint-every", "checkpoint", "resume", "force"].includes(o.name)),
  ],
  run,
};
