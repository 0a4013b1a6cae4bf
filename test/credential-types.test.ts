// Whether a client may be created without credentials is decided by the user's compiler: where it
// resolves Node's `node` export condition, the environment can supply them and they are optional;
// elsewhere (browser bundles) one complete alternative is required. Each tsconfig in
// credential-types/ checks one resolution mode against the built packages; the fixtures pin the
// outcome with `flavour` assignments and @ts-expect-error lines, so either choice going wrong fails.
// (skipLibCheck: the declarations themselves are checked by the consumers matrix, under --strict.)
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL("./credential-types/", import.meta.url));
const tsc = join(createRequire(import.meta.url).resolve("typescript/package.json"), "..", "bin", "tsc");

async function typecheck(config: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [tsc, "-p", config], { cwd: here, encoding: "utf8", timeout: 180_000 });
    return "ok";
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ""}${e.stderr ?? ""}`.trim() || e.message;
  }
}

describe("credential types follow where the program can read environment variables", () => {
  it.each([
    ["node16 (ESM and CommonJS): credentials may come from the environment", "tsconfig.node16.json"],
    ["nodenext: the same", "tsconfig.nodenext.json"],
    ['bundler with customConditions ["node"] (a server bundle): the same', "tsconfig.bundler-node.json"],
    ["bundler (a browser app): a missing credential is a compile error", "tsconfig.bundler.json"],
    ["node10 (no exports support): the strict types, from typesVersions", "tsconfig.node10.json"],
  ])("%s", async (_what, config) => {
    expect(await typecheck(config)).toBe("ok");
  }, 180_000);
});
