/**
 * BindsNET's examples/breakout network agents as recipes: `breakout-random-network`
 * (random_network_baseline.py: LIF with Hebbian output weights, multinomial actions),
 * `breakout` (breakout.py: a fixed random Izhikevich network, softmax actions) and
 * `breakout-stdp` (breakout_stdp.py: MSTDP on the hidden→output weights; training episodes,
 * then test episodes with learning off). They play {@link BreakoutEnvironment}, the
 * project's TypeScript Breakout (80×80 binary frames, actions NOOP/FIRE/RIGHT/LEFT, clipped
 * rewards, 5 lives), through an {@link EnvironmentPipeline} with Bernoulli-encoded frames.
 *
 * An episode can last thousands of steps (about 10 s at the defaults), so the abort signal is
 * checked after every environment step: a checkpoint then holds the network (every state
 * variable), the pipeline's action history and generator, the game (bricks, paddle, ball,
 * lives, generator) and the episode's progress, and a resumed run ends with the same network
 * bytes as an uninterrupted one. `checkpointEvery` counts environment steps.
 *
 * Browser-safe: no file I/O. Pipeline plots go to `context.pipelineAnalyzer` when given.
 */
import type { PipelineAnalyzer } from "../analysis/pipeline-analysis.js";
import { bernoulli } from "../encoding/encodings.js";
import { type Ball, BreakoutEnvironment } from "../environment/breakout.js";
import { Hebbian } from "../learning/hebbian.js";
import { MSTDP } from "../learning/mstdp.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { IzhikevichNodes } from "../network/nodes/izhikevich.js";
import { LIFNodes } from "../network/nodes/lif.js";
import { Connection } from "../network/topology/connection.js";
import { type ActionFunction, selectMultinomial, selectSoftmax } from "../pipeline/action.js";
import { EnvironmentPipeline, type EncodingFn } from "../pipeline/environment-pipeline.js";
import { type GeneratorState, manualSeed, rand } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { RecipeRun, loadCheckpointNetwork, makeConfig } from "./common.js";
import type { Recipe, RecipeContext } from "./types.js";

export type BreakoutVariant = "breakout-random-network" | "breakout" | "breakout-stdp";

export interface BreakoutConfig {
  /** Seeds the network (global generator), the game and the pipeline (seed + 1). */
  seed: number;
  /** Training episodes (the agent learns, except `breakout`, which has no learning). */
  nEpisodes: number;
  /** Test episodes after training, with learning off. */
  nTest: number;
  /** Hidden neurons. */
  nNeurons: number;
  /** Simulation step (ms). */
  dt: number;
  /** Simulation time per environment step (ms). */
  time: number;
  /** Step limit of an episode. */
  maxSteps: number;
  /** Steps between pipeline plots (only with `context.pipelineAnalyzer`). */
  plotInterval: number;
  /** Steps between `env.render()` calls (the frame; no window). */
  renderInterval: number;
  /** Steps between the pipeline's "Iteration" log lines (0: off). */
  printInterval: number;
}

/** One finished episode. */
export interface EpisodeSummary {
  reward: number;
  steps: number;
}

export interface BreakoutResult {
  train: EpisodeSummary[];
  test: EpisodeSummary[];
  /** Mean episode reward of each phase (null: no episode). */
  meanReward: { train: number | null; test: number | null };
  /** Environment steps played in all (both phases, every invocation). */
  steps: number;
}

/** A Breakout run's context: optionally, where the pipeline's plots go. */
export interface BreakoutContext extends RecipeContext {
  pipelineAnalyzer?: PipelineAnalyzer | null;
}

/** A recipe whose context has fields of its own (sinks a browser need not give). */
export interface RecipeWith<C extends object, R extends object, X extends RecipeContext> extends Recipe<C, R> {
  run(config: C, context?: X): Promise<R & { aborted: boolean }>;
}

/** The layer names of every Breakout network. */
export const BREAKOUT_LAYERS = { input: "Input Layer", hidden: "Hidden Layer", output: "Output Layer" } as const;

const base: Omit<BreakoutConfig, "nEpisodes" | "nTest" | "plotInterval" | "printInterval"> = { seed: 0, nNeurons: 100, dt: 1.0, time: 100, maxSteps: 10000, renderInterval: 10 };

export const breakoutDefaults: Readonly<Record<BreakoutVariant, Readonly<BreakoutConfig>>> = {
  "breakout-random-network": { ...base, nEpisodes: 1000000, nTest: 0, plotInterval: 10, printInterval: 100 },
  breakout: { ...base, nEpisodes: 100, nTest: 0, plotInterval: 1, printInterval: 0 },
  "breakout-stdp": { ...base, nEpisodes: 100, nTest: 100, plotInterval: 1, printInterval: 0 },
};

// ---------------------------------------------------------------- game state (shared with the baseline)

/** Everything a {@link BreakoutEnvironment} needs to continue an episode. */
export interface BreakoutEnvState {
  bricks: number[];
  paddle: number;
  ball: Ball | null;
  lives: number;
  score: number;
  steps: number;
  rng: GeneratorState;
}

export function breakoutEnvState(env: BreakoutEnvironment): BreakoutEnvState {
  return { bricks: Array.from(env.bricks), paddle: env.paddle, ball: env.ball ? { ...env.ball } : null, lives: env.lives, score: env.score, steps: env.steps, rng: env.rng.getState() };
}

/** Puts `env` back into state `s` (the frame is redrawn by the next step). */
export function setBreakoutEnvState(env: BreakoutEnvironment, s: BreakoutEnvState): void {
  env.bricks.set(s.bricks);
  env.paddle = s.paddle;
  env.ball = s.ball ? { ...s.ball } : null;
  env.lives = s.lives;
  env.score = s.score;
  env.steps = s.steps;
  env.rng.setState(s.rng);
}

/** The mean of a list, or null when empty. */
export function meanOf(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

// ---------------------------------------------------------------- networks

interface Agent {
  network: Network;
  action: ActionFunction<EnvironmentPipeline>;
}

const { input: IN, hidden: HID, output: OUT } = BREAKOUT_LAYERS;

/** random_network_baseline.py: Input 80×80 → LIF(n, refrac 0) [w 0.1·U, wmax 0.02, norm 0.01·6400] → LIF(4) [Hebbian, norm 50]. */
function randomNetwork(c: BreakoutConfig): Network {
  const net = new Network({ dt: c.dt });
  const X = new Input({ n: 6400, shape: [80, 80], traces: true });
  const H = new LIFNodes({ n: c.nNeurons, refrac: 0, traces: true });
  const Y = new LIFNodes({ n: 4, refrac: 0, traces: true });
  net.addLayer(X, IN).addLayer(H, HID).addLayer(Y, OUT);
  const w = rand([6400, c.nNeurons]);
  const d = w.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = Math.fround(0.1 * d[i]!);
  net.addConnection(new Connection({ source: X, target: H, w, wmax: 0.02, norm: 0.01 * 6400 }), IN, HID);
  net.addConnection(new Connection({ source: H, target: Y, updateRule: Hebbian, nu: [1e-2, 1e-2], norm: 50 }), HID, OUT);
  return net;
}

/** breakout.py: Input 80·80 → Izhikevich(n) → Izhikevich(4), U[0, 1) weights, no learning. */
function izhikevichNetwork(c: BreakoutConfig): Network {
  const net = new Network({ dt: c.dt, learning: false });
  const X = new Input({ n: 6400, shape: [80, 80] });
  const H = new IzhikevichNodes({ n: c.nNeurons });
  const Y = new IzhikevichNodes({ n: 4 });
  net.addLayer(X, IN).addLayer(H, HID).addLayer(Y, OUT);
  net.addConnection(new Connection({ source: X, target: H, w: rand([6400, c.nNeurons]) }), IN, HID);
  net.addConnection(new Connection({ source: H, target: Y, w: rand([c.nNeurons, 4]) }), HID, OUT);
  return net;
}

/** breakout_stdp.py: Input 80×80 → LIF(n) [wmax 0.1] → LIF(4, refrac 0) [MSTDP nu 0.1, wmax 1, norm 0.5·n]. */
function stdpNetwork(c: BreakoutConfig): Network {
  const net = new Network({ dt: c.dt });
  const X = new Input({ n: 6400, shape: [80, 80], traces: true });
  const H = new LIFNodes({ n: c.nNeurons, traces: true });
  const Y = new LIFNodes({ n: 4, refrac: 0, traces: true });
  net.addLayer(X, IN).addLayer(H, HID).addLayer(Y, OUT);
  net.addConnection(new Connection({ source: X, target: H, wmin: 0, wmax: 1e-1 }), IN, HID);
  net.addConnection(new Connection({ source: H, target: Y, wmin: 0, wmax: 1, updateRule: MSTDP, nu: 1e-1, norm: 0.5 * H.n }), HID, OUT);
  return net;
}

function agentOf(variant: BreakoutVariant, c: BreakoutConfig, restored: Network | null): Agent {
  if (variant === "breakout") return { network: restored ?? izhikevichNetwork(c), action: selectSoftmax };
  if (variant === "breakout-stdp") return { network: restored ?? stdpNetwork(c), action: selectSoftmax };
  return { network: restored ?? randomNetwork(c), action: selectMultinomial };
}

/** The hidden→output weights (the plotted and snapshotted matrix). */
export function breakoutReadout(network: Network): Connection {
  return network.connections.get(HID, OUT) as Connection;
}

/** Bernoulli encoding of the frames (the reference's `encoding=bernoulli`). */
const bernoulliEncoding: EncodingFn = (datum, time, opts) => bernoulli(datum, time, opts);

// ---------------------------------------------------------------- run state

/** The pipeline's state within an episode. */
interface PipeState {
  stepCount: number;
  action: number;
  lastAction: number;
  actionCounter: number;
  accumulatedReward: number;
  spikeRecord: number[];
  generator: GeneratorState;
}

interface State {
  phase: "train" | "test";
  /** Episodes finished in this phase. */
  episode: number;
  train: EpisodeSummary[];
  test: EpisodeSummary[];
  steps: number;
  /** The game's and the pipeline's generators (they carry over from episode to episode). */
  rng: { env: GeneratorState; pipe: GeneratorState } | null;
  /** The episode in progress (null between episodes). */
  current: { reward: number; steps: number; pipe: PipeState; env: BreakoutEnvState } | null;
}

function pipeState(p: EnvironmentPipeline): PipeState {
  const rec = p.spikeRecord[OUT]!;
  return {
    stepCount: p.stepCount,
    action: p.action,
    lastAction: p.lastAction,
    actionCounter: p.actionCounter,
    accumulatedReward: p.accumulatedReward,
    spikeRecord: Array.from(rec.contiguousData(), Number),
    generator: p.generator.getState(),
  };
}

function setPipeState(p: EnvironmentPipeline, s: PipeState): void {
  p.stepCount = s.stepCount;
  p.action = s.action;
  p.lastAction = s.lastAction;
  p.actionCounter = s.actionCounter;
  p.accumulatedReward = s.accumulatedReward;
  p.spikeRecord[OUT] = new Tensor(Float32Array.from(s.spikeRecord), [p.timeSteps, 4], "float32");
  p.generator.setState(s.generator);
}

// ---------------------------------------------------------------- the recipes

function makeBreakout(variant: BreakoutVariant, summary: string): RecipeWith<BreakoutConfig, BreakoutResult, BreakoutContext> {
  const defaults = breakoutDefaults[variant];
  const recipe: RecipeWith<BreakoutConfig, BreakoutResult, BreakoutContext> = {
    name: variant,
    summary,
    defaults,
    config: (partial) =>
      makeConfig(variant, defaults, partial, {
        seed: { int: true, min: 0 },
        nEpisodes: { int: true, min: 0 },
        nTest: { int: true, min: 0 },
        nNeurons: { int: true, min: 1 },
        dt: { min: 0.001 },
        time: { min: 0.001 },
        maxSteps: { int: true, min: 1 },
        plotInterval: { int: true, min: 1 },
        renderInterval: { int: true, min: 1 },
        printInterval: { int: true, min: 0 },
      }),

    async run(config: BreakoutConfig, ctx: BreakoutContext = {}) {
      const c = recipe.config(config);
      const run = new RecipeRun<State>(variant, { ...c }, ctx);
      const ck = await run.resume();
      let st: State;
      let restored: Network | null = null;
      if (ck) {
        restored = loadCheckpointNetwork(ck.network);
        st = ck.header.state;
      } else {
        manualSeed(c.seed);
        st = { phase: "train", episode: 0, train: [], test: [], steps: 0, rng: null, current: null };
      }
      const { network, action } = agentOf(variant, c, restored);
      const env = new BreakoutEnvironment({ seed: c.seed, maxSteps: c.maxSteps });
      const analyzer = ctx.pipelineAnalyzer ?? null;
      const p = new EnvironmentPipeline(network, env, {
        encoding: bernoulliEncoding,
        actionFunction: action,
        output: OUT,
        time: c.time,
        seed: c.seed + 1,
        renderInterval: c.renderInterval,
        printInterval: c.printInterval > 0 ? c.printInterval : null,
        plotInterval: analyzer ? c.plotInterval : null,
        plotConfig: analyzer ? { dataStep: true, dataLength: 100, obsStep: 1, rewardEps: 1 } : { dataStep: false },
        pipelineAnalyzer: analyzer,
        log: (line) => run.log(line),
      });
      if (st.rng) {
        env.rng.setState(st.rng.env);
        p.generator.setState(st.rng.pipe);
      }
      for (const e of st.train) p.rewardList.push(e.reward);
      for (const e of st.test) p.rewardList.push(e.reward);
      run.emit({ type: "start", recipe: variant, config: { ...c }, resumed: ck !== null });

      const finish = (aborted: boolean) => {
        const result: BreakoutResult = { train: st.train, test: st.test, meanReward: { train: meanOf(st.train.map((e) => e.reward)), test: meanOf(st.test.map((e) => e.reward)) }, steps: st.steps };
        run.emit({ type: "done", recipe: variant, result: { ...result }, aborted });
        return { ...result, aborted };
      };
      const state = (): State => ({
        ...st,
        rng: { env: env.rng.getState(), pipe: p.generator.getState() },
        current: st.current ? { ...st.current, pipe: pipeState(p), env: breakoutEnvState(env) } : null,
      });
      const readout = breakoutReadout(network);

      for (const phase of ["train", "test"] as const) {
        if (phase === "train" && st.phase === "test") continue;
        if (phase === "test" && c.nTest === 0) break;
        if (phase === "test" && st.phase === "train") {
          st = { ...st, phase: "test", episode: 0 };
          network.train(false);
        }
        const total = phase === "train" ? c.nEpisodes : c.nTest;
        run.emit({ type: "phase", recipe: variant, phase, total });
        while (st.episode < total) {
          if (run.aborted) {
            await run.save(network, state(), phase, st.steps);
            return finish(true);
          }
          if (st.current === null) {
            p.resetStateVariables();
            st.current = { reward: 0, steps: 0, pipe: pipeState(p), env: breakoutEnvState(env) };
          } else {
            // resumed within an episode
            setPipeState(p, st.current.pipe);
            setBreakoutEnvState(env, st.current.env);
          }
          const cur = st.current;
          for (let done = false; !done; ) {
            const batch = p.envStep();
            p.step(batch);
            cur.reward += batch[1];
            cur.steps += 1;
            st.steps += 1;
            done = batch[2];
            if (run.wants("frame", st.steps)) run.snapshot("frame", [80, 80], env.render().contiguousData());
            if (run.wants("weights", st.steps)) run.snapshot("weights", [c.nNeurons, 4], readout.w.contiguousData());
            if (done) {
              const ep = { reward: cur.reward, steps: cur.steps };
              st[phase].push(ep);
              st.episode += 1;
              st.current = null;
              run.emit({ type: "episode", recipe: variant, phase, index: st.episode, total, reward: ep.reward, steps: ep.steps });
            }
            if (await run.afterSample(network, state, phase, st.steps)) return finish(true);
          }
        }
      }
      await run.save(network, state(), "done", st.steps);
      return finish(false);
    },
  };
  return recipe;
}

export const breakoutRandomNetwork = makeBreakout(
  "breakout-random-network",
  "Breakout played by Input 80x80 → LIF(100) → LIF(4) with Hebbian output weights, Bernoulli frames, multinomial actions.",
);
export const breakout = makeBreakout("breakout", "Breakout played by a fixed random Izhikevich network (100 → 4), softmax actions, no learning.");
export const breakoutStdp = makeBreakout(
  "breakout-stdp",
  "Breakout with reward-modulated STDP (MSTDP) on the hidden→output weights: training episodes, then test episodes with learning off.",
);
