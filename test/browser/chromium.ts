/**
 * Finds the Chromium the browser tests drive: $CHROMIUM_PATH, else Debian's `chromium`
 * (`apt-get install chromium`; `.ci/run` installs it when missing).
 */
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium", "/usr/bin/google-chrome"];

export function chromiumPath(): string {
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`browser tests: CHROMIUM_PATH is "${env}", which does not exist`);
    return env;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`browser tests: no Chromium found (looked at ${CANDIDATES.join(", ")}); expected \`apt-get install chromium\` or CHROMIUM_PATH`);
  return found;
}
