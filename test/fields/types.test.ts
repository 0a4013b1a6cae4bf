import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The type-level tests of typed field selection. The fixtures in types/ must compile as they are (the test
 * package's `tsc -p` checks that, `@ts-expect-error` lines included). Here each `// @ts-expect-error TSxxxx`
 * comment is removed and the fixtures compiled again: the line after each must fail with exactly that code,
 * and nothing else may fail. So a misuse that fails for another reason than the one claimed is caught.
 */

const here = dirname(fileURLToPath(import.meta.url));
const typesDir = join(here, "types");
const fixtures = readdirSync(typesDir).filter((f) => f.endsWith(".ts") && f !== "assert.ts");
const MARK = /^\s*\/\/ @ts-expect-error (TS\d+)\b/;

interface Expected {
  file: string;
  line: number;
  code: string;
}

function compileWithoutMarks(): { expected: Expected[]; found: Expected[]; messages: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(join(here, "..", "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} })!;
  const expected: Expected[] = [];
  const sources = new Map<string, string>();
  for (const file of fixtures) {
    const path = join(typesDir, file);
    const lines = readFileSync(path, "utf8").split("\n");
    lines.forEach((line, i) => {
      const mark = MARK.exec(line);
      if (!mark) return;
      expected.push({ file, line: i + 2, code: mark[1]! });
      lines[i] = "";
    });
    sources.set(path, lines.join("\n"));
  }
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  const program = ts.createProgram([...sources.keys()], { ...config.options, noEmit: true }, host);
  const found: Expected[] = [];
  const messages: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? diagnostic.file.fileName.slice(typesDir.length + 1) : "(global)";
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
    found.push({ file, line, code: `TS${diagnostic.code}` });
    messages.push(`${file}:${line} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`);
  }
  return { expected, found, messages };
}

describe("typed field selection, at the type level", () => {
  const { expected, found, messages } = compileWithoutMarks();
  const key = (e: Expected) => `${e.file}:${e.line} ${e.code}`;

  it("has misuse cases for every vendor with a selection", () => {
    expect(fixtures.sort()).toEqual(["accelo.ts", "onepagecrm.ts", "proworkflow.ts"]);
    for (const file of fixtures) expect(expected.filter((e) => e.file === file).length, file).toBeGreaterThanOrEqual(2);
  });

  it("fails each marked line with the code it names, and nothing else", () => {
    // One diagnostic per marked line: an overload failure reports once, at the call.
    expect([...new Set(found.map(key))].sort(), messages.join("\n")).toEqual(expected.map(key).sort());
  });

  it("never reports an excessively deep instantiation (TS2589), the widest records included", () => {
    expect(found.filter((f) => f.code === "TS2589")).toEqual([]);
  });
});
