import { readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { SpecError } from "./errors.js";
import { generateSources } from "./generate.js";
import { emitContractTests } from "./emit/contract.js";
import { emitApiMarkdown } from "./emit/api-md.js";
import { emitMcpPackage, toolOperations } from "./emit/mcp.js";
import { emitReadme } from "./emit/readme.js";
import { loadDocument } from "./load.js";
import { buildModel } from "./model.js";
import { writeFilesAtomically } from "./write.js";

/**
 * `crmkit-generate`, run in a client package: reads `crmkit.spec` from its package.json, generates
 * from `@crmkit/specs/dist/<spec>.json` and writes `src/*.gen.ts`.
 * `crmkit-generate contracts`, run in the tests package: writes `contract/<spec>.gen.ts` for each
 * entry of `crmkit.contracts` (spec name → client package name).
 * `crmkit-generate mcp`, run in an MCP server package: writes its tool table, entry, bin and README
 * from `crmkit.spec` (the package's `crmkit.mcp.defaultTools` may fix the `--tools` default).
 */
async function main(): Promise<void> {
  const packageDir = process.cwd();
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    name: string;
    version?: string;
    bin?: Record<string, string>;
    crmkit?: { spec?: string; contracts?: Record<string, string>; mcp?: { defaultTools?: string } };
  };
  const require = createRequire(join(packageDir, "package.json"));
  const specsDir = dirname(require.resolve("@crmkit/specs/package.json"));
  if (process.argv[2] === "contracts") return generateContracts(packageDir, specsDir, manifest.crmkit?.contracts ?? {});
  const spec = manifest.crmkit?.spec;
  if (!spec) throw new Error(`${join(packageDir, "package.json")}: missing "crmkit": { "spec": "<vendor>" }`);
  const specFile = join(specsDir, "dist", `${spec}.json`);
  const started = performance.now();
  if (process.argv[2] === "mcp") return generateMcp(packageDir, manifest, spec, specFile, started);
  const { model, doc, files } = await generateSources(relative(packageDir, specFile), spec, readFileOrExplain(specFile), {
    package: { name: manifest.name, version: manifest.version ?? "0.0.0" },
  });
  // Sources, the README and api.md are written together: all of them or none.
  const outputs = new Map([...files].map(([name, content]) => [join("src", name), content]));
  outputs.set("README.md", emitReadme(model));
  outputs.set("api.md", emitApiMarkdown(model, doc, spec));
  const { written, unchanged } = writeFilesAtomically(packageDir, outputs);
  removeStaleGenerated(join(packageDir, "src"), new Set([...files.keys()].map((name) => join(packageDir, "src", name))));
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `${manifest.name}: ${model.operations.length} operations in ${model.resources.length} resources → src/, README.md, api.md ` +
      `(${written.length} written, ${unchanged.length} unchanged, ${ms} ms)\n`,
  );
}

async function generateContracts(packageDir: string, specsDir: string, contracts: Record<string, string>): Promise<void> {
  const files = new Map<string, string>();
  for (const [spec, packageName] of Object.entries(contracts)) {
    const specFile = join(specsDir, "dist", `${spec}.json`);
    const loaded = loadDocument(relative(packageDir, specFile), readFileOrExplain(specFile));
    const model = buildModel(loaded);
    files.set(join("contract", `${spec}.gen.ts`), emitContractTests(loaded, model, spec, packageName));
  }
  const { written, unchanged } = writeFilesAtomically(packageDir, files);
  process.stdout.write(`contract tests for ${Object.keys(contracts).join(", ")} (${written.length} written, ${unchanged.length} unchanged)\n`);
}

async function generateMcp(
  packageDir: string,
  manifest: { name: string; version?: string; bin?: Record<string, string>; crmkit?: { mcp?: { defaultTools?: string } } },
  spec: string,
  specFile: string,
  started: number,
): Promise<void> {
  const bin = Object.keys(manifest.bin ?? {})[0];
  if (!bin) throw new Error(`${join(packageDir, "package.json")}: an MCP package needs a "bin" entry (its command)`);
  const loaded = loadDocument(relative(packageDir, specFile), readFileOrExplain(specFile));
  const model = buildModel(loaded);
  const files = emitMcpPackage(loaded, model, spec, {
    packageName: manifest.name,
    version: manifest.version ?? "0.0.0",
    bin,
    defaultTools: manifest.crmkit?.mcp?.defaultTools,
  });
  const { written, unchanged } = writeFilesAtomically(packageDir, files);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `${manifest.name}: ${toolOperations(model).length} tools → src/, README.md (${written.length} written, ${unchanged.length} unchanged, ${ms} ms)\n`,
  );
}

/** Generated files a previous run wrote that this one did not (a resource removed from the spec). */
function removeStaleGenerated(dir: string, keep: ReadonlySet<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith(".gen.ts") && !keep.has(file)) rmSync(file);
  }
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
