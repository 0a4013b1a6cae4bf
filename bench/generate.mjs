// generate: all four vendors from bundled specs to emitted sources through @crmkit/generator, against
// openapi-typescript alone on the same specs. Rounds alternate the two so drift hits both alike.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateSources } from "@crmkit/generator";
import openapiTS, { astToString } from "openapi-typescript";
import { SPECS_DIR, VENDORS, log, median, round } from "./lib.mjs";

const ROUNDS = 7; // after one warm-up round

const specFile = (vendor) => join(SPECS_DIR, `${vendor}.json`);
for (const vendor of VENDORS) {
  try {
    readFileSync(specFile(vendor));
  } catch {
    throw new Error(`${specFile(vendor)} is missing: run pnpm build first`);
  }
}

// Both sides start from the spec file on disk and end with the source text in memory.
async function crmkitAll() {
  const perVendor = {};
  for (const vendor of VENDORS) {
    const started = performance.now();
    const { files } = await generateSources(specFile(vendor), vendor, readFileSync(specFile(vendor), "utf8"));
    if (![...files.values()].every((text) => text.length > 0)) throw new Error(`${vendor}: empty generated file`);
    perVendor[vendor] = performance.now() - started;
  }
  return perVendor;
}

// The same options the generator gives openapi-typescript; the file URL is what its CLI passes.
async function openapiTypescriptAll() {
  const perVendor = {};
  for (const vendor of VENDORS) {
    const started = performance.now();
    const text = astToString(await openapiTS(pathToFileURL(specFile(vendor)), { defaultNonNullable: false, silent: true }));
    if (text.length === 0) throw new Error(`${vendor}: openapi-typescript produced nothing`);
    perVendor[vendor] = performance.now() - started;
  }
  return perVendor;
}

// Run with --expose-gc: a collection before each timed run, so that neither side pays for the garbage the
// other left behind (ts-morph leaves a lot).
const collect = globalThis.gc ?? (() => {});
const timedRun = (fn) => (collect(), fn());

// One untimed round first: module loading and JIT warm-up would otherwise land on whichever side goes first.
await crmkitAll();
await openapiTypescriptAll();
const crmkitRuns = [];
const oatsRuns = [];
for (let i = 0; i < ROUNDS; i++) {
  const [first, second] = i % 2 === 0 ? [crmkitAll, openapiTypescriptAll] : [openapiTypescriptAll, crmkitAll];
  const a = await timedRun(first);
  const b = await timedRun(second);
  const [crmkit, oats] = first === crmkitAll ? [a, b] : [b, a];
  crmkitRuns.push(crmkit);
  oatsRuns.push(oats);
  const total = (runs) => Object.values(runs).reduce((x, y) => x + y, 0);
  log(`generate round ${i + 1}/${ROUNDS}: crmkit ${(total(crmkit) / 1000).toFixed(2)} s, openapi-typescript ${(total(oats) / 1000).toFixed(2)} s`);
}

const totalSeconds = (runs) => median(runs.map((r) => Object.values(r).reduce((x, y) => x + y, 0))) / 1000;
const perVendorMs = (runs) => Object.fromEntries(VENDORS.map((v) => [v, Math.round(median(runs.map((r) => r[v])))]));

// Where crmkit's time goes, one instrumented pass per vendor through the generator's own stages
// (dist/emit/* are internal modules: when their layout changes, the breakdown is left out, not the result).
async function phaseBreakdown() {
  try {
    const generator = await import("@crmkit/generator");
    const emit = {
      types: (await import("@crmkit/generator/dist/emit/types.js")).emitTypes,
      table: (await import("@crmkit/generator/dist/emit/table.js")).emitTable,
      methodTypes: (await import("@crmkit/generator/dist/emit/method-types.js")).emitMethodTypes,
      client: (await import("@crmkit/generator/dist/emit/client.js")).emitClient,
      index: (await import("@crmkit/generator/dist/emit/index.js")).emitIndex,
    };
    const { createRequire } = await import("node:module");
    const { Project } = createRequire(import.meta.resolve("@crmkit/generator"))("ts-morph");
    const rows = {};
    for (const vendor of VENDORS) {
      const times = {};
      const time = async (name, fn) => {
        const started = performance.now();
        const value = await fn();
        times[name] = Math.round(performance.now() - started);
        return value;
      };
      const loaded = await time("parse spec (yaml)", () => generator.loadDocument(specFile(vendor), readFileSync(specFile(vendor), "utf8")));
      const model = await time("build model", () => generator.buildModel(loaded));
      await time("types.gen.ts (openapi-typescript)", () => emit.types(loaded.doc, vendor));
      const project = new Project({ useInMemoryFileSystem: true });
      for (const [name, fn] of [["operations.gen.ts", emit.table], ["method-types.gen.ts", emit.methodTypes], ["client.gen.ts", emit.client], ["index.gen.ts", emit.index]]) {
        await time(`${name} (ts-morph)`, () => {
          const file = project.createSourceFile(name, "", { overwrite: true });
          fn(file, model);
          return file.getFullText();
        });
      }
      rows[vendor] = { operations: model.operations.length, ...times };
    }
    return rows;
  } catch (error) {
    log(`generate: no phase breakdown (${error.message.split("\n")[0]})`);
    return undefined;
  }
}

console.log(
  JSON.stringify({
    result: { crmkit_s: round(totalSeconds(crmkitRuns)), openapi_typescript_s: round(totalSeconds(oatsRuns)) },
    details: { rounds: ROUNDS, crmkitPerVendorMs: perVendorMs(crmkitRuns), openapiTypescriptPerVendorMs: perVendorMs(oatsRuns), phases: await phaseBreakdown() },
  }),
);
