/**
 * `npm run parity -- <dir> [--require-all] [--only a,b]`: runs every scenario folder of <dir>
 * (default: test/fixtures/parity), prints one line per scenario and a summary, and exits 1 on
 * any failure (or skip, with --require-all).
 */
import { runParity } from "./runner.js";
import { getBackend } from "../../src/backend/backend.js";
import { formatResult, summarize } from "./compare.js";

async function main(argv: string[]): Promise<number> {
  let dir = "test/fixtures/parity";
  let requireAll = false;
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--require-all") requireAll = true;
    else if (a === "--only") only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a === "-h" || a === "--help") {
      console.log("usage: npm run parity -- [DIR] [--require-all] [--only name1,name2]");
      return 0;
    } else dir = a;
  }
  const results = await runParity(dir, { only });
  for (const r of results) {
    console.log(formatResult(r));
    const notes = (r as { notes?: string[] }).notes;
    if (notes?.length) for (const n of notes) console.log(`  note: ${n}`);
  }
  const { line, exitCode } = summarize(results, requireAll);
  console.log(`${line} (backend ${getBackend().name})`);
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`parity: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);
