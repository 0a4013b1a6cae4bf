// The spec lint, as the bundle step runs it, reports nothing: upstream's known OnePageCRM findings are
// listed one by one in .redocly.lint-ignore.yaml, so a new warning in any spec shows here instead of
// scrolling past in a build log.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const specsRequire = createRequire(join(root, "specs", "package.json"));
const redocly = join(dirname(specsRequire.resolve("@redocly/cli/package.json")), "bin", "cli.js");

describe("spec lint", () => {
  it("reports no warnings and no errors for any vendor", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [redocly, "lint", "--format=summary"], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
    const output = stdout + stderr;
    expect(output).not.toMatch(/^(warning|error) /m);
    expect(output).not.toMatch(/You have \d+ warnings?/);
  }, 200_000);
});
