import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The Accelo spec against the inventory of the vendor's documented endpoints
 * (`specs/accelo/docs-endpoints.json`): every documented method and path must be an operation of the
 * bundled spec, and every operation of the spec must be documented. Path parameters are compared by
 * position only, so `{id}` and `{referral_id}` match.
 */

interface Entry {
  method: string;
  path: string;
  /** Path prefix the entry lives under when it is not the inventory's `base` (the OAuth endpoints). */
  base?: string;
  /** Other documented spellings of the same endpoint that the spec may use instead. */
  also?: string[];
}
interface Inventory {
  base: string;
  chapters: Record<string, Entry[]>;
}
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const require = createRequire(import.meta.url);
const specsRoot = dirname(require.resolve("@crmkit/specs/package.json"));
const inventoryFile = join(specsRoot, "accelo", "docs-endpoints.json");
const inventory = JSON.parse(readFileSync(inventoryFile, "utf8")) as Inventory;
const spec = JSON.parse(readFileSync(join(specsRoot, "dist", "accelo.json"), "utf8")) as Obj;

const methods = ["GET", "PUT", "POST", "DELETE", "PATCH"];
const key = (method: string, fullPath: string) => `${method.toUpperCase()} ${fullPath.replace(/\{[^}]+\}/g, "{}")}`;

/** The path part of a server URL (`https://{deployment}.api.accelo.com/oauth2/v0` → `/oauth2/v0`). */
function serverPath(servers: unknown, where: string): string {
  const url = Array.isArray(servers) && isObj(servers[0]) ? servers[0].url : undefined;
  if (typeof url !== "string") throw new Error(`${where}: no server URL to resolve the path against`);
  const match = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(url);
  if (!match) throw new Error(`${where}: server URL ${url} is not absolute`);
  return (match[1] ?? "").replace(/\/$/, "");
}

/** `METHOD /full/path` of every operation in the bundled spec, to the operationId. */
function specOperations(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Obj)) {
    if (!isObj(item)) continue;
    for (const method of methods) {
      const op = item[method.toLowerCase()];
      if (!isObj(op)) continue;
      const where = `accelo.json#/paths/${path}/${method.toLowerCase()}`;
      const prefix = serverPath(op.servers ?? item.servers ?? spec.servers, where);
      found.set(key(method, prefix + path), String(op.operationId));
    }
  }
  return found;
}

const operations = specOperations();
const coverage: Array<{ chapter: string; covered: number; total: number }> = [];

describe("accelo docs endpoints", () => {
  afterAll(() => {
    const covered = coverage.reduce((n, c) => n + c.covered, 0);
    const total = coverage.reduce((n, c) => n + c.total, 0);
    const unique = new Set<string>();
    const uniqueCovered = new Set<string>();
    for (const [, list] of Object.entries(inventory.chapters)) {
      for (const entry of list) {
        const base = entry.base ?? inventory.base;
        unique.add(key(entry.method, base + entry.path));
        if ([entry.path, ...(entry.also ?? [])].some((p) => operations.has(key(entry.method, base + p)))) uniqueCovered.add(key(entry.method, base + entry.path));
      }
    }
    const lines = coverage.map((c) => `  ${c.chapter.padEnd(16)} ${String(c.covered).padStart(3)}/${String(c.total).padEnd(3)}${c.covered < c.total ? " missing " + (c.total - c.covered) : ""}`);
    process.stdout.write(
      `accelo docs endpoints: ${covered}/${total} chapter entries, ${uniqueCovered.size}/${unique.size} distinct endpoints in the spec (${operations.size} operations)\n${lines.join("\n")}\n`,
    );
  });

  it("the inventory is well formed", () => {
    const problems: string[] = [];
    for (const [chapter, list] of Object.entries(inventory.chapters)) {
      const seen = new Set<string>();
      list.forEach((entry, i) => {
        const at = `${inventoryFile}#/chapters/${chapter}/${i}`;
        if (!methods.includes(entry.method)) problems.push(`${at}: method ${JSON.stringify(entry.method)} is not one of ${methods.join(", ")}`);
        for (const p of [entry.path, ...(entry.also ?? [])]) if (!/^\/[^\s?#]*$/.test(p) || p.endsWith("/")) problems.push(`${at}: path ${JSON.stringify(p)} is not a plain absolute path`);
        const k = key(entry.method, (entry.base ?? inventory.base) + entry.path);
        if (seen.has(k)) problems.push(`${at}: ${k} is listed twice in this chapter`);
        seen.add(k);
      });
    }
    expect(problems).toEqual([]);
  });

  for (const [chapter, list] of Object.entries(inventory.chapters)) {
    it(`every endpoint of the ${chapter} chapter is in the spec`, () => {
      const missing = list
        .filter((entry) => {
          const base = entry.base ?? inventory.base;
          return ![entry.path, ...(entry.also ?? [])].some((p) => operations.has(key(entry.method, base + p)));
        })
        .map((entry) => `${entry.method} ${entry.path}`);
      coverage.push({ chapter, covered: list.length - missing.length, total: list.length });
      expect(missing, `${chapter}: documented endpoints missing from specs/dist/accelo.json`).toEqual([]);
    });
  }

  it("every operation of the spec is a documented endpoint", () => {
    const documented = new Set<string>();
    for (const list of Object.values(inventory.chapters)) {
      for (const entry of list) for (const p of [entry.path, ...(entry.also ?? [])]) documented.add(key(entry.method, (entry.base ?? inventory.base) + p));
    }
    const undocumented = [...operations].filter(([k]) => !documented.has(k)).map(([k, id]) => `${k} (${id})`);
    expect(undocumented, "operations of specs/dist/accelo.json that the inventory does not list").toEqual([]);
  });
});
