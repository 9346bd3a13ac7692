/**
 * Deterministic trial ids: a 64-bit hash (two independent 32-bit FNV-1a/murmur-mixed lanes)
 * of a canonical JSON text, so the same recipe + config + seed gives the same id on every
 * machine and every run (resume and queue de-duplication rely on it). Pure: no Node imports.
 */
import { fmix32 } from "../hash.js";

/** JSON with object keys sorted at every depth (arrays keep their order). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

function lane(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // murmur3's finaliser spreads the last characters over every bit
  return fmix32(h);
}

/** 16 hex characters identifying `text`. */
export function hash64(text: string): string {
  return lane(text, 0).toString(16).padStart(8, "0") + lane(text, 0x9e3779b9).toString(16).padStart(8, "0");
}

/** The id of a trial: the hash of its recipe's name and its full config (which holds the seed). */
export function trialId(recipe: string, config: Record<string, unknown>): string {
  return hash64(`${recipe}\n${canonicalJson(config)}`);
}
