import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * tsc over fixtures/union.ts: the discriminated unions narrow as documented, unknown events stay
 * untyped, delete events have no fetch, and each vendor's options take only what applies. The
 * fixture's @ts-expect-error lines make wrong uses part of the check: each must fail to compile.
 */
describe("generated webhook types", () => {
  it("compile as the fixture expects", () => {
    const fixture = fileURLToPath(new URL("./fixtures/union.ts", import.meta.url));
    const program = ts.createProgram([fixture], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName.split("/").pop()}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
  }, 120_000);
});
