import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadDocument, type LoadedDocument } from "../load.js";
import { diffSurfaces, type DiffResult } from "../diff/compare.js";
import { packageForSpec, planChangeset, writeChangeset, type ChangesetPlan } from "../diff/changeset.js";
import { formatReport, titleOf, type ReportHeader } from "../diff/report.js";
import { surfaceOf } from "../diff/surface.js";
import { fetchPinnedSpec, mirrorLocation, readFromSources, sha256, SpecFetchError, type UpstreamPin } from "./fetch.js";
import { applyOverlayCollecting, type UnmatchedAction } from "./overlay.js";
import { pinnedCacheFile, readPin, writeAtomically, type SpecsContext } from "./sources.js";

const PIN_URL = /^https:\/\/raw\.githubusercontent\.com\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/;

export interface UpdateOptions extends SpecsContext {
  vendor: string;
  /** The upstream commit to pin; a unique prefix works when the mirror is a directory. */
  commit?: string;
  /** Write the changeset (default true). */
  changeset?: boolean;
  log?: (text: string) => void;
}

export type UpdateResult =
  | { status: "unchanged"; commit: string }
  | { status: "overlay-broken"; commit: string; unmatched: UnmatchedAction[]; upstreamFile: string }
  | { status: "updated"; from: string; to: string; pin: UpstreamPin; diff: DiffResult; report: string; changeset?: ChangesetPlan };

/**
 * `crmkit-specs update <vendor> [--commit <sha>]`: moves a pinned upstream spec to another commit,
 * records its sha256, re-applies the overlay and reports what the move does to the client. When an
 * overlay action no longer matches, nothing is written: every such action is listed with its index,
 * kind and JSONPath, and the new upstream file is left in the cache to fix the overlay against.
 */
export async function updatePin(options: UpdateOptions): Promise<UpdateResult> {
  const log = options.log ?? ((text: string) => process.stdout.write(`${text}\n`));
  const dir = join(options.specsDir, options.vendor);
  const pinFile = join(dir, "upstream.json");
  if (!existsSync(pinFile)) {
    throw new Error(`${relative(options.workspaceRoot, dir)} has no upstream.json: only specs pinned to an upstream file can be updated (hand-authored specs change by editing them)`);
  }
  const current = readPin(pinFile);
  const parts = PIN_URL.exec(current.url);
  if (!parts) throw new Error(`${pinFile}: "url" must be a raw.githubusercontent.com/<owner>/<repo>/<commit>/<path> URL to move it by commit`);
  const [, owner, repo, ref, path] = parts as unknown as [string, string, string, string, string];
  const fromCommit = current.commit ?? ref;
  const toCommit = await resolveCommit(options, owner, repo);
  if (toCommit === fromCommit) {
    log(`${options.vendor}: already pinned to ${toCommit.slice(0, 7)}; nothing to do`);
    return { status: "unchanged", commit: toCommit };
  }

  const url = `https://raw.githubusercontent.com/${owner}/${repo}/${toCommit}/${path}`;
  const { bytes, source } = await readFromSources(url, { mirror: options.mirror, workspaceRoot: options.workspaceRoot, fetch: options.fetch });
  const pin: UpstreamPin = { ...current, url, commit: toCommit, sha256: sha256(bytes) };
  const upstreamFile = pinnedCacheFile(options.specsDir, options.vendor, pin);
  writeAtomically(upstreamFile, bytes.toString("utf8"));
  log(`${options.vendor}: ${fromCommit.slice(0, 7)} → ${toCommit.slice(0, 7)}: read ${source} (sha256 ${pin.sha256.slice(0, 12)}…)`);

  const overlayFile = join(dir, "overlay.yaml");
  const overlay = existsSync(overlayFile) ? loadDocument(rel(options, overlayFile), readFileSync(overlayFile, "utf8")) : undefined;
  const upstream = loadDocument(upstreamFile).doc;
  const applied = overlay ? applyOverlayCollecting(upstream, overlay) : { spec: upstream, unmatched: [] };
  if (applied.unmatched.length > 0) {
    const n = applied.unmatched.length;
    log(`${options.vendor}: the overlay no longer applies to ${toCommit.slice(0, 7)}: ${n === 1 ? "1 action selects" : `${n} actions select`} nothing. The pin stays at ${fromCommit.slice(0, 7)}.`);
    for (const action of applied.unmatched) log(`  ${action.error.message}`);
    log(
      `The new upstream file is ${rel(options, upstreamFile)}: fix or drop ${n === 1 ? "that action" : "those actions"} in ${rel(options, overlayFile)} ` +
        `(an action after a failed one may fail only because of it), then run the update again.`,
    );
    return { status: "overlay-broken", commit: toCommit, unmatched: applied.unmatched, upstreamFile };
  }

  // The new side must generate a client; the old one is compared as plain OpenAPI when it cannot.
  const newLoaded = writeOverlaid(options, "new", applied.spec);
  const newSurface = surfaceOf(newLoaded);
  const oldLoaded = await overlaidOld(options, current, overlay);
  const oldSurface = surfaceOf(oldLoaded, { lenient: true });

  writeAtomically(pinFile, `${JSON.stringify(pin, null, 2)}\n`);
  const diff = diffSurfaces(oldSurface, newSurface);
  const header: ReportHeader = {
    title: `${titleOf(newSurface)}: ${fromCommit.slice(0, 7)} → ${toCommit.slice(0, 7)}`,
    oldLabel: `${owner}/${repo}@${fromCommit.slice(0, 7)} + ${rel(options, overlayFile)}`,
    newLabel: `${owner}/${repo}@${toCommit.slice(0, 7)} + ${rel(options, overlayFile)}`,
    changelogTitle: `${titleOf(newSurface)}: upstream spec ${owner}/${repo} moved from ${fromCommit.slice(0, 7)} to ${toCommit.slice(0, 7)}`,
  };
  const report = formatReport(diff, header);
  log(report.trimEnd());

  let changeset: ChangesetPlan | undefined;
  if (options.changeset !== false) {
    const packageName = newSurface.client?.packageName ?? packageForSpec(options.workspaceRoot, options.vendor);
    if (packageName) {
      const name = `${options.vendor}-${toCommit.slice(0, 7)}`;
      changeset = planChangeset({ workspaceRoot: options.workspaceRoot, packageName, name, result: diff, header });
      writeChangeset(changeset, join(options.workspaceRoot, ".changeset", `${name}.md`));
      if (changeset) {
        log(
          `\nWrote ${rel(options, changeset.file)}: ${changeset.packageName} ${changeset.bump}` +
            (changeset.dependents.length ? ` (changesets also bumps ${changeset.dependents.join(", ")})` : ""),
        );
      }
    } else log(`\nNo changeset: no workspace package is generated from specs/${options.vendor}.`);
  }
  log(`Pinned ${rel(options, pinFile)} to ${toCommit.slice(0, 7)}. Next: \`npx pnpm build\` (regenerates the client and its api.md), then commit the pin, the changeset and api.md.`);
  return { status: "updated", from: fromCommit, to: toCommit, pin, diff, report, changeset };
}

function rel(options: SpecsContext, file: string): string {
  const r = relative(options.workspaceRoot, file);
  return r.startsWith("..") ? file : r;
}

function writeOverlaid(options: UpdateOptions, side: string, spec: unknown): LoadedDocument {
  const file = join(options.specsDir, ".cache", "diff", `${options.vendor}-${side}.json`);
  // JSON: it parses many times faster than YAML, and errors still get line numbers.
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  writeAtomically(file, text);
  return loadDocument(rel(options, file), text);
}

/** The current pin with the overlay applied; an action that selects nothing there is left out. */
async function overlaidOld(options: UpdateOptions, pin: UpstreamPin, overlay: LoadedDocument | undefined): Promise<LoadedDocument> {
  const cacheFile = pinnedCacheFile(options.specsDir, options.vendor, pin);
  await fetchPinnedSpec(pin, cacheFile, { mirror: options.mirror, workspaceRoot: options.workspaceRoot, fetch: options.fetch });
  const upstream = loadDocument(cacheFile).doc;
  const spec = overlay ? applyOverlayCollecting(upstream, overlay).spec : upstream;
  return writeOverlaid(options, "old", spec);
}

/** The commit to move to: given in full, a unique prefix in a mirror directory, or the default branch's head (online). */
async function resolveCommit(options: UpdateOptions, owner: string, repo: string): Promise<string> {
  const wanted = options.commit?.toLowerCase();
  if (wanted && /^[0-9a-f]{40}$/.test(wanted)) return wanted;
  if (wanted !== undefined) {
    if (!/^[0-9a-f]{4,39}$/.test(wanted)) throw new Error(`--commit "${options.commit}" is not a commit sha`);
    const repoDir =
      options.mirror && !/^https?:\/\//.test(options.mirror)
        ? mirrorLocation(`https://raw.githubusercontent.com/${owner}/${repo}`, options.mirror, options.workspaceRoot)
        : undefined;
    if (repoDir && existsSync(repoDir)) {
      const matches = readdirSync(repoDir).filter((name) => /^[0-9a-f]{40}$/.test(name) && name.startsWith(wanted));
      if (matches.length === 1) return matches[0]!;
      if (matches.length > 1) throw new Error(`--commit ${wanted} is ambiguous in the mirror: ${matches.join(", ")}`);
    }
    throw new Error(`--commit ${wanted} is short: give the full 40-character sha (the pin records the exact commit)`);
  }
  if (options.mirror) {
    throw new SpecFetchError(`the mirror cannot say which commit is the latest: pass --commit <sha> (see https://github.com/${owner}/${repo}/commits)`);
  }
  const api = `https://api.github.com/repos/${owner}/${repo}/commits/HEAD`;
  try {
    const response = await (options.fetch ?? fetch)(api, { headers: { Accept: "application/vnd.github.sha" }, signal: AbortSignal.timeout(30_000) });
    const text = (await response.text()).trim();
    if (response.ok && /^[0-9a-f]{40}$/.test(text)) return text;
    throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new SpecFetchError(`cannot ask ${api} for the latest commit (${(error as Error).message}): pass --commit <sha>`);
  }
}
