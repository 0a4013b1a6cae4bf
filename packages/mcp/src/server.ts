import { fromJsonSchema, McpServer, type StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { callTool, errorResult, type CallSettings, type ClientSource, type ToolResult } from "./call.js";
import { resolveCredentials, type Environment } from "./credentials.js";
import { parseToolsMode, selectTools, withPageCap, type ToolsMode } from "./select.js";
import type { AnyClient, ClientFactory, JsonSchema, ToolDefinition, VendorDefinition } from "./types.js";

/** What a generated `@crmkit/<vendor>-mcp` package is made of. */
export interface McpPackage {
  vendor: VendorDefinition;
  tools: readonly ToolDefinition[];
  createClient: ClientFactory;
}

/** How one server is set up; every field has a default. */
export interface ServerSettings {
  /** `all`, `dynamic`, or resources, tags or tool names separated by commas (default: the vendor's default). */
  tools?: string;
  /** Offer no tool that writes (default false). */
  readOnly?: boolean;
  /** The most items a list tool returns per call (default 50). */
  maxItems?: number;
  /** The most characters of one answer (default 40,000). */
  maxResultChars?: number;
  /** Where credentials and `<VENDOR>_BASE_URL` are read (default `process.env`). */
  env?: Environment;
  /** More options for the vendor client (a `fetch`, `headers`, `rateLimit`, `timeoutMs`, a `logger`). */
  clientOptions?: Record<string, unknown>;
}

export const DEFAULT_MAX_ITEMS = 50;
export const DEFAULT_MAX_RESULT_CHARS = 40_000;

/** The settings with defaults filled in and checked; throws ToolSelectionError on a bad value. */
export interface ResolvedSettings {
  mode: ToolsMode;
  readOnly: boolean;
  call: CallSettings;
  /** The tools offered, page caps applied. */
  tools: ToolDefinition[];
}

export function resolveSettings(pkg: McpPackage, settings: ServerSettings = {}): ResolvedSettings {
  const mode = parseToolsMode(settings.tools ?? pkg.vendor.defaultTools);
  const readOnly = settings.readOnly ?? false;
  const maxItems = positive("maxItems", settings.maxItems ?? DEFAULT_MAX_ITEMS);
  const maxResultChars = positive("maxResultChars", settings.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS);
  const tools = selectTools(pkg.tools, mode, readOnly).map((t) => withPageCap(t, maxItems));
  return { mode, readOnly, call: { maxItems, maxResultChars }, tools };
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1 (got ${value})`);
  return value;
}

/**
 * A client source that builds the vendor client from the environment once, the first time a tool
 * needs it, and keeps it (OAuth tokens and rate-limit state live in it). A failure is not kept: the
 * next call tries again, so fixing the environment of a long-lived server needs no restart.
 */
export function environmentClient(pkg: McpPackage, settings: ServerSettings = {}): ClientSource {
  let built: { client: AnyClient; secrets: string[] } | undefined;
  return () => {
    if (!built) {
      const { options, secrets } = resolveCredentials(pkg.vendor, settings.env ?? process.env);
      built = { client: pkg.createClient(clientOptionsFor(settings, options)), secrets };
    }
    return built;
  };
}

/**
 * What the vendor client is built with: the caller's client options, then the resolved credentials.
 * The client reads no environment of its own (`env: false`): what the server resolved, from the
 * environment it was given and the request's header, is all it uses.
 */
export function clientOptionsFor(settings: ServerSettings, resolved: Record<string, unknown>): Record<string, unknown> {
  return { env: false, ...settings.clientOptions, ...resolved };
}

/**
 * The MCP server for one vendor: one tool per selected operation, or the three meta-tools of
 * `dynamic`. Connect it to a transport (`server.connect(...)`).
 */
export function createMcpServer(pkg: McpPackage, settings: ServerSettings = {}, client: ClientSource = environmentClient(pkg, settings)): McpServer {
  const resolved = resolveSettings(pkg, settings);
  const { vendor } = pkg;
  const server = new McpServer(
    { name: vendor.bin, version: vendor.version, title: `${vendor.title} (crmkit)` },
    { capabilities: { tools: {} }, instructions: instructions(pkg, resolved) },
  );
  if (resolved.mode.kind === "dynamic") registerDynamicTools(server, pkg, resolved, client);
  else for (const tool of resolved.tools) registerOperationTool(server, tool, resolved.call, client);
  return server;
}

function instructions(pkg: McpPackage, resolved: ResolvedSettings): string {
  const lines = [
    `Tools for the ${pkg.vendor.title}, one per API operation${resolved.readOnly ? " (read-only: no tool writes)" : ""}.`,
    `List tools return one page of at most ${resolved.call.maxItems} items and next_cursor: pass it back (as the argument the tool names) for the next page, and stop when it is null.`,
    "Where a tool has a fields parameter, ask only for the fields you need.",
  ];
  if (resolved.mode.kind === "dynamic") {
    lines.unshift(
      `This server offers ${resolved.tools.length} operations through three tools: list_operations finds them, describe_operation shows one's arguments, call_operation runs it.`,
    );
  }
  return lines.join(" ");
}

function registerOperationTool(server: McpServer, tool: ToolDefinition, call: CallSettings, client: ClientSource): void {
  server.registerTool(
    tool.name,
    { title: tool.annotations.title, description: tool.description, inputSchema: lazySchema(tool.inputSchema), annotations: tool.annotations },
    (args) => callTool(tool, args as Record<string, unknown>, client, call),
  );
}

/**
 * A Standard Schema over a plain JSON Schema: the SDK sends the JSON Schema in tools/list and calls
 * `validate` on tools/call. The validator is compiled on first use, so a server with hundreds of
 * tools starts without compiling any.
 */
export function lazySchema(schema: JsonSchema): StandardSchemaWithJSON<Record<string, unknown>> {
  let compiled: StandardSchemaWithJSON<Record<string, unknown>> | undefined;
  return {
    "~standard": {
      version: 1,
      vendor: "crmkit",
      jsonSchema: { input: () => schema, output: () => schema },
      validate: (value, options) => {
        compiled ??= fromJsonSchema<Record<string, unknown>>(schema);
        return compiled["~standard"].validate(value, options);
      },
    },
  } as StandardSchemaWithJSON<Record<string, unknown>>;
}

const LIST_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    filter: { type: "string", description: "Words to look for in the operation's name, resource, path or summary (all must match); omit to list everything." },
    resource: { type: "string", description: "Only this resource's operations." },
  },
  additionalProperties: false,
};
const DESCRIBE_SCHEMA: JsonSchema = {
  type: "object",
  properties: { name: { type: "string", description: "The operation's name, as list_operations shows it." } },
  required: ["name"],
  additionalProperties: false,
};
const CALL_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", description: "The operation's name, as list_operations shows it." },
    arguments: { type: "object", description: "The operation's arguments, as describe_operation's input schema says." },
  },
  required: ["name"],
  additionalProperties: false,
};

/** `dynamic`: the operations stay out of tools/list; three small tools find, describe and run them. */
function registerDynamicTools(server: McpServer, pkg: McpPackage, resolved: ResolvedSettings, client: ClientSource): void {
  const byName = new Map(resolved.tools.map((t) => [t.name, t]));
  const validators = new Map<string, StandardSchemaWithJSON<Record<string, unknown>>>();
  const find = (name: unknown): ToolDefinition | ToolResult => {
    const tool = typeof name === "string" ? byName.get(name) : undefined;
    if (tool) return tool;
    const near = nearest(String(name), [...byName.keys()]);
    return errorResult(
      String(name),
      new Error(`no operation named ${JSON.stringify(name)}${near.length ? `; did you mean ${near.join(", ")}?` : ""} (list_operations shows them all)`),
      [],
    );
  };
  const title = pkg.vendor.title;

  server.registerTool(
    "list_operations",
    {
      title: `Find ${pkg.vendor.name} operations`,
      description: `Lists the ${title} operations this server can run (${resolved.tools.length}), one per line: name, HTTP method and path, summary. Filter by words or resource to keep the list short.`,
      inputSchema: lazySchema(LIST_SCHEMA),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => {
      const { filter, resource } = args as { filter?: string; resource?: string };
      const words = (filter ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      const lines = resolved.tools
        .filter((t) => !resource || t.resource.toLowerCase() === resource.toLowerCase() || t.tag.toLowerCase() === resource.toLowerCase())
        .filter((t) => {
          const haystack = `${t.name} ${t.resource} ${t.path} ${t.summary}`.toLowerCase();
          return words.every((w) => haystack.includes(w));
        })
        .map((t) => `${t.name}: ${t.httpMethod} ${t.path}: ${t.summary}${t.deprecated ? " (deprecated)" : ""}`);
      const text = lines.length
        ? `${lines.length} operation${lines.length === 1 ? "" : "s"}:\n${lines.join("\n")}`
        : `No operation matches. Resources: ${[...new Set(resolved.tools.map((t) => t.resource))].join(", ")}.`;
      return { content: [{ type: "text", text }] };
    },
  );

  server.registerTool(
    "describe_operation",
    {
      title: `Describe a ${pkg.vendor.name} operation`,
      description: "Shows one operation's description, whether it writes, and the JSON Schema of the arguments call_operation takes for it.",
      inputSchema: lazySchema(DESCRIBE_SCHEMA),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => {
      const tool = find((args as { name: string }).name);
      if ("content" in tool) return tool;
      const { name, httpMethod, path, description, annotations, inputSchema } = tool;
      return { content: [{ type: "text", text: JSON.stringify({ name, method: `${httpMethod} ${path}`, description, annotations, inputSchema }) }] };
    },
  );

  server.registerTool(
    "call_operation",
    {
      title: `Call a ${pkg.vendor.name} operation`,
      description: "Runs one operation with its arguments (see describe_operation) and returns its answer; lists return one page with next_cursor.",
      inputSchema: lazySchema(CALL_SCHEMA),
      // The operations it runs may write and delete.
      annotations: { readOnlyHint: resolved.readOnly, destructiveHint: !resolved.readOnly, openWorldHint: true },
    },
    async (args) => {
      const { name, arguments: given = {} } = args as { name: string; arguments?: Record<string, unknown> };
      const tool = find(name);
      if ("content" in tool) return tool;
      let validator = validators.get(tool.name);
      if (!validator) validators.set(tool.name, (validator = lazySchema(tool.inputSchema)));
      const checked = await validator["~standard"].validate(given);
      if (checked.issues) {
        const why = checked.issues.map((i) => i.message).join("; ");
        return errorResult(tool.name, new Error(`invalid arguments: ${why} (describe_operation shows the schema)`), []);
      }
      return callTool(tool, checked.value, client, resolved.call);
    },
  );
}

/** Up to three names sharing the most words with `name`. */
function nearest(name: string, names: string[]): string[] {
  const words = name.toLowerCase().split(/[_\W]+/).filter(Boolean);
  return names
    .map((n) => ({ n, score: words.filter((w) => n.toLowerCase().includes(w)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.n.localeCompare(b.n))
    .slice(0, 3)
    .map((x) => x.n);
}
