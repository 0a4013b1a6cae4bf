// Every TypeScript block of every vendor README, type-checked against the built package under
// --strict and exactOptionalPropertyTypes, as a reader would paste it into a Node project. A block
// that uses `client` without creating one gets it declared; everything else it must import itself.
// The runtime defaults the READMEs quote are checked against the runtime's source.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { tsBlocks } from "./support/markdown.js";
import { usage } from "@crmkit/generator";

const { RUNTIME_DEFAULTS } = usage;

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const VENDORS = { wealthbox: "Wealthbox", onepagecrm: "OnePageCrm", proworkflow: "ProWorkflow", accelo: "Accelo" } as const;

const readmes = Object.entries(VENDORS).map(([slug, name]) => {
  const dir = dirname(require.resolve(`@crmkit/${slug}/package.json`));
  return { slug, name, pkg: `@crmkit/${slug}`, text: readFileSync(join(dir, "README.md"), "utf8") };
});

const work = mkdtempSync(join(tmpdir(), "crmkit-readme-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("README code blocks", () => {
  it("each README has blocks for the quick start, auth, pagination, errors, options and calls by path", () => {
    for (const r of readmes) {
      for (const heading of ["## Quick start", "## Authentication", "## Pagination", "## Errors", "## Client options", "## Per-call options", "## Calls by path"]) {
        expect(r.text, `${r.slug} README`).toContain(`\n${heading}\n`);
      }
      expect(tsBlocks(r.text, r.slug).length, r.slug).toBeGreaterThanOrEqual(10);
    }
  });

  it("type-check against the built packages (strict, exactOptionalPropertyTypes, nodenext)", async () => {
    // The folder resolves packages through the test package's node_modules, as a project would.
    symlinkSync(join(here, "node_modules"), join(work, "node_modules"), "dir");
    const files: string[] = [];
    const origin = new Map<string, { where: string; line: number; prelude: number }>();
    // The repository README's sample is checked the same way; it imports what it uses.
    const rootReadme = { slug: "root", name: "", pkg: "", text: readFileSync(join(here, "..", "README.md"), "utf8") };
    for (const r of [...readmes, rootReadme]) {
      tsBlocks(r.text, r.slug).forEach((block, i) => {
        const declaresClient = /\bconst client\b/.test(block.code);
        const usesClient = /\bclient\./.test(block.code);
        const prelude = usesClient && !declaresClient && r.pkg ? `import type { ${r.name}Client } from "${r.pkg}";\ndeclare const client: ${r.name}Client;\n` : "";
        const file = `${r.slug}-${String(i).padStart(2, "0")}.mts`;
        writeFileSync(join(work, file), `${prelude}${block.code}\nexport {};\n`);
        files.push(file);
        origin.set(file, { where: r.pkg ? `packages/${r.slug}/README.md` : "README.md", line: block.line, prelude: prelude ? 2 : 0 });
      });
    }
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom", "dom.asynciterable"],
          types: ["node"],
          skipLibCheck: true,
        },
        files,
      }),
    );
    let output = "";
    try {
      await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: work, encoding: "utf8", timeout: 240_000 });
    } catch (error) {
      // Points each error at its line of the README.
      output = ((error as { stdout?: string }).stdout ?? String(error)).replace(/^([\w-]+\.mts)\((\d+),(\d+)\)/gm, (all, file: string, line: string, column: string) => {
        const o = origin.get(file);
        return o ? `${o.where}:${o.line + Number(line) - 1 - o.prelude}:${column}` : all;
      });
    }
    expect(output).toBe("");
  }, 300_000);
});

describe("runtime defaults the READMEs quote", () => {
  it("are the runtime's own table", async () => {
    const { RUNTIME_DEFAULTS: fromRuntime } = await import("@crmkit/runtime");
    const { refreshSkewMs, ...rest } = RUNTIME_DEFAULTS;
    expect(rest).toEqual({ ...fromRuntime, retryStatuses: [...fromRuntime.retryStatuses] });
    // OAuth's refresh margin lives with the token machinery.
    const tokens = readFileSync(new URL("../packages/runtime/src/tokens.ts", import.meta.url), "utf8");
    expect(tokens).toMatch(new RegExp(`refreshSkewMs \\?\\? (?:${refreshSkewMs}|${String(refreshSkewMs).replace(/\B(?=(\d{3})+(?!\d))/g, "_")});`));
  });
});
