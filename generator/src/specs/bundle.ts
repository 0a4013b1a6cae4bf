import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { loadDocument } from "../load.js";
import { fetchPinnedSpec, MIRROR_VARIABLE } from "./fetch.js";
import { applyOverlay } from "./overlay.js";
import { pinnedCacheFile, readPin } from "./sources.js";

const run = promisify(execFile);

export interface BundleOptions {
  /** The folder holding `<vendor>/` spec folders, `.cache/` and `dist/`. */
  specsDir: string;
  /** The workspace root, where redocly.yaml lives. */
  workspaceRoot: string;
  vendors: string[];
  redocly: string;
  log?: (line: string) => void;
}

/**
 * fetch (pinned upstream specs) → overlay → lint → bundle, for each vendor. Bundles land in
 * `dist/<vendor>.json`; lint errors stop the build with Redocly's own report.
 */
export async function bundleSpecs(options: BundleOptions): Promise<void> {
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  for (const vendor of options.vendors) {
    const dir = join(options.specsDir, vendor);
    const pinFile = join(dir, "upstream.json");
    if (existsSync(pinFile)) {
      const pin = readPin(pinFile);
      const cacheFile = pinnedCacheFile(options.specsDir, vendor, pin);
      const { source, cached } = await fetchPinnedSpec(pin, cacheFile, {
        mirror: process.env[MIRROR_VARIABLE] || undefined,
        workspaceRoot: options.workspaceRoot,
      });
      log(`${vendor}: ${cached ? "cached" : `fetched from ${source}`} (sha256 ${pin.sha256.slice(0, 12)}…)`);
      const overlayFile = join(dir, "overlay.yaml");
      const upstream = loadDocument(cacheFile).doc;
      const overlaid = existsSync(overlayFile) ? applyOverlay(upstream, loadDocument(overlayFile)) : upstream;
      writeAtomically(join(options.specsDir, ".cache", vendor, "overlaid.yaml"), stringify(overlaid, { lineWidth: 0 }));
    } else if (!existsSync(join(dir, "openapi.yaml"))) {
      throw new Error(`${vendor}: neither ${join(dir, "openapi.yaml")} nor ${pinFile} exists`);
    }
  }

  const env = redoclyEnv();
  try {
    const { stdout, stderr } = await lintSpecs(options, "summary");
    log(summarizeLint(stdout + stderr));
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    const report = await lintSpecs(options, "codeframe").catch((inner: { stdout?: string; stderr?: string }) => inner);
    throw new Error(`redocly lint failed:\n${stripBanner(`${report.stdout ?? e.stdout ?? ""}${report.stderr ?? e.stderr ?? ""}`)}`);
  }

  mkdirSync(join(options.specsDir, "dist"), { recursive: true });
  await Promise.all(
    options.vendors.map(async (vendor) => {
      const out = join(options.specsDir, "dist", `${vendor}.json`);
      const temp = join(options.specsDir, "dist", `.${vendor}.${process.pid}.json`);
      try {
        await run(options.redocly, ["bundle", vendor, "--output", temp, "--ext", "json"], { cwd: options.workspaceRoot, env });
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string };
        throw new Error(`redocly bundle ${vendor} failed:\n${stripBanner(`${e.stdout ?? ""}${e.stderr ?? ""}`)}`);
      }
      // Pretty JSON: generator errors then carry useful line numbers.
      const bundled = JSON.parse(readFileSync(temp, "utf8")) as unknown;
      writeFileSync(temp, `${JSON.stringify(bundled, null, 2)}\n`);
      renameSync(temp, out);
      log(`${vendor}: bundled to ${out}`);
    }),
  );
}

/**
 * `redocly lint` of the vendors' specs with the workspace's redocly.yaml, as the bundle step runs it; rejects
 * (with stdout and stderr on the error) when a spec has errors.
 */
export function lintSpecs(options: Pick<BundleOptions, "workspaceRoot" | "vendors" | "redocly">, format: "summary" | "codeframe") {
  return run(options.redocly, ["lint", ...options.vendors, `--format=${format}`], { cwd: options.workspaceRoot, env: redoclyEnv(), maxBuffer: 64 * 1024 * 1024 });
}

function redoclyEnv(): NodeJS.ProcessEnv {
  return { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

function stripBanner(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/[╔╗╚╝║]/.test(line))
    .join("\n")
    .trim();
}

function summarizeLint(output: string): string {
  const lines = stripBanner(output).split("\n").filter((l) => /validated|error|warning|Woohoo|ignored/i.test(l));
  return lines.join("\n");
}
