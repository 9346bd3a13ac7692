/** A progress bar for the examples: samples done, samples per second, running accuracy. */

/** Where an example writes: `out` for results, `err` for progress (stderr by default). */
export interface CliIO {
  out: (line: string) => void;
  err: { write(chunk: string): unknown; isTTY?: boolean };
}

export interface ProgressBarOptions {
  /** Label in front of the bar ("train", "test"). */
  label: string;
  total: number;
  /** Samples already done (when resuming). */
  start?: number;
  io: CliIO;
  /** Minimum milliseconds between redraws (default 200). */
  interval?: number;
}

/**
 * `train [#########.....] 1200/60000  2% 312.4 samples/s acc 81.2% eta 3m07s`. On a terminal
 * the line is redrawn in place; otherwise a line is printed every 10 % (so logs stay short).
 */
export class ProgressBar {
  private readonly label: string;
  private readonly total: number;
  private readonly io: CliIO;
  private readonly interval: number;
  private readonly start: number;
  private readonly t0 = performance.now();
  private last = 0;
  private lastDecile = -1;
  done: number;
  accuracy: number | null = null;

  constructor(opts: ProgressBarOptions) {
    this.label = opts.label;
    this.total = Math.max(0, opts.total);
    this.io = opts.io;
    this.interval = opts.interval ?? 200;
    this.start = opts.start ?? 0;
    this.done = this.start;
    this.lastDecile = Math.floor((10 * this.start) / Math.max(1, this.total));
  }

  /** Samples per second since this bar started (resumed samples excluded). */
  get rate(): number {
    const s = (performance.now() - this.t0) / 1000;
    return s > 0 ? (this.done - this.start) / s : 0;
  }

  /** Seconds since this bar started. */
  get elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** Records progress (and the running accuracy, a fraction in [0, 1], if known). */
  update(done: number, accuracy?: number | null): void {
    this.done = done;
    if (accuracy !== undefined) this.accuracy = accuracy;
    const now = performance.now();
    if (this.io.err.isTTY) {
      if (now - this.last >= this.interval || done >= this.total) {
        this.last = now;
        this.io.err.write(`\r${this.line()}`);
      }
      return;
    }
    const decile = Math.floor((10 * done) / Math.max(1, this.total));
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.io.err.write(`${this.line()}\n`);
    }
  }

  /** Final redraw and newline. */
  finish(): void {
    if (this.io.err.isTTY) this.io.err.write(`\r${this.line()}\n`);
    else if (this.lastDecile !== 10) this.io.err.write(`${this.line()}\n`);
  }

  line(): string {
    const w = 24;
    const f = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const k = Math.round(f * w);
    const rate = this.rate;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const acc = this.accuracy === null ? "" : ` acc ${(100 * this.accuracy).toFixed(1)}%`;
    return `${this.label} [${"#".repeat(k)}${".".repeat(w - k)}] ${this.done}/${this.total} ${(100 * f).toFixed(0).padStart(3)}% ${rate.toFixed(1)} samples/s${acc} eta ${fmtDuration(eta)}`;
  }
}

/** "3m07s", "45s", "1h02m". */
export function fmtDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
