/**
 * Closed option objects: every public constructor and function that takes an options object
 * checks its keys against the ones it accepts, so that a misspelled or snake_case option
 * (BindsNET's `update_rule` for `updateRule`) is an error instead of being silently ignored.
 */
import { ValueError } from "./errors.js";

/** snake_case → camelCase (`tc_decay` → `tcDecay`). */
export function camelCase(key: string): string {
  return key.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** Names one class uses for what another calls differently (a connection's updateRule is a feature's learningRule). */
const SYNONYMS: Readonly<Record<string, string>> = { updateRule: "learningRule", learningRule: "updateRule" };

/** The accepted key nearest to `key` (snake_case, synonyms and case-insensitive matches first), or null. */
export function nearestKey(key: string, accepted: readonly string[]): string | null {
  const camel = camelCase(key);
  if (accepted.includes(camel)) return camel;
  const syn = Object.hasOwn(SYNONYMS, camel) ? SYNONYMS[camel] : undefined;
  if (syn !== undefined && accepted.includes(syn)) return syn;
  const lower = camel.toLowerCase();
  const ci = accepted.find((k) => k.toLowerCase() === lower);
  if (ci !== undefined) return ci;
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of accepted) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

/** The message for an unknown key: "Connection: unknown option update_rule; did you mean updateRule?". */
export function unknownOptionMessage(owner: string, key: string, accepted: readonly string[], what = "option"): string {
  const near = nearestKey(key, accepted);
  if (near !== null) return `${owner}: unknown ${what} ${key}; did you mean ${near}?`;
  // at most 12 keys and about 100 characters of them (the message stays one short line)
  let list = "";
  for (let k = 0; k < accepted.length; k++) {
    if (k === 12 || list.length + accepted[k]!.length > 100) {
      list += ", ...";
      break;
    }
    list += (k === 0 ? "" : ", ") + accepted[k]!;
  }
  return `${owner}: unknown ${what} ${key}; expected one of ${list}`;
}

/**
 * Throws a ValueError for the first key of `opts` not in `accepted` (own enumerable keys;
 * keys whose value is undefined are checked too: a misspelling is a misspelling).
 */
export function checkOptions(owner: string, opts: object | null | undefined, accepted: readonly string[], what = "option"): void {
  if (opts === null || opts === undefined) return;
  if (typeof opts !== "object") throw new ValueError(`${owner}: options are ${typeof opts}, expected an object`);
  for (const key of Object.keys(opts)) {
    if (!accepted.includes(key)) throw new ValueError(unknownOptionMessage(owner, key, accepted, what));
  }
}
