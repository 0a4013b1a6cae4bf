// The commands the repository's READMEs tell people to run exist, and none is a name pnpm keeps for a
// command of its own: `pnpm docs` opens a package's npm page instead of running the `docs` script.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const DOCUMENTS = ["README.md", "docs/README.md", "specs/README.md", "examples/README.md", "packages/runtime/README.md", ".changeset/README.md"];

/**
 * pnpm 10's own commands, and the npm commands it passes on to npm: `pnpm <name>` runs one of these,
 * never a script of the same name. (`test`, `start`, `restart` and `stop` are pnpm commands that do run
 * the script, so they are not here.)
 */
const PNPM_COMMANDS = new Set(
  (
    "add audit bin cache config c create dedupe deploy dlx doctor docs home env exec fetch import init install i install-test it " +
    "licenses link ln list ls outdated pack patch patch-commit patch-remove prune publish rebuild rb remove rm root run " +
    "self-update server setup store unlink update up why approve-builds ignored-builds cat-file cat-index find-hash " +
    "access adduser bugs deprecate dist-tag edit info login logout owner ping prefix profile pkg repo search set-script " +
    "show star stars team token unpublish unstar version view whoami"
  ).split(" "),
);

const scripts = Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
const documents = DOCUMENTS.filter((d) => existsSync(join(root, d))).map((d) => ({ name: d, text: readFileSync(join(root, d), "utf8") }));

describe("documented commands", () => {
  it("never tell people to run a root script by a name pnpm takes for itself", () => {
    const shadowed = scripts.filter((s) => PNPM_COMMANDS.has(s));
    expect(shadowed.length, "this check needs a script pnpm shadows to mean anything").toBeGreaterThan(0);
    const found = documents.flatMap(({ name, text }) =>
      shadowed.filter((script) => new RegExp(`(^|[\\s\`(])pnpm ${script}\\b`, "m").test(text)).map((script) => `${name}: pnpm ${script}`),
    );
    expect(found).toEqual([]);
  });

  it("name only root scripts that exist", () => {
    const named = documents.flatMap(({ name, text }) =>
      [...text.matchAll(/(?:^|[\s`(])(?:npm run|npx pnpm run|pnpm run) ([\w:-]+)/gm)].map((m) => ({ name, script: m[1]! })),
    );
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((n) => !scripts.includes(n.script)).map((n) => `${n.name}: ${n.script}`)).toEqual([]);
  });
});
