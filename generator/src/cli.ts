import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { SpecError } from "./errors.js";
import { generateSources } from "./generate.js";
import { writeFilesAtomically } from "./write.js";

/**
 * `crmkit-generate`, run in a client package: reads `crmkit.spec` from its package.json, generates
 * from `@crmkit/specs/dist/<spec>.json` and writes `src/*.gen.ts`.
 */
async function main(): Promise<void> {
  const packageDir = process.cwd();
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string; crmkit?: { spec?: string } };
  const spec = manifest.crmkit?.spec;
  if (!spec) throw new Error(`${join(packageDir, "package.json")}: missing "crmkit": { "spec": "<vendor>" }`);
  const require = createRequire(join(packageDir, "package.json"));
  const specsDir = dirname(require.resolve("@crmkit/specs/package.json"));
  const specFile = join(specsDir, "dist", `${spec}.json`);
  const started = performance.now();
  const { model, files } = await generateSources(relative(packageDir, specFile), spec, readFileOrExplain(specFile));
  const { written, unchanged } = writeFilesAtomically(join(packageDir, "src"), files);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `${manifest.name}: ${model.operations.length} operations in ${model.resources.length} resources → src/ ` +
      `(${written.length} written, ${unchanged.length} unchanged, ${ms} ms)\n`,
  );
}

function readFileOrExplain(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new Error(`${file} does not exist: bundle the specs first (pnpm build runs it)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`crmkit-generate: ${error instanceof SpecError || error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
