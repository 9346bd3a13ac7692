/** The `bindsnet` command bundled into one .mjs file (esbuild), so child processes start in a fraction of a second. */
import { build } from "esbuild";
import { join } from "node:path";
import { tmp } from "../examples/tiny-mnist.js";

export async function bundleCli(): Promise<string> {
  const out = join(tmp("bindsnet-cli-bundle-"), "bindsnet.mjs");
  await build({
    entryPoints: ["src/cli/index.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "error",
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return out;
}
