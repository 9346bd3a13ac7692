#!/usr/bin/env node
/**
 * The `bindsnet` command: `bindsnet <example> [options]` runs one of the examples mirroring
 * BindsNET's examples/ (eth-mnist, conv-mnist, reservoir, ...). `bindsnet --help` lists
 * them, `bindsnet <example> --help` shows an example's options and defaults.
 *
 * Exit codes: 0 done, 2 bad usage (unknown example or option, bad value, missing data set),
 * 130 interrupted (a checkpoint was saved; continue with --resume), 1 any other error.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CliError, parseArgs, usage } from "./args.js";
import { type RunControl, interrupt, makeControl } from "./control.js";
import { registerExamples } from "./examples.js";
import { nearestKey } from "../options.js";
import type { CliIO } from "./progress.js";
import { commands, getCommand } from "./registry.js";

registerExamples();

export { CliError, parseArgs, usage, type OptionSpec, type ParsedOptions } from "./args.js";
export { ProgressBar, type CliIO } from "./progress.js";
export { makeControl, type RunControl } from "./control.js";
export { commands, getCommand, type ExampleCommand } from "./registry.js";

/** The command's overall usage. */
export function mainUsage(): string {
  const w = Math.max(...commands().map((c) => c.name.length)) + 2;
  return [
    "Usage: bindsnet <example> [options]      (bindsnet <example> --help for its options)",
    "",
    "Examples:",
    ...commands().map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    "",
    "Sweeps:",
    `  ${"sweep".padEnd(w)}runs a sweep file (grid/random search x seeds) on local workers, or on a Redis queue with --queue`,
    `  ${"worker".padEnd(w)}pulls and runs sweep trials from a Redis queue (--queue redis://host:6379)`,
  ].join("\n");
}

const defaultIO: CliIO = { out: (l) => console.log(l), err: process.stderr };

/**
 * Runs `bindsnet` with `argv` (without node and the script), returns the exit code.
 * `--stop-after N` (for tests and demos) stops with a checkpoint after N samples.
 */
export async function main(argv: readonly string[], io: CliIO = defaultIO, control?: RunControl): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? (l: string) => io.err.write(`${l}\n`) : io.out)(mainUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === "sweep") return (await import("./sweep.js")).sweepMain(rest, io);
  if (name === "worker") return (await import("./worker.js")).workerMain(rest, io);
  const cmd = getCommand(name);
  if (cmd === undefined) {
    const near = nearestKey(name, [...commands().map((c) => c.name), "sweep", "worker"]);
    io.err.write(`bindsnet: unknown example ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : ""}\n\n${mainUsage()}\n`);
    return 2;
  }
  const prog = `bindsnet ${cmd.name}`;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(usage(prog, `${cmd.summary} (mirrors ${cmd.script})${cmd.estimate ? `\n\nRun time with the defaults: ${cmd.estimate}` : ""}`, cmd.options));
    return 0;
  }
  let stopAfter = 0;
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--stop-after") {
      stopAfter = Number(rest[++i]);
      if (!Number.isInteger(stopAfter) || stopAfter < 0) {
        io.err.write(`${prog}: --stop-after is ${JSON.stringify(rest[i])}, expected a non-negative integer\n`);
        return 2;
      }
    } else args.push(rest[i]!);
  }
  const ctl = control ?? makeControl(stopAfter);
  if (stopAfter > 0) ctl.stopAfter = stopAfter;
  const onSignal = (): void => {
    if (ctl.interrupted) process.exit(130);
    interrupt(ctl);
    io.err.write("\nInterrupted: saving a checkpoint after this sample (Ctrl-C again to quit now)\n");
  };
  const installSignals = control === undefined;
  if (installSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  try {
    const given = new Set<string>();
    const opts = parseArgs(prog, cmd.options, args, given);
    const res = (await cmd.run(opts, io, ctl, given)) as { completed?: boolean } | number | undefined;
    if (typeof res === "number") return res;
    return res && res.completed === false ? 130 : 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err.write(`${e.message}\n\n${usage(prog, cmd.summary, cmd.options)}\n`);
      return 2;
    }
    io.err.write(`${prog}: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  } finally {
    if (installSignals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
}

function isMain(): boolean {
  const argv1 = process.argv[1];
  if (argv1 === undefined) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = await main(process.argv.slice(2));
}
