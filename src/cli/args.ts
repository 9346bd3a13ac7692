/**
 * A small command-line parser with the reference examples' option names: `--n-neurons 100`,
 * `--n_neurons=100` (BindsNET's underscore spelling is accepted too), `--plot` / `--no-plot`,
 * `--plot=False`, one-letter options with one dash (`-n 10` where "n" names an option), and
 * paired flags such as `--train` / `--test`. Unknown options, missing values, values of
 * the wrong type and out-of-range numbers are errors that name the option.
 */

export type OptionType = "int" | "float" | "bool" | "string";

export interface OptionSpec {
  /** Kebab-case name without dashes: "n-neurons". */
  name: string;
  type: OptionType;
  default: number | boolean | string | null;
  help: string;
  /** Smallest allowed value (numbers). */
  min?: number;
  /** For booleans: another flag name that sets this one to false (e.g. "test" for "train"). */
  negatedBy?: string;
  /** Allowed string values. */
  choices?: readonly string[];
  /** Other accepted names (the reference's spellings, e.g. "update-inhibation-weights"). */
  aliases?: readonly string[];
}

export type ParsedOptions = Record<string, number | boolean | string | null>;

/** A usage error: the command prints the message and the usage, and exits with code 2. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** camelCase of a kebab-case name ("n-neurons" → "nNeurons"). */
export function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Parses argv (without the command and example names) against the specs; keys are camelCase.
 * `given`, when passed, receives the camelCase names of the options the command line set.
 */
export function parseArgs(command: string, specs: readonly OptionSpec[], argv: readonly string[], given?: Set<string>): ParsedOptions {
  const out: ParsedOptions = {};
  for (const s of specs) out[camel(s.name)] = s.default;
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    for (const a of s.aliases ?? []) byName.set(a, s);
  }
  const negations = new Map<string, OptionSpec>();
  for (const s of specs) if (s.negatedBy) negations.set(s.negatedBy, s);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    // a one-letter option may take one dash, as the reference's `-n` (when it names an option)
    if (/^-[A-Za-z](=|$)/.test(arg) && byName.has(arg[1]!)) arg = `-${arg}`;
    if (!arg.startsWith("--")) throw new CliError(`${command}: unexpected argument ${JSON.stringify(arg)}, expected an option --name [value]`);
    let key = arg.slice(2);
    let value: string | null = null;
    const eq = key.indexOf("=");
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    key = key.replace(/_/g, "-");
    const spec = byName.get(key);
    if (spec === undefined) {
      if (value === null && negations.has(key)) {
        out[camel(negations.get(key)!.name)] = false;
        given?.add(camel(negations.get(key)!.name));
        continue;
      }
      if (value === null && key.startsWith("no-") && byName.get(key.slice(3))?.type === "bool") {
        out[camel(key.slice(3))] = false;
        given?.add(camel(key.slice(3)));
        continue;
      }
      throw new CliError(`${command}: unknown option --${key}, expected one of ${specs.map((s) => `--${s.name}`).join(", ")}`);
    }
    given?.add(camel(spec.name));
    if (spec.type === "bool") {
      const v = value?.toLowerCase() ?? null;
      if (v === null) out[camel(spec.name)] = true;
      else if (v === "true" || v === "1" || v === "yes") out[camel(spec.name)] = true;
      else if (v === "false" || v === "0" || v === "no") out[camel(spec.name)] = false;
      else throw new CliError(`${command}: --${key} is ${JSON.stringify(value)}, expected true or false`);
      continue;
    }
    if (value === null) {
      if (i + 1 >= argv.length || (argv[i + 1]!.startsWith("--") && !/^--?\d/.test(argv[i + 1]!))) throw new CliError(`${command}: --${key} needs a value (${spec.type})`);
      value = argv[++i]!;
    }
    out[camel(spec.name)] = convert(command, spec, value);
  }
  return out;
}

function convert(command: string, spec: OptionSpec, value: string): number | string {
  const name = `--${spec.name}`;
  if (spec.type === "string") {
    if (spec.choices && !spec.choices.includes(value)) throw new CliError(`${command}: ${name} is ${JSON.stringify(value)}, expected one of ${spec.choices.join(", ")}`);
    return value;
  }
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v)) throw new CliError(`${command}: ${name} is ${JSON.stringify(value)}, expected ${spec.type === "int" ? "an integer" : "a number"}`);
  if (spec.type === "int" && !Number.isInteger(v)) throw new CliError(`${command}: ${name} is ${value}, expected an integer`);
  if (spec.min !== undefined && v < spec.min) throw new CliError(`${command}: ${name} is ${value}, expected a value >= ${spec.min}`);
  return v;
}

/** The usage text: one line per option with its default. */
export function usage(command: string, summary: string, specs: readonly OptionSpec[]): string {
  const lines = [`Usage: ${command} [options]`, "", summary, "", "Options:"];
  const width = Math.max(...specs.map((s) => s.name.length + (s.type === "bool" ? 0 : s.type.length + 3))) + 4;
  for (const s of specs) {
    const left = s.type === "bool" ? `--${s.name}` : `--${s.name} <${s.type}>`;
    const dflt = s.default === null ? "" : ` (default ${s.type === "bool" ? (s.default ? "on" : "off") : String(s.default)})`;
    const neg = s.type === "bool" ? (s.negatedBy ? `; --${s.negatedBy} turns it off` : `; --no-${s.name} turns it off`) : "";
    lines.push(`  ${left.padEnd(width)}${s.help}${dflt}${neg}`);
  }
  return lines.join("\n");
}
