// The spec lint, as the bundle step runs it, reports nothing: upstream's known OnePageCRM findings are
// listed one by one in .redocly.lint-ignore.yaml, so a new warning in any spec shows here instead of
// scrolling past in a build log.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lintSpecs } from "@crmkit/generator";
import { describe, expect, it } from "vitest";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const specsRequire = createRequire(join(root, "specs", "package.json"));
const redocly = join(dirname(specsRequire.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const VENDORS = ["wealthbox", "onepagecrm", "proworkflow", "accelo"];

describe("spec lint", () => {
  it("reports no warnings and no errors for any vendor", async () => {
    const { stdout, stderr } = await lintSpecs({ workspaceRoot: root, vendors: VENDORS, redocly }, "summary");
    const output = stdout + stderr;
    expect(output).toMatch(/validated/);
    expect(output).not.toMatch(/^(warning|error) /m);
    expect(output).not.toMatch(/You have \d+ warnings?/);
  }, 200_000);
});
