/**
 * BindsNET's `BasePipeline`: runs a network step by step and, at fixed step counts, prints,
 * plots, saves the network and tests it. Subclasses supply the step itself (`step_`), the
 * training loop, testing, one-time initialisation and plotting.
 *
 * Differences from the reference (see docs/pipeline.md):
 * - `plotConfig` keys that are missing take their defaults (the reference raises KeyError
 *   when `data_step` is absent).
 * - `plotConfig.dataStep: true` means "every step" and a number n "every n steps", as the
 *   reference intends; `false`/`null` turns the monitors and the data plots off (the reference
 *   adds the monitors for `False` and then divides by zero).
 * - There is no device: `allowGpu` is accepted and ignored, and `recursiveTo` keeps tensors
 *   as they are.
 * - Printing goes through the `log` option (default `console.log`).
 */
import { checkOptions } from "../options.js";
import { BindsNetError, ValueError, fmtValue } from "../errors.js";
import { Monitor } from "../network/monitors.js";
import { Network } from "../network/network.js";
import type { NodeParam } from "../network/nodes/nodes.js";
import { Tensor } from "../tensor/tensor.js";
import { bool, optInterval, optionsObject, posInt, str } from "./options.js";
import { recursiveTo } from "./recursive-to.js";

/** What a pipeline plots and how much of it is recorded. */
export interface PlotConfig {
  /** Record spikes/voltages and plot them every n steps (`true`: every step; `false`/`null`: never). Default true. */
  dataStep?: number | boolean | null;
  /** Records kept by the `{layer}_spikes`/`{layer}_voltages` monitors (default 100). */
  dataLength?: number;
  /** EnvironmentPipeline: plot the observation every n steps (default null). */
  obsStep?: number | boolean | null;
  /** EnvironmentPipeline: plot the reward curve at the end of every n-th episode (default null). */
  rewardEps?: number | boolean | null;
  /** EnvironmentPipeline: running-mean window of the reward curve (default null: none). */
  rewardWindow?: number | null;
}

/** Options of every pipeline (BindsNET's keyword arguments in camelCase). */
export interface BasePipelineOptions {
  /**
   * File the network is saved to every `saveInterval` steps with `Network.save` (a safetensors
   * file with a JSON manifest; the name keeps BindsNET's default "network.pt"). Its folder is
   * created when missing.
   */
  saveDir?: string;
  /** Save every n steps (default null: never). */
  saveInterval?: number | null;
  /** See {@link PlotConfig}; missing keys take their defaults. */
  plotConfig?: PlotConfig;
  /** Print "Iteration: n (Time: s)" every n steps (default null: never). */
  printInterval?: number | null;
  /** Call `test()` every n steps (default null: never). */
  testInterval?: number | null;
  /** Call `plots(batch, output)` every n steps (default null: never). */
  plotInterval?: number | null;
  /** Accepted for parity and ignored: there is no device to move to. */
  allowGpu?: boolean;
  /** Where printed lines go (default console.log). */
  log?: (line: string) => void;
}

/** The resolved plot configuration. */
export interface ResolvedPlotConfig {
  /** Every n steps, or null for never. */
  dataStep: number | null;
  dataLength: number;
  obsStep: number | null;
  rewardEps: number | null;
  rewardWindow: number | null;
}

function stepOption(op: string, arg: string, v: unknown, dflt: number | null): number | null {
  if (v === undefined) return dflt;
  if (v === true) return 1;
  if (v === false || v === null) return null;
  return optInterval(op, arg, v);
}

/** Fills in a plot configuration's defaults and checks its values. */
export function resolvePlotConfig(op: string, cfg: PlotConfig | undefined, dflt: { dataStep: number | null; obsStep?: number | null; rewardEps?: number | null } = { dataStep: 1 }): ResolvedPlotConfig {
  if (cfg !== undefined && (cfg === null || typeof cfg !== "object" || Array.isArray(cfg))) throw new ValueError(`${op}: plotConfig is ${fmtValue(cfg)}, expected an object`);
  const c: PlotConfig = cfg ?? {};
  return {
    dataStep: stepOption(op, "plotConfig.dataStep", c.dataStep, dflt.dataStep),
    dataLength: posInt(op, "plotConfig.dataLength", c.dataLength, 100),
    obsStep: stepOption(op, "plotConfig.obsStep", c.obsStep, dflt.obsStep ?? null),
    rewardEps: stepOption(op, "plotConfig.rewardEps", c.rewardEps, dflt.rewardEps ?? null),
    rewardWindow: optInterval(op, "plotConfig.rewardWindow", c.rewardWindow),
  };
}

/** `(voltages per layer, thresholds per layer)`, as `getVoltageData` returns. */
export type VoltageData = [voltages: Record<string, Tensor>, thresholds: Record<string, NodeParam>];

/**
 * The abstract pipeline. `step(batch)` counts the step, runs `step_`, then, in this order,
 * prints, plots, saves and tests at their intervals (a step count divisible by the interval).
 *
 * `initFn()` is called at the end of this constructor, as in the reference: an override
 * runs before the subclass's own field initialisers, which then overwrite what it set (set
 * such state in the subclass constructor, or declare the field without an initialiser).
 */
export abstract class BasePipeline<B = unknown, O = unknown> {
  readonly network: Network;
  readonly saveDir: string;
  readonly saveInterval: number | null;
  readonly plotConfig: ResolvedPlotConfig;
  readonly printInterval: number | null;
  readonly testInterval: number | null;
  readonly plotInterval: number | null;
  readonly allowGpu: boolean;
  /** Steps since construction or the last `resetStateVariables()`. */
  stepCount = 0;
  protected readonly log: (line: string) => void;
  /** Time of the last print (ms, performance.now()). */
  protected clock: number;

  constructor(network: Network, opts?: BasePipelineOptions, op = "BasePipeline") {
    if (op === "BasePipeline") checkOptions(op, opts, ["saveDir", "saveInterval", "plotConfig", "printInterval", "testInterval", "plotInterval", "allowGpu", "log"]);
    if (!(network instanceof Network)) throw new ValueError(`${op}: network is ${fmtValue(network)}, expected a Network`);
    const o = optionsObject(op, opts);
    this.network = network;
    this.saveDir = str(op, "saveDir", o.saveDir, "network.pt");
    this.saveInterval = optInterval(op, "saveInterval", o.saveInterval);
    this.plotConfig = resolvePlotConfig(op, o.plotConfig);
    this.printInterval = optInterval(op, "printInterval", o.printInterval);
    this.testInterval = optInterval(op, "testInterval", o.testInterval);
    this.plotInterval = optInterval(op, "plotInterval", o.plotInterval);
    this.allowGpu = bool(op, "allowGpu", o.allowGpu, true);
    if (o.log !== undefined && typeof o.log !== "function") throw new ValueError(`${op}: log is ${fmtValue(o.log)}, expected a function (line: string) => void`);
    this.log = o.log ?? ((line: string) => console.log(line));

    if (this.plotConfig.dataStep !== null) {
      const len = this.plotConfig.dataLength;
      for (const name of network.layerNames()) {
        const layer = network.layers[name]!;
        // a monitor of that name already there (a second pipeline on the same network) is kept
        if (!(`${name}_spikes` in network.monitors)) network.addMonitor(new Monitor({ obj: layer, stateVars: ["s"], time: len }), `${name}_spikes`);
        if ((layer as unknown as { v?: unknown }).v instanceof Tensor && !(`${name}_voltages` in network.monitors)) {
          network.addMonitor(new Monitor({ obj: layer, stateVars: ["v"], time: len }), `${name}_voltages`);
        }
      }
    }
    this.clock = now();
    this.initFn();
  }

  /**
   * One step: `stepCount += 1`, `step_(recursiveTo(batch))`, then print, plot, save and test
   * when `stepCount` is a multiple of their interval. Returns what `step_` returned.
   */
  step(batch: B, opts: Record<string, unknown> = {}): O {
    this.stepCount += 1;
    const b = recursiveTo(batch);
    const out = this.step_(b, opts);
    const n = this.stepCount;
    if (this.printInterval !== null && n % this.printInterval === 0) {
      const t = now();
      this.log(`Iteration: ${n} (Time: ${((t - this.clock) / 1000).toFixed(4)})`);
      this.clock = t;
    }
    if (this.plotInterval !== null && n % this.plotInterval === 0) this.plots(b, out);
    if (this.saveInterval !== null && n % this.saveInterval === 0) {
      // Network.save creates the folder (through the platform's file system, src/platform.ts)
      this.network.save(this.saveDir);
    }
    if (this.testInterval !== null && n % this.testInterval === 0) this.test();
    return out;
  }

  /** `{ layer: spikes [records, B, ...shape] }` from the `{layer}_spikes` monitors. */
  getSpikeData(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const name of this.network.layerNames()) out[name] = this.monitorOf("getSpikeData", `${name}_spikes`).get("s");
    return out;
  }

  /**
   * `[voltages, thresholds]`: the `{layer}_voltages` records of every layer with a voltage
   * `v`, and the `thresh` of every such layer that has one.
   */
  getVoltageData(): VoltageData {
    const volts: Record<string, Tensor> = {};
    const thresh: Record<string, NodeParam> = {};
    for (const name of this.network.layerNames()) {
      const layer = this.network.layers[name]!;
      const l = layer as unknown as { v?: unknown; thresh?: unknown };
      if (!(l.v instanceof Tensor)) continue;
      volts[name] = this.monitorOf("getVoltageData", `${name}_voltages`).get("v");
      if (typeof l.thresh === "number" || l.thresh instanceof Tensor) thresh[name] = l.thresh;
    }
    return [volts, thresh];
  }

  private monitorOf(fn: string, name: string): Monitor {
    const m = this.network.monitors[name];
    if (!(m instanceof Monitor)) {
      throw new BindsNetError(`${this.constructor.name}.${fn}: monitor ${fmtValue(name)} is ${m === undefined ? "missing" : "not a Monitor"}, expected the pipeline's monitor (plotConfig.dataStep is ${fmtValue(this.plotConfig.dataStep)})`);
    }
    return m;
  }

  /** Resets the network's state (layers, connections, monitors) and `stepCount`. */
  resetStateVariables(): void {
    this.network.resetStateVariables();
    this.stepCount = 0;
  }

  /** The work of one step on an already prepared batch. */
  abstract step_(batch: B, opts?: Record<string, unknown>): O;
  /** The training loop. */
  abstract train(): void;
  /** Evaluation, called every `testInterval` steps. */
  abstract test(): void;
  /** One-time initialisation, called at the end of the constructor. */
  abstract initFn(): void;
  /** Plots of a step, called every `plotInterval` steps. */
  abstract plots(batch: B, output: O): void;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
