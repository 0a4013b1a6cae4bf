import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { generateSources } from "../src/generate.js";

const runtimeDir = fileURLToPath(new URL("../../packages/runtime/", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * Generates each fixture's client into a temporary package and type-checks them all in one program, with
 * the options the packages use; returns the diagnostics per fixture.
 */
async function compileErrors(fixtures: string[]): Promise<Record<string, string[]>> {
  const roots: Array<{ fixture: string; dir: string; file: string }> = [];
  for (const fixture of fixtures) {
    const { files } = await generateSources(fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)), fixture);
    const dir = mkdtempSync(join(tmpdir(), "crmkit-compile-"));
    dirs.push(dir);
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    for (const [name, content] of files) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
      roots.push({ fixture, dir, file: join(dir, name) });
    }
  }
  const program = ts.createProgram(roots.map((r) => r.file), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    noUnusedLocals: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    paths: {
      "@crmkit/runtime": [join(runtimeDir, "src/index.ts")],
      "openapi-fetch": [join(runtimeDir, "node_modules/openapi-fetch/dist/index.d.mts")],
    },
  });
  const errors: Record<string, string[]> = Object.fromEntries(fixtures.map((f) => [f, []]));
  for (const { fixture, dir, file } of roots) {
    const source = program.getSourceFile(file);
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      errors[fixture]!.push(`${file.slice(dir.length + 1)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
  }
  return errors;
}

describe("generated clients compile with noUnusedLocals", () => {
  it("a spec without list operations (no-lists.yaml) and one with lists, plain calls and an envelope (shop.yaml)", async () => {
    expect(await compileErrors(["no-lists.yaml", "shop.yaml"])).toEqual({ "no-lists.yaml": [], "shop.yaml": [] });
  });
});
