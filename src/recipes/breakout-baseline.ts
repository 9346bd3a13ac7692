/**
 * BindsNET's examples/breakout/random_baseline.py as a recipe: uniformly random actions in
 * {@link BreakoutEnvironment} for `nSteps` steps, episodes restarting when one ends. It reports
 * the reward of every `printInterval`-step window with the running mean of all windows so far
 * (the reference divided by an off-by-one count), and every episode's length and reward.
 *
 * One generator (seeded by `seed`) draws the actions and the game's serves. The abort signal is
 * checked after every step; a checkpoint holds no network, only the game, the generator and
 * the tallies, and a resumed run prints and returns what an uninterrupted one does.
 * `checkpointEvery` counts steps.
 */
import { BreakoutEnvironment } from "../environment/breakout.js";
import { Generator } from "../tensor/random.js";
import { type BreakoutEnvState, type EpisodeSummary, breakoutEnvState, meanOf, setBreakoutEnvState } from "./breakout.js";
import { RecipeRun, makeConfig } from "./common.js";
import type { Recipe, RecipeContext } from "./types.js";

export interface BreakoutBaselineConfig {
  /** Seeds the actions and the game. */
  seed: number;
  /** Environment steps in all (the reference's -n). */
  nSteps: number;
  /** Step limit of an episode. */
  maxSteps: number;
  /** Steps per reward window (one log line each). */
  printInterval: number;
  /** Render every step (returns the frame; no window). */
  render: boolean;
}

export interface BreakoutBaselineResult {
  /** Finished episodes. */
  episodes: EpisodeSummary[];
  /** Reward of every full window of `printInterval` steps. */
  windowRewards: number[];
  meanLength: number | null;
  meanReward: number | null;
  /** Steps played. */
  steps: number;
}

interface State {
  steps: number;
  windowSum: number;
  windowRewards: number[];
  episodes: EpisodeSummary[];
  epReward: number;
  epSteps: number;
  env: BreakoutEnvState;
}

const NAME = "breakout-random-baseline";
const defaults: BreakoutBaselineConfig = { seed: 0, nSteps: 1000000, maxSteps: 10000, printInterval: 100, render: false };

const fmtReward = (r: number): string => (Number.isInteger(r) ? String(r) : r.toFixed(2));

export const breakoutRandomBaseline: Recipe<BreakoutBaselineConfig, BreakoutBaselineResult> = {
  name: NAME,
  summary: "Breakout with uniformly random actions: reward per 100 steps, its running mean, episode lengths.",
  defaults,
  config: (partial) =>
    makeConfig(NAME, defaults, partial, {
      seed: { int: true, min: 0 },
      nSteps: { int: true, min: 1 },
      maxSteps: { int: true, min: 1 },
      printInterval: { int: true, min: 1 },
    }),

  async run(config: BreakoutBaselineConfig, ctx: RecipeContext = {}) {
    const c = breakoutRandomBaseline.config(config);
    const run = new RecipeRun<State>(NAME, { ...c }, ctx);
    const ck = await run.resume();
    const env = new BreakoutEnvironment({ rng: new Generator(c.seed), maxSteps: c.maxSteps });
    let st: State;
    if (ck) {
      st = ck.header.state;
      setBreakoutEnvState(env, st.env);
    } else {
      st = { steps: 0, windowSum: 0, windowRewards: [], episodes: [], epReward: 0, epSteps: 0, env: breakoutEnvState(env) };
    }
    const nA = env.actionSpace.n;
    const win = c.printInterval;
    run.emit({ type: "start", recipe: NAME, config: { ...c }, resumed: ck !== null });
    run.emit({ type: "phase", recipe: NAME, phase: "run", total: c.nSteps });
    const state = (): State => ({ ...st, env: breakoutEnvState(env) });
    const finish = (aborted: boolean) => {
      const result: BreakoutBaselineResult = {
        episodes: st.episodes,
        windowRewards: st.windowRewards,
        meanLength: meanOf(st.episodes.map((e) => e.steps)),
        meanReward: meanOf(st.episodes.map((e) => e.reward)),
        steps: st.steps,
      };
      run.emit({ type: "done", recipe: NAME, result: { ...result }, aborted });
      return { ...result, aborted };
    };
    if (run.aborted && st.steps < c.nSteps) {
      await run.save(null, state(), "run", st.steps);
      return finish(true);
    }
    while (st.steps < c.nSteps) {
      const [, reward, done] = env.step(env.rng.nextBelow(nA));
      if (c.render) env.render();
      st.steps += 1;
      st.windowSum += reward;
      st.epReward += reward;
      st.epSteps += 1;
      if (st.steps % win === 0) {
        st.windowRewards.push(st.windowSum);
        const mean = meanOf(st.windowRewards)!;
        run.log(`Step ${st.steps}: reward ${fmtReward(st.windowSum)} over the last ${win} steps, average ${mean.toFixed(2)}`);
        st.windowSum = 0;
      }
      if (run.wants("frame", st.steps)) run.snapshot("frame", [80, 80], env.render().contiguousData());
      if (done) {
        const ep = { reward: st.epReward, steps: st.epSteps };
        st.episodes.push(ep);
        run.emit({ type: "episode", recipe: NAME, index: st.episodes.length, total: 0, reward: ep.reward, steps: ep.steps });
        env.reset();
        st.epReward = 0;
        st.epSteps = 0;
      }
      if (await run.afterSample(null, state, "run", st.steps)) return finish(true);
    }
    await run.save(null, state(), "done", st.steps);
    return finish(false);
  },
};
