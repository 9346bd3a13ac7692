/** The example commands of `bindsnet <example>`. */
import type { OptionSpec, ParsedOptions } from "./args.js";
import type { RunControl } from "./control.js";
import type { CliIO } from "./progress.js";

export interface ExampleCommand {
  name: string;
  /** The reference script it mirrors. */
  script: string;
  summary: string;
  options: OptionSpec[];
  run(opts: ParsedOptions, io: CliIO, control: RunControl): Promise<unknown>;
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
