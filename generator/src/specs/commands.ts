import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { diffSurfaces } from "../diff/compare.js";
import { packageForSpec, planChangeset, writeChangeset } from "../diff/changeset.js";
import { formatReport, titleOf, toJson, type ReportHeader } from "../diff/report.js";
import { surfaceOf } from "../diff/surface.js";
import { loadDocument } from "../load.js";
import { bundleSpecs } from "./bundle.js";
import { checkoutVendorFolder, contentHash, labelForFile, loadSpecFile, loadVendorFolder, shortRevision, type SpecsContext } from "./sources.js";
import { updatePin } from "./update.js";
import { findWorkspaceRoot } from "../workspace.js";

const USAGE = `usage:
  crmkit-specs bundle [vendor...]
      fetch pinned specs, apply overlays, lint and bundle into dist/
  crmkit-specs diff [vendor...] [--base <git-ref>] [--json] [--no-changeset]
      each vendor's spec at <git-ref> (default HEAD) against the working tree: report, and a .changeset entry
  crmkit-specs diff <old-file> <new-file> [--json] [--changeset]
      two spec files (bundled or not, any OpenAPI 3.0/3.1)
  crmkit-specs update <vendor> [--commit <sha>] [--no-changeset]
      move an upstream pin to another commit, re-apply the overlay, report the change and write a .changeset entry`;

interface Flags {
  help?: boolean;
  json: boolean;
  changeset?: boolean;
  base: string;
  commit?: string;
  rest: string[];
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { json: false, base: "HEAD", rest: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === "--json") flags.json = true;
    else if (arg === "--changeset") flags.changeset = true;
    else if (arg === "--no-changeset") flags.changeset = false;
    else if (arg === "--base") flags.base = value();
    else if (arg === "--commit") flags.commit = value();
    else if (arg.startsWith("--commit=")) flags.commit = arg.slice("--commit=".length);
    else if (arg.startsWith("--base=")) flags.base = arg.slice("--base=".length);
    else if (arg === "--help" || arg === "-h") flags.help = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else flags.rest.push(arg);
  }
  return flags;
}

/** The specs package: the current folder when it is one, else `specs/` of the workspace around it. */
function findSpecsDir(cwd: string): string {
  const manifest = join(cwd, "package.json");
  if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "@crmkit/specs") return cwd;
  const candidate = join(findWorkspaceRoot(cwd), "specs");
  if (!existsSync(join(candidate, "package.json"))) throw new Error(`cannot find the specs package from ${cwd}`);
  return candidate;
}

function vendorsIn(specsDir: string): string[] {
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (existsSync(join(specsDir, d.name, "openapi.yaml")) || existsSync(join(specsDir, d.name, "upstream.json"))))
    .map((d) => d.name)
    .sort();
}

function context(specsDir: string, mirror: string | undefined): SpecsContext {
  const require = createRequire(join(specsDir, "package.json"));
  const redocly = join(require.resolve("@redocly/cli/package.json"), "..", "bin", "cli.js");
  return { specsDir, workspaceRoot: findWorkspaceRoot(specsDir), redocly, mirror };
}

export interface CommandIo {
  cwd: string;
  /** Where the user typed the command (pnpm sets INIT_CWD when it runs a package's bin). */
  userCwd?: string;
  mirror?: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs `crmkit-specs <command> ...args`; resolves to the exit code. */
export async function runSpecsCommand(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...args] = argv;
  const specsDir = findSpecsDir(io.cwd);
  const userCwd = io.userCwd ?? io.cwd;
  if (command === "bundle") {
    const ctx = context(specsDir, io.mirror);
    const vendors = args.length ? args : vendorsIn(specsDir);
    await bundleSpecs({ specsDir, workspaceRoot: ctx.workspaceRoot, vendors, redocly: ctx.redocly, log: (line) => io.stdout(`${line}\n`) });
    return 0;
  }
  const flags = parseFlags(args);
  if (flags.help || command === undefined) {
    io.stdout(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  if (command === "update") {
    if (flags.rest.length !== 1) throw new Error(`update takes one vendor\n${USAGE}`);
    const result = await updatePin({
      ...context(specsDir, io.mirror),
      vendor: flags.rest[0]!,
      commit: flags.commit,
      changeset: flags.changeset,
      log: (text) => io.stdout(`${text}\n`),
    });
    return result.status === "overlay-broken" ? 1 : 0;
  }
  if (command === "diff") {
    await diffCommand(specsDir, userCwd, flags, io);
    return 0;
  }
  throw new Error(`unknown command "${command}"\n${USAGE}`);
}

async function diffCommand(specsDir: string, userCwd: string, flags: Flags, io: CommandIo): Promise<void> {
  const ctx = context(specsDir, io.mirror);
  const out = io.stdout;
  const note = (text: string) => (flags.json ? io.stderr : io.stdout)(`${text}\n`);
  const files = flags.rest.map((arg) => resolve(userCwd, arg));
  const isFilePair = files.length === 2 && files.every((f) => existsSync(f) && statSync(f).isFile());

  if (isFilePair) {
    const [oldFile, newFile] = files as [string, string];
    const oldSurface = surfaceOf(await loadSpecFile(oldFile, ctx, "old"), { lenient: true });
    const newSurface = surfaceOf(await loadSpecFile(newFile, ctx, "new"));
    const diff = diffSurfaces(oldSurface, newSurface);
    const header: ReportHeader = {
      title: `${titleOf(newSurface)}: ${labelForFile(oldFile, userCwd)} → ${labelForFile(newFile, userCwd)}`,
      oldLabel: relative(userCwd, oldFile) || oldFile,
      newLabel: relative(userCwd, newFile) || newFile,
    };
    out(flags.json ? `${JSON.stringify(toJson(diff), null, 2)}\n` : formatReport(diff, header));
    if (flags.changeset) {
      const packageName = newSurface.client?.packageName ?? oldSurface.client?.packageName;
      if (!packageName) throw new Error("--changeset: neither spec has x-crmkit-client, so which package it belongs to is unknown");
      const name = `${packageName.replace(/^@[^/]+\//, "")}-spec-${contentHash(readFileSync(newFile, "utf8"))}`;
      const plan = planChangeset({ workspaceRoot: ctx.workspaceRoot, packageName, name, result: diff, header });
      writeChangeset(plan, join(ctx.workspaceRoot, ".changeset", `${name}.md`));
      note(plan ? `Wrote ${relative(userCwd, plan.file)}: ${plan.packageName} ${plan.bump}` : "No user-visible change: no changeset written.");
    }
    return;
  }

  const known = vendorsIn(specsDir);
  for (const arg of flags.rest) {
    if (!known.includes(arg)) {
      throw new Error(`"${arg}" is neither a spec folder (${known.join(", ")}) nor, with a second argument, a pair of existing spec files\n${USAGE}`);
    }
  }
  const vendors = flags.rest.length ? flags.rest : known;
  if (flags.json && vendors.length !== 1) throw new Error("--json prints one diff: name one vendor, or two files");
  const base = await shortRevision(ctx.workspaceRoot, flags.base);
  for (const vendor of vendors) {
    const committed = await checkoutVendorFolder(ctx, vendor, flags.base);
    let diff;
    let newSurface;
    try {
      const oldLoaded = committed
        ? await loadVendorFolder(committed.dir, vendor, ctx, "old", `specs/${vendor} at ${flags.base}`)
        : loadDocument(`${vendor} (not at ${flags.base})`, JSON.stringify({ openapi: "3.1.0", info: { title: vendor, version: "" }, paths: {} }));
      const oldSurface = surfaceOf(oldLoaded, { lenient: true });
      newSurface = surfaceOf(await loadVendorFolder(join(specsDir, vendor), vendor, ctx, "new"));
      diff = diffSurfaces(oldSurface, newSurface);
    } finally {
      committed?.cleanup();
    }
    const header: ReportHeader = {
      title: `${titleOf(newSurface)}: ${flags.base === "HEAD" ? `committed (${base})` : base} → working tree`,
      oldLabel: `specs/${vendor} at ${flags.base} (${base})`,
      newLabel: `specs/${vendor} in the working tree`,
      changelogTitle: `${titleOf(newSurface)} (specs/${vendor})`,
    };
    if (flags.json) out(`${JSON.stringify(toJson(diff), null, 2)}\n`);
    else out(`${vendors.length > 1 ? "\n" : ""}${formatReport(diff, header)}`);
    if (flags.changeset === false) continue;
    const packageName = newSurface.client?.packageName ?? packageForSpec(ctx.workspaceRoot, vendor);
    if (!packageName) {
      note(`No changeset for ${vendor}: no workspace package is generated from it.`);
      continue;
    }
    const name = `${vendor}-spec-${base}`;
    const plan = planChangeset({ workspaceRoot: ctx.workspaceRoot, packageName, name, result: diff, header });
    writeChangeset(plan, join(ctx.workspaceRoot, ".changeset", `${name}.md`));
    if (plan) {
      note(
        `Wrote ${relative(userCwd, plan.file)}: ${plan.packageName} ${plan.bump}` +
          (plan.dependents.length ? ` (changesets also bumps ${plan.dependents.join(", ")})` : "") +
          ". Run `npx pnpm build` to regenerate api.md, then commit the spec, the changeset and api.md.",
      );
    }
  }
}
