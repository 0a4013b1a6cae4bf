import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import type { DiffResult, Level } from "./compare.js";
import { formatChangelog, type ReportHeader } from "./report.js";

export interface WorkspacePackage {
  name: string;
  dir: string;
  version: string;
  private: boolean;
  /** Workspace packages it depends on at run time (dependencies, peer and optional). */
  dependsOn: string[];
}

export interface ChangesetPlan {
  file: string;
  packageName: string;
  /** What the diff says (`major` for a breaking change)... */
  level: Level;
  /** ...and what the changeset asks for: before 1.0, a breaking change bumps the minor version. */
  bump: Level;
  version: string;
  /** Published packages that depend on it, which changesets bumps too (updateInternalDependents). */
  dependents: string[];
  content: string;
}

/** The packages of a pnpm workspace (`dir` and `dir/*` patterns, as this repo uses). */
export function workspacePackages(root: string): WorkspacePackage[] {
  const config = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as { packages?: string[] } | null;
  const dirs: string[] = [];
  for (const pattern of config?.packages ?? []) {
    if (pattern.endsWith("/*")) {
      const base = join(root, pattern.slice(0, -2));
      if (existsSync(base)) for (const d of readdirSync(base, { withFileTypes: true })) if (d.isDirectory()) dirs.push(join(base, d.name));
    } else dirs.push(join(root, pattern));
  }
  const out: WorkspacePackage[] = [];
  for (const dir of dirs) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const deps = ["dependencies", "peerDependencies", "optionalDependencies"].flatMap((k) => Object.keys((manifest[k] as object | undefined) ?? {}));
    out.push({ name: String(manifest.name), dir, version: String(manifest.version ?? "0.0.0"), private: manifest.private === true, dependsOn: deps });
  }
  return out;
}

/** The package generated from a spec folder: the one whose package.json says `"crmkit": { "spec": "<vendor>" }`. */
export function packageForSpec(root: string, vendor: string): string | undefined {
  for (const pkg of workspacePackages(root)) {
    const manifest = JSON.parse(readFileSync(join(pkg.dir, "package.json"), "utf8")) as { crmkit?: { spec?: string } };
    if (manifest.crmkit?.spec === vendor) return pkg.name;
  }
  return undefined;
}

/** Plans the `.changeset/<name>.md` for one package from a diff; `undefined` when nothing user-visible changed. */
export function planChangeset(options: { workspaceRoot: string; packageName: string; name: string; result: DiffResult; header: ReportHeader }): ChangesetPlan | undefined {
  const { workspaceRoot, packageName, result } = options;
  const file = join(workspaceRoot, ".changeset", `${options.name}.md`);
  if (result.level === "none") return undefined;
  const packages = workspacePackages(workspaceRoot);
  const pkg = packages.find((p) => p.name === packageName);
  if (!pkg) throw new Error(`no workspace package is named ${packageName} (from x-crmkit-client.package or the package whose crmkit.spec names the folder)`);
  const config = readChangesetConfig(workspaceRoot);
  const bump: Level = result.level === "major" && /^0\./.test(pkg.version) ? "minor" : result.level;

  const dependents: string[] = [];
  const queue = [packageName];
  while (queue.length) {
    const current = queue.shift()!;
    for (const p of packages) {
      if (p.private || config.ignore.includes(p.name) || dependents.includes(p.name) || p.name === packageName) continue;
      if (p.dependsOn.includes(current)) {
        dependents.push(p.name);
        queue.push(p.name);
      }
    }
  }

  const note =
    bump !== result.level
      ? `\n_${packageName} is ${pkg.version}: before 1.0 a breaking change bumps the minor version, so this is a ${bump} release._\n`
      : "";
  const content = `---\n${JSON.stringify(packageName)}: ${bump}\n---\n\n${formatChangelog(result, options.header)}${note}`;
  return { file, packageName, level: result.level, bump, version: pkg.version, dependents, content };
}

function readChangesetConfig(root: string): { ignore: string[] } {
  const file = join(root, ".changeset", "config.json");
  if (!existsSync(file)) return { ignore: [] };
  const config = JSON.parse(readFileSync(file, "utf8")) as { ignore?: string[] };
  return { ignore: config.ignore ?? [] };
}

/** Writes the planned changeset, or removes a stale one of the same name when there is nothing to say. */
export function writeChangeset(plan: ChangesetPlan | undefined, fileWhenNone?: string): void {
  if (!plan) {
    if (fileWhenNone) rmSync(fileWhenNone, { force: true });
    return;
  }
  mkdirSync(dirname(plan.file), { recursive: true });
  const temp = `${plan.file}.${process.pid}.tmp`;
  writeFileSync(temp, plan.content);
  renameSync(temp, plan.file);
}
