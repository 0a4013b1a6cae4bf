// typecheck: `tsc --noEmit --extendedDiagnostics` on consumers making the same 20 OnePageCRM calls:
// through crmkit's methods (dates off, and a client with `dates: true`), and through raw openapi-fetch
// on the `paths` type crmkit ships.
import { createRequire } from "node:module";
import { join } from "node:path";
import { BENCH_DIR, log, median, round, run } from "./lib.mjs";

const RUNS = 3;
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const FIXTURES = join(BENCH_DIR, "fixtures", "typecheck");

async function check(consumer) {
  const project = join(FIXTURES, `tsconfig.${consumer}.json`);
  let output;
  try {
    output = (await run(process.execPath, [tsc, "-p", project, "--noEmit", "--extendedDiagnostics"])).stdout;
  } catch (error) {
    // A consumer that does not compile would measure an error path, not the calls.
    throw new Error(`typecheck: fixtures/typecheck/${consumer}.ts does not type-check:\n${error.message}`);
  }
  const field = (label) => {
    const match = output.match(new RegExp(`^${label}:\\s+([\\d.]+)`, "m"));
    if (!match) throw new Error(`typecheck: no "${label}" in tsc's diagnostics:\n${output}`);
    return Number(match[1]);
  };
  return { totalS: field("Total time"), checkS: field("Check time"), instantiations: field("Instantiations"), types: field("Types"), memoryKb: field("Memory used") };
}

const runs = { crmkit: [], "crmkit-dates": [], "openapi-fetch": [] };
for (let i = 0; i < RUNS; i++) {
  const order = i % 2 === 0 ? ["crmkit", "crmkit-dates", "openapi-fetch"] : ["openapi-fetch", "crmkit-dates", "crmkit"];
  for (const consumer of order) runs[consumer].push(await check(consumer));
  log(`typecheck run ${i + 1}/${RUNS}: crmkit ${runs.crmkit.at(-1).totalS} s, openapi-fetch ${runs["openapi-fetch"].at(-1).totalS} s`);
}

const summary = (list) => ({
  totalS: median(list.map((r) => r.totalS)),
  checkS: median(list.map((r) => r.checkS)),
  instantiations: list[0].instantiations,
  types: list[0].types,
  memoryMb: round(median(list.map((r) => r.memoryKb)) / 1024, 0),
});
const crmkit = summary(runs.crmkit);
const crmkitDates = summary(runs["crmkit-dates"]);
const openapiFetch = summary(runs["openapi-fetch"]);
console.log(
  JSON.stringify({
    result: {
      crmkit_s: crmkit.totalS,
      openapi_fetch_s: openapiFetch.totalS,
      crmkit_instantiations: crmkit.instantiations,
      openapi_fetch_instantiations: openapiFetch.instantiations,
      crmkit_dates_s: crmkitDates.totalS,
      crmkit_dates_instantiations: crmkitDates.instantiations,
    },
    details: { runs: RUNS, vendor: "onepagecrm", calls: 20, crmkit, crmkitDates, openapiFetch },
  }),
);
