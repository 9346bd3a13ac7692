/**
 * Audio for SpokenMNIST, pure (runs in a browser): a WAV parser and the log-mel filter-bank
 * features the reference computes for each recording.
 */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";

/** A decoded WAV file. Samples keep their integer values (like scipy.io.wavfile.read). */
export interface Wav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Interleaved samples; PCM as integers (int16: -32768..32767), IEEE float as is. */
  samples: Float64Array;
}

function ascii(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** Parses a RIFF/WAVE file: PCM 8/16/24/32-bit or IEEE float 32/64-bit. */
export function parseWav(bytes: Uint8Array, name = "bytes"): Wav {
  const op = "parseWav";
  if (bytes.length < 12 || ascii(bytes, 0) !== "RIFF" || ascii(bytes, 8) !== "WAVE") {
    throw new ValueError(`${op}: ${name} starts with ${fmtValue(bytes.length >= 4 ? ascii(bytes, 0) : "")}, expected a RIFF/WAVE header`);
  }
  // eslint-disable-next-line no-restricted-syntax -- transient: read within this call; bytes are a file's, not tensor storage
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { format: number; channels: number; rate: number; bits: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) throw new ValueError(`${op}: ${name} has a fmt chunk of ${size} bytes, expected at least 16`);
      let format = view.getUint16(body, true);
      if (format === 0xfffe && size >= 26) format = view.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE
      fmt = { format, channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === "data") {
      if (fmt === null) throw new ValueError(`${op}: ${name} has its data chunk before the fmt chunk, expected fmt first`);
      if (body + size > bytes.length) throw new ValueError(`${op}: ${name} is truncated: data chunk of ${size} bytes, only ${bytes.length - body} present`);
      const { format, channels, rate, bits } = fmt;
      // the sample format is checked before the samples are allocated
      if (!((format === 1 && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) || (format === 3 && (bits === 32 || bits === 64)))) {
        throw new ValueError(`${op}: ${name} has format ${format} with ${bits} bits, expected PCM (1) 8/16/24/32-bit or float (3) 32/64-bit`);
      }
      const bps = bits / 8;
      const n = Math.floor(size / bps);
      const out = new Float64Array(n);
      if (format === 1 && bits === 8) for (let i = 0; i < n; i++) out[i] = bytes[body + i]!; // unsigned, as scipy
      else if (format === 1 && bits === 16) for (let i = 0; i < n; i++) out[i] = view.getInt16(body + 2 * i, true);
      else if (format === 1 && bits === 24) {
        for (let i = 0; i < n; i++) {
          const p = body + 3 * i;
          out[i] = ((bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16)) << 8) >> 8;
        }
      } else if (format === 1 && bits === 32) for (let i = 0; i < n; i++) out[i] = view.getInt32(body + 4 * i, true);
      else if (format === 3 && bits === 32) for (let i = 0; i < n; i++) out[i] = view.getFloat32(body + 4 * i, true);
      else if (format === 3 && bits === 64) for (let i = 0; i < n; i++) out[i] = view.getFloat64(body + 8 * i, true);
      else throw new ValueError(`${op}: ${name} has format ${format} with ${bits} bits, expected PCM (1) 8/16/24/32-bit or float (3) 32/64-bit`);
      return { sampleRate: rate, channels, bitsPerSample: bits, samples: out };
    }
    at = body + size + (size % 2); // chunks are word-aligned
  }
  throw new ValueError(`${op}: ${name} has no ${fmt === null ? "fmt chunk" : "data chunk"}, expected fmt and data chunks`);
}

/** Encodes mono 16-bit PCM samples as a WAV file (for tests and small tools). */
export function encodeWav16(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  const n = samples.length;
  const out = new Uint8Array(44 + 2 * n);
  const v = new DataView(out.buffer);
  const w = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  w(0, "RIFF");
  v.setUint32(4, 36 + 2 * n, true);
  w(8, "WAVE");
  w(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  w(36, "data");
  v.setUint32(40, 2 * n, true);
  for (let i = 0; i < n; i++) v.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(samples[i]!))), true);
  return out;
}

/** In-place iterative radix-2 complex FFT; `re.length` must be a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/** Options of `logMelFeatures` (the reference's constants as defaults). */
export interface LogMelOptions {
  preEmphasis?: number;
  /** Frame length in seconds (default 0.025). */
  frameSize?: number;
  /** Frame step in seconds (default 0.01). */
  frameStride?: number;
  /** FFT size (default 512, a power of two). */
  nfft?: number;
  /** Number of mel filters (default 40). */
  nfilt?: number;
}

/**
 * The reference's SpokenMNIST features: pre-emphasis `y[n] = x[n] - 0.97 x[n-1]`; frames of
 * `round(0.025 sr)` samples every `round(0.01 sr)`, `ceil(|len - frameLen| / step)` frames,
 * zero-padded; Hamming window; power spectrum `|rfft(frame, 512)|^2 / 512`; 40 triangular mel
 * filters between 0 and `2595 log10(1 + (sr/2)/700)` mel with FFT bins
 * `floor((nfft + 1) hz / sr)`; zero energies replaced by float64 epsilon; `20 log10`.
 * Returns `[frames, nfilt]` row-major (float64).
 */
export function logMelFeatures(signal: ArrayLike<number>, sampleRate: number, opts: LogMelOptions = {}): { frames: number; nfilt: number; data: Float64Array } {
  const op = "logMelFeatures";
  checkOptions(op, opts, ["preEmphasis", "frameSize", "frameStride", "nfft", "nfilt"]);
  opts ??= {};
  const pre = opts.preEmphasis ?? 0.97;
  const nfft = opts.nfft ?? 512;
  const nfilt = opts.nfilt ?? 40;
  if (!(sampleRate > 0)) throw new ValueError(`${op}: sampleRate is ${fmtValue(sampleRate)}, expected a positive number`);
  if (!Number.isInteger(nfft) || nfft < 2 || (nfft & (nfft - 1)) !== 0) throw new ValueError(`${op}: nfft is ${fmtValue(nfft)}, expected a power of two`);
  const frameLen = Math.round((opts.frameSize ?? 0.025) * sampleRate);
  const step = Math.round((opts.frameStride ?? 0.01) * sampleRate);
  if (frameLen < 1 || step < 1) throw new ValueError(`${op}: frames of ${frameLen} samples every ${step}, expected at least 1 sample each`);
  const len = signal.length;
  const emph = new Float64Array(len);
  for (let i = 0; i < len; i++) emph[i] = i === 0 ? signal[0]! : signal[i]! - pre * signal[i - 1]!;
  const frames = Math.ceil(Math.abs(len - frameLen) / step);
  const window = new Float64Array(frameLen);
  for (let n = 0; n < frameLen; n++) window[n] = frameLen === 1 ? 1 : 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (frameLen - 1));
  // Mel filter bank [nfilt, nfft/2 + 1].
  const nbins = nfft / 2 + 1;
  const highMel = 2595 * Math.log10(1 + sampleRate / 2 / 700);
  const bin = new Float64Array(nfilt + 2);
  for (let m = 0; m < nfilt + 2; m++) {
    const mel = (highMel * m) / (nfilt + 1);
    const hz = 700 * (10 ** (mel / 2595) - 1);
    bin[m] = Math.floor(((nfft + 1) * hz) / sampleRate);
  }
  const fbank = new Float64Array(nfilt * nbins);
  for (let m = 1; m <= nfilt; m++) {
    const l = bin[m - 1]!;
    const c = bin[m]!;
    const r = bin[m + 1]!;
    for (let k = l; k < c; k++) fbank[(m - 1) * nbins + k] = (k - l) / (c - l);
    for (let k = c; k < r; k++) fbank[(m - 1) * nbins + k] = (r - k) / (r - c);
  }
  const out = new Float64Array(frames * nfilt);
  const re = new Float64Array(nfft);
  const im = new Float64Array(nfft);
  const power = new Float64Array(nbins);
  const used = Math.min(frameLen, nfft); // rfft truncates frames longer than nfft
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    for (let n = 0; n < used; n++) {
      const idx = f * step + n;
      re[n] = (idx < len ? emph[idx]! : 0) * window[n]!;
    }
    fft(re, im);
    for (let k = 0; k < nbins; k++) power[k] = (re[k]! * re[k]! + im[k]! * im[k]!) / nfft;
    for (let m = 0; m < nfilt; m++) {
      let e = 0;
      for (let k = 0; k < nbins; k++) e += power[k]! * fbank[m * nbins + k]!;
      out[f * nfilt + m] = 20 * Math.log10(e === 0 ? Number.EPSILON : e);
    }
  }
  return { frames, nfilt, data: out };
}
