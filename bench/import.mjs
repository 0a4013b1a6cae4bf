// import: cold `import()` of each vendor package in a fresh Node process, against openapi-fetch's, the
// figure a CLI or a serverless function pays at start. Median of ROUNDS processes per package, taken in turns.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { BENCH_DIR, VENDORS, log, median, round } from "./lib.mjs";

const ROUNDS = 41;
const run = promisify(execFile);
const subjects = { "openapi-fetch": "openapi-fetch", runtime: "@crmkit/runtime", ...Object.fromEntries(VENDORS.map((v) => [v, `@crmkit/${v}`])) };
// The bytes each import reads: the entry file the ESM condition resolves to.
const require = createRequire(join(BENCH_DIR, "package.json"));
const entryBytes = (specifier) => {
  const pkgDir = dirname(require.resolve(`${specifier}/package.json`));
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const root = pkg.exports?.["."] ?? pkg.exports;
  const pick = (entry) => (typeof entry === "string" ? entry : entry?.import ? pick(entry.import) : entry?.default ? pick(entry.default) : undefined);
  const file = pick(root) ?? pkg.module ?? pkg.main;
  return statSync(join(pkgDir, file)).size;
};
const program = (specifier) =>
  `const started = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - started));`;

// The floor of the two-package layout vendor packages used before they bundled the runtime: a vendor-shaped
// package that imports and re-exports a runtime-shaped package, both with exports maps like crmkit's and
// almost no code. Kept as the comparison that explains why the runtime is bundled.
const floorDir = mkdtempSync(join(tmpdir(), "crmkit-import-floor-"));
const floorPackage = (name, source) => {
  const dir = join(floorDir, "node_modules", "@floor", name);
  mkdirSync(join(dir, "dist"), { recursive: true });
  const exports = { ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" }, require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" } } };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `@floor/${name}`, version: "0.0.0", type: "module", sideEffects: false, exports }));
  writeFileSync(join(dir, "dist", "index.js"), source);
};
floorPackage("runtime", "export class CrmClient {}\nexport class CrmError extends Error {}\nexport class CrmApiError extends CrmError {}\n");
floorPackage("vendor", 'import { CrmClient } from "@floor/runtime";\nexport class VendorClient extends CrmClient {}\nexport { CrmError, CrmApiError } from "@floor/runtime";\n');
const cwdOf = (name) => (name === "floor" ? floorDir : BENCH_DIR);
subjects.floor = "@floor/vendor";

const samples = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  // A new order each round: a fixed one lets each package always follow the same other one (warm caches).
  const order = Object.entries(subjects).map((entry) => [Math.random(), entry]).sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
  for (const [name, specifier] of order) {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", program(specifier)], { cwd: cwdOf(name) });
    samples[name].push(Number(stdout));
  }
  if ((r + 1) % 10 === 0) log(`import: round ${r + 1}/${ROUNDS}`);
}
rmSync(floorDir, { recursive: true, force: true });
const medians = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, round(median(list), 2)]));
console.log(
  JSON.stringify({
    result: { openapi_fetch_ms: medians["openapi-fetch"], ...Object.fromEntries(VENDORS.map((v) => [`${v}_ms`, medians[v]])) },
    details: {
      rounds: ROUNDS,
      runtimeMs: medians.runtime,
      floorMs: medians.floor,
      entryBytes: Object.fromEntries(Object.entries(subjects).filter(([name]) => name !== "floor").map(([name, specifier]) => [name, entryBytes(specifier)])),
      samples: Object.fromEntries(Object.entries(samples).map(([n, l]) => [n, l.map((v) => round(v, 2))])),
    },
  }),
);
