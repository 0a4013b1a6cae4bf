import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { promisify } from "node:util";
import { loadDocument, type LoadedDocument } from "../load.js";
import { fetchPinnedSpec, MIRROR_VARIABLE, sha256, type UpstreamPin } from "./fetch.js";
import { applyOverlay } from "./overlay.js";

const run = promisify(execFile);

/** Where things are: the specs package, the workspace root, and the Redocly CLI that bundles multi-file specs. */
export interface SpecsContext {
  specsDir: string;
  workspaceRoot: string;
  redocly: string;
  mirror?: string;
  fetch?: typeof fetch;
}

/** A spec ready to compare: loaded as one document, with a short label for the report. */
export interface SpecInput {
  loaded: LoadedDocument;
  /** `7aaccf4`, `HEAD`, `working tree`, or the file path. */
  label: string;
  /** The spec folder, when it came from one (names the package for an upstream pin). */
  vendor?: string;
}

export function mirrorFromEnv(): string | undefined {
  return process.env[MIRROR_VARIABLE] || undefined;
}

/** The cache file of a pinned upstream spec: one per content, so two pins can sit side by side. */
export function pinnedCacheFile(specsDir: string, vendor: string, pin: UpstreamPin): string {
  const name = pin.url.split("/").pop() ?? "spec.yaml";
  return join(specsDir, ".cache", vendor, `${pin.sha256.slice(0, 16)}-${name}`);
}

export function readPin(file: string): UpstreamPin {
  let pin: UpstreamPin;
  try {
    pin = JSON.parse(readFileSync(file, "utf8")) as UpstreamPin;
  } catch (error) {
    throw new Error(`${file}: cannot read the pin (${(error as Error).message})`);
  }
  if (typeof pin.url !== "string" || typeof pin.sha256 !== "string" || !/^[0-9a-f]{64}$/i.test(pin.sha256)) {
    throw new Error(`${file}: a pin needs "url" and a 64-hex "sha256"`);
  }
  return pin;
}

/** A short, readable name for a spec file: the commit it sits under when there is one. */
export function labelForFile(file: string, cwd = process.cwd()): string {
  const commit = /(?:^|[/\\])([0-9a-f]{40})(?:[/\\])/.exec(file)?.[1];
  return commit ? commit.slice(0, 7) : relative(cwd, file) || file;
}

/**
 * A spec file, bundled or not: one with `$ref`s to other files is bundled by Redocly first (into
 * `.cache/diff/`), so the diff sees one document with every reference local.
 */
export async function loadSpecFile(file: string, context: SpecsContext, side: string): Promise<LoadedDocument> {
  const loaded = loadDocument(file);
  if (!hasExternalRefs(loaded.doc)) return loaded;
  const out = join(context.specsDir, ".cache", "diff", `${basename(file).replace(/\.[^.]+$/, "")}-${side}.json`);
  await bundleWithRedocly(context, file, out);
  return loadDocument(out);
}

function hasExternalRefs(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasExternalRefs);
  if (typeof node !== "object" || node === null) return false;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === "string" && !obj.$ref.startsWith("#")) return true;
  return Object.entries(obj).some(([key, value]) => key !== "example" && key !== "examples" && hasExternalRefs(value));
}

async function bundleWithRedocly(context: SpecsContext, file: string, out: string): Promise<void> {
  mkdirSync(join(out, ".."), { recursive: true });
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
  try {
    await run(process.execPath, [context.redocly, "bundle", file, "--output", out, "--ext", "json"], { cwd: context.workspaceRoot, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`redocly bundle ${file} failed:\n${`${e.stdout ?? ""}${e.stderr ?? ""}`.trim()}`);
  }
}

/**
 * The spec a vendor folder stands for: `openapi.yaml` bundled, or the pinned upstream file with the
 * folder's overlay applied. `dir` may be a copy of the folder at another commit.
 */
export async function loadVendorFolder(
  dir: string,
  vendor: string,
  context: SpecsContext,
  side: string,
  /** How messages name the folder (`specs/onepagecrm at HEAD` for a checkout). */
  displayDir = labelPath(context, dir),
): Promise<LoadedDocument> {
  const pinFile = join(dir, "upstream.json");
  if (existsSync(pinFile)) {
    const pin = readPin(pinFile);
    const cacheFile = pinnedCacheFile(context.specsDir, vendor, pin);
    await fetchPinnedSpec(pin, cacheFile, { mirror: context.mirror, workspaceRoot: context.workspaceRoot, fetch: context.fetch });
    const upstream = loadDocument(cacheFile).doc;
    const overlayFile = join(dir, "overlay.yaml");
    const overlaid = existsSync(overlayFile) ? applyOverlay(upstream, loadDocument(`${displayDir}/overlay.yaml`, readFileSync(overlayFile, "utf8"))) : upstream;
    // Written out so that a model error's file and line can be opened.
    const out = join(context.specsDir, ".cache", "diff", `${vendor}-${side}.json`);
    const text = `${JSON.stringify(overlaid, null, 2)}\n`;
    writeAtomically(out, text);
    return loadDocument(relative(context.workspaceRoot, out), text);
  }
  const root = join(dir, "openapi.yaml");
  if (!existsSync(root)) throw new Error(`${dir}: neither openapi.yaml nor upstream.json exists`);
  return loadSpecFile(root, context, `${vendor}-${side}`);
}

/** A file under the workspace, named relative to it in messages; read from its real place. */
function labelPath(context: SpecsContext, file: string): string {
  const rel = relative(context.workspaceRoot, file);
  return rel.startsWith("..") ? file : rel;
}

/**
 * The committed state of `specs/<vendor>/` at a git revision, copied into a temporary folder
 * (`undefined` when the folder does not exist there: a new spec).
 */
export async function checkoutVendorFolder(context: SpecsContext, vendor: string, revision: string): Promise<{ dir: string; cleanup: () => void } | undefined> {
  const gitRoot = (await run("git", ["rev-parse", "--show-toplevel"], { cwd: context.specsDir })).stdout.trim();
  const folder = relative(gitRoot, join(context.specsDir, vendor)).split("\\").join("/");
  const listed = await run("git", ["ls-tree", "-r", "--name-only", revision, "--", folder], { cwd: gitRoot }).catch((error: { stderr?: string }) => {
    throw new Error(`git cannot read ${folder} at ${revision}: ${(error.stderr ?? String(error)).trim()}`);
  });
  if (listed.stdout.trim() === "") return undefined;
  const temp = mkdtempSync(join(tmpdir(), `crmkit-${vendor}-`));
  await new Promise<void>((resolvePromise, reject) => {
    const archive = spawn("git", ["archive", "--format=tar", revision, folder], { cwd: gitRoot });
    const tar = spawn("tar", ["-x", "-C", temp]);
    archive.stdout.pipe(tar.stdin);
    let stderr = "";
    archive.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    tar.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    tar.on("close", (code) => (code === 0 ? resolvePromise() : reject(new Error(`git archive ${revision} ${folder} failed: ${stderr.trim()}`))));
    archive.on("error", reject);
    tar.on("error", reject);
  });
  return { dir: join(temp, folder), cleanup: () => rmSync(temp, { recursive: true, force: true }) };
}

/** The short name of a git revision (`HEAD` → `a1b2c3d`). */
export async function shortRevision(cwd: string, revision: string): Promise<string> {
  try {
    return (await run("git", ["rev-parse", "--short", revision], { cwd })).stdout.trim();
  } catch {
    return revision;
  }
}

export function writeAtomically(file: string, content: string): void {
  mkdirSync(join(file, ".."), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

export function contentHash(text: string): string {
  return sha256(text).slice(0, 8);
}
