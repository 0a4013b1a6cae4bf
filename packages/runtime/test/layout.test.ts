import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The runtime's layout, held as a test: one module per concern, no import cycle (type imports count),
 * and the modules loaded on first use share no runtime code with the entry, so a bundler can keep them
 * out of programs that never use them (a module both sides import would become a chunk of its own,
 * loaded with the entry).
 */

const srcDir = fileURLToPath(new URL("../src/", import.meta.url));
const modules = readdirSync(srcDir).filter((f) => f.endsWith(".ts"));
const LAZY = ["tokens.ts", "pagination.ts", "rate-limit.ts", "forms.ts", "raw.ts", "redirects.ts", "failure.ts", "observe.ts", "untyped.ts", "fields.ts", "redact.ts"];

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

  it("loads the optional modules only dynamically, and they share no runtime code with the entry", () => {
    const closure = (start: string) => {
      const seen = new Set<string>();
      const walk = (node: string) => {
        if (seen.has(node)) return;
        seen.add(node);
        for (const edge of graph.get(node) ?? []) if (edge.kind === "value") walk(edge.to);
      };
      walk(start);
      return seen;
    };
    const entry = closure("index.ts");
    for (const lazy of LAZY) {
      expect(entry.has(lazy), `${lazy} is imported statically`).toBe(false);
      const shared = [...closure(lazy)].filter((m) => m !== lazy && entry.has(m));
      expect(shared, `${lazy} imports what the entry loads`).toEqual([]);
    }
  });
});
