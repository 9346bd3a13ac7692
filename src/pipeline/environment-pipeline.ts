/**
 * BindsNET's `EnvironmentPipeline`: a spiking network acting in a reinforcement-learning
 * environment. Each step takes an action (from the action function on the output layer's
 * spikes), applies it to the environment, and runs the network for `time` on the new
 * observation with the (optionally delayed) reward.
 *
 * Differences from the reference (see docs/pipeline.md):
 * - `rewardDelay = d` delays rewards by exactly d steps (a FIFO of d slots, empty at every
 *   episode start): the reward of step k is delivered at step k + d. The reference never
 *   shifts its buffer, so it delivers 0 for every d > 1 and does not delay for d = 1.
 * - Randomness (random actions, encodings, action functions) comes from a seeded generator.
 * - Observations of any shape are fed to every Input layer whose size matches, reshaped to
 *   `[T, 1, ...layer.shape]`; `time` is simulation time (T = trunc(time / dt) steps).
 * - An `actionFunction` without `output` is an error at construction (the reference fails
 *   at the first step).
 * - Plots go to a `PipelineAnalyzer` (`pipelineAnalyzer`, default a `FileAnalyzer` made at
 *   the first plot) instead of a matplotlib window made at construction.
 */
import { checkOptions } from "../options.js";
import { BindsNetError, ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { FileAnalyzer, type PipelineAnalyzer } from "../analysis/pipeline-analysis.js";
import type { Environment, EnvInfo, StepResult } from "../environment/environment.js";
import { Monitor } from "../network/monitors.js";
import type { Network } from "../network/network.js";
import { AbstractInput } from "../network/nodes/input.js";
import { zeros } from "../tensor/creation.js";
import { sum } from "../tensor/ops/reduce.js";
import { Generator, defaultGenerator } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import type { ActionFunction, ActionPipeline } from "./action.js";
import { BasePipeline, type BasePipelineOptions } from "./base-pipeline.js";
import { bool, numIn, optFunction, optInterval, optionsObject, posInt } from "./options.js";

/** An encoding such as `poisson` or `bernoulli` from `encoding`: `[T, ...datum.shape]`. */
export type EncodingFn = (datum: Tensor, time: number, opts: { dt?: number; generator?: Generator }) => Tensor;

/** Options of `EnvironmentPipeline` (BindsNET's keyword arguments in camelCase, its defaults). */
export interface EnvironmentPipelineOptions extends BasePipelineOptions {
  /** Turns the output layer's spikes into an action (default null: the action stays −1). */
  actionFunction?: ActionFunction<EnvironmentPipeline> | null;
  /** Encodes each observation into spikes (default null: the observation repeated T times). */
  encoding?: EncodingFn | null;
  /** Episodes `train()` runs (default 100). */
  numEpisodes?: number;
  /** Name of the output layer the action function reads (default null). */
  output?: string | null;
  /** Call `env.render()` every n steps (default null: never). */
  renderInterval?: number | null;
  /** Delay rewards by this many steps (default null: none). */
  rewardDelay?: number | null;
  /** Simulation time per environment step (default network.dt: one step). */
  time?: number;
  /** Frames of disappearing pixels overlaid on the input (default 1: off). */
  overlayInput?: number;
  /** Probability of a uniformly random action each step (default 0). */
  percentOfRandomAction?: number;
  /** Scale of the overlaid input (default 1). */
  encodeFactor?: number;
  /** After more repeats of one action than this, take another (default `time`). */
  randomActionAfter?: number;
  /** Seeded source of every random choice (default: `new Generator(seed)` when `seed` is given, else the global one). */
  generator?: Generator;
  seed?: number;
  /** Receives the plots every `plotInterval` steps (default: a `FileAnalyzer` writing to ./logs, made at the first plot). */
  pipelineAnalyzer?: PipelineAnalyzer | null;
  /** Any other option (the reference's examples pass `historyLength`, `delta`, `device`) is ignored. */
  [other: string]: unknown;
  /** Accepted and ignored, as the reference's pipeline does (its examples pass them; frame history is the environment's option). */
  historyLength?: number;
  /** Accepted and ignored (see historyLength). */
  delta?: number;
}

/** `[obs, reward, done, info]` of one environment step (reward after the delay). */
export type GymBatch = StepResult;

/** The environment's reward as a number (a one-element tensor is read; anything else is an error). */
function rewardNumber(r: unknown): number {
  if (typeof r === "number" && !Number.isNaN(r)) return r;
  if (r instanceof Tensor && r.numel() === 1) return Number(r.item());
  throw new ValueError(`EnvironmentPipeline.envStep: the environment's reward is ${fmtValue(r)}, expected a number (or a one-element Tensor)`);
}

function isEnvironment(e: unknown): e is Environment {
  if (e === null || typeof e !== "object") return false;
  const o = e as Record<string, unknown>;
  return ["step", "reset", "render", "close"].every((k) => typeof o[k] === "function") && typeof (o.actionSpace as { n?: unknown } | undefined)?.n === "number";
}

/**
 * Runs a network in an environment. `train()` runs `numEpisodes` episodes of
 * `step(envStep())` until the environment says done, printing
 * `Episode: e - accumulated reward: r`.
 */
export class EnvironmentPipeline extends BasePipeline<GymBatch, void> implements ActionPipeline {
  readonly env: Environment;
  readonly actionFunction: ActionFunction<EnvironmentPipeline> | null;
  readonly encoding: EncodingFn | null;
  readonly numEpisodes: number;
  readonly output: string | null;
  readonly renderInterval: number | null;
  readonly rewardDelay: number | null;
  readonly time: number;
  /** Network steps per environment step: trunc(time / dt). */
  readonly timeSteps: number;
  readonly overlayInput: number;
  readonly percentOfRandomAction: number;
  readonly encodeFactor: number;
  readonly randomActionAfter: number;
  readonly generator: Generator;
  /** Names of the network's Input layers (each receives the observation). */
  readonly inputs: string[];
  /** `{ output: float32 [T, n] }`: the output layer's spikes of the last step (batch element 0). */
  readonly spikeRecord: Record<string, Tensor> = {};
  /** Episodes finished by `train()`. */
  episode = 0;
  /** Sum of the (delayed) rewards of this episode. */
  accumulatedReward = 0;
  /** Accumulated reward of every finished episode. */
  readonly rewardList: number[] = [];
  /** The last action (−1 before the first, and always without an action function). */
  action = -1;
  lastAction = -1;
  /** How many times in a row the action repeated. */
  actionCounter = 0;
  private pipelineAnalyzer: PipelineAnalyzer | null;
  private rewardQueue: number[] = [];
  private overlay: { frames: Float32Array[]; last: Float32Array } | null = null;

  constructor(network: Network, environment: Environment, opts?: EnvironmentPipelineOptions) {
    const op = "EnvironmentPipeline";
    checkOptions(op, opts, ["saveDir", "saveInterval", "plotConfig", "printInterval", "testInterval", "plotInterval", "allowGpu", "log", "actionFunction", "encoding", "numEpisodes", "output", "renderInterval", "rewardDelay", "time", "overlayInput", "percentOfRandomAction", "encodeFactor", "randomActionAfter", "generator", "seed", "pipelineAnalyzer", "historyLength", "delta"]);
    super(network, opts, op);
    const o = optionsObject(op, opts);
    if (!isEnvironment(environment)) throw new ValueError(`${op}: environment is ${fmtValue(environment)}, expected an Environment (step, reset, render, close and actionSpace.n)`);
    this.env = environment;
    this.actionFunction = optFunction(op, "actionFunction", o.actionFunction);
    this.encoding = optFunction(op, "encoding", o.encoding);
    this.numEpisodes = posInt(op, "numEpisodes", o.numEpisodes, 100);
    const output = o.output ?? null;
    if (output !== null && (typeof output !== "string" || !(output in network.layers))) {
      throw new ValueError(`${op}: output is ${fmtValue(output)}, expected one of the network's layers ${fmtValue(network.layerNames())} or null`);
    }
    if (this.actionFunction !== null && output === null) throw new ValueError(`${op}: output is null, expected the name of the output layer the actionFunction reads`);
    this.output = output;
    this.renderInterval = optInterval(op, "renderInterval", o.renderInterval);
    this.rewardDelay = optInterval(op, "rewardDelay", o.rewardDelay);
    this.time = numIn(op, "time", o.time, network.dt, Number.MIN_VALUE, Infinity);
    this.timeSteps = Math.trunc(this.time / network.dt);
    if (this.timeSteps < 1) throw new ValueError(`${op}: time is ${fmtValue(this.time)}, expected at least one step of dt=${network.dt}`);
    this.overlayInput = posInt(op, "overlayInput", o.overlayInput, 1);
    this.percentOfRandomAction = numIn(op, "percentOfRandomAction", o.percentOfRandomAction, 0, 0, 1);
    this.encodeFactor = numIn(op, "encodeFactor", o.encodeFactor, 1, -Infinity, Infinity);
    this.randomActionAfter = numIn(op, "randomActionAfter", o.randomActionAfter, this.time, 0, Infinity);
    if (o.generator !== undefined && !(o.generator instanceof Generator)) throw new ValueError(`${op}: generator is ${fmtValue(o.generator)}, expected a Generator`);
    if (o.seed !== undefined && (typeof o.seed !== "number" || !Number.isInteger(o.seed))) throw new ValueError(`${op}: seed is ${fmtValue(o.seed)}, expected an integer`);
    this.generator = o.generator ?? (o.seed !== undefined ? new Generator(o.seed) : defaultGenerator());
    const a = o.pipelineAnalyzer ?? null;
    if (a !== null && (typeof a !== "object" || typeof (a as { finalizeStep?: unknown }).finalizeStep !== "function")) {
      throw new ValueError(`${op}: pipelineAnalyzer is ${fmtValue(a)}, expected a PipelineAnalyzer or null`);
    }
    this.pipelineAnalyzer = a;
    this.inputs = network.layerNames().filter((name) => network.layers[name] instanceof AbstractInput);
    if (output !== null) {
      const layer = network.layers[output]!;
      if (!(output in network.monitors)) network.addMonitor(new Monitor({ obj: layer, stateVars: ["s"], time: this.timeSteps }), output);
      this.spikeRecord[output] = zeros([this.timeSteps, layer.n]);
    }
    bool(op, "allowGpu", o.allowGpu, true);
    this.rewardQueue = this.emptyQueue();
  }

  /** The environment under the reference's other name. */
  get environment(): Environment {
    return this.env;
  }

  private emptyQueue(): number[] {
    return new Array<number>(this.rewardDelay ?? 0).fill(0);
  }

  initFn(): void {}

  /** Episodes of `step(envStep())` until done, `numEpisodes` in all (continuing from `episode`). */
  train(): void {
    while (this.episode < this.numEpisodes) {
      this.resetStateVariables();
      let done = false;
      while (!done) {
        const batch = this.envStep();
        this.step(batch);
        done = batch[2];
      }
      this.log(`Episode: ${this.episode} - accumulated reward: ${this.accumulatedReward.toFixed(2)}`);
      this.episode += 1;
    }
  }

  /** Not implemented, as in the reference. */
  test(): void {
    throw new BindsNetError(`EnvironmentPipeline.test: not implemented, expected a subclass to override test() (testInterval is ${fmtValue(this.testInterval)})`);
  }

  /**
   * Chooses an action and applies it: renders every `renderInterval` steps; with an action
   * function, takes a uniformly random action with probability `percentOfRandomAction`, else
   * after more than `randomActionAfter` repeats of one action takes action 1 ("fire") if that
   * action was 0 and a random one otherwise, else asks the action function. Then steps the
   * environment, delays the reward by `rewardDelay` steps, adds it to `accumulatedReward`,
   * and returns `[obs, reward, done, info]` with `info.accumulatedReward`.
   */
  envStep(): GymBatch {
    if (this.renderInterval !== null && this.stepCount % this.renderInterval === 0) this.env.render();
    if (this.actionFunction !== null) {
      const nActions = this.env.actionSpace.n;
      this.lastAction = this.action;
      if (this.percentOfRandomAction > 0 && this.generator.nextFloat64() < this.percentOfRandomAction) {
        this.action = this.generator.nextBelow(nActions);
      } else if (this.actionCounter > this.randomActionAfter) {
        if (this.lastAction === 0) {
          this.action = 1;
          this.log(`Fire -> too many times ${this.lastAction}`);
        } else {
          this.action = this.generator.nextBelow(nActions);
          this.log(`too many times ${this.lastAction}`);
        }
      } else {
        const a = this.actionFunction(this, { output: this.output! });
        if (!Number.isInteger(a) || a < 0 || a >= nActions) throw new ValueError(`EnvironmentPipeline.envStep: actionFunction returned ${fmtValue(a)}, expected an integer action in [0, ${nActions - 1}]`);
        this.action = a;
      }
      if (this.lastAction === this.action) this.actionCounter += 1;
      else this.actionCounter = 0;
    }
    const [obs, r, done, info] = this.env.step(this.action);
    let reward = rewardNumber(r);
    if (this.rewardDelay !== null) {
      // FIFO of rewardDelay slots: this step's reward goes in, the one of rewardDelay steps ago comes out
      this.rewardQueue.push(reward);
      reward = this.rewardQueue.shift()!;
    }
    this.accumulatedReward += reward;
    const outInfo: EnvInfo = { ...info, accumulatedReward: this.accumulatedReward };
    return [obs, reward, done, outInfo];
  }

  /** The observation (after the overlay) as `[T, 1, ...layer.shape]` input for `layer`. */
  private inputFor(op: string, name: string, x: Tensor, encoded: boolean): Tensor {
    const layer = this.network.layers[name]!;
    const T = encoded ? x.shape[0]! : this.timeSteps;
    const per = encoded ? x.numel() / Math.max(1, T) : x.numel();
    if (per !== layer.n) {
      throw new ShapeError(`${op}: the ${encoded ? "encoded " : ""}observation has shape ${fmtShape(x.shape)}, expected ${encoded ? "[T, …] with " : ""}${layer.n} elements${encoded ? " per time step" : ""} for input layer ${fmtValue(name)} of shape ${fmtShape(layer.shape)}`);
    }
    if (encoded) return x.reshape([T, 1, ...layer.shape]);
    const src = x.to("float32").contiguousData();
    const data = new Float32Array(T * layer.n);
    for (let t = 0; t < T; t++) data.set(src, t * layer.n);
    return new Tensor(data, [T, 1, ...layer.shape], "float32");
  }

  /**
   * Runs the network for `time` on the observation (overlaid, then encoded or repeated) with
   * the reward, records the output's spikes in `spikeRecord`, and at the end of an episode
   * updates the network's reward function and appends to `rewardList`.
   */
  step_(gymBatch: GymBatch, opts: Record<string, unknown> = {}): void {
    const op = "EnvironmentPipeline.step_";
    if (!Array.isArray(gymBatch) || !(gymBatch[0] instanceof Tensor)) throw new ValueError(`${op}: gymBatch is ${fmtValue(gymBatch)}, expected [obs: Tensor, reward, done, info] from envStep()`);
    const [obs0, reward, done] = gymBatch;
    const obs = this.overlayInput > 1 ? this.overlayObs(obs0) : obs0;
    const inputs: Record<string, Tensor> = {};
    if (this.inputs.length > 0) {
      const encoded = this.encoding !== null ? this.encoding(obs, this.time, { dt: this.network.dt, generator: this.generator }) : null;
      if (encoded !== null && !(encoded instanceof Tensor)) throw new ValueError(`${op}: encoding returned ${fmtValue(encoded)}, expected a Tensor [T, ...obs.shape]`);
      for (const name of this.inputs) inputs[name] = this.inputFor(op, name, encoded ?? obs, encoded !== null);
    }
    this.network.run({ ...opts, inputs, time: this.time, reward });
    if (this.output !== null) this.recordOutput();
    if (done) {
      this.network.rewardFn?.update({ accumulatedReward: this.accumulatedReward, steps: this.stepCount });
      this.rewardList.push(this.accumulatedReward);
    }
  }

  /** Copies the output monitor's spikes (batch element 0) into `spikeRecord[output]` as float32 [T, n]. */
  private recordOutput(): void {
    const name = this.output!;
    const n = this.network.layers[name]!.n;
    const m = this.network.monitors[name];
    if (!(m instanceof Monitor)) return;
    const s = m.get("s");
    const rows = s.shape[0]!;
    const B = s.ndim >= 2 ? s.shape[1]! : 1;
    const d = s.contiguousData();
    const out = new Float32Array(rows * n);
    for (let t = 0; t < rows; t++) for (let j = 0; j < n; j++) out[t * n + j] = Number(d[(t * B) * n + j]!);
    this.spikeRecord[name] = new Tensor(out, [rows, n], "float32");
  }

  /**
   * Overlay of `overlayInput = k` frames of disappearing pixels, f = max(last − obs, 0):
   * Σ_{i=1..k} (i/k)·f_i·encodeFactor, f_k the newest. The first frame of an episode fills
   * the k slots with copies of the raw observation.
   */
  private overlayObs(obs: Tensor): Tensor {
    const x = obs.to("float32").contiguousData() as Float32Array;
    const k = this.overlayInput;
    if (this.overlay === null || this.overlay.last.length !== x.length) {
      this.overlay = { frames: Array.from({ length: k }, () => Float32Array.from(x)), last: Float32Array.from(x) };
    } else {
      const f = new Float32Array(x.length);
      const last = this.overlay.last;
      for (let i = 0; i < x.length; i++) f[i] = Math.max(last[i]! - x[i]!, 0);
      this.overlay.frames.shift();
      this.overlay.frames.push(f);
      this.overlay.last = Float32Array.from(x);
    }
    const out = new Float32Array(x.length);
    this.overlay.frames.forEach((f, i) => {
      const w = ((i + 1) / k) * this.encodeFactor;
      for (let j = 0; j < out.length; j++) out[j] = out[j]! + w * f[j]!;
    });
    return new Tensor(out, [...obs.shape], "float32");
  }

  /**
   * Every `plotInterval` steps: the observation every `plotConfig.obsStep` steps, spikes and
   * voltages every `plotConfig.dataStep` steps, the reward curve at the end of every
   * `plotConfig.rewardEps`-th episode; then the analyzer finalizes the step.
   */
  plots(gymBatch: GymBatch): void {
    const a = (this.pipelineAnalyzer ??= new FileAnalyzer());
    const [obs, , done] = gymBatch;
    const c = this.plotConfig;
    const n = this.stepCount;
    if (c.obsStep !== null && n % c.obsStep === 0) {
      // [1, C, H, W] → [C, H, W] → channels summed → [H, W]
      let o = obs.ndim === 4 ? obs.select(0, 0) : obs;
      if (o.ndim === 3) o = sum(o.to("float32"), 0);
      a.plotObs(o, { tag: "obs", step: n });
    }
    if (c.dataStep !== null && n % c.dataStep === 0) {
      a.plotSpikes(this.getSpikeData(), { step: n });
      const [v, th] = this.getVoltageData();
      a.plotVoltages(v, th, { step: n });
    }
    if (c.rewardEps !== null && done && this.episode % c.rewardEps === 0) {
      a.plotReward(this.rewardList, { tag: "reward", step: this.episode, rewardWindow: c.rewardWindow });
    }
    a.finalizeStep();
  }

  /**
   * Starts a new episode: `env.reset()`, network reset, `stepCount`, accumulated reward,
   * action history, reward delay FIFO, overlay and spike record cleared.
   */
  override resetStateVariables(): void {
    this.env.reset();
    super.resetStateVariables();
    this.accumulatedReward = 0;
    this.action = -1;
    this.lastAction = -1;
    this.actionCounter = 0;
    this.rewardQueue = this.emptyQueue();
    this.overlay = null;
    for (const k of Object.keys(this.spikeRecord)) this.spikeRecord[k] = zeros([this.timeSteps, this.network.layers[k]!.n]);
  }
}
