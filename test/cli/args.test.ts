import { describe, expect, it } from "vitest";
import { CliError, camel, parseArgs, usage, type OptionSpec } from "../../src/cli/args.js";

const specs: OptionSpec[] = [
  { name: "n-neurons", type: "int", default: 100, min: 1, help: "neurons" },
  { name: "theta-plus", type: "float", default: 0.05, help: "theta" },
  { name: "train", type: "bool", default: true, negatedBy: "test", help: "learn" },
  { name: "plot", type: "bool", default: false, help: "plots" },
  { name: "backend", type: "string", default: "js", choices: ["js", "wasm"], help: "backend" },
];

describe("parseArgs", () => {
  it("gives the defaults and camelCase keys", () => {
    expect(parseArgs("x", specs, [])).toEqual({ nNeurons: 100, thetaPlus: 0.05, train: true, plot: false, backend: "js" });
    expect(camel("update-inhibition-weights")).toBe("updateInhibitionWeights");
  });

  it("reads kebab, underscore and = spellings, negative numbers and paired flags", () => {
    const o = parseArgs("x", specs, ["--n_neurons", "400", "--theta-plus=-0.5", "--test", "--plot", "--backend", "wasm"]);
    expect(o).toEqual({ nNeurons: 400, thetaPlus: -0.5, train: false, plot: true, backend: "wasm" });
    expect(parseArgs("x", specs, ["--plot", "--no-plot"]).plot).toBe(false);
    expect(parseArgs("x", specs, ["--test", "--train"]).train).toBe(true);
    expect(parseArgs("x", [{ name: "update-inhibition-weights", aliases: ["update-inhibation-weights"], type: "int", default: 500, help: "" }], ["--update_inhibation_weights", "7"])).toEqual({ updateInhibitionWeights: 7 });
  });

  it("takes one-letter options with one dash and Python-style boolean values", () => {
    const withShort: OptionSpec[] = [...specs, { name: "n-steps", type: "int", default: 5, min: 1, aliases: ["n"], help: "steps" }];
    expect(parseArgs("x", withShort, ["-n", "12"]).nSteps).toBe(12);
    expect(parseArgs("x", withShort, ["-n=7"]).nSteps).toBe(7);
    expect(parseArgs("x", withShort, ["--theta-plus", "-0.5", "-n", "3"])).toMatchObject({ thetaPlus: -0.5, nSteps: 3 });
    expect(() => parseArgs("x", withShort, ["-q", "1"])).toThrow(/x: unexpected argument "-q"/);
    expect(() => parseArgs("x", specs, ["-n", "1"])).toThrow(/x: unexpected argument "-n"/); // no option named n here
    expect(parseArgs("x", specs, ["--plot=False"]).plot).toBe(false);
    expect(parseArgs("x", specs, ["--plot=True"]).plot).toBe(true);
    expect(parseArgs("x", specs, ["--plot=no"]).plot).toBe(false);
  });

  it("rejects unknown options, missing and bad values, naming the option", () => {
    expect(() => parseArgs("bindsnet eth-mnist", specs, ["--n-nerons", "3"])).toThrow(CliError);
    expect(() => parseArgs("bindsnet eth-mnist", specs, ["--n-nerons", "3"])).toThrow(/bindsnet eth-mnist: unknown option --n-nerons, expected one of --n-neurons/);
    expect(() => parseArgs("x", specs, ["--n-neurons"])).toThrow(/x: --n-neurons needs a value \(int\)/);
    expect(() => parseArgs("x", specs, ["--n-neurons", "-3"])).toThrow(/x: --n-neurons is -3, expected a value >= 1/);
    expect(() => parseArgs("x", specs, ["--n-neurons", "2.5"])).toThrow(/x: --n-neurons is 2.5, expected an integer/);
    expect(() => parseArgs("x", specs, ["--theta-plus", "abc"])).toThrow(/x: --theta-plus is "abc", expected a number/);
    expect(() => parseArgs("x", specs, ["--backend", "gpu"])).toThrow(/x: --backend is "gpu", expected one of js, wasm/);
    expect(() => parseArgs("x", specs, ["stray"])).toThrow(/x: unexpected argument "stray"/);
    expect(() => parseArgs("x", specs, ["--plot=maybe"])).toThrow(/x: --plot is "maybe", expected true or false/);
  });

  it("lists every option with its default in the usage", () => {
    const u = usage("bindsnet eth-mnist", "summary", specs);
    expect(u).toMatch(/^Usage: bindsnet eth-mnist \[options\]/);
    expect(u).toMatch(/--n-neurons <int> +neurons \(default 100\)/);
    expect(u).toMatch(/--train +learn \(default on\); --test turns it off/);
  });
});

describe("parseArgs: an option with a bare value", () => {
  const dash: OptionSpec[] = [
    { name: "dashboard", type: "int", default: null, bare: 0, min: 0, help: "port" },
    { name: "n-neurons", type: "int", default: 100, min: 1, help: "neurons" },
  ];
  it("takes the bare value when given alone or before another flag, else the value given", () => {
    expect(parseArgs("x", dash, [])).toEqual({ dashboard: null, nNeurons: 100 });
    expect(parseArgs("x", dash, ["--dashboard"])).toEqual({ dashboard: 0, nNeurons: 100 });
    expect(parseArgs("x", dash, ["--dashboard", "--n-neurons", "3"])).toEqual({ dashboard: 0, nNeurons: 3 });
    expect(parseArgs("x", dash, ["--dashboard", "8080"])).toEqual({ dashboard: 8080, nNeurons: 100 });
    expect(parseArgs("x", dash, ["--dashboard=9"])).toEqual({ dashboard: 9, nNeurons: 100 });
    expect(() => parseArgs("x", dash, ["--dashboard", "web"])).toThrow(/--dashboard is "web", expected an integer/);
  });
});
