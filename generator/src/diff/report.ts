import { compareLevels, maxLevel, type Change, type DiffResult, type Level } from "./compare.js";

/** What `--json` prints: exactly this shape. */
export interface DiffJson {
  level: Level | "none";
  changes: Array<Pick<Change, "level" | "kind" | "operation" | "pointer" | "message">>;
}

export function toJson(result: DiffResult): DiffJson {
  return {
    level: result.level,
    changes: result.changes.map(({ level, kind, operation, pointer, message }) => ({ level, kind, operation, pointer, message })),
  };
}

export const LEVEL_WORDS: Record<Level, { title: string; word: string }> = {
  major: { title: "Breaking", word: "breaking" },
  minor: { title: "Features", word: "feature" },
  patch: { title: "Fixes", word: "fix" },
};

/** Kinds that touch many operations at once and say little each: one line each in the report and changelog. */
const COLLAPSED = new Set(["docs-changed", "operation-id-added"]);

/** One entry per distinct change: a change to a shared schema is listed once, with the operations using it. */
export interface Entry {
  level: Level;
  kind: string;
  message: string;
  pointer: string;
  warning: boolean;
  operations: string[];
}

export interface Group {
  /** `schema Contact` for a shared definition, or `contacts.get() GET /contacts/{contact_id}` for an operation. */
  title: string;
  /** The component (`/components/schemas/Contact`) the group's changes live in, shared by its operations. */
  component?: string;
  operation?: string;
  level: Level;
  entries: Entry[];
}

export interface Grouped {
  groups: Group[];
  /** Collapsed kinds: the operations each touches, by level. */
  collapsed: Array<{ level: Level; kind: string; operations: string[] }>;
  counts: Record<Level, number>;
}

function opTitle(change: Pick<Change, "operation" | "clientMethod">): string {
  if (change.operation === null) return "API";
  return change.clientMethod ? `${change.clientMethod}() ${change.operation}` : change.operation;
}

const COMPONENT_WORDS: Record<string, string> = {
  schemas: "schema",
  parameters: "parameter",
  responses: "response",
  requestBodies: "request body",
  headers: "header",
  securitySchemes: "security scheme",
};

/** `/components/schemas/Contact/properties/url` → the component, `/components/schemas/Contact`, and its title. */
export function componentOf(pointer: string): { pointer: string; title: string } | undefined {
  const m = /^\/components\/([^/]+)\/([^/]+)/.exec(pointer);
  if (!m) return undefined;
  const name = m[2]!.replace(/~1/g, "/").replace(/~0/g, "~");
  return { pointer: m[0], title: `${COMPONENT_WORDS[m[1]!] ?? m[1]} ${name}` };
}

/**
 * Groups changes by the shared definition (component) they live in, else by operation, so a change to a
 * schema used by thirty operations is listed once; collapses the kinds that touch every operation.
 */
export function groupChanges(changes: Change[]): Grouped {
  const groups = new Map<string, Group>();
  const entries = new Map<string, Entry>();
  const collapsed = new Map<string, { level: Level; kind: string; operations: string[] }>();
  for (const change of changes) {
    const operation = opTitle(change);
    if (COLLAPSED.has(change.kind)) {
      const key = `${change.level}|${change.kind}`;
      const c = collapsed.get(key) ?? { level: change.level, kind: change.kind, operations: [] };
      c.operations.push(operation);
      collapsed.set(key, c);
      continue;
    }
    const component = change.operation === null ? undefined : componentOf(change.pointer);
    const groupKey = component ? `component:${component.pointer}` : `op:${operation}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { title: component?.title ?? operation, component: component?.pointer, operation: component ? undefined : operation, level: change.level, entries: [] };
      groups.set(groupKey, group);
    }
    const entryKey = `${groupKey}|${change.level}|${change.kind}|${change.message}`;
    let entry = entries.get(entryKey);
    if (!entry) {
      entry = { level: change.level, kind: change.kind, message: change.message, pointer: change.pointer, warning: change.warning === true, operations: [] };
      entries.set(entryKey, entry);
      group.entries.push(entry);
    }
    if (!entry.operations.includes(operation)) entry.operations.push(operation);
  }
  const all = [...groups.values()];
  for (const group of all) {
    group.entries.sort((a, b) => compareLevels(b.level, a.level));
    group.level = maxLevel(group.entries.map((e) => e.level)) as Level;
  }
  const counts: Record<Level, number> = { major: 0, minor: 0, patch: 0 };
  for (const group of all) for (const entry of group.entries) counts[entry.level]++;
  for (const c of collapsed.values()) counts[c.level] += c.operations.length;
  return { groups: all, collapsed: [...collapsed.values()], counts };
}

const COLLAPSED_TEXT: Record<string, string> = {
  "docs-changed": "summary or description changed (JSDoc)",
  "operation-id-added": "gets an operationId (it names the method and its types)",
};

/** `contacts.get()` for an operation with a client method, else `GET /contacts/{contact_id}`. */
function shortName(title: string): string {
  const i = title.indexOf("() ");
  return i >= 0 ? title.slice(0, i + 2) : title;
}

function names(items: string[], max = 6): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** "Accelo API v0" with version "v0" stays as it is; "OnePageCRM API" with "3.0" becomes "OnePageCRM API 3.0". */
export function titleOf(surface: { title: string; version: string }): string {
  return surface.version && !surface.title.includes(surface.version) ? `${surface.title} ${surface.version}` : surface.title;
}

export interface ReportHeader {
  /** `OnePageCRM API v3: 7aaccf4 → 1bfe63c` */
  title: string;
  oldLabel: string;
  newLabel: string;
  /** How the changelog names the change, where "working tree" would mean nothing once committed. */
  changelogTitle?: string;
}

/** The summary lines: what the integrator and the changeset quote. */
export function summaryLines(result: DiffResult, header: ReportHeader, grouped = groupChanges(result.changes)): string[] {
  const added = result.changes.filter((c) => c.kind === "operation-added").length;
  const removed = result.changes.filter((c) => c.kind === "operation-removed").length;
  const renamed = result.changes.filter((c) => c.kind === "operation-renamed" || c.kind === "method-renamed").length;
  const touched = new Set(result.changes.filter((c) => c.operation).map((c) => c.operation)).size;
  const { counts } = grouped;
  const lines = [
    `${header.title}: ${result.level === "none" ? "no change a client user would notice" : `${result.level} (${levelMeaning(result.level)})`}`,
    `  ${counts.major} breaking, ${counts.minor} features, ${counts.patch} fixes${collapsedNote(grouped)}; ${plural(result.changes.length, "change")} over ${plural(touched, "operation")}`,
    `  operations: ${added} added, ${removed} removed, ${renamed} renamed, ${result.new.operations.length} in all (was ${result.old.operations.length})`,
  ];
  if (result.old.modelError) lines.push(`  note: the old spec does not generate a client, so it was read as plain OpenAPI (${result.old.modelError})`);
  return lines;
}

/** ` (160 of the features: operationIds given; 143 of the fixes: docs)`: how much of the count is bulk. */
function collapsedNote(grouped: Grouped): string {
  const short: Record<string, string> = { "docs-changed": "summaries or descriptions", "operation-id-added": "operationIds given" };
  const parts = grouped.collapsed.map((c) => `${c.operations.length} of the ${LEVEL_WORDS[c.level].title.toLowerCase()}: ${short[c.kind] ?? c.kind}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function levelMeaning(level: Level): string {
  return level === "major" ? "breaking changes" : level === "minor" ? "features, nothing breaking" : "fixes only";
}

/** The readable report `crmkit-specs diff` prints. */
export function formatReport(result: DiffResult, header: ReportHeader): string {
  const grouped = groupChanges(result.changes);
  const lines = [...summaryLines(result, header, grouped), `  old: ${header.oldLabel}`, `  new: ${header.newLabel}`];
  for (const level of ["major", "minor", "patch"] as const) {
    const groups = grouped.groups
      .map((g) => ({ ...g, entries: g.entries.filter((e) => e.level === level) }))
      .filter((g) => g.entries.length > 0);
    const collapsed = grouped.collapsed.filter((c) => c.level === level);
    if (groups.length === 0 && collapsed.length === 0) continue;
    lines.push("", `${LEVEL_WORDS[level].title} (${grouped.counts[level]})`);
    for (const group of groups) {
      const users = group.component ? new Set(group.entries.flatMap((e) => e.operations)) : undefined;
      lines.push(`  ${group.title}${users ? ` (in ${users.size} operation${users.size === 1 ? "" : "s"})` : ""}`);
      for (const entry of group.entries) lines.push(`    ${entry.warning ? "!" : "-"} ${entry.message}  #${entry.pointer}`);
    }
    for (const c of collapsed) lines.push(`  ${c.operations.length} operations: ${COLLAPSED_TEXT[c.kind] ?? c.kind}: ${names(c.operations.map(shortName), 4)}`);
  }
  if (result.changes.length > 0) lines.push("", "`--json` lists every change with its level, kind, operation and JSON pointer.");
  return `${lines.join("\n")}\n`;
}

/** The changelog part of a changeset: summary, then the changes grouped by operation (shared schemas once). */
export function formatChangelog(result: DiffResult, header: ReportHeader): string {
  const grouped = groupChanges(result.changes);
  const { counts } = grouped;
  const out: string[] = [];
  out.push(`${header.changelogTitle ?? header.title}: ${counts.major} breaking, ${counts.minor} features, ${counts.patch} fixes.`);
  const tag = (e: Entry) => (e.level === "major" ? "**Breaking**" : e.level === "minor" ? "Feature" : "Fix");
  const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
  const ordered = (groups: Group[]) => [...groups].sort((a, b) => compareLevels(b.level, a.level));
  const operations = ordered(grouped.groups.filter((g) => !g.component));
  const shared = ordered(grouped.groups.filter((g) => g.component));
  for (const group of operations) {
    const short = shortName(group.title);
    const heading = group.title === "API" ? "The whole API" : short !== group.title ? `${code(short)} · ${code(group.title.slice(short.length + 1))}` : code(group.title);
    out.push("", `#### ${heading}`, "");
    for (const entry of group.entries) out.push(`- ${tag(entry)}: ${entry.message}${entry.warning ? " (check code that handles every value)" : ""}`);
  }
  for (const group of shared) {
    const users = [...new Set(group.entries.flatMap((e) => e.operations))];
    const [word, ...name] = group.title.split(" ");
    out.push("", `#### ${word!.charAt(0).toUpperCase()}${word!.slice(1)} ${code(name.join(" "))} (in ${names(users.map(shortName))})`, "");
    for (const entry of group.entries) out.push(`- ${tag(entry)}: ${entry.message}${entry.warning ? " (check code that handles every value)" : ""}`);
  }
  for (const c of grouped.collapsed) {
    out.push("", `#### ${c.operations.length} operations: ${COLLAPSED_TEXT[c.kind] ?? c.kind}`, "", `${names(c.operations.map(shortName), 12)}.`);
  }
  return `${out.join("\n")}\n`;
}
