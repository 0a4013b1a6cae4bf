import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runSpecsCommand } from "../../src/specs/commands.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const fixture = fileURLToPath(new URL("../fixtures/shop.yaml", import.meta.url));

async function run(argv: string[], cwd = join(repo, "specs")) {
  let stdout = "";
  let stderr = "";
  const code = await runSpecsCommand(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function changedCopy(change: (doc: any) => void): string {
  const doc = parse(readFileSync(fixture, "utf8"));
  change(doc);
  const file = join(mkdtempSync(join(tmpdir(), "crmkit-cli-")), "shop.yaml");
  writeFileSync(file, stringify(doc));
  return file;
}

describe("crmkit-specs diff <old> <new>", () => {
  it("prints the report", async () => {
    const changed = changedCopy((d) => d.paths["/orders"].get.parameters.push({ name: "region", in: "query", required: true, schema: { type: "string" } }));
    const { code, stdout } = await run(["diff", fixture, changed]);
    expect(code).toBe(0);
    expect(stdout).toContain("Shop API 1.0: ");
    expect(stdout).toContain(": major (breaking changes)\n  1 breaking, 0 features, 0 fixes; 1 change over 1 operation");
    expect(stdout).toContain("  orders.list() GET /orders\n    - required query parameter region added  #/paths/~1orders/get/parameters/3");
  });

  it("--json prints only the JSON", async () => {
    const changed = changedCopy((d) => (d.paths["/orders"].get.summary = "All orders"));
    const { stdout } = await run(["diff", fixture, changed, "--json"]);
    expect(JSON.parse(stdout)).toEqual({
      level: "patch",
      changes: [{ level: "patch", kind: "docs-changed", operation: "GET /orders", pointer: "/paths/~1orders/get", message: "summary changed (JSDoc)" }],
    });
  });

  it("refuses what is neither a spec folder nor a pair of files", async () => {
    await expect(run(["diff", "nope"])).rejects.toThrow(/"nope" is neither a spec folder \(accelo, onepagecrm, proworkflow, wealthbox\) nor/);
    await expect(run(["diff", "wealthbox", "--json", "--base"])).rejects.toThrow(/--base needs a value/);
    await expect(run(["frobnicate"])).rejects.toThrow(/unknown command "frobnicate"/);
  });

  it("a bad new spec fails with its file and pointer", async () => {
    const broken = changedCopy((d) => (d.paths["/orders"].get.parameters[0].schema = { $ref: "#/components/schemas/constructor" }));
    await expect(run(["diff", fixture, broken])).rejects.toThrow(/shop\.yaml:\d+ at #\/paths\/~1orders\/get\/parameters\/0\/schema\/\$ref: \$ref "#\/components\/schemas\/constructor" does not resolve/);
  });
});
