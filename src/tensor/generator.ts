/**
 * The seeded pseudo-random {@link Generator} behind every random function of src/tensor/random.ts,
 * the global generator (`manualSeed`, `defaultGenerator`) and the Poisson sampler.
 *
 * Algorithm: **xoshiro128\*\*** (Blackman & Vigna, 2018), a 128-bit-state generator with
 * 32-bit outputs and period 2^128 − 1, which needs only 32-bit integer operations
 * (`Math.imul`, shifts) and so is fast in JavaScript. A seed (any safe integer) is expanded
 * into the four state words by **splitmix64** (the seeding its authors recommend): the seed is
 * taken modulo 2^64 (two's complement for negatives), splitmix64 is run twice, and its two
 * 64-bit outputs give the words `s0 = lo(z1), s1 = hi(z1), s2 = lo(z2), s3 = hi(z2)`.
 *
 * Conversions to floating point, chosen so every value is exactly representable in the
 * target dtype and lies in [0, 1):
 * - float32: `(x >>> 8) · 2^-24` (24 random bits, like torch's float path);
 * - float64: 53 bits from two draws, `((a >>> 5) · 2^26 + (b >>> 6)) · 2^-53`;
 * - float16: `(x >>> 21) · 2^-11` (11 bits).
 */
import { ValueError, fmtValue } from "../errors.js";

const TWO_M53 = 2 ** -53;
const MASK64 = (1n << 64n) - 1n;
/** 2^-24 and 2^-11 scale the float32 and float16 conversions (also used by random.ts); 2^32 is one word's range. */
export const TWO_M24 = 2 ** -24;
export const TWO_M11 = 2 ** -11;
export const TWO_32 = 2 ** 32;

/** torch's default seed, used for the default generator until `manualSeed` is called. */
export const DEFAULT_SEED = 67280421310721;

/** A generator's complete state: enough to resume its stream exactly (JSON-serialisable). */
export interface GeneratorState {
  readonly algorithm: "xoshiro128**";
  /** The seed it was last seeded with (`initialSeed()`). */
  readonly seed: number;
  /** The four 32-bit state words, as unsigned integers. */
  readonly state: readonly [number, number, number, number];
}

function splitmix64(x: bigint): [bigint, bigint] {
  // returns [next state, output]
  const s = (x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  z = z ^ (z >> 31n);
  return [s, z];
}

function checkSeed(op: string, seed: unknown): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new ValueError(`${op}: seed is ${fmtValue(seed)}, expected a safe integer (|seed| < 2^53)`);
  }
  return seed;
}

/**
 * A seeded xoshiro128** pseudo-random generator (see the module comment for the algorithm).
 * Pass one as the `generator` option of the random functions, or use the global one through
 * {@link manualSeed} / {@link defaultGenerator}.
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private seedValue = DEFAULT_SEED;

  constructor(seed: number = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /** Re-seeds this generator (splitmix64 expansion of `seed`) and returns it. */
  manualSeed(seed: number): this {
    checkSeed("Generator.manualSeed", seed);
    const [x1, z1] = splitmix64(BigInt(seed) & MASK64);
    const [, z2] = splitmix64(x1);
    this.s0 = Number(z1 & 0xffffffffn);
    this.s1 = Number(z1 >> 32n);
    this.s2 = Number(z2 & 0xffffffffn);
    this.s3 = Number(z2 >> 32n);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
    this.seedValue = seed;
    return this;
  }

  /**
   * Seeds this generator with a fresh non-deterministic seed and returns that seed (torch's
   * `Generator.seed()`); use {@link initialSeed} to read the current seed.
   */
  seed(): number {
    let s: number;
    const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
    if (c?.getRandomValues) {
      const a = c.getRandomValues(new Uint32Array(2));
      s = (a[0]! & 0x1fffff) * TWO_32 + a[1]!;
    } else {
      s = Math.floor(Math.random() * 2 ** 53);
    }
    this.manualSeed(s);
    return s;
  }

  /** The seed this generator was last seeded with. */
  initialSeed(): number {
    return this.seedValue;
  }

  /** A copy of the state (resume with {@link setState}). */
  getState(): GeneratorState {
    return { algorithm: "xoshiro128**", seed: this.seedValue, state: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  /** Restores a state from {@link getState}; the stream continues exactly where it was. */
  setState(state: GeneratorState): this {
    const op = "Generator.setState";
    if (state === null || typeof state !== "object" || state.algorithm !== "xoshiro128**") {
      throw new ValueError(`${op}: state.algorithm is ${fmtValue(state?.algorithm)}, expected "xoshiro128**"`);
    }
    const w = state.state;
    if (!Array.isArray(w) || w.length !== 4 || !w.every((v) => Number.isInteger(v) && v >= 0 && v < TWO_32)) {
      throw new ValueError(`${op}: state.state is ${fmtValue(w)}, expected four unsigned 32-bit integers`);
    }
    if (w.every((v) => v === 0)) throw new ValueError(`${op}: state.state is [0, 0, 0, 0], expected a non-zero state`);
    checkSeed(op, state.seed);
    this.s0 = w[0]! | 0;
    this.s1 = w[1]! | 0;
    this.s2 = w[2]! | 0;
    this.s3 = w[3]! | 0;
    this.seedValue = state.seed;
    return this;
  }

  /** An independent generator in the same state. */
  clone(): Generator {
    return new Generator().setState(this.getState());
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = rotl(n3, 11);
    return r >>> 0;
  }

  /** A float32-exact uniform in [0, 1): 24 random bits times 2^-24. */
  nextFloat32(): number {
    return (this.nextUint32() >>> 8) * TWO_M24;
  }

  /** A float64 uniform in [0, 1) with 53 random bits (two draws). */
  nextFloat64(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * TWO_M53;
  }

  /** An unbiased integer in [0, bound) for 1 ≤ bound ≤ 2^32 (rejection sampling). */
  nextBelow(bound: number): number {
    // Reject the lowest (2^32 mod bound) values so every residue is equally likely.
    const threshold = (TWO_32 - bound) % bound;
    for (;;) {
      const r = this.nextUint32();
      if (r >= threshold) return r % bound;
    }
  }

  /** A standard normal sample (Box–Muller; uses two float64 uniforms, discards the pair's twin). */
  nextNormal(): number {
    const u1 = 1 - this.nextFloat64(); // (0, 1]: log is finite
    const u2 = this.nextFloat64();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * A Poisson(lam) sample (see {@link PoissonSampler}); `lam` must be finite and ≥ 0. To draw
   * many samples with one rate, build a `PoissonSampler` once.
   */
  nextPoisson(lam: number): number {
    return new PoissonSampler(lam).sample(this);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// log(k!) for k < 256 from a table, Stirling's series beyond (error < 1e-14 there).
const LOG_FACT = (() => {
  const t = new Float64Array(256);
  for (let k = 2; k < 256; k++) t[k] = t[k - 1]! + Math.log(k);
  return t;
})();

/** log(k!) */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACT[k]!;
  const x = k + 1;
  const ix = 1 / x;
  const ix2 = ix * ix;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + ix * (1 / 12 - ix2 * (1 / 360 - ix2 * (1 / 1260 - ix2 / 1680)));
}

/**
 * Samples Poisson(lam) with the constants for one rate computed once: inversion by
 * sequential search (one uniform) for lam < 10, Hörmann's PTRS (transformed rejection with
 * squeeze, 1993; numpy's choice) for lam ≥ 10, whose cost does not grow with lam.
 */
export class PoissonSampler {
  readonly lam: number;
  private readonly expNeg: number;
  private readonly loglam: number;
  private readonly a: number;
  private readonly b: number;
  private readonly vr: number;
  private readonly logInvalpha: number;

  constructor(lam: number) {
    if (!(lam >= 0) || !Number.isFinite(lam)) throw new ValueError(`PoissonSampler: lam is ${fmtValue(lam)}, expected a finite number >= 0`);
    this.lam = lam;
    this.expNeg = Math.exp(-lam);
    const slam = Math.sqrt(lam);
    this.loglam = Math.log(lam);
    this.b = 0.931 + 2.53 * slam;
    this.a = -0.059 + 0.02483 * this.b;
    this.vr = 0.9277 - 3.6224 / (this.b - 2);
    this.logInvalpha = Math.log(1.1239 + 1.1328 / (this.b - 3.4));
  }

  sample(g: Generator): number {
    const lam = this.lam;
    if (lam === 0) return 0;
    if (lam < 10) {
      const u = g.nextFloat64();
      let p = this.expNeg;
      let f = p;
      let k = 0;
      // the k < 1000 guard stops float round-off from looping when u is within 1e-16 of 1
      while (u >= f && k < 1000) {
        k++;
        p *= lam / k;
        f += p;
      }
      return k;
    }
    const { a, b, vr, loglam, logInvalpha } = this;
    for (;;) {
      const u = g.nextFloat64() - 0.5;
      const v = g.nextFloat64();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + logInvalpha - Math.log(a / (us * us) + b) <= -lam + k * loglam - logFactorial(k)) return k;
    }
  }
}

let globalGenerator = new Generator();

/** The global generator used when no `generator` option is given. */
export function defaultGenerator(): Generator {
  return globalGenerator;
}

/** Seeds the global generator (torch.manual_seed) and returns it. */
export function manualSeed(seed: number): Generator {
  checkSeed("manualSeed", seed);
  return globalGenerator.manualSeed(seed);
}

/** Replaces the global generator (e.g. with a restored one); returns the previous one. */
export function setDefaultGenerator(g: Generator): Generator {
  if (!(g instanceof Generator)) throw new ValueError(`setDefaultGenerator: g is ${fmtValue(g)}, expected a Generator`);
  const prev = globalGenerator;
  globalGenerator = g;
  return prev;
}
