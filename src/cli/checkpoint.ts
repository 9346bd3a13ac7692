/**
 * Checkpoints of an example run: the network (`network.save`, which also stores the global
 * generator) plus a JSON file with the example's progress and its own state (label rates,
 * accuracies, ...). Both files are written to a temporary name and renamed, so an
 * interruption while saving leaves the previous checkpoint intact.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Network } from "../network/network.js";
import { loadNetwork, registerClasses } from "../network/io/index.js";
import { learningClasses } from "../learning/index.js";
import { defaultGenerator, type GeneratorState } from "../tensor/random.js";
import { CliError } from "./args.js";

export interface CheckpointFile<S> {
  format: "bindsnet-example-checkpoint";
  version: 1;
  example: string;
  /** The options of the run (a resumed run keeps them). */
  options: Record<string, unknown>;
  /** The global generator (Poisson encoding, one-spike choice) at the checkpoint. */
  rng: GeneratorState;
  state: S;
}

// learning rules by name (MCC rules as MCCPostPre, ...), so saved networks load back
registerClasses(learningClasses);

const NET = "network.safetensors";
const STATE = "state.json";

/** Writes the checkpoint into `dir` (created if needed). */
export function saveCheckpoint<S>(dir: string, example: string, options: Record<string, unknown>, network: Network, state: S): void {
  mkdirSync(dir, { recursive: true });
  const tmpNet = join(dir, `${NET}.tmp`);
  network.save(tmpNet);
  const file: CheckpointFile<S> = { format: "bindsnet-example-checkpoint", version: 1, example, options, rng: defaultGenerator().getState(), state };
  const tmpState = join(dir, `${STATE}.tmp`);
  writeFileSync(tmpState, JSON.stringify(file));
  renameSync(tmpNet, join(dir, NET));
  renameSync(tmpState, join(dir, STATE));
}

/** True when `dir` holds a checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, NET)) && existsSync(join(dir, STATE));
}

/**
 * Reads a checkpoint written by {@link saveCheckpoint} for `example`, restoring the global
 * generator. Throws a CliError when it is missing or belongs to another example.
 */
export function loadCheckpoint<S>(dir: string, example: string): { network: Network; file: CheckpointFile<S> } {
  if (!hasCheckpoint(dir)) throw new CliError(`${example}: --resume given but ${dir} holds no checkpoint (${NET} and ${STATE}), expected the --checkpoint-dir of an earlier run`);
  let file: CheckpointFile<S>;
  try {
    file = JSON.parse(readFileSync(join(dir, STATE), "utf8")) as CheckpointFile<S>;
  } catch (e) {
    throw new CliError(`${example}: checkpoint ${join(dir, STATE)} is not valid JSON (${(e as Error).message})`);
  }
  if (file.format !== "bindsnet-example-checkpoint" || file.example !== example) {
    throw new CliError(`${example}: checkpoint in ${dir} is for ${JSON.stringify(file.example)}, expected one written by ${example}`);
  }
  // model subclasses (DiehlAndCook2015, ...) load as plain Networks with the same layers and state
  const network = loadNetwork<Network>(join(dir, NET), { Network });
  defaultGenerator().setState(file.rng);
  return { network, file };
}
