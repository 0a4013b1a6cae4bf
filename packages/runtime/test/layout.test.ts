import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The runtime's layout, held as a test: one module per concern, no import cycle (type imports count),
 * and the modules loaded on first use import no runtime code at run time, so a bundler can keep them
 * out of programs that never use them. The failure path and logging (lazy-split.json, read by tsup.config.ts) are
 * lazy too but import the entry's own modules, which their published files take from `./index.js`.
 */

const srcDir = fileURLToPath(new URL("../src/", import.meta.url));
const lazySplit = JSON.parse(readFileSync(new URL("../lazy-split.json", import.meta.url), "utf8")) as { entries: Record<string, string>; helpers?: string[]; shared: string[] };
const modules = readdirSync(srcDir).filter((f) => f.endsWith(".ts"));
const LAZY = ["tokens.ts", "pagination.ts", "rate-limit.ts", "forms.ts", "raw.ts", "redirects.ts"];

interface Edge {
  to: string;
  kind: "value" | "type" | "dynamic";
}

function edges(file: string): Edge[] {
  const text = readFileSync(srcDir + file, "utf8");
  const out: Edge[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"\.\/([\w-]+)\.js"/gm)) {
    out.push({ to: `${m[3]}.ts`, kind: m[2] ? "type" : "value" });
  }
  for (const m of text.matchAll(/import\("\.\/([\w-]+)\.js"\)/g)) out.push({ to: `${m[1]}.ts`, kind: "dynamic" });
  return out;
}

describe("runtime layout", () => {
  const graph = new Map(modules.map((m) => [m, edges(m)]));

  it("has no import cycle, counting type-only and dynamic imports", () => {
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) return void cycles.push([...path.slice(path.indexOf(node)), node].join(" → "));
      for (const edge of graph.get(node) ?? []) visit(edge.to, [...path, node]);
    };
    for (const m of modules) visit(m, []);
    expect(cycles).toEqual([]);
  });

  it("loads the failure path and logging only dynamically, and they import only what the build links to the entry", () => {
    const entries = Object.keys(lazySplit.entries).map((n) => `${n}.ts`);
    const helpers = (lazySplit.helpers ?? []).map((n) => `${n}.ts`);
    const allowed = new Set([...lazySplit.shared.map((n) => `${n}.ts`), ...helpers]);
    for (const [from, list] of graph) {
      for (const edge of list) {
        if (entries.includes(edge.to) && edge.kind === "value") expect.fail(`${from} imports ${edge.to} statically`);
        if (helpers.includes(edge.to) && edge.kind === "value" && !entries.includes(from)) expect.fail(`${from} imports ${edge.to}, which only the lazy entries may use`);
      }
    }
    for (const lazy of [...entries, ...helpers]) {
      for (const edge of graph.get(lazy) ?? []) if (edge.kind === "value" && !allowed.has(edge.to)) expect.fail(`${lazy} imports ${edge.to}, which the build does not link to the entry`);
    }
  });

  it("loads the optional modules only dynamically, and they import no runtime code themselves", () => {
    for (const [from, list] of graph) {
      for (const edge of list) if (LAZY.includes(edge.to) && edge.kind === "value") expect.fail(`${from} imports ${edge.to} statically`);
    }
    for (const lazy of LAZY) {
      const valueImports = (graph.get(lazy) ?? []).filter((e) => e.kind !== "type").map((e) => e.to);
      expect(valueImports, lazy).toEqual([]);
    }
  });
});
