/**
 * Messages between the playground page and its recipe Worker, and the wire format of the
 * live dashboard's server-sent events. Recipe events travel as they are (structured clone);
 * over SSE a snapshot's Float32Array travels as base64 of its little-endian bytes.
 */
import type { RecipeEvent } from "../../src/recipes/types.js";

/** Page → Worker. */
export type ToWorker =
  | { type: "start"; recipe: string; config: Record<string, unknown>; snapshotEvery: number; delayMs: number; /** URL of the folder with the MNIST IDX files. */ dataBase: string }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "step" }
  | { type: "speed"; delayMs: number }
  | { type: "stop" }
  | { type: "save" };

/** Worker → page. */
export type FromWorker =
  | { type: "event"; event: RecipeEvent }
  | { type: "ready"; backend: string }
  | { type: "saved"; bytes: Uint8Array }
  | { type: "finished"; aborted: boolean; result: Record<string, unknown>; network: Uint8Array | null; ms: number }
  | { type: "error"; message: string };

/** Names of the snapshots the views draw. */
export const SNAPSHOT_NAMES = ["weights", "input", "spikes", "voltages", "thresholds", "frame"];

/** A recipe event as JSON text (snapshots' data as base64 float32). */
export function eventToJson(e: RecipeEvent): string {
  if (e.type !== "snapshot") return JSON.stringify(e);
  const b = new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength);
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return JSON.stringify({ ...e, data: { f32: btoa(s) } });
}

/** The inverse of {@link eventToJson}. */
export function eventFromJson(text: string): RecipeEvent {
  const e = JSON.parse(text) as RecipeEvent & { data?: { f32: string } };
  if (e.type === "snapshot") {
    const bin = atob((e.data as unknown as { f32: string }).f32);
    const b = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
    return { ...e, data: new Float32Array(b.buffer) };
  }
  return e;
}

/** FNV-1a of bytes, as 8 hex digits (tests and the page compare networks by it). */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
