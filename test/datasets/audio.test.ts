import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { encodeWav16, logMelFeatures, parseWav } from "../../src/datasets/audio.js";
import { ValueError } from "../../src/errors.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/datasets/logmel.json", import.meta.url), "utf8")) as {
  sr: number;
  n: number;
  frames: number;
  nfilt: number;
  features: number[];
};

/** The synthetic signal of scripts/gen-spoken-mnist-fixture.py (numpy rounds half to even). */
function signal(n: number, sr: number): Float64Array {
  const out = new Float64Array(n);
  const rint = (v: number): number => {
    const r = Math.round(v);
    return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  };
  for (let t = 0; t < n; t++) {
    out[t] = t < 40 ? 0 : rint(8000 * Math.sin((2 * Math.PI * 440 * t) / sr) + 3000 * Math.sin((2 * Math.PI * 1800 * t) / sr) * (t % 300 < 150 ? 1 : 0));
  }
  return out;
}

describe("logMelFeatures", () => {
  it("matches numpy's implementation of the reference pipeline to 1e-6 dB", () => {
    const f = logMelFeatures(signal(fx.n, fx.sr), fx.sr);
    expect([f.frames, f.nfilt]).toEqual([fx.frames, fx.nfilt]);
    let maxErr = 0;
    f.data.forEach((v, i) => (maxErr = Math.max(maxErr, Math.abs(v - fx.features[i]!))));
    expect(maxErr).toBeLessThan(1e-6);
  });

  it("gives ceil(|len - 200| / 80) frames at 8 kHz and eps-floored energies for silence", () => {
    expect(logMelFeatures(new Float64Array(4000), 8000).frames).toBe(48);
    const silent = logMelFeatures(new Float64Array(300), 8000);
    expect(silent.frames).toBe(2);
    expect(silent.data[0]).toBeCloseTo(20 * Math.log10(Number.EPSILON), 9);
    expect(() => logMelFeatures([1, 2], 8000, { nfft: 500 })).toThrow(/logMelFeatures: nfft is 500, expected a power of two/);
  });
});

describe("parseWav / encodeWav16", () => {
  it("round-trips 16-bit mono PCM", () => {
    const wav = parseWav(encodeWav16([0, 1, -1, 32767, -32768, 1234], 8000));
    expect([wav.sampleRate, wav.channels, wav.bitsPerSample]).toEqual([8000, 1, 16]);
    expect(Array.from(wav.samples)).toEqual([0, 1, -1, 32767, -32768, 1234]);
  });

  it("rejects non-WAV and truncated files", () => {
    expect(() => parseWav(new Uint8Array(20), "x.wav")).toThrow(ValueError);
    expect(() => parseWav(new Uint8Array(20), "x.wav")).toThrow(/parseWav: x\.wav starts with .*expected a RIFF\/WAVE header/);
    const w = encodeWav16([1, 2, 3, 4], 8000);
    expect(() => parseWav(w.subarray(0, w.length - 2), "t.wav")).toThrow(/t\.wav is truncated: data chunk of 8 bytes, only 6 present/);
    const noData = w.slice(0, 36);
    expect(() => parseWav(noData, "n.wav")).toThrow(/n\.wav has no data chunk/);
  });
});
