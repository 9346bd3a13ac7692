/** Interruption handling shared by the example commands. */

/** How a run is stopped early: Ctrl-C (SIGINT/SIGTERM) or `--stop-after` samples. */
export interface RunControl {
  /** Set by the signal handler; the loop saves a checkpoint and returns at the next sample. */
  interrupted: boolean;
  /** Stop (with a checkpoint) after this many samples in this invocation (0: never). */
  stopAfter: number;
  samplesThisRun: number;
  /** Aborted together with `interrupted`: recipes stop through its signal. */
  abort: AbortController;
}

export function makeControl(stopAfter = 0): RunControl {
  return { interrupted: false, stopAfter, samplesThisRun: 0, abort: new AbortController() };
}

/** Marks the run interrupted and aborts its signal. */
export function interrupt(c: RunControl): void {
  c.interrupted = true;
  c.abort.abort();
}

/** True when the run must stop now. */
export function interrupted(c: RunControl): boolean {
  return c.interrupted || (c.stopAfter > 0 && c.samplesThisRun >= c.stopAfter);
}
