// The programs in examples/ and each README's quick start, run as a user would run them: compiled
// JavaScript, credentials and base URL from environment variables, against Prism mocking the vendor's
// bundled spec behind a small front server that also answers one 404 and throttles (test/support/front.ts).
// Each vendor runs twice: throttled once (the client waits out Retry-After and goes on), and throttled
// always (the program gives up with exit code 75 once the retries are spent).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFront, type Front } from "./support/front.js";
import { startPrism, type PrismServer } from "./support/prism.js";
import { tsBlocks } from "./support/markdown.js";

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL(".", import.meta.url));
const examplesDir = dirname(require.resolve("@crmkit/examples/package.json"));
const specsDir = join(dirname(require.resolve("@crmkit/specs/package.json")), "dist");
const MISSING = "999999999";

/** Per vendor: the credentials a user would export, and the server path the base URL keeps. */
const VENDORS: Record<string, { env: Record<string, string>; serverPath: string; oauthPrefix?: string; missingId?: string }> = {
  wealthbox: { env: { WEALTHBOX_ACCESS_TOKEN: "example-token" }, serverPath: "" },
  onepagecrm: { env: { ONEPAGECRM_USER_ID: "5aba31ea9007ba0f570c92d4", ONEPAGECRM_API_KEY: "example-key" }, serverPath: "/api/v3", missingId: "000000000000000000000000" },
  proworkflow: { env: { PROWORKFLOW_API_KEY: "example-key", PROWORKFLOW_USERNAME: "ada", PROWORKFLOW_PASSWORD: "example-password" }, serverPath: "" },
  // As a service application: the program takes the client-credentials path, so the token request runs too.
  accelo: { env: { ACCELO_DEPLOYMENT: "planet-express", ACCELO_CLIENT_ID: "example-app", ACCELO_CLIENT_SECRET: "example-secret" }, serverPath: "/api/v0", oauthPrefix: "/oauth2/v0" },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runNode(file: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    // Only what the program needs: no credentials leak in from the machine running the tests.
    const clean = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env };
    execFile(process.execPath, [file], { cwd, env: clean, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), "crmkit-examples-"));
symlinkSync(join(here, "node_modules"), join(work, "node_modules"), "dir");
afterAll(() => rmSync(work, { recursive: true, force: true }));

for (const [vendor, setup] of Object.entries(VENDORS)) {
  describe(`${vendor}: examples/src/${vendor}.ts and the README quick start against Prism`, () => {
    let prism: PrismServer;
    const fronts: Front[] = [];
    const front = async (throttle: "first-get" | "always") => {
      const f = await startFront({
        prismUrl: prism.url,
        prefixes: [setup.serverPath, ...(setup.oauthPrefix ? [setup.oauthPrefix] : [])],
        missingId: setup.missingId ?? MISSING,
        throttle,
      });
      fronts.push(f);
      return f;
    };
    const envFor = (f: Front) => ({ ...setup.env, [`${vendor.toUpperCase()}_BASE_URL`]: `${f.url}${setup.serverPath}` });

    beforeAll(async () => {
      prism = await startPrism(join(specsDir, `${vendor}.json`));
    });
    afterAll(async () => {
      await Promise.all(fronts.map((f) => f.close()));
      await prism?.stop();
    });

    it("does the task, waiting out one 429 and reporting the 404", async () => {
      const f = await front("first-get");
      const run = await runNode(join(examplesDir, "dist", `${vendor}.js`), examplesDir, envFor(f));
      console.log(`examples/${vendor} (throttled once):\n${run.stdout}${run.stderr}`);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^(signed in as a service application|retry 1 after HTTP 429, waiting 1000 ms)/);
      expect(lines.some((l) => l === "retry 1 after HTTP 429, waiting 1000 ms")).toBe(true);
      expect(lines.some((l) => /^listed \d+ contacts?: ./.test(l))).toBe(true);
      expect(lines.some((l) => l.startsWith("created contact "))).toBe(true);
      expect(lines.some((l) => l.startsWith("updated contact "))).toBe(true);
      expect(lines.at(-1)).toMatch(/^contact \S+: not found \(HTTP 404\)$/);
      // The throttled request was sent again, and nothing else failed.
      const statuses = f.exchanges.map((e) => e.status);
      expect(statuses[statuses.indexOf(429) + 1]).toBeLessThan(300);
      expect(statuses.filter((s) => s >= 400).sort()).toEqual([404, 429]);
      // Every request the program sent was valid for the spec.
      expect(f.exchanges.filter((e) => e.violations)).toEqual([]);
    });

    it("gives up with exit code 75 when every request is throttled", async () => {
      const f = await front("always");
      const run = await runNode(join(examplesDir, "dist", `${vendor}.js`), examplesDir, envFor(f));
      console.log(`examples/${vendor} (always throttled): exit ${run.code}\n${run.stdout}${run.stderr}`);
      expect(run.code).toBe(75);
      expect(run.stderr.trim()).toBe("still rate limited after retries; try again in 1 s");
      // The first attempt and maxRetries (3) more.
      expect(f.exchanges.length).toBe(4);
    });

    it("the README quick start runs as written", async () => {
      const readme = readFileSync(join(dirname(require.resolve(`@crmkit/${vendor}/package.json`)), "README.md"), "utf8");
      const quickStart = readme.slice(readme.indexOf("\n## Quick start\n"));
      const block = tsBlocks(quickStart, vendor)[0]!;
      const js = ts.transpileModule(block.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const file = join(work, `${vendor}-quick-start.mjs`);
      writeFileSync(file, js);
      const f = await front("first-get");
      const run = await runNode(file, work, { ...envFor(f), ...(vendor === "accelo" ? { ACCELO_ACCESS_TOKEN: "example-token" } : {}) });
      console.log(`${vendor} README quick start (first lines):\n${run.stdout.split("\n").slice(0, 3).join("\n")}\n${run.stderr}`);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^\d+ contacts\ncreated /);
      expect(run.stdout).toContain("\nupdated ");
    });
  });
}
