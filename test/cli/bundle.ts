/** A TypeScript entry bundled into one .mjs file (esbuild), so child processes and workers start in a fraction of a second without a loader. */
import { build } from "esbuild";
import { join } from "node:path";
import { tmp } from "../examples/tiny-mnist.js";

export async function bundle(entry: string): Promise<string> {
  const out = join(tmp("bindsnet-bundle-"), "entry.mjs");
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "error",
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return out;
}

/** The `bindsnet` command as one file. */
export const bundleCli = (): Promise<string> => bundle("src/cli/index.ts");
