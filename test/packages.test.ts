import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const testDir = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(import.meta.url);

/** Per vendor: the factory, credentials, one call, and the URL that call must reach. */
const vendors = [
  { pkg: "@crmkit/onepagecrm", factory: "createOnePageCrmClient", options: `{ userId: "u", apiKey: "k" }`, call: `client.contacts.get({ contact_id: "c1" })`, url: "GET https://app.onepagecrm.com/api/v3/contacts/c1" },
  { pkg: "@crmkit/wealthbox", factory: "createWealthboxClient", options: `{ accessToken: "t" }`, call: `client.contacts.get({ id: 7 })`, url: "GET https://api.crmworkspace.com/v1/contacts/7" },
  { pkg: "@crmkit/proworkflow", factory: "createProWorkflowClient", options: `{ apiKey: "k", username: "u", password: "p" }`, call: `client.contacts.get({ id: 7 })`, url: "GET https://api.proworkflow.net/contacts/7" },
  { pkg: "@crmkit/accelo", factory: "createAcceloClient", options: `{ deployment: "acme", accessToken: "t" }`, call: `client.companies.get({ company_id: "7" })`, url: "GET https://acme.api.accelo.com/api/v0/companies/7" },
];

/** Run by plain Node from this folder, so each package resolves through its exports map. */
const program = (load: string, v: (typeof vendors)[number]) => `
${load}
const seen = [];
const client = ${v.factory}({ ...${v.options}, maxRetries: 0, fetch: async (input, init) => {
  seen.push(init.method + " " + String(input));
  return new Response(JSON.stringify({}), { headers: { "content-type": "application/json" } });
} });
${v.call}.then(() => console.log(JSON.stringify({ seen, errorIsError: CrmApiError.prototype instanceof Error })));
`;

const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, args, { cwd: testDir, encoding: "utf8" })) as unknown;

describe.each(vendors)("$pkg built output", (v) => {
  const expected = { seen: [v.url], errorIsError: true };
  it("loads with import (ESM)", () => {
    expect(run(["--input-type=module", "-e", program(`import { ${v.factory}, CrmApiError } from "${v.pkg}";`, v)])).toEqual(expected);
  });
  it("loads with require (CommonJS)", () => {
    expect(run(["-e", program(`const { ${v.factory}, CrmApiError } = require("${v.pkg}");`, v)])).toEqual(expected);
  });
});

/**
 * Each vendor package bundles its own copy of the runtime's code, so its error classes are other objects
 * than @crmkit/runtime's and another vendor package's: `instanceof` must still hold across all of them.
 */
describe("error classes across packages", () => {
  const check = (load: (pkg: string, names: string) => string) => `
${load("@crmkit/wealthbox", "createWealthboxClient, NotFoundError: WealthboxNotFound")}
${load("@crmkit/accelo", "CrmApiError: AcceloApiError, NotFoundError: AcceloNotFound, RateLimitError: AcceloRateLimit")}
${load("@crmkit/runtime", "CrmError, NotFoundError, CrmTimeoutError")}
const client = createWealthboxClient({ accessToken: "t", maxRetries: 0, fetch: async () => new Response('{"error":"gone"}', { status: 404, headers: { "content-type": "application/json" } }) });
client.contacts.get({ id: 7 }).catch((error) => {
  class OwnSubclass extends NotFoundError {}
  console.log(JSON.stringify({
    distinctClasses: WealthboxNotFound !== NotFoundError && NotFoundError !== AcceloNotFound,
    same: [error instanceof WealthboxNotFound, error instanceof AcceloNotFound, error instanceof NotFoundError, error instanceof AcceloApiError, error instanceof CrmError, error instanceof Error],
    other: [error instanceof AcceloRateLimit, error instanceof CrmTimeoutError, error instanceof OwnSubclass, ({ name: "NotFoundError" }) instanceof NotFoundError, null instanceof CrmError],
  }));
});
`;
  const expected = { distinctClasses: true, same: [true, true, true, true, true, true], other: [false, false, false, false, false] };
  it("holds for an error thrown by one vendor package, checked with another's classes and the runtime's (ESM)", () => {
    expect(run(["--input-type=module", "-e", check((pkg, names) => `import { ${names.replaceAll(": ", " as ")} } from "${pkg}";`)])).toEqual(expected);
  });
  it("holds the same way under require (CommonJS)", () => {
    expect(run(["-e", check((pkg, names) => `const { ${names} } = require("${pkg}");`)])).toEqual(expected);
  });
});

/** The MCP packages: @crmkit/mcp as ESM and CommonJS; each server's library (ESM) and its bin. */
const mcpServers = ["wealthbox", "onepagecrm", "proworkflow", "accelo"].map((spec) => ({ spec, pkg: `@crmkit/${spec}-mcp`, bin: `crmkit-${spec}-mcp` }));

/** Operations in a bundled spec that send credentials: one tool each (sign-in endpoints have none). */
function operationCount(spec: string): number {
  const doc = JSON.parse(readFileSync(join(dirname(require.resolve("@crmkit/specs/package.json")), "dist", `${spec}.json`), "utf8")) as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  const methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
  return Object.values(doc.paths).reduce((n, item) => n + methods.filter((m) => item[m] && !(Array.isArray(item[m]!.security) && item[m]!.security!.length === 0)).length, 0);
}

describe("@crmkit/mcp built output", () => {
  const probe = `JSON.stringify({ create: typeof m.createMcpServer, serve: typeof m.serveHttp, cli: typeof m.runCli })`;
  const expected = { create: "function", serve: "function", cli: "function" };
  it("loads with import (ESM)", () => {
    expect(run(["--input-type=module", "-e", `import * as m from "@crmkit/mcp"; console.log(${probe});`])).toEqual(expected);
  });
  it("loads with require (CommonJS)", () => {
    expect(run(["-e", `const m = require("@crmkit/mcp"); console.log(${probe});`])).toEqual(expected);
  });
});

describe.each(mcpServers)("$pkg built output", (s) => {
  it("exports its tool table, one tool per authenticated operation of the spec, and its vendor data (ESM)", () => {
    const out = run([
      "--input-type=module",
      "-e",
      `import { tools, vendor, createServer } from "${s.pkg}"; console.log(JSON.stringify({ tools: tools.length, bin: vendor.bin, defaultTools: vendor.defaultTools, server: typeof createServer }));`,
    ]) as { defaultTools: string };
    expect(out).toEqual({ tools: operationCount(s.spec), bin: s.bin, defaultTools: out.defaultTools, server: "function" });
    expect(["all", "dynamic"]).toContain(out.defaultTools);
  });

  it("its bin prints the read-only tools and exits, with no credentials needed", () => {
    const manifest = require(`${s.pkg}/package.json`) as { bin: Record<string, string> };
    const bin = join(dirname(require.resolve(`${s.pkg}/package.json`)), manifest.bin[s.bin]!);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const out = execFileSync(process.execPath, [bin, "--list-tools", "--read-only"], { cwd: testDir, encoding: "utf8", env: { PATH: process.env.PATH } });
    const lines = out.trim().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\w+\tGET \/\S*\t.+/);
  });

  it("its bin refuses an unknown option with exit code 2 and a pointer to --help", () => {
    const manifest = require(`${s.pkg}/package.json`) as { bin: Record<string, string> };
    const bin = join(dirname(require.resolve(`${s.pkg}/package.json`)), manifest.bin[s.bin]!);
    let status: number | null = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [bin, "--no-such-option"], { cwd: testDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      status = (error as { status: number | null }).status;
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toContain(`${s.bin}: Unknown option '--no-such-option'`);
    expect(stderr).toContain("(see --help)");
  });
});

const packagesDir = fileURLToPath(new URL("../packages/", import.meta.url));

describe("published files", () => {
  const published = ["runtime", "mcp", ...vendors.flatMap((v) => [v.pkg.replace("@crmkit/", ""), `${v.pkg.replace("@crmkit/", "")}-mcp`])];

  it.each(published)("@crmkit/%s: the JavaScript carries no comments (the docs are in the .d.ts)", (name) => {
    const dist = join(packagesDir, name, "dist");
    const files = readdirSync(dist).filter((f) => /\.c?js$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const code = readFileSync(join(dist, file), "utf8");
      const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      const comments = new Set<string>();
      const visit = (node: ts.Node) => {
        for (const r of [...(ts.getLeadingCommentRanges(code, node.getFullStart()) ?? []), ...(ts.getTrailingCommentRanges(code, node.getEnd()) ?? [])]) comments.add(code.slice(r.pos, r.end));
        ts.forEachChild(node, visit);
      };
      visit(source);
      const unexpected = [...comments].filter((c) => !/[@#]__(PURE|NO_SIDE_EFFECTS)__|^\/\/# sourceMappingURL=/.test(c));
      expect(unexpected, `${name}/dist/${file}`).toEqual([]);
    }
  });

  it.each(published.filter((n) => n !== "runtime" && n !== "mcp"))("@crmkit/%s: source maps carry the text of hand-written sources only", (name) => {
    const dist = join(packagesDir, name, "dist");
    const maps = readdirSync(dist).filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    let generated = 0;
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(dist, file), "utf8")) as { sources: string[]; sourcesContent?: Array<string | null> };
      map.sources.forEach((source, i) => {
        const text = map.sourcesContent?.[i] ?? null;
        // Generated files are named in the map (stack traces keep their file and line) without their text.
        if (source.endsWith(".gen.ts")) {
          generated++;
          expect(text, `${name}/dist/${file}: ${source}`).toBeNull();
        } else expect(typeof text, `${name}/dist/${file}: ${source}`).toBe("string");
      });
    }
    expect(generated).toBeGreaterThan(0);
  });

  it("keeps each method's documentation in the published types (what an editor shows on hover)", () => {
    const consumer = join(testDir, "hover-consumer.ts");
    const text = 'import { createWealthboxClient } from "@crmkit/wealthbox";\nconst client = createWealthboxClient({ accessToken: "t" });\nvoid client.contacts.list;\n';
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => [consumer],
      getScriptVersion: () => "1",
      getScriptSnapshot: (f) => (f === consumer ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
      getCurrentDirectory: () => testDir,
      getCompilationSettings: () => ({ module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true }),
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => f === consumer || ts.sys.fileExists(f),
      readFile: (f) => (f === consumer ? text : ts.sys.readFile(f)),
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    const service = ts.createLanguageService(host);
    const info = service.getQuickInfoAtPosition(consumer, text.lastIndexOf("list") + 1);
    const docs = ts.displayPartsToString(info?.documentation);
    const tags = (info?.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`).join("\n");
    // With dates in the spec the payload type is written over the Dates choice; the signature still names the page type.
    expect(ts.displayPartsToString(info?.displayParts)).toMatch(/ContactsResource<false>\.list<CallDates>\(params\?: ListContactsParams[\s\S]*\): PagePromise</);
    expect(docs).toMatch(/^List contacts/);
    expect(docs).toContain("`GET /v1/contacts`");
    expect(tags).toContain("@param params.per_page");
  });
});
