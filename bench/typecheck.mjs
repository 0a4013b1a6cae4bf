// typecheck: `tsc --noEmit --extendedDiagnostics` on pairs of consumers making the same calls, one through
// crmkit's methods, one through raw openapi-fetch on the `paths` type crmkit ships: 20 OnePageCRM calls,
// and 50 calls on the largest client, Accelo (fixtures/typecheck/make-accelo.mjs writes that pair). The
// OnePageCRM calls are also checked alone from a client created with `dates: true`. Then typed field
// selection: 50 calls naming 12 fields each against the same calls without a selection, and one call
// naming every field of the widest record (Accelo and ProWorkflow; fixtures from fields-fixtures.mjs).
import { createRequire } from "node:module";
import { join } from "node:path";
import { attributeInstantiations } from "./attribute.mjs";
import { CALLS, FIELDS_PER_CALL, writeFieldFixtures } from "./fields-fixtures.mjs";
import { BENCH_DIR, log, median, round, run } from "./lib.mjs";

const RUNS = 3;
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const FIXTURES = join(BENCH_DIR, "fixtures", "typecheck");

async function check(consumer) {
  const project = join(FIXTURES, `tsconfig.${consumer}.json`);
  const source = consumer.startsWith("fields-") ? `${consumer}.gen.ts` : `${consumer}.ts`;
  let output;
  try {
    output = (await run(process.execPath, [tsc, "-p", project, "--noEmit", "--extendedDiagnostics"])).stdout;
  } catch (error) {
    // A consumer that does not compile would measure an error path, not the calls.
    throw new Error(`typecheck: fixtures/typecheck/${source} does not type-check:\n${error.message}`);
  }
  const field = (label) => {
    const match = output.match(new RegExp(`^${label}:\\s+([\\d.]+)`, "m"));
    if (!match) throw new Error(`typecheck: no "${label}" in tsc's diagnostics:\n${output}`);
    return Number(match[1]);
  };
  return { totalS: field("Total time"), checkS: field("Check time"), instantiations: field("Instantiations"), types: field("Types"), memoryKb: field("Memory used") };
}

/** Both consumers of a pair, alternating, median of RUNS. */
async function pair(crmkitFixture, openapiFetchFixture, label) {
  const runs = { crmkit: [], "openapi-fetch": [] };
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ["crmkit", "openapi-fetch"] : ["openapi-fetch", "crmkit"];
    for (const consumer of order) runs[consumer].push(await check(consumer === "crmkit" ? crmkitFixture : openapiFetchFixture));
    log(`typecheck ${label} run ${i + 1}/${RUNS}: crmkit ${runs.crmkit.at(-1).totalS} s, openapi-fetch ${runs["openapi-fetch"].at(-1).totalS} s`);
  }
  return { crmkit: summary(runs.crmkit), openapiFetch: summary(runs["openapi-fetch"]) };
}

/** One crmkit consumer alone, median of RUNS. */
async function alone(fixture, label) {
  const list = [];
  for (let i = 0; i < RUNS; i++) {
    list.push(await check(fixture));
    log(`typecheck ${label} run ${i + 1}/${RUNS}: crmkit ${list.at(-1).totalS} s`);
  }
  return summary(list);
}

const summary = (list) => ({
  totalS: median(list.map((r) => r.totalS)),
  checkS: median(list.map((r) => r.checkS)),
  instantiations: list[0].instantiations,
  types: list[0].types,
  memoryMb: round(median(list.map((r) => r.memoryKb)) / 1024, 0),
});
// 20 OnePageCRM calls (the original pair), and 50 calls on the largest client, Accelo.
const onepagecrm = await pair("crmkit", "openapi-fetch", "onepagecrm");
const accelo = await pair("accelo-crmkit", "accelo-openapi-fetch", "accelo");
const onepagecrmDates = await alone("crmkit-dates", "onepagecrm with dates");
// Typed field selection, per vendor: the selected and plain consumers alternate like the pair above.
const fields = {};
const fieldResults = {};
for (const vendor of ["accelo", "proworkflow"]) {
  const written = writeFieldFixtures(vendor);
  const name = (variant) => `fields-${vendor}-${variant}`;
  const perVariant = { plain: [], selected: [], full: [] };
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ["selected", "plain", "full"] : ["plain", "selected", "full"];
    for (const variant of order) perVariant[variant].push(await check(name(variant)));
    log(`typecheck fields ${vendor} run ${i + 1}/${RUNS}: selected ${perVariant.selected.at(-1).totalS} s, plain ${perVariant.plain.at(-1).totalS} s`);
  }
  const plain = summary(perVariant.plain);
  const selected = summary(perVariant.selected);
  const full = summary(perVariant.full);
  const steps = { selected: attributeInstantiations(FIXTURES, written.files.selected), plain: attributeInstantiations(FIXTURES, written.files.plain) };
  fields[vendor] = { ...written, plain, selected, full, steps };
  Object.assign(fieldResults, {
    [`fields_${vendor}_selected_s`]: selected.totalS,
    [`fields_${vendor}_plain_s`]: plain.totalS,
    [`fields_${vendor}_selected_instantiations`]: selected.instantiations,
    [`fields_${vendor}_plain_instantiations`]: plain.instantiations,
    [`fields_${vendor}_full_fields`]: written.widest.fields,
    [`fields_${vendor}_full_instantiations`]: full.instantiations,
  });
}

console.log(
  JSON.stringify({
    result: {
      crmkit_s: onepagecrm.crmkit.totalS,
      openapi_fetch_s: onepagecrm.openapiFetch.totalS,
      crmkit_instantiations: onepagecrm.crmkit.instantiations,
      openapi_fetch_instantiations: onepagecrm.openapiFetch.instantiations,
      accelo50_crmkit_s: accelo.crmkit.totalS,
      accelo50_openapi_fetch_s: accelo.openapiFetch.totalS,
      accelo50_crmkit_instantiations: accelo.crmkit.instantiations,
      accelo50_openapi_fetch_instantiations: accelo.openapiFetch.instantiations,
      crmkit_dates_s: onepagecrmDates.totalS,
      crmkit_dates_instantiations: onepagecrmDates.instantiations,
      ...fieldResults,
    },
    details: {
      runs: RUNS,
      vendor: "onepagecrm",
      calls: 20,
      crmkit: onepagecrm.crmkit,
      crmkitDates: onepagecrmDates,
      openapiFetch: onepagecrm.openapiFetch,
      accelo: { calls: 50, ...accelo },
      fields: { calls: CALLS, fieldsPerCall: FIELDS_PER_CALL, ...fields },
    },
  }),
);
