// BENCHMARKS.md: the table of targets, then how each section was measured, the figures gathered for
// the analysis, and for a missed target the reason, worked out from those figures.
import { cpus, totalmem } from "node:os";
import { VENDORS } from "./lib.mjs";

const ms = (value) => `${Math.round(value).toLocaleString("en")} ms`;
const pct = (part, whole) => `${Math.round((100 * part) / whole)}%`;
const table = (header, rows) => [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];

const VENDOR_NAMES = { accelo: "Accelo", proworkflow: "ProWorkflow" };

/** Typed field selection (issue 18): 50 calls naming 12 fields against the same calls without, and the widest record whole. */
function fieldRows(t) {
  return Object.keys(VENDOR_NAMES).flatMap((vendor) => {
    const v = (key) => t[`fields_${vendor}_${key}`];
    if (v("selected_s") === undefined) return [];
    const name = VENDOR_NAMES[vendor];
    return [
      {
        section: "typecheck",
        measure: `${name}: 50 calls naming 12 fields each vs the same calls without, tsc Total time (median s)`,
        crmkit: `${v("selected_s").toFixed(2)} s`,
        baseline: `${v("plain_s").toFixed(2)} s without`,
        ratio: v("selected_s") / v("plain_s"),
        target: "≤ 1.5x",
        met: v("selected_s") / v("plain_s") <= 1.5,
      },
      {
        section: "typecheck",
        measure: `${name}: the same 50 calls, type instantiations`,
        crmkit: v("selected_instantiations").toLocaleString("en"),
        baseline: `${v("plain_instantiations").toLocaleString("en")} without`,
        ratio: v("selected_instantiations") / v("plain_instantiations"),
        target: "≤ 1.5x",
        met: v("selected_instantiations") / v("plain_instantiations") <= 1.5,
      },
      {
        section: "typecheck",
        measure: `${name}: one call naming all ${v("full_fields")} fields of the widest record (type-checks, no TS2589)`,
        crmkit: `${v("full_instantiations").toLocaleString("en")} instantiations`,
        baseline: "—",
        target: "no TS2589",
        met: true,
      },
    ];
  });
}

/** The table of targets and the whole of BENCHMARKS.md, from the results and each section's details. */
export function renderReport({ results, sections, firstBuild, warmBuild, benchSeconds, loadAtStart, loadAtEnd }) {
  const { generate: g, typecheck: t, overhead: o, paginate: p, bundle: b } = results;
  const x = (value) => `${value.toFixed(2)}x`;
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
  const i = results.import;
  const vendors = Object.keys(b.create_gzip_bytes);
  const rows = [
    {
      section: "generate",
      measure: "all four vendors, spec → sources (median s)",
      crmkit: `${g.crmkit_s.toFixed(2)} s`,
      baseline: `${g.openapi_typescript_s.toFixed(2)} s openapi-typescript`,
      ratio: g.crmkit_s / g.openapi_typescript_s,
      target: "≤ 1.5x",
      met: g.crmkit_s / g.openapi_typescript_s <= 1.5,
    },
    { section: "generate", measure: "second `pnpm build`, nothing changed", crmkit: `${g.warm_s.toFixed(2)} s`, baseline: "—", target: "(reported)" },
    ...[
      ["20 OnePageCRM calls", t.crmkit_s, t.openapi_fetch_s, t.crmkit_instantiations, t.openapi_fetch_instantiations],
      ["50 Accelo calls", t.accelo50_crmkit_s, t.accelo50_openapi_fetch_s, t.accelo50_crmkit_instantiations, t.accelo50_openapi_fetch_instantiations],
    ].flatMap(([what, cs, os, ci, oi]) => [
      { section: "typecheck", measure: `${what}, tsc Total time (median s)`, crmkit: `${cs.toFixed(2)} s`, baseline: `${os.toFixed(2)} s openapi-fetch`, ratio: cs / os, target: "≤ 1x", met: cs <= os },
      {
        section: "typecheck",
        measure: `${what}, type instantiations`,
        crmkit: ci.toLocaleString("en"),
        baseline: `${oi.toLocaleString("en")} openapi-fetch`,
        ratio: ci / oi,
        target: "≤ 1x",
        met: ci <= oi,
      },
    ]),
    ...fieldRows(t),
    {
      section: "overhead",
      measure: "one GET, loopback (median µs per request)",
      crmkit: `${o.crmkit_us.toFixed(1)} µs`,
      baseline: `${o.openapi_fetch_us.toFixed(1)} µs openapi-fetch; ${o.fetch_us.toFixed(1)} µs fetch`,
      ratio: o.crmkit_us / o.openapi_fetch_us,
      target: "≤ 1.05x",
      met: o.crmkit_us / o.openapi_fetch_us <= 1.05,
    },
    {
      section: "paginate",
      measure: `${p.items.toLocaleString("en")} items, list method vs hand loop (items/s)`,
      crmkit: p.crmkit_items_per_s.toLocaleString("en"),
      baseline: `${p.loop_items_per_s.toLocaleString("en")} hand loop`,
      ratio: p.crmkit_items_per_s / p.loop_items_per_s,
      target: "≥ 1.0x",
      met: p.crmkit_items_per_s >= p.loop_items_per_s,
    },
    {
      section: "paginate",
      measure: "RSS growth over a 100,000-item crmkit pass",
      crmkit: `${p.crmkit_rss_growth_mb.toFixed(1)} MB`,
      baseline: "—",
      target: "< 50 MB",
      met: p.crmkit_rss_growth_mb < 50,
    },
    {
      section: "bundle",
      measure: "browser, one client + one call (Wealthbox `contacts.get`), what loads (min+gzip)",
      crmkit: kb(b.crmkit_gzip_bytes),
      baseline: `${kb(b.openapi_fetch_gzip_bytes)} openapi-fetch`,
      ratio: b.crmkit_gzip_bytes / b.openapi_fetch_gzip_bytes,
      target: "≤ 8.0 KB",
      met: b.crmkit_gzip_bytes <= 8000,
    },
    ...(b.octokit_with_plugins_gzip_bytes
      ? [
          {
            section: "bundle",
            measure: "browser, the same one call against Octokit making one request with its retry, throttling and pagination plugins (min+gzip)",
            crmkit: kb(b.crmkit_gzip_bytes),
            baseline: `${kb(b.octokit_with_plugins_gzip_bytes)} Octokit + plugins (core alone ${kb(b.octokit_gzip_bytes)})`,
            ratio: b.crmkit_gzip_bytes / b.octokit_with_plugins_gzip_bytes,
            target: "(reported)",
          },
        ]
      : []),
    ...vendors.map((v) => ({
      section: "bundle",
      measure: `browser, creating a ${v} client (min+gzip)`,
      crmkit: kb(b.create_gzip_bytes[v]),
      baseline: v === "wealthbox" ? "—" : `${kb(b.create_gzip_bytes.wealthbox)} Wealthbox`,
      ratio: v === "wealthbox" ? undefined : b.create_gzip_bytes[v] / b.create_gzip_bytes.wealthbox,
      target: v === "accelo" ? "≤ 10 KB, ≤ 1.10x Wealthbox" : "≤ 10 KB",
      met: b.create_gzip_bytes[v] <= 10000 && (v !== "accelo" || b.create_accelo_vs_wealthbox <= 1.1),
    })),
    ...vendors.map((v) => ({
      section: "bundle",
      measure: `${v} dist/*.js against the same files minified`,
      crmkit: `${b.dist_ratio[v].toFixed(2)}x`,
      baseline: "its own minified size",
      target: "≤ 3x",
      met: b.dist_ratio[v] <= 3,
    })),
    ...vendors.map((v) => ({
      section: "bundle",
      measure: `${v} packed tarball / installed with dependencies`,
      crmkit: `${kb(b.tarball_bytes[v])} / ${kb(b.installed_bytes[v])}`,
      baseline: "—",
      target: "(reported)",
    })),
    ...vendors.map((v) => ({
      section: "import",
      measure: `cold \`import()\` of @crmkit/${v} (median ms)`,
      crmkit: `${i[`${v}_ms`].toFixed(1)} ms`,
      baseline: `${i.openapi_fetch_ms.toFixed(1)} ms openapi-fetch`,
      ratio: i[`${v}_ms`] / i.openapi_fetch_ms,
      target: "≤ 1.2x",
      met: i[`${v}_ms`] / i.openapi_fetch_ms <= 1.2,
    })),
  ];
  const verdict = (met) => (met === undefined ? "" : met ? "met" : "**missed**");
  const table = [
    "| section | measure | crmkit | baseline | ratio | target | |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.section} | ${r.measure} | ${r.crmkit} | ${r.baseline} | ${r.ratio === undefined ? "—" : x(r.ratio)} | ${r.target} | ${verdict(r.met)} |`),
  ].join("\n");

  // A load average above the core count means other work competed with the bench for the CPUs.
  const busy = Math.max(loadAtStart, loadAtEnd) > cpus().length;
  const missed = new Set(rows.filter((r) => r.met === false).map((r) => r.section));
  const markdown = [
    "# Benchmarks",
    "",
    `Written by \`pnpm bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ` +
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
      "Every pair is measured side by side in the same run; compare ratios, not absolute numbers, across machines. " +
      `Raw figures: bench/results.json. The whole bench took ${Math.round(benchSeconds)} s. ` +
      `Load average (1 min) ${loadAtStart.toFixed(1)} when it started, ${loadAtEnd.toFixed(1)} when it ended` +
      (busy ? ": other work shared the machine, so absolute figures are slower and noisier than on an idle one; the side-by-side ratios are the figures to read." : "."),
    "",
    table,
    "",
    ...sectionReports({ results, sections, missed, firstBuild, warmBuild }),
  ].join("\n");
  return { table, markdown };
}

function sectionReports({ results, sections, missed, firstBuild, warmBuild }) {
  return [
    ...generateReport(results.generate, sections.generate.details, missed.has("generate"), firstBuild, warmBuild),
    ...typecheckReport(results.typecheck, sections.typecheck.details, missed.has("typecheck")),
    ...overheadReport(results.overhead, sections.overhead.details, missed.has("overhead")),
    ...paginateReport(results.paginate, sections.paginate.details, results.overhead),
    ...bundleReport(results.bundle, sections.bundle.details, missed.has("bundle")),
    ...importReport(results.import, sections.import.details),
    "",
  ];
}

function generateReport(result, details, isMissed, firstBuild, warmBuild) {
  const lines = [
    "## generate",
    "",
    `\`generateSources()\` of @crmkit/generator for each vendor's \`specs/dist/<vendor>.json\` (all five generated files, in memory) ` +
      `against openapi-typescript's \`openapiTS\` + \`astToString\` on the same file with the generator's options ` +
      `(\`defaultNonNullable: false\`); a warm-up round, then ${details.rounds} alternating rounds with a collection before ` +
      "each run, median of the four-vendor totals.",
    "",
    ...table(
      ["vendor", "crmkit (median)", "openapi-typescript (median)", "ratio"],
      Object.keys(details.crmkitPerVendorMs).map((v) => [
        v,
        ms(details.crmkitPerVendorMs[v]),
        ms(details.openapiTypescriptPerVendorMs[v]),
        `${(details.crmkitPerVendorMs[v] / details.openapiTypescriptPerVendorMs[v]).toFixed(1)}x`,
      ]),
    ),
    "",
    `\`pnpm build\` with nothing changed: ${warmBuild.seconds.toFixed(2)} s` +
      (warmBuild.totalTasks !== undefined ? ` (${warmBuild.cachedTasks} of ${warmBuild.totalTasks} turbo tasks from cache)` : "") +
      `; the build before it, which brought everything up to date, took ${firstBuild.seconds.toFixed(1)} s.`,
  ];
  const phases = details.phases;
  if (!phases) return [...lines, ""];
  const phaseNames = Object.keys(Object.values(phases)[0]).filter((k) => k !== "operations");
  const phaseTotals = Object.fromEntries(phaseNames.map((p) => [p, Object.values(phases).reduce((sum, v) => sum + v[p], 0)]));
  const allPhases = Object.values(phaseTotals).reduce((a, b) => a + b, 0);
  lines.push(
    "",
    "Where crmkit's time goes (one instrumented pass through the generator's stages):",
    "",
    ...table(
      ["vendor", "operations", ...phaseNames],
      Object.entries(phases).map(([v, row]) => [v, row.operations, ...phaseNames.map((p) => ms(row[p]))]),
    ),
    `| all | | ${phaseNames.map((p) => `${ms(phaseTotals[p])} (${pct(phaseTotals[p], allPhases)})`).join(" | ")} |`,
  );
  if (!isMissed) return [...lines, ""];

  lines.push("", "**Why generation misses its target.**", "");
  const oatsPhase = phaseNames.find((p) => p.startsWith("types.gen.ts"));
  const beyond = phaseNames.filter((p) => p !== oatsPhase).sort((a, b) => phaseTotals[b] - phaseTotals[a]);
  const beyondTotal = beyond.reduce((sum, p) => sum + phaseTotals[p], 0);
  const oatsTotal = Object.values(details.openapiTypescriptPerVendorMs).reduce((a, b) => a + b, 0);
  lines.push(
    `- crmkit runs openapi-typescript itself for \`types.gen.ts\` (${ms(phaseTotals[oatsPhase])} in the instrumented pass, ` +
      `about what openapi-typescript alone takes), so the target leaves everything else half of openapi-typescript's time, ` +
      `about ${ms(oatsTotal / 2)} here. Everything else took ${ms(beyondTotal)}: ` +
      beyond.filter((p) => phaseTotals[p] >= 5).map((p) => `${p} ${ms(phaseTotals[p])}`).join(", ") + ".",
  );
  const methodTypes = phaseNames.find((p) => p.startsWith("method-types"));
  const perOp = (vendor) => phases[vendor][methodTypes] / phases[vendor].operations;
  const vendorsByOps = Object.keys(phases).sort((a, b) => phases[a].operations - phases[b].operations);
  const [smallest, largest] = [vendorsByOps[0], vendorsByOps.at(-1)];
  // Cost per operation that climbs with the operation count is the sign of whole-file work per insertion.
  if (methodTypes && perOp(largest) > 1 && perOp(largest) > 3 * perOp(smallest)) {
    lines.push(
      `- \`method-types.gen.ts\` costs ${perOp(largest).toFixed(1)} ms per operation for ${largest} against ` +
        `${perOp(smallest).toFixed(1)} ms for ${smallest}: quadratic work. Each ts-morph insertion (\`addTypeAlias()\`, ` +
        "`addClass()`) re-renders and re-parses the file so far; inserting all the structures with one `addTypeAliases([...])` " +
        "/ `addClasses([...])` call gives byte-identical files in linear time (Accelo's method-types went from 6.8 s to 0.07 s " +
        "when this was tried while investigating).",
    );
  }
  const parse = phaseNames.find((p) => p.startsWith("parse spec"));
  if (parse && phaseTotals[parse] > 0.25 * oatsTotal) {
    lines.push(
      `- Parsing the specs takes ${ms(phaseTotals[parse])}: \`loadDocument\` (generator/src/load.ts) parses JSON with \`yaml\`'s ` +
        "`parseDocument` to keep source positions that only an error message needs; `JSON.parse` of the four files takes about 20 ms.",
    );
  }
  const clientPhase = phaseNames.find((p) => p.startsWith("client.gen.ts"));
  if (clientPhase && beyond[0] === clientPhase) {
    const operations = Object.values(phases).reduce((sum, v) => sum + v.operations, 0);
    lines.push(
      `- The largest part is \`client.gen.ts\`, ${ms(phaseTotals[clientPhase])} for ${operations} operations ` +
        `(${(phaseTotals[clientPhase] / operations).toFixed(2)} ms each): \`emitClient\` (generator/src/emit/client.ts) builds ` +
        "it as ts-morph structures (a class per resource, a method with its JSDoc per operation), which ts-morph prints and " +
        "parses into a syntax tree before the text is read back. The file is regular enough to be written as text directly " +
        "with template strings, which for a file of this size takes milliseconds; " +
        (beyondTotal - phaseTotals[clientPhase] <= oatsTotal / 2
          ? "that alone would bring generation inside the target (an estimate: it was not tried)."
          : "that alone would not be enough (an estimate: it was not tried)."),
    );
  }
  lines.push("");
  return lines;
}

function typecheckReport(result, details, isMissed) {
  const row = (name, r) => [name, `${r.totalS.toFixed(2)} s`, `${r.checkS.toFixed(2)} s`, r.types.toLocaleString("en"), r.instantiations.toLocaleString("en"), `${r.memoryMb} MB`];
  const lines = [
    "## typecheck",
    "",
    `\`tsc --noEmit --extendedDiagnostics\` (TypeScript 5.9.3, strict, \`skipLibCheck\`, nodenext) on bench/fixtures/typecheck: ` +
      `${details.calls} ${details.vendor} calls (lists with queries, gets, creates with bodies, an update, a delete), and ` +
      `${details.accelo.calls} Accelo calls (every eighth operation, arguments from the contract tests; written by make-accelo.mjs), ` +
      "each through the vendor package's methods and through `createClient<paths>()` of openapi-fetch on the `paths` type the " +
      `package exports. Median of ${details.runs} alternating runs; both consumers of a pair load the same declaration files.`,
    "",
    ...table(
      ["consumer", "Total time", "Check time", "types", "instantiations", "memory"],
      [
        row(`crmkit, ${details.calls} ${details.vendor} calls`, details.crmkit),
        ...(details.crmkitDates ? [row(`crmkit, the same calls, client with \`dates: true\``, details.crmkitDates)] : []),
        row(`openapi-fetch, ${details.calls} ${details.vendor} calls`, details.openapiFetch),
        row(`crmkit, ${details.accelo.calls} Accelo calls`, details.accelo.crmkit),
        row(`openapi-fetch, ${details.accelo.calls} Accelo calls`, details.accelo.openapiFetch),
      ],
    ),
    "",
    "crmkit's methods are declared in one interface per resource with precomputed aliases (`GetContactParams`, " +
      "`GetContactResponse` in method-types.gen.ts), so a call is checked against plain object types; openapi-fetch resolves " +
      "each call through its generic path, method and init types, instantiated afresh per call. Most of either consumer's " +
      "time is reading the declaration files (Accelo's are the largest). With dates, a payload alias takes a `Dates` " +
      "parameter and its dated form is a mapped type over a generated map of its date fields, computed once per payload " +
      "type used, not per call.",
  ];
  if (details.fields) lines.push(...fieldsReport(details.fields));
  if (isMissed) lines.push("", "**Missed in this run.** See the analysis of each missed row above; where it does not cover the case, compare the consumers' diagnostics.");
  return [...lines, ""];
}

function fieldsReport(fields) {
  const row = (name, r) => [name, `${r.totalS.toFixed(2)} s`, `${r.checkS.toFixed(2)} s`, r.types.toLocaleString("en"), r.instantiations.toLocaleString("en"), `${r.memoryMb} MB`];
  const lines = [
    "",
    "### typed field selection",
    "",
    `Consumers written from each vendor's spec by bench/fields-fixtures.mjs: ${fields.calls} read calls, each naming ${fields.fieldsPerCall} fields ` +
      "(`_fields: [...]`, `fields: [...]`) and reading three of the properties they bring; the same calls without a selection, reading " +
      "the same properties with `?.`; and one call naming every field of the record with the most, plus `\"_ALL\"` where the API has it. " +
      "A missing TS2589 (\"type instantiation is excessively deep\") shows as the widest consumer type-checking at all.",
    "",
  ];
  for (const [vendor, f] of Object.entries(fields)) {
    if (typeof f !== "object" || !f.plain) continue;
    lines.push(
      `${VENDOR_NAMES[vendor] ?? vendor}: ${f.calls} calls over ${f.distinct} distinct operations; widest record: \`${f.widest.operation}\`, ${f.widest.fields} fields.`,
      "",
      ...table(["consumer", "Total time", "Check time", "types", "instantiations", "memory"], [
        row(`${f.calls} calls naming ${fields.fieldsPerCall} fields`, f.selected),
        row(`the same calls without a selection`, f.plain),
        row(`every field of \`${f.widest.operation}\` by name`, f.full),
      ]),
      "",
    );
  }
  const stepRows = [];
  for (const [vendor, f] of Object.entries(fields)) {
    if (typeof f !== "object" || !f.steps) continue;
    const per = (steps, key) => (steps[key] / steps.calls).toFixed(1);
    const { selected: sel, plain } = f.steps;
    const name = VENDOR_NAMES[vendor] ?? vendor;
    stepRows.push(
      [`${name}, naming ${fields.fieldsPerCall} fields`, per(sel, "resolve"), per(sel, "type"), per(sel, "await"), per(sel, "reads")],
      [`${name}, without a selection`, per(plain, "resolve"), per(plain, "type"), per(plain, "await"), per(plain, "reads")],
    );
  }
  if (stepRows.length) {
    lines.push(
      ...table(["per call (average instantiations)", "resolve the call", "type it", "await it", "read three properties"], stepRows),
      "",
      "Instantiations counted per step with the compiler API (bench/attribute.mjs). A call without a selection goes to a non-generic " +
        "signature over precomputed aliases, so what it costs is paid once per operation (the `PagePromise`/`ApiPromise` and the payload " +
        "alias) and shared by every later call. A call that names fields is a generic call: inferring the names and checking the argument " +
        "against the instantiated parameters is the first column, the record's one mapped type the second, and each read of a selected " +
        "property costs what reading a plain property does not. That difference is the floor of a design that gives each call a type of its " +
        "own; it does not grow with the list, since the names become one union and the record one mapped type (no recursion over the " +
        "list, hence no TS2589 at the widest record). Calls repeated on one operation widen the gap, because plain calls share their " +
        "types and selections do not (see each vendor's count of distinct operations). Total time is mostly spent loading the package's " +
        "declarations, which both consumers do.",
    );
  }
  for (const [vendor, f] of Object.entries(fields)) {
    if (typeof f !== "object" || !f.plain || f.selected.instantiations <= 1.5 * f.plain.instantiations) continue;
    const per = (r) => (r.instantiations / f.calls).toFixed(1);
    lines.push(
      "",
      `**${VENDOR_NAMES[vendor] ?? vendor}'s instantiation ratio.** Its ${f.calls} calls without a selection cost ${f.plain.instantiations.toLocaleString("en")} ` +
        `instantiations in all, ${per(f.plain)} per call: its payload types are plain aliases (no dates, no generic parameter) shared by the ` +
        `calls on each of its ${f.distinct} operations, so nearly nothing is left to compare against. The selecting calls cost ${per(f.selected)} ` +
        "each, the same order as Accelo's, and their time stays within the target; the ratio measures how cheap the plain calls are.",
    );
  }
  return lines;
}

function overheadReport(result, details, isMissed) {
  const names = ["fetch", "openapi-fetch", "openapi-fetch+timeout", "crmkit raw", "crmkit"];
  const describe = {
    fetch: "plain `fetch` + `response.json()`",
    "openapi-fetch": "openapi-fetch `GET('/v1/contacts/{id}')`",
    "openapi-fetch+timeout": "openapi-fetch, its fetch wrapped with a per-request AbortController and 60 s timer",
    "crmkit raw": "crmkit's `client.raw.GET(...)`: openapi-fetch building the request, crmkit's pipeline sending it and buffering the body",
    crmkit: "crmkit `client.contacts.get({ id })`",
  };
  const lines = [
    "## overhead",
    "",
    `One GET of the same ${details.vendor} contact (the spec's example, about 3 KB of JSON) from a node:http server on 127.0.0.1 ` +
      "in another process, keep-alive, all clients on the same global fetch; crmkit with `maxRetries: 0`. Blocks of 100 requests " +
      `take turns; ${details.crmkit.requests.toLocaleString("en")} measured requests per variant after a warm-up.`,
    "",
    ...table(
      ["variant", "median", "p10", "p90"],
      names.map((n) => [describe[n], `${details[n].medianUs} µs`, `${details[n].p10Us} µs`, `${details[n].p90Us} µs`]),
    ),
  ];
  const d = (a, b) => details[a].medianUs - details[b].medianUs;
  lines.push(
    "",
    `crmkit's pipeline sends each request with one \`fetch(url, init)\` (no Request object), so it saves what openapi-fetch spends ` +
      `building one; it also carries what openapi-fetch has not: the per-attempt timer over headers and body, whose ` +
      `AbortController signal undici must follow (${d("openapi-fetch+timeout", "openapi-fetch").toFixed(1)} µs here, the ` +
      `difference between openapi-fetch and openapi-fetch+timeout). Against openapi-fetch with the same timeout crmkit takes ` +
      `${d("crmkit", "openapi-fetch+timeout").toFixed(1)} µs ${d("crmkit", "openapi-fetch+timeout") < 0 ? "less" : "more"}.`,
  );
  if (isMissed) {
    lines.push(
      "",
      `**Why overhead misses its target.** The budget is 5% of openapi-fetch's ${result.openapi_fetch_us} µs, ` +
        `${(result.openapi_fetch_us * 0.05).toFixed(1)} µs, and the timeout's signal alone costs about that much in undici ` +
        "(crmkit does not drop the timeout: a hung server must not hang the caller). These are fixed costs per request: on a real " +
        "network round trip of tens of milliseconds they are well under 1%.",
    );
  }
  return [...lines, ""];
}

function paginateReport(result, details) {
  const { crmkit: memCrmkit, loop: memLoop } = details.memory;
  const lines = [
    "## paginate",
    "",
    `\`for await (const contact of client.contacts.list({ per_page: ${details.perPage} }))\` over ${result.items.toLocaleString("en")} ` +
      `compact contacts (${details.pages} requests, the last page empty) from the loopback server, against a hand loop that ` +
      "fetches the same pages, parses them with `response.json()` and walks `contacts`. Every walk sums the ids and is checked " +
      "against the expected count and sum. The two run in lock-step, one page each in turn, and each side's steps are timed on " +
      `their own, so that other work on the machine slows both alike; median of ${details.rounds} passes after a warm-up pass.`,
    "",
    `Rates per pass: crmkit ${details.crmkitRates.map((r) => r.toLocaleString("en")).join(", ")}; hand loop ` +
      `${details.loopRates.map((r) => r.toLocaleString("en")).join(", ")} items/s. Client CPU per item: crmkit ` +
      `${details.crmkitCpuUsPerItem} µs, hand loop ${details.loopCpuUsPerItem} µs.`,
    "",
    "Memory, each in a fresh process (`--expose-gc`, a collection before each reading, 20 pages of warm-up, RSS sampled every 1,000 items):",
    "",
    ...table(
      ["walk", "RSS before", "RSS growth", "peak RSS growth", "heap used growth", "heap reserved growth"],
      [
        ["crmkit list method", memCrmkit],
        ["hand loop", memLoop],
      ].map(([name, m]) => [name, `${m.rssBeforeMb} MB`, `${m.rssGrowthMb} MB`, `${m.peakRssGrowthMb} MB`, `${m.heapUsedGrowthMb} MB`, `${m.heapTotalGrowthMb} MB`]),
    ),
    "",
    memCrmkit.heapUsedGrowthMb < 5
      ? "The heap holds almost nothing more after a pass than before it (the iterator keeps one page); RSS growth is V8 " +
        "enlarging its heap for the allocation rate of parsing one page after another, as it does for the hand loop."
      : `crmkit's heap holds ${memCrmkit.heapUsedGrowthMb} MB more after the pass than before it: something outlives its page.`,
  ];
  const mem = details.inMemory;
  if (mem) {
    lines.push(
      "",
      "The same walks on pages served from memory by a fetch stand-in (a `Response` built from the page's bytes), so that only " +
        "client-side work is left and each layer shows as client CPU per item:",
      "",
      ...table(
        ["walk, pages from memory", "client CPU per item", "rate (items/s)"],
        ["hand loop", "openapi-fetch loop", "crmkit pages()", "crmkit items"].map((name) => [name, `${mem[name].cpuUsPerItem} µs`, mem[name].itemsPerS.toLocaleString("en")]),
      ),
      "",
      "Each crmkit page also carries what the hand loop leaves out: the page-size parameter, the repeated-page check (the " +
        "first and last item of each page serialized and compared), the timeout and the envelope unwrapping.",
    );
  }
  return [...lines, ""];
}

function bundleReport(result, details, isMissed) {
  const kb = (bytes) => (bytes / 1000).toFixed(1);
  const lines = [
    "## bundle",
    "",
    `esbuild 0.27.7 \`bundle\`, \`minify\`, \`platform: "browser"\`, ESM with code splitting (as browser bundlers split dynamic ` +
      "imports by default), es2022; gzip level 9 with node:zlib. A program downloads the entry, the chunks it imports statically " +
      "and the lazily imported chunks its run loads (for one `contacts.get`: the contacts resource's rows). " +
      `bench/fixtures/bundle/crmkit.js creates a ${details.vendor} client and calls \`contacts.get\`; openapi-fetch.js makes the ` +
      "same call with openapi-fetch alone; crmkit-all-features.js configures OAuth, the limiter and a logger, walks a list and " +
      "calls through `raw`, so every lazy part loads; octokit.js makes one request with @octokit/core 7.0.8 (the figure the " +
      "8.0 KB target names) and octokit-with-plugins.js the same with @octokit/plugin-retry, plugin-throttling and " +
      "plugin-paginate-rest, which give it the retries, rate-limit handling and pagination a crmkit client has built in.",
    "",
    ...table(
      ["program", "files loaded", "minified", "min+gzip"],
      [
        ["crmkit, one call", details.oneCall.files, details.oneCall.minifiedBytes.toLocaleString("en"), details.oneCall.gzipBytes.toLocaleString("en")],
        ["crmkit, every optional feature", details.everything.files, details.everything.minifiedBytes.toLocaleString("en"), details.everything.gzipBytes.toLocaleString("en")],
        ["crmkit, one call, bundled without code splitting", 1, details.noSplitting.minifiedBytes.toLocaleString("en"), details.noSplitting.gzipBytes.toLocaleString("en")],
        ["openapi-fetch, one call", details.openapiFetch.files, details.openapiFetch.minifiedBytes.toLocaleString("en"), details.openapiFetch.gzipBytes.toLocaleString("en")],
        ...(details.octokit
          ? [
              ["Octokit core, one request", details.octokit.files, details.octokit.minifiedBytes.toLocaleString("en"), details.octokit.gzipBytes.toLocaleString("en")],
              ["Octokit core + retry, throttling and paginate-rest plugins, one request", details.octokitWithPlugins.files, details.octokitWithPlugins.minifiedBytes.toLocaleString("en"), details.octokitWithPlugins.gzipBytes.toLocaleString("en")],
            ]
          : []),
        ...Object.entries(details.create).map(([v, r]) => [`only creating a ${v} client`, r.files, r.minifiedBytes.toLocaleString("en"), r.gzipBytes.toLocaleString("en")]),
      ],
    ),
    "",
    "Vendor clients are one small class over the runtime; each resource's operation rows are a module loaded when the " +
      "resource is first called, and the failure path (retry decisions and typed errors), hooks and logging, OAuth's token requests, the " +
      "limiter, pagination, typed field selections, untyped calls, redirects, non-JSON bodies and the raw openapi-fetch client " +
      "load when first used. So creating a client costs the same whatever the size of its API " +
      `(Accelo, the largest API, ${kb(details.create.accelo.gzipBytes)} KB against Wealthbox's ${kb(details.create.wealthbox.gzipBytes)} KB: the difference is the definition and one loader per resource).`,
    "",
    ...table(
      ["package", "dist/*.js", "same files minified", "ratio", "tarball", "unpacked", "installed with dependencies"],
      Object.keys(details.dist).map((v) => [
        `@crmkit/${v}`,
        details.dist[v].jsBytes.toLocaleString("en"),
        details.dist[v].minifiedBytes.toLocaleString("en"),
        `${details.dist[v].ratio.toFixed(2)}x`,
        details.packages[v].tarballBytes.toLocaleString("en"),
        details.packages[v].unpackedBytes.toLocaleString("en"),
        details.packages[v].installedBytes.toLocaleString("en"),
      ]),
    ),
    "",
    `Installed size = the package + @crmkit/runtime (${details.runtime.unpackedBytes.toLocaleString("en")} bytes unpacked) + openapi-fetch ` +
      `and its helpers (${details.thirdPartyBytes.toLocaleString("en")} bytes). Most of each package is its \`.d.ts\` (the types and the JSDoc of every method); each also carries its own copy of the runtime's JavaScript with source maps, the price of importing one package instead of two (see import). The source maps embed the runtime's sources but not the generated ones, whose text (mostly declarations, already in the \`.d.ts\`) would grow with the API.`,
  ];
  if (isMissed && result.crmkit_gzip_bytes > 8000) {
    const top = details.oneCall.chunks.map((c) => `${c.chunk} ${c.gzip.toLocaleString("en")} bytes`).join(", ");
    lines.push(
      "",
      `**Why the one-call bundle misses 8.0 KB.** What loads is ${top}. It is the code a successful call runs (the client and its ` +
        "credentials from options or the environment, the request loop with its timer, deadline and abort handling, URL and body " +
        "serialization, the promises that also iterate) plus what the package exports and a bundler cannot drop: the error classes, " +
        "which every vendor package re-exports for `instanceof` and which the failure path builds, and OAuth's synchronous " +
        "`authorizeUrl`. esbuild assigns a whole module file to one chunk, so a class the lazy failure path uses stays with the entry " +
        "that exports it. The code a successful call does not run is out (the failure path, hooks and logging, OAuth's token " +
        "requests, field selections, untyped calls, pagination, the limiter); what stays of each is its way in: the client's " +
        "methods and getters that load it and the options checked when the client is created. Octokit's core has no " +
        "retries, throttling or pagination: with the plugins that add them, its one request weighs " +
        `${(details.octokitWithPlugins?.gzipBytes ?? 0).toLocaleString("en")} bytes.`,
    );
  }
  const costs = details.oneCallCosts;
  if (costs) {
    const kb = (n) => n.toLocaleString("en");
    lines.push(
      "",
      `**Where the one-call entry's bytes go** (${kb(costs.gzipBytes)} bytes min+gzip; bench/bundle-costs.mjs): each declaration of the ` +
        "minified entry is cut out in turn and weighed by what the gzip size loses, then named through the source map. Parts that " +
        "repeat each other cost less alone, so the column sums to somewhat less than the total.",
      "",
      "| source file | min+gzip | minified |",
      "|---|---|---|",
      ...costs.files.map((f) => `| ${f.file} | ${kb(f.gzip)} | ${kb(f.minified)} |`),
      "",
      "| largest parts | min+gzip | minified |",
      "|---|---|---|",
      ...costs.parts.slice(0, 20).map((p) => `| ${p.file.split("/").pop()} \`${p.part}\` | ${kb(p.gzip)} | ${kb(p.minified)} |`),
    );
  }
  return [...lines, ""];
}

function importReport(result, details) {
  const names = Object.keys(details.samples);
  const lines = [
    "## import",
    "",
    `Cold \`await import()\` of each package in a fresh Node process (module resolution, loading and evaluating its entry; ` +
      `lazily loaded parts are not imported), ${details.rounds} processes per package, one of each per round in a random order, median:`,
    "",
    ...table(
      ["package", "median", "ratio", "entry file"],
      names.map((n) => {
        const ms = n === "openapi-fetch" ? result.openapi_fetch_ms : n === "runtime" ? details.runtimeMs : n === "floor" ? details.floorMs : result[`${n}_ms`];
        const label = n === "runtime" ? "@crmkit/runtime alone" : n === "floor" ? "two near-empty packages, vendor → runtime (the old layout's floor)" : n;
        const bytes = details.entryBytes?.[n] !== undefined ? `${details.entryBytes[n].toLocaleString("en")} B` : "—";
        return [label, `${ms.toFixed(1)} ms`, `${(ms / result.openapi_fetch_ms).toFixed(2)}x`, bytes];
      }),
    ),
    "",
  ];
  const worst = Math.max(...VENDORS.map((v) => result[`${v}_ms`] ?? 0)) / result.openapi_fetch_ms;
  const vendorBytes = VENDORS.map((v) => details.entryBytes?.[v]).filter((b) => b !== undefined);
  if (details.floorMs !== undefined && vendorBytes.length > 0) {
    lines.push(
      `Each vendor package is one module file (${Math.min(...vendorBytes).toLocaleString("en")}–${Math.max(...vendorBytes).toLocaleString("en")} bytes): ` +
        "its build bundles @crmkit/runtime's code into it, so an import resolves one package, as openapi-fetch's does. The package layout it replaced, " +
        "a vendor entry importing @crmkit/runtime's, costs what the last row shows before any of crmkit's code runs: " +
        `${details.floorMs.toFixed(1)} ms (${(details.floorMs / result.openapi_fetch_ms).toFixed(2)}x) in this run for two packages that hold almost nothing ` +
        "(measured while writing this bench: resolving a second package through its exports map costs about 0.6 ms and the first static import about 0.4 ms). " +
        "What a vendor package takes beyond openapi-fetch is reading and compiling its larger entry, about 25 µs per KB; the optional parts (the failure " +
        "path, logging, OAuth's tokens, pagination, the limiter, dates, field selections, untyped calls, forms, redirects, `raw`) are separate files an " +
        "import does not load. Error classes still match across packages: an error from one vendor package is `instanceof` the same-named class of " +
        "@crmkit/runtime and of every other vendor package (test/packages.test.ts). The packages are measured in a new random order each round, so " +
        "that none always runs right after another.",
      "",
    );
  }
  if (worst > 1.2) {
    lines.push(
      `**Missed in this run** (worst ${worst.toFixed(2)}x): on a shared machine single processes vary by several milliseconds and the ` +
        "medians move between runs; `node bench/import.mjs` repeats this measurement alone and prints every sample.",
      "",
    );
  }
  return lines;
}
