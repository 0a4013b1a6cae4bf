// The API reference shows, beside each operation's HTTP view, the crmkit call for it (x-codeSamples
// from @crmkit/generator's usage samples). Every sample of every vendor is type-checked here against
// the built client, and the built pages must carry them.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { withCodeSamples } from "../src/reference.js";
import { allVendorFacts } from "./support/vendors.js";

const require = createRequire(import.meta.url);
const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsc = path.join(path.dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const vendors = allVendorFacts();
const work = mkdtempSync(path.join(tmpdir(), "crmkit-code-samples-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("code samples in the API reference", () => {
  it("every operation has a TypeScript call and its HTTP request", () => {
    for (const v of vendors) {
      const samples = v.usage!.codeSamples;
      expect(samples.size, v.slug).toBe(v.operationCount);
      for (const [id, list] of samples) {
        expect(list.map((s) => s.lang), `${v.slug} ${id}`).toEqual(["TypeScript", "HTTP"]);
        expect(list[0]!.source, `${v.slug} ${id}`).toMatch(new RegExp(`await client\\.\\w+\\.\\w+\\(|for await \\(const \\w+ of client\\.`));
        expect(list[1]!.source, `${v.slug} ${id}`).toMatch(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/\S* HTTP\/1\.1\nHost: /);
      }
    }
  });

  it("refuses samples for operations the spec does not have", () => {
    const spec = { paths: { "/a": { get: { operationId: "getA" } } } };
    expect(withCodeSamples(structuredClone(spec), new Map([["getA", [{ lang: "TypeScript", source: "x" }]]])).paths["/a"].get["x-codeSamples"]).toHaveLength(1);
    expect(() => withCodeSamples(structuredClone(spec), new Map([["getB", []]]))).toThrow(/getB/);
  });

  it("type-check against the built clients (strict, nodenext)", async () => {
    symlinkSync(path.join(DOCS_DIR, "node_modules"), path.join(work, "node_modules"), "dir");
    const files: string[] = [];
    for (const v of vendors) {
      // Each sample opens with the same import and client; the calls become one function each.
      const head = new Set<string>();
      const bodies: string[] = [];
      for (const [id, [typescript]] of v.usage!.codeSamples) {
        const lines = typescript!.source.split("\n");
        const split = lines.findIndex((l) => l.startsWith("const client = "));
        head.add(lines.slice(0, split + 1).join("\n"));
        bodies.push(`export async function ${id}(): Promise<void> {\n${lines.slice(split + 1).join("\n")}\n}`);
      }
      expect([...head], `${v.slug}: every sample starts the same way`).toHaveLength(1);
      const file = `${v.slug}.mts`;
      writeFileSync(path.join(work, file), `${[...head][0]}\n\n${bodies.join("\n\n")}\n`);
      files.push(file);
    }
    writeFileSync(
      path.join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom", "dom.asynciterable"], types: ["node"], skipLibCheck: true },
        files,
      }),
    );
    let output = "";
    try {
      await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: work, encoding: "utf8", timeout: 300_000 });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? String(error);
    }
    expect(output.split("\n").slice(0, 30).join("\n")).toBe("");
  }, 360_000);

  it.each(vendors.map((v) => [v.slug, v] as const))("the built %s reference carries them", (_slug, v) => {
    const file = path.join(DOCS_DIR, "dist", v.slug, "reference.html");
    expect(existsSync(file), `${file} (run the docs build first)`).toBe(true);
    const html = readFileSync(file, "utf8");
    expect(html).toContain('"x-codeSamples"');
    expect(html).toContain('"codeSamples":{"languages":[{"lang":"TypeScript"}');
    const first = v.usage!.codeSamples.get(v.firstCall.operationId)![0]!.source;
    expect(html).toContain(JSON.stringify(first).slice(1, -1));
  });
});
