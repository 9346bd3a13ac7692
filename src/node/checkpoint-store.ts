/**
 * The Node checkpoint store of the recipes: one file, replaced atomically. `save` writes the
 * blob to a temporary file next to it, fsyncs it, renames it over the checkpoint and fsyncs
 * the folder, so a crash at any moment leaves either the old or the new checkpoint, never a
 * torn one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { CheckpointStore } from "../recipes/types.js";

export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly path: string) {}

  load(): Promise<Uint8Array | null> {
    try {
      return Promise.resolve(new Uint8Array(readFileSync(this.path)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return Promise.resolve(null);
      throw e;
    }
  }

  save(bytes: Uint8Array): Promise<void> {
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    try {
      const dfd = openSync(dir, "r");
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
    } catch {
      // some platforms cannot open or fsync a folder; the rename is still atomic
    }
    return Promise.resolve();
  }
}
