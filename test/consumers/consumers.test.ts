import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSUMER_TOKEN, startServers, type LocalServers } from "./api-server.js";
import { npmCli, run } from "./exec.js";
import { npm, packAndPublish, startRegistry, type LocalRegistry } from "./registry.js";
import { ensureRuntime, type ExtraRuntime } from "./runtimes.js";

/**
 * The consumer matrix: every package is published to a local Verdaccio, ONE vendor package is
 * installed from it with npm into a fresh project, and the same small program runs against a local
 * server in each runtime. One line per runtime: `consumer <runtime>: ok` or `consumer <runtime>: FAIL <why>`.
 */

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "..", "..");
const require = createRequire(import.meta.url);
const CHROMIUM = "/usr/bin/chromium";
const browserRequired = process.env.CI === "true";
const browserAvailable = existsSync(CHROMIUM);
/** Outside CI a machine without Chromium skips the browser consumer (and says so); in CI it must run. */
const browserSkipped = !browserAvailable && !browserRequired;

/** Every package that goes to npm, by folder under packages/. */
const PUBLISHED = ["runtime", "onepagecrm", "wealthbox", "proworkflow", "accelo", "mcp", "onepagecrm-mcp", "wealthbox-mcp", "proworkflow-mcp", "accelo-mcp"];
const CONSUMED = "@crmkit/wealthbox";
/** The MCP server installed next to it, and run with npx. */
const CONSUMED_MCP = "@crmkit/wealthbox-mcp";
/** A tarball holds the build output and these, nothing else. */
const REQUIRED_FILES = ["package.json", "LICENSE", "README.md"];
const ALLOWED_OUTSIDE_DIST = new Set(["package.json", "README.md", "LICENSE"]);

const expected = { contact: "Ada Lovelace", listed: ["Ada", "Grace", "Edsger"], pages: 2, notFound: "NotFoundError 404" };

interface Outcome {
  runtime: string;
  ok: boolean;
  why?: string;
  ms: number;
}

const outcomes = new Map<string, Outcome>();
const tarballFiles = new Map<string, string[]>();
const timings: Record<string, number> = {};
let lockfile: { packages: Record<string, { resolved?: string; link?: boolean }> } | undefined;
let registry: LocalRegistry | undefined;
let servers: LocalServers | undefined;
let work: string | undefined;
let project: string | undefined;
let binaries = new Map<ExtraRuntime, Promise<string>>();

const RUNTIMES = [
  "node20-esm",
  "node20-cjs",
  "node22-esm",
  "node22-cjs",
  "node24-esm",
  "node24-cjs",
  "bun-esm",
  "bun-cjs",
  "deno",
  "tsc-node16",
  "tsc-bundler",
  "browser",
];

const since = (start: number) => Math.round(performance.now() - start);

beforeAll(async () => {
  const started = performance.now();
  work = mkdtempSync(join(tmpdir(), "crmkit-consumers-"));

  // The runtime downloads (the slow part on a cold cache) overlap with publishing and installing.
  const extra: ExtraRuntime[] = ["node22", "node24", "bun", "deno"];
  binaries = new Map(
    extra.map((name) => [
      name,
      ensureRuntime(name).then((r) => {
        timings[`install ${name}`] = Math.round(r.installMs);
        return r.bin;
      }),
    ]),
  );
  for (const p of binaries.values()) p.catch(() => {}); // reported per runtime below

  servers = await startServers();
  // Verdaccio proxies to the registry npm is configured with, trusting the certificates npm trusts.
  const npmConfig = async (key: string) => (await run(npmCli(), ["config", "get", key], { cwd: work!, timeoutMs: 30_000 })).stdout.trim();
  const uplink = await npmConfig("registry");
  const caFile = await npmConfig("cafile");
  let step = performance.now();
  registry = await startRegistry(join(work, "registry"), uplink, existsSync(caFile) ? caFile : undefined);
  timings["start verdaccio"] = since(step);

  step = performance.now();
  const packs = join(work, "packs");
  mkdirSync(packs);
  const pnpm = join(repo, "node_modules", "pnpm", "bin", "pnpm.cjs");
  await Promise.all(
    PUBLISHED.map(async (dir) => {
      const tarball = await packAndPublish(join(repo, "packages", dir), packs, registry!, pnpm);
      const listing = await run("tar", ["-tzf", tarball], { cwd: packs, timeoutMs: 30_000 });
      tarballFiles.set(dir, listing.stdout.trim().split("\n").map((f) => f.replace(/^package\//, "")));
    }),
  );
  timings[`pack and publish ${PUBLISHED.length} packages`] = since(step);

  step = performance.now();
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "crmkit-consumer", version: "1.0.0", private: true }, null, 2));
  await npm(["install", CONSUMED, CONSUMED_MCP], { cwd: project, registry, cache: join(work, "npm-cache") });
  lockfile = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
  timings[`npm install ${CONSUMED} ${CONSUMED_MCP}`] = since(step);

  step = performance.now();
  const cases = consumerCases(project, servers, binaries);
  // Those that need no download first, so a slow download holds up as little as possible.
  const order = Object.keys(cases).sort((a, b) => Number(/^(node2[24]|bun|deno)/.test(a)) - Number(/^(node2[24]|bun|deno)/.test(b)));
  const results = await pool(
    order.map((runtime) => [runtime, cases[runtime]!] as const),
    Math.max(2, cpus().length),
    async ([runtime, attempt]): Promise<Outcome> => {
      const t = performance.now();
      try {
        const why = await attempt();
        return { runtime, ok: why === undefined, why, ms: since(t) };
      } catch (error) {
        return { runtime, ok: false, why: oneLine(error), ms: since(t) };
      }
    },
  );
  timings["run the matrix"] = since(step);
  timings.total = since(started);

  for (const outcome of results) outcomes.set(outcome.runtime, outcome);
  const lines = RUNTIMES.filter((runtime) => runtime !== "browser" || !browserSkipped).map((runtime) => {
    const o = outcomes.get(runtime);
    return o ? `consumer ${runtime}: ${o.ok ? "ok" : `FAIL ${o.why}`}` : `consumer ${runtime}: FAIL not run`;
  });
  if (browserSkipped) lines.push(`(browser consumer skipped: ${CHROMIUM} is missing and CI is not "true")`);
  console.log(lines.join("\n"));
  console.log(`timings (ms): ${JSON.stringify({ ...timings, ...Object.fromEntries(results.map((o) => [o.runtime, o.ms])) })}`);
}, 900_000);

afterAll(async () => {
  // A failed setup must not leave npm installs writing into the cache after the run.
  await Promise.allSettled(binaries.values());
  await registry?.stop();
  await servers?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("published packages", () => {
  it.each(PUBLISHED)("the %s tarball holds only dist/, package.json, README.md and LICENSE", (dir) => {
    const files = tarballFiles.get(dir);
    expect(files, `${dir} was not packed`).toBeDefined();
    expect(files!.filter((f) => !f.startsWith("dist/") && !ALLOWED_OUTSIDE_DIST.has(f))).toEqual([]);
    for (const required of REQUIRED_FILES) expect(files, `${dir} tarball lacks ${required}`).toContain(required);
    expect(files!.some((f) => f.startsWith("dist/index."))).toBe(true);
  });

  it(`the consumer got ${CONSUMED}, ${CONSUMED_MCP} and their @crmkit dependencies as published tarballs, not through workspace links`, () => {
    for (const name of [CONSUMED, "@crmkit/runtime", CONSUMED_MCP, "@crmkit/mcp"]) {
      const entry = lockfile?.packages[`node_modules/${name}`];
      expect(entry, `${name} missing from package-lock.json`).toBeDefined();
      expect(entry!.link).toBeUndefined();
      expect(lstatSync(join(project!, "node_modules", name)).isSymbolicLink(), `${name} is a symlink`).toBe(false);
      const manifest = readFileSync(join(project!, "node_modules", name, "package.json"), "utf8");
      expect(manifest, `${name} still has workspace: ranges`).not.toContain("workspace:");
    }
  });
});

describe("MCP server from the registry", () => {
  it(`npx ${CONSUMED_MCP.replace("@crmkit/", "crmkit-")} answers over stdio: tools/list, a page with next_cursor, the next page, a 404 as a tool error`, async () => {
    expect(project, "the consumer project was not set up").toBeDefined();
    const env = Object.fromEntries(Object.entries(process.env).filter(([key, value]) => !/^npm_config_/i.test(key) && value !== undefined)) as Record<string, string>;
    const transport = new StdioClientTransport({
      command: npmCli().replace(/^npm/, "npx"),
      args: ["--no-install", CONSUMED_MCP.replace("@crmkit/", "crmkit-")],
      cwd: project!,
      env: { ...env, WEALTHBOX_ACCESS_TOKEN: CONSUMER_TOKEN, WEALTHBOX_BASE_URL: servers!.apiUrl, NO_UPDATE_NOTIFIER: "1" },
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk));
    const client = new Client({ name: "crmkit-consumer", version: "1.0.0" });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("contacts_list");
      const text = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0]!.text;
      const first = JSON.parse(text(await client.callTool({ name: "contacts_list", arguments: { per_page: 2 } })));
      expect(first).toEqual({ items: [expect.objectContaining({ first_name: "Ada" }), expect.objectContaining({ first_name: "Grace" })], next_cursor: "2" });
      const second = JSON.parse(text(await client.callTool({ name: "contacts_list", arguments: { per_page: 2, cursor: first.next_cursor } })));
      expect(second).toEqual({ items: [expect.objectContaining({ first_name: "Edsger" })], next_cursor: null });
      const missing = await client.callTool({ name: "contacts_get", arguments: { id: 99 } });
      expect(missing.isError).toBe(true);
      expect(text(missing)).toMatch(/HTTP 404 \(not_found\).*Record not found/);
      expect(stderr).not.toContain(CONSUMER_TOKEN);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver stderr: ${stderr}`);
    } finally {
      await client.close();
    }
  }, 120_000);
});

describe("consumer matrix", () => {
  for (const runtime of RUNTIMES) {
    it.skipIf(runtime === "browser" && browserSkipped)(`consumer ${runtime}`, () => {
      const outcome = outcomes.get(runtime);
      expect(outcome, `${runtime} did not run`).toBeDefined();
      expect(outcome!.why ?? "ok").toBe("ok");
    });
  }
});

/** Each case resolves to undefined when the consumer worked, or to why it did not. */
function consumerCases(project: string, local: LocalServers, binaries: Map<ExtraRuntime, Promise<string>>): Record<string, () => Promise<string | undefined>> {
  const program = readFileSync(join(here, "fixtures", "program.js"), "utf8");
  const printResult = [
    "runConsumer(sdk, process.argv[2]).then(",
    "  (result) => console.log(JSON.stringify(result)),",
    "  (error) => { console.error(`consumer error: ${String(error?.stack ?? error).split('\\n').slice(0, 3).join(' | ')}`); process.exitCode = 1; },",
    ");",
  ].join("\n");
  writeFileSync(join(project, "consumer.mjs"), `import * as sdk from "${CONSUMED}";\n${program}\n${printResult}\n`);
  writeFileSync(join(project, "consumer.cjs"), `const sdk = require("${CONSUMED}");\n${program}\n${printResult}\n`);

  const typed = readFileSync(join(here, "fixtures", "consumer.mts"), "utf8");
  for (const name of ["consumer.mts", "consumer.cts", "consumer.ts"]) writeFileSync(join(project, name), typed);
  const compilerOptions = { strict: true, noEmit: true, target: "es2022", lib: ["es2022", "dom", "dom.asynciterable"], types: [], skipLibCheck: false };
  writeFileSync(
    join(project, "tsconfig.node16.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, module: "node16", moduleResolution: "node16" }, files: ["consumer.mts", "consumer.cts"] }),
  );
  writeFileSync(
    join(project, "tsconfig.bundler.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, module: "preserve", moduleResolution: "bundler" }, files: ["consumer.ts"] }),
  );

  const script = (command: string | Promise<string>, args: string[], env: NodeJS.ProcessEnv = {}) => async () => {
    const { stdout } = await run(await command, [...args, local.apiUrl], { cwd: project, env: { ...process.env, ...env }, timeoutMs: 60_000 });
    return compare(stdout);
  };
  const tsc = join(require.resolve("typescript/package.json"), "..", "bin", "tsc");
  const typecheck = (config: string) => async () => {
    await run(process.execPath, [tsc, "-p", config], { cwd: project, timeoutMs: 120_000 });
    return undefined;
  };
  const quiet = { DO_NOT_TRACK: "1", DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(work!, "deno-dir"), BUN_INSTALL_CACHE_DIR: join(work!, "bun-cache") };

  return {
    "node20-esm": script(process.execPath, ["consumer.mjs"]),
    "node20-cjs": script(process.execPath, ["consumer.cjs"]),
    "node22-esm": script(binaries.get("node22")!, ["consumer.mjs"]),
    "node22-cjs": script(binaries.get("node22")!, ["consumer.cjs"]),
    "node24-esm": script(binaries.get("node24")!, ["consumer.mjs"]),
    "node24-cjs": script(binaries.get("node24")!, ["consumer.cjs"]),
    "bun-esm": script(binaries.get("bun")!, ["consumer.mjs"], quiet),
    "bun-cjs": script(binaries.get("bun")!, ["consumer.cjs"], quiet),
    // Deno resolves the package from node_modules because the project has a package.json.
    deno: script(binaries.get("deno")!, ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "--no-prompt", "consumer.mjs"], quiet),
    "tsc-node16": typecheck("tsconfig.node16.json"),
    "tsc-bundler": typecheck("tsconfig.bundler.json"),
    ...(browserSkipped ? {} : { browser: () => runInBrowser(project, program, local) }),
  };
}

/** Bundles the program with esbuild for the browser and runs it in Chromium, served from a second origin. */
async function runInBrowser(project: string, program: string, local: LocalServers): Promise<string | undefined> {
  if (!browserAvailable) return `${CHROMIUM} is missing (CI must install Debian's chromium)`;
  const esbuild = await import("esbuild");
  const bundle = await esbuild.build({
    stdin: {
      contents: `import * as sdk from "${CONSUMED}";\n${program}\nwindow.consumerResult = runConsumer(sdk, new URL(location.href).searchParams.get("api"));\n`,
      resolveDir: project,
      sourcefile: "browser-consumer.js",
    },
    absWorkingDir: project,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  local.pages.set("/consumer.js", { type: "text/javascript", body: bundle.outputFiles[0]!.text });
  local.pages.set("/consumer.html", { type: "text/html", body: '<!doctype html><script type="module" src="/consumer.js"></script>' });

  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    await page.goto(`${local.pageUrl}/consumer.html?api=${encodeURIComponent(local.apiUrl)}`, { timeout: 30_000 });
    const result = await page.evaluate(async () => {
      const pending = (window as unknown as { consumerResult?: Promise<unknown> }).consumerResult;
      if (!pending) return undefined;
      return pending.then(
        (value) => ({ value }),
        (error: unknown) => ({ error: String(error) }),
      );
    });
    if (result === undefined) return `the bundle did not start${problems.length ? `: ${problems.join("; ")}` : ""}`;
    if ("error" in result) return `threw ${result.error}`;
    return compare(JSON.stringify(result.value));
  } finally {
    await browser.close();
  }
}

function compare(stdout: string): string | undefined {
  const lastLine = stdout.trim().split("\n").pop() ?? "";
  let actual: unknown;
  try {
    actual = JSON.parse(lastLine);
  } catch {
    return `printed no result: ${JSON.stringify(stdout.slice(-300))}`;
  }
  return JSON.stringify(actual) === JSON.stringify(expected) ? undefined : `got ${lastLine}, expected ${JSON.stringify(expected)}`;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").trim().slice(0, 400);
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the input order in the result. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
