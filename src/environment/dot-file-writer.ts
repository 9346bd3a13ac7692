/**
 * The Node-only part of the environment module: a `DotWriter` that appends to files with
 * node:fs. Kept apart so src/environment/index.ts stays browser-safe; exported from
 * src/environment/node.ts.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DotWriter } from "./dot-simulator.js";

/**
 * A writer for `DotSimulator({ write: true, writer })`: creates the file's folder when it
 * first writes (BindsNET created `fpath` in the constructor even with `write` off) and
 * appends the text.
 */
export function csvFileWriter(): DotWriter {
  const made = new Set<string>();
  return (file: string, text: string): void => {
    const dir = dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    appendFileSync(file, text);
  };
}
