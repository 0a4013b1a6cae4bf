import { readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { SpecError } from "./errors.js";
import { bundleSpecs } from "./specs/bundle.js";
import { findWorkspaceRoot } from "./workspace.js";

/** `crmkit-specs bundle [vendor...]`, run in the specs package. With no vendor, every spec folder. */
async function main(): Promise<void> {
  const [command, ...vendors] = process.argv.slice(2);
  if (command !== "bundle") throw new Error("usage: crmkit-specs bundle [vendor...]");
  const specsDir = process.cwd();
  const chosen = vendors.length
    ? vendors
    : readdirSync(specsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && (existsSync(join(specsDir, d.name, "openapi.yaml")) || existsSync(join(specsDir, d.name, "upstream.json"))))
        .map((d) => d.name)
        .sort();
  const require = createRequire(join(specsDir, "package.json"));
  const redocly = join(require.resolve("@redocly/cli/package.json"), "..", "bin", "cli.js");
  await bundleSpecs({ specsDir, workspaceRoot: findWorkspaceRoot(specsDir), vendors: chosen, redocly });
}

main().catch((error: unknown) => {
  process.stderr.write(`crmkit-specs: ${error instanceof SpecError || error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
