import type { JsonSchema, ToolDefinition } from "./types.js";

/** What `--tools` asked for: every tool, the three meta-tools, or the tools of some resources. */
export type ToolsMode = { kind: "all" } | { kind: "dynamic" } | { kind: "some"; entries: string[] };

/** A `--tools` or `--read-only` value that cannot be used; the message says what can. */
export class ToolSelectionError extends Error {
  override name = "ToolSelectionError";
}

/** Parses `all`, `dynamic` or a comma-separated list of resources, tags or tool names. */
export function parseToolsMode(value: string): ToolsMode {
  const trimmed = value.trim();
  if (trimmed === "" ) throw new ToolSelectionError('--tools needs a value: "all", "dynamic", or resources, tags or tool names separated by commas');
  if (trimmed === "all") return { kind: "all" };
  if (trimmed === "dynamic") return { kind: "dynamic" };
  const entries = trimmed.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.some((e) => e === "all" || e === "dynamic")) {
    throw new ToolSelectionError('--tools takes "all" or "dynamic" alone, not in a list');
  }
  return { kind: "some", entries };
}

/**
 * The operations a server offers: those of the chosen resources (matched by resource name, tag or
 * tool name, case-insensitively), without writes when `readOnly`.
 */
export function selectTools(tools: readonly ToolDefinition[], mode: ToolsMode, readOnly: boolean): ToolDefinition[] {
  let chosen = [...tools];
  if (mode.kind === "some") {
    const unknown: string[] = [];
    const wanted = new Set<ToolDefinition>();
    for (const entry of mode.entries) {
      const key = entry.toLowerCase();
      const matches = tools.filter((t) => t.resource.toLowerCase() === key || t.tag.toLowerCase() === key || t.name.toLowerCase() === key);
      if (matches.length === 0) unknown.push(entry);
      matches.forEach((t) => wanted.add(t));
    }
    if (unknown.length > 0) {
      const resources = [...new Set(tools.map((t) => t.resource))].join(", ");
      throw new ToolSelectionError(`--tools: no resource, tag or tool named ${unknown.map((u) => JSON.stringify(u)).join(", ")}; resources: ${resources}`);
    }
    chosen = tools.filter((t) => wanted.has(t));
  }
  if (readOnly) chosen = chosen.filter((t) => t.annotations.readOnlyHint === true);
  return chosen;
}

/** The tool with its page-size argument capped at what the server returns in one call. */
export function withPageCap(tool: ToolDefinition, maxItems: number): ToolDefinition {
  const sizeParam = tool.paging?.sizeParam;
  const properties = tool.inputSchema.properties as Record<string, JsonSchema> | undefined;
  const size = sizeParam ? properties?.[sizeParam] : undefined;
  if (!sizeParam || !size) return tool;
  const cap = Math.min(maxItems, tool.paging?.maxSize ?? Infinity, typeof size.maximum === "number" ? size.maximum : Infinity);
  return { ...tool, inputSchema: { ...tool.inputSchema, properties: { ...properties, [sizeParam]: { ...size, maximum: cap } } } };
}
