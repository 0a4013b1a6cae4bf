import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModel, emitApiMarkdown, loadDocument } from "@crmkit/generator";
import { describe, expect, it } from "vitest";

/**
 * Each vendor package commits an api.md (its public surface) so that a pull request's diff is its API
 * review. This fails when the committed file is not what the spec generates.
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const vendors = readdirSync(join(root, "packages"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "packages", d.name, "package.json")))
  .map((d) => ({ dir: join(root, "packages", d.name), manifest: JSON.parse(readFileSync(join(root, "packages", d.name, "package.json"), "utf8")) as { name: string; crmkit?: { spec?: string } } }))
  .filter((p) => p.manifest.crmkit?.spec);

const git = (args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const inGit = (() => {
  try {
    return git(["rev-parse", "--is-inside-work-tree"]).trim() === "true";
  } catch {
    return false;
  }
})();

describe.each(vendors)("$manifest.name api.md", ({ dir, manifest }) => {
  const file = join(dir, "api.md");
  const path = relative(root, file);
  const update = `run \`npx pnpm build\` (or \`npx pnpm --filter ${manifest.name} generate\`) and commit ${path}`;

  it("is what the spec generates", () => {
    const specFile = join(root, "specs", "dist", `${manifest.crmkit!.spec}.json`);
    const model = buildModel(loadDocument(specFile));
    const expected = emitApiMarkdown(model, loadDocument(specFile).doc, manifest.crmkit!.spec!);
    const actual = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    expect(actual, `${path} is stale or missing: ${update}`).toBe(expected);
  });

  it.skipIf(!inGit)("is committed as generated", () => {
    let committed: string | undefined;
    try {
      // The index: what the next commit holds (`git add` is enough locally; CI checks a clean clone).
      committed = git(["show", `:${path.split("\\").join("/")}`]);
    } catch {
      committed = undefined;
    }
    expect(committed, `${path} is not committed: ${update}`).toBeDefined();
    expect(committed === readFileSync(file, "utf8"), `${path} differs from the committed one (the spec changed): ${update}`).toBe(true);
  });
});
