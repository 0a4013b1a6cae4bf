import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { freePort } from "../support/prism.js";
import { npmCli, run } from "./exec.js";

const require = createRequire(import.meta.url);

export interface LocalRegistry {
  url: string;
  /** An npm userconfig that points at this registry and carries a placeholder token (npm refuses to publish without one). */
  npmrc: string;
  stop(): Promise<void>;
}

/**
 * Starts Verdaccio on 127.0.0.1 with its storage in `dir`. `@crmkit/*` is served only from what is
 * published here (anyone may publish); everything else is proxied to `uplink`, the npm registry.
 * `caFile` is the certificate bundle npm itself trusts for that registry (npm's `cafile`), if any.
 */
export async function startRegistry(dir: string, uplink: string, caFile?: string): Promise<LocalRegistry> {
  // Verdaccio's CLI cannot report the port it got for port 0, so it is given a free one.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(join(dir, "storage"), { recursive: true });
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      "storage: ./storage",
      "auth:",
      "  htpasswd:",
      "    file: ./htpasswd",
      "    max_users: -1",
      "uplinks:",
      "  npm:",
      `    url: ${JSON.stringify(uplink)}`,
      "    timeout: 60s",
      "packages:",
      '  "@crmkit/*":',
      "    access: $all",
      "    publish: $anonymous",
      "    unpublish: $anonymous",
      '  "**":',
      "    access: $all",
      "    proxy: npm",
      "web:",
      "  enable: false",
      "max_body_size: 100mb",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const npmrc = join(dir, "npmrc");
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=placeholder-anonymous\n`);

  const bin = join(require.resolve("verdaccio/package.json"), "..", "bin", "verdaccio");
  const child = spawn(process.execPath, [bin, "--config", config, "--listen", `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: caFile ? { ...process.env, NODE_EXTRA_CA_CERTS: caFile } : process.env,
  });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d));
  child.stderr!.on("data", (d: Buffer) => (log += d));

  const stop = () => stopChild(child);
  try {
    await waitForPing(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, npmrc, stop };
}

async function waitForPing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited with code ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Verdaccio did not answer ${url}-/ping within 30 s:\n${log()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Packs a workspace package with pnpm (which turns `workspace:` ranges into real ones) and publishes
 * the tarball, exactly as it would reach npm.
 */
export async function packAndPublish(packageDir: string, packDir: string, registry: LocalRegistry, pnpm: string): Promise<string> {
  const packed = await run(process.execPath, [pnpm, "pack", "--pack-destination", packDir], { cwd: packageDir, timeoutMs: 60_000 });
  const tarball = packed.stdout.trim().split("\n").filter((line) => line.endsWith(".tgz")).pop();
  if (!tarball) throw new Error(`pnpm pack in ${packageDir} printed no tarball:\n${packed.stdout}`);
  await npm(["publish", tarball, "--provenance=false", "--access=public"], { cwd: packDir, registry });
  return tarball;
}

/** npm against the local registry only: no user config, no npm_config_* leaking in from pnpm or turbo. */
export function npm(args: string[], opts: { cwd: string; registry: LocalRegistry; cache?: string }) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
  const flags = [`--registry=${opts.registry.url}`, `--userconfig=${opts.registry.npmrc}`, "--no-audit", "--no-fund", "--no-update-notifier"];
  if (opts.cache) flags.push(`--cache=${opts.cache}`);
  return run(npmCli(), [...args, ...flags], { cwd: opts.cwd, env, timeoutMs: 180_000 });
}
