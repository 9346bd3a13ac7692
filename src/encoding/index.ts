/** Spike encodings, encoder objects and loader generators (BindsNET's `bindsnet.encoding`). */
export {
  type EncodingOptions,
  type SingleOptions,
  type RandomEncodingOptions,
  type BernoulliOptions,
  type PoissonOptions,
  single,
  repeat,
  bernoulli,
  poisson,
  rankOrder,
  quantile,
  timeSteps,
} from "./encodings.js";
export {
  Encoder,
  type TimedEncoderOptions,
  type SingleEncoderOptions,
  type BernoulliEncoderOptions,
  type PoissonEncoderOptions,
  NullEncoder,
  SingleEncoder,
  RepeatEncoder,
  BernoulliEncoder,
  PoissonEncoder,
  RankOrderEncoder,
} from "./encoders.js";
export { type LoaderData, bernoulliLoader, poissonLoader, rankOrderLoader } from "./loaders.js";
