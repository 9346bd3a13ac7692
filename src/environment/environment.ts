/**
 * The environment interface of BindsNET's `environment` module: what a reinforcement-learning
 * task offers a spiking network (and what `EnvironmentPipeline` drives). BindsNET wraps
 * OpenAI Gym; this port ships its environments in TypeScript (no Gym/Atari offline), and any
 * object with these methods can be used, e.g. an adapter to a user's own simulator.
 */
import type { Tensor } from "../tensor/tensor.js";

/** Extra information returned by `step` (BindsNET's `info` dict). */
export type EnvInfo = Record<string, unknown>;

/** `[obs, reward, done, info]`, as BindsNET's `step` returns. */
export type StepResult = [obs: Tensor, reward: number, done: boolean, info: EnvInfo];

/** A discrete action space: actions are the integers 0 … n − 1. */
export interface DiscreteSpace {
  readonly n: number;
}

/** BindsNET's abstract `Environment`. */
export abstract class Environment {
  /** The actions the environment accepts. */
  abstract readonly actionSpace: DiscreteSpace;
  /** Applies `action` and returns the next observation, the reward, whether the episode ended, and extra information. */
  abstract step(action: number): StepResult;
  /** Starts a new episode and returns its first observation. */
  abstract reset(): Tensor;
  /** Draws the current state (environments return an image, text or nothing). */
  abstract render(): unknown;
  /** Releases what the environment holds. */
  abstract close(): void;
  /** Preprocesses the current observation (the reference's hook; a no-op by default here). */
  preprocess(): void {}
}
