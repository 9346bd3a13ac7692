/** The example commands of `bindsnet <example>`. */
import type { OptionSpec, ParsedOptions } from "./args.js";
import type { RunControl } from "./control.js";
import type { CliIO } from "./progress.js";

export interface ExampleCommand {
  name: string;
  /** The reference script it mirrors. */
  script: string;
  summary: string;
  /** How long the defaults take on this project's machine (printed by --help). */
  estimate?: string | undefined;
  options: OptionSpec[];
  /** Runs the example; `given` holds the options the command line set. A number is the exit code. */
  run(opts: ParsedOptions, io: CliIO, control: RunControl, given: Set<string>): Promise<unknown>;
}

const registry = new Map<string, ExampleCommand>();

export function register(cmd: ExampleCommand): void {
  registry.set(cmd.name, cmd);
}

export function getCommand(name: string): ExampleCommand | undefined {
  return registry.get(name) ?? registry.get(name.replace(/_/g, "-").toLowerCase());
}

export function commands(): ExampleCommand[] {
  return [...registry.values()];
}
