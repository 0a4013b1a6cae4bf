import type { LoadedDocument } from "../load.js";
import { splitPointer } from "../errors.js";
import { resolveRef, type ApiModel, type OperationModel, type SecuritySchemeModel } from "../model.js";
import { GENERATED_HEADER } from "./header.js";

/**
 * The MCP server package of one vendor: its tool table (one tool per operation, with a compact JSON
 * Schema of the arguments), how to build the vendor client from environment variables, the bin, and
 * the README. The shapes mirror @crmkit/mcp's `ToolDefinition` and `VendorDefinition`.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export interface McpPackageInfo {
  /** The MCP package, e.g. `@crmkit/wealthbox-mcp`. */
  packageName: string;
  version: string;
  bin: string;
  /** `--tools` default; when absent it follows the size of the tool list (see `DYNAMIC_ABOVE_BYTES`). */
  defaultTools?: string;
}

export interface McpTool {
  name: string;
  operationId: string;
  resource: string;
  tag: string;
  method: string;
  httpMethod: string;
  path: string;
  summary: string;
  description: string;
  inputSchema: Obj;
  annotations: { title?: string; readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint: boolean };
  deprecated?: boolean;
  paging?: Obj;
  fieldsParam?: string;
}

interface EnvVariable {
  name: string;
  option: string;
  secret: boolean;
  description: string;
}

export interface McpVendor {
  name: string;
  title: string;
  packageName: string;
  version: string;
  bin: string;
  defaultTools: string;
  credentials: Array<{ variables: EnvVariable[]; clientCredentials?: Record<"clientId" | "clientSecret" | "scope" | "tokenUrl", EnvVariable> }>;
  serverVariables: EnvVariable[];
  baseUrl: EnvVariable;
  authorizationHeader: { bearer?: string; basic?: { username: string; password: string } };
}

/**
 * Above this many bytes of tool definitions (about 25k tokens), one tool per operation crowds an
 * agent's context, so the server starts in `dynamic` mode unless told otherwise.
 */
export const DYNAMIC_ABOVE_BYTES = 100_000;
const MAX_TOOL_NAME = 64;

/** The files of the package: src/*.gen.ts and README.md. */
export function emitMcpPackage(loaded: LoadedDocument, model: ApiModel, specName: string, info: McpPackageInfo): Map<string, string> {
  const tools = buildTools(loaded, model);
  const vendor = buildVendor(model, info, tools);
  const header = GENERATED_HEADER(specName);
  const clientFactory = `create${model.client.name}Client`;
  const files = new Map<string, string>();
  files.set(
    "src/tools.gen.ts",
    [
      header,
      "",
      'import type { ToolDefinition } from "@crmkit/mcp";',
      "",
      `/** One tool per operation of the ${model.title}: ${tools.length} in all. */`,
      // A JSON string: parsing it is faster than a literal this size, and the compiler skips checking it.
      `export const tools: readonly ToolDefinition[] = JSON.parse(${JSON.stringify(JSON.stringify(tools))});`,
      "",
    ].join("\n"),
  );
  files.set(
    "src/index.gen.ts",
    [
      header,
      "",
      `import { ${clientFactory}, type ${model.client.name}ClientOptions } from "${model.client.packageName}";`,
      'import { createMcpServer, runCli, serveHttp, type ClientFactory, type Environment, type HttpSettings, type McpPackage, type ServerSettings, type VendorDefinition } from "@crmkit/mcp";',
      'import { tools } from "./tools.gen.js";',
      "",
      "export { tools };",
      "",
      `/** The ${model.client.name} API as the MCP server sees it: credentials, variables, defaults. */`,
      `export const vendor: VendorDefinition = ${JSON.stringify(vendor, null, 2)};`,
      "",
      `/** Builds the ${model.client.name} client the tools call (credentials, retries and rate limits are the client's own). */`,
      `export const createClient: ClientFactory = (options) => ${clientFactory}(options as unknown as ${model.client.name}ClientOptions) as unknown as ReturnType<ClientFactory>;`,
      "",
      "/** Everything @crmkit/mcp needs to serve this vendor. */",
      "export const mcpPackage: McpPackage = { vendor, tools, createClient };",
      "",
      `/** An MCP server for the ${model.client.name} API; connect it to a transport. */`,
      "export function createServer(settings: ServerSettings = {}) {",
      "  return createMcpServer(mcpPackage, settings);",
      "}",
      "",
      "/** Serves it over stateless Streamable HTTP (127.0.0.1:3000/mcp by default). */",
      "export function serve(settings: HttpSettings = {}) {",
      "  return serveHttp(mcpPackage, settings);",
      "}",
      "",
      `/** The \`${info.bin}\` command. */`,
      "export function main(argv: readonly string[] = process.argv.slice(2), env: Environment = process.env): Promise<number> {",
      "  return runCli(mcpPackage, argv, env);",
      "}",
      "",
    ].join("\n"),
  );
  files.set(
    "src/bin.gen.ts",
    [
      "#!/usr/bin/env node",
      header,
      "",
      'import { main } from "./index.gen.js";',
      "",
      "main().then(",
      "  (code) => {",
      "    if (code !== 0) process.exitCode = code;",
      "  },",
      "  (error: unknown) => {",
      // No stack: the message is what a user of the command can act on.
      `    process.stderr.write(\`${info.bin}: \${error instanceof Error ? error.message : String(error)}\\n\`);`,
      "    process.exitCode = 1;",
      "  },",
      ");",
      "",
    ].join("\n"),
  );
  files.set("README.md", emitMcpReadme(model, vendor, tools));
  return files;
}

// ---------------------------------------------------------------------------------------------
// Tools

/**
 * Operations that send no credentials (`security: []`) are sign-in plumbing (authorize, token,
 * revoke): the server signs in itself, and an agent has no business holding an app's secret.
 */
export function toolOperations(model: ApiModel): OperationModel[] {
  return model.operations.filter((op) => !(op.security !== undefined && op.security.length === 0 && model.security.length > 0));
}

export function buildTools(loaded: LoadedDocument, model: ApiModel): McpTool[] {
  const seen = new Map<string, string>();
  return toolOperations(model).map((op) => {
    const name = `${op.resource}_${op.methodName}`;
    if (name.length > MAX_TOOL_NAME) {
      throw loaded.error(op.pointer, `MCP tool name "${name}" is longer than ${MAX_TOOL_NAME} characters; set a shorter x-crmkit-method`);
    }
    const clash = seen.get(name);
    if (clash) throw loaded.error(op.pointer, `operations "${clash}" and "${op.operationId}" would both be MCP tool "${name}"; set x-crmkit-method on one`);
    seen.set(name, op.operationId);
    return buildTool(loaded, model, op, name);
  });
}

function buildTool(loaded: LoadedDocument, model: ApiModel, op: OperationModel, name: string): McpTool {
  const rawOp = nodeAt(loaded, op.pointer) as Obj;
  const compactor = new Compactor(loaded, "request", /^3\.0\./.test(String((loaded.doc as Obj).openapi)));
  const fields = op.selectionParam;

  const properties: Record<string, Obj> = {};
  const required: string[] = [];
  const paging = op.pagination;
  const positionParam = paging ? (paging.style === "page" ? paging.pageParam : paging.style === "offset" ? paging.offsetParam : paging.cursorParam) : undefined;
  // The paging argument is `cursor`, unless the operation has a parameter of that name already.
  const cursorArgument = paging && op.parameters.some((p) => p.name === "cursor" && p.name !== positionParam) ? "page_cursor" : "cursor";
  for (const raw of rawParameters(loaded, op)) {
    const param = raw as Obj & { name: string; in: string };
    if (param.in === "cookie" || param.name === positionParam) continue;
    // A deprecated optional parameter is noise for an agent.
    if (param.deprecated === true && param.required !== true) continue;
    const schema = compactor.schema(param.schema ?? firstMediaSchema(loaded, param.content) ?? {});
    const about = typeof param.description === "string" ? param.description : typeof schema.description === "string" ? schema.description : "";
    let description = brief(about, 200);
    if (fields && fields.name === param.name) description = fieldsDescription(loaded, model, op, fields, about);
    if (paging && param.name === paging.sizeParam) {
      const max = Math.min(paging.maxSize ?? Infinity, typeof schema.maximum === "number" ? schema.maximum : Infinity);
      if (Number.isFinite(max)) schema.maximum = max;
      description = `Items per page${paging.defaultSize !== undefined ? ` (the API's default is ${paging.defaultSize})` : ""}.`;
    }
    delete schema.description;
    properties[param.name] = description ? { description, ...schema } : schema;
    if (param.required === true) required.push(param.name);
  }
  if (paging) {
    properties[cursorArgument] = { type: "string", description: "Where to go on: next_cursor from the previous page. Omit it for the first page." };
  }
  if (op.body) {
    const body = resolveRef(loaded, rawOp.requestBody) as Obj;
    const content = isObj(body.content) ? body.content : {};
    const type = op.body.contentTypes.find((c) => /json/i.test(c)) ?? op.body.contentTypes[0]!;
    const media = content[type];
    const schema = compactor.schema(isObj(media) ? (media.schema ?? {}) : {});
    const about = typeof body.description === "string" ? brief(body.description, 200) : "";
    if (about && schema.description === undefined) schema.description = about;
    properties.body = schema;
    if (op.body.required) required.push("body");
  }
  const inputSchema: Obj = { type: "object", properties };
  if (required.length > 0) inputSchema.required = required;
  inputSchema.additionalProperties = false;

  const summary = oneLine(op.summary ?? `${op.httpMethod.toUpperCase()} ${op.path}`).replace(/\.$/, "");
  const tool: McpTool = {
    name,
    operationId: op.operationId,
    resource: op.resource,
    tag: model.resources.find((r) => r.name === op.resource)?.tag ?? op.resource,
    method: op.methodName,
    httpMethod: op.httpMethod.toUpperCase(),
    path: op.path,
    summary,
    description: toolDescription(op, rawOp, summary, fields?.name, cursorArgument),
    inputSchema,
    annotations: annotationsFor(op.httpMethod, summary),
  };
  if (op.deprecated) tool.deprecated = true;
  if (paging && positionParam) {
    tool.paging = prune({
      style: paging.style,
      argument: cursorArgument,
      positionParam,
      sizeParam: paging.sizeParam,
      firstPage: paging.firstPage,
      defaultSize: paging.defaultSize,
      maxSize: paging.maxSize,
      items: paging.items,
      totalItems: paging.totalItems,
      totalPages: paging.totalPages,
      nextCursor: paging.nextCursor,
    });
  }
  if (fields) tool.fieldsParam = fields.name;
  return tool;
}

/** From the HTTP method: GET reads; POST adds; PUT and PATCH change; DELETE removes. */
function annotationsFor(method: OperationModel["httpMethod"], title: string): McpTool["annotations"] {
  switch (method) {
    case "get":
    case "head":
    case "options":
      return { title, readOnlyHint: true, openWorldHint: true };
    case "post":
      return { title, readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
    case "put":
      return { title, readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
    case "delete":
      return { title, readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
    default:
      return { title, readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
  }
}

/** The summary, a sentence or two more from the description, and what the agent should know to call it. */
function toolDescription(op: OperationModel, rawOp: Obj, summary: string, fieldsParam: string | undefined, cursorArgument: string): string {
  const parts = [`${summary}.`];
  const more = op.description ? brief(op.description, 240) : "";
  if (more && !more.toLowerCase().startsWith(summary.toLowerCase())) parts.push(more);
  if (op.pagination) parts.push(`Returns one page; pass its next_cursor as ${cursorArgument} for the next.`);
  if (fieldsParam) parts.push(`Ask for only the fields you need with ${fieldsParam}.`);
  if (rawOp["x-crmkit-confidence"] === "inferred") parts.push("The vendor documents this call only in outline; it may not behave exactly as described.");
  if (op.deprecated) parts.push("Deprecated by the vendor.");
  return parts.join(" ");
}

/**
 * The field-selection parameter, prominently: what it does, in the mode the spec declares, and the
 * field names the answer can carry (those returned by default first, where the spec marks them).
 */
function fieldsDescription(loaded: LoadedDocument, model: ApiModel, op: OperationModel, fields: NonNullable<OperationModel["selectionParam"]>, about: string): string {
  const lead =
    fields.mode === "replace"
      ? "The only fields returned, comma-separated: ask for just those you need."
      : "Extra fields beyond the defaults, comma-separated: ask for just those you need.";
  const names = responseFields(loaded, model, op);
  let listing = "";
  if (names && fields.mode === "add" && names.defaults.length > 0) {
    listing = ` Default fields: ${names.defaults.join(", ")}. Others: ${clip(names.others, 60).join(", ") || "none"}.`;
  } else if (names && fields.mode === "add") {
    listing = ` Fields: ${clip([...names.defaults, ...names.others], 60).join(", ")}.`;
  } else if (op.selection) {
    listing = ` Fields: ${clip(op.selection.names.map((n) => n.name), 60).join(", ")}.`;
  }
  return `${lead}${listing} ${brief(about, 300)}`.trim();
}

function clip(names: string[], max: number): string[] {
  return names.length > max ? [...names.slice(0, max), `… (${names.length - max} more)`] : names;
}

/** Top-level property names of what the operation returns (one item, for lists). */
function responseFields(loaded: LoadedDocument, model: ApiModel, op: OperationModel): { defaults: string[]; others: string[] } | undefined {
  if (!op.success?.contentType) return undefined;
  const rawOp = nodeAt(loaded, op.pointer) as Obj;
  const responses = rawOp.responses as Obj;
  const response = resolveRef(loaded, responses[op.success.status]) as Obj;
  const media = isObj(response.content) ? response.content[op.success.contentType] : undefined;
  let schema: unknown = isObj(media) ? media.schema : undefined;
  const envelope = op.envelope === null ? undefined : (op.envelope ?? model.envelope);
  const path = [...(envelope ? [envelope.data] : []), ...(op.pagination?.items ? op.pagination.items.split(".") : [])];
  for (const key of path) schema = propertiesOf(loaded, schema).get(key);
  let resolved = resolveRef(loaded, schema);
  if (isObj(resolved) && (resolved.type === "array" || resolved.items !== undefined)) resolved = resolveRef(loaded, resolved.items);
  const props = propertiesOf(loaded, resolved);
  if (props.size === 0) return undefined;
  const defaults: string[] = [];
  const others: string[] = [];
  for (const [name, prop] of props) (isObj(prop) && prop["x-crmkit-default"] === true ? defaults : others).push(name);
  return { defaults, others };
}

function propertiesOf(loaded: LoadedDocument, schema: unknown, depth = 0): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const s = resolveRef(loaded, schema);
  if (!isObj(s) || depth > 8) return out;
  if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) out.set(k, resolveRef(loaded, v));
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    if (Array.isArray(s[key])) for (const part of s[key] as unknown[]) for (const [k, v] of propertiesOf(loaded, part, depth + 1)) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

/** The operation's parameters as the spec writes them, path-level ones overridden by its own. */
function rawParameters(loaded: LoadedDocument, op: OperationModel): Obj[] {
  const itemPointer = op.pointer.slice(0, op.pointer.lastIndexOf("/"));
  const item = resolveRef(loaded, nodeAt(loaded, itemPointer)) as Obj;
  const own = (nodeAt(loaded, op.pointer) as Obj).parameters;
  const read = (list: unknown) => (Array.isArray(list) ? list.map((p) => resolveRef(loaded, p) as Obj) : []);
  const mine = read(own);
  const key = (p: Obj) => `${String(p.in)}:${String(p.name)}`;
  const mineKeys = new Set(mine.map(key));
  return [...read(item.parameters).filter((p) => !mineKeys.has(key(p))), ...mine];
}

function firstMediaSchema(loaded: LoadedDocument, content: unknown): unknown {
  if (!isObj(content)) return undefined;
  const first = Object.values(content)[0];
  return isObj(first) ? resolveRef(loaded, first.schema) : undefined;
}

function nodeAt(loaded: LoadedDocument, pointer: string): unknown {
  let node: unknown = loaded.doc;
  for (const segment of splitPointer(pointer)) node = isObj(node) ? node[segment] : Array.isArray(node) ? node[Number(segment)] : undefined;
  return node;
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** Formats JSON Schema validators know; vendor formats (`bson-id`, `unix-timestamp`) are dropped. */
const KNOWN_FORMATS = new Set([
  "date", "time", "date-time", "duration", "uri", "uri-reference", "url", "email", "hostname", "ipv4", "ipv6", "uuid",
  "int32", "int64", "float", "double", "byte", "binary", "password", "regex",
]);
const COPIED = [
  "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
  "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "default",
];

/**
 * Turns a spec schema into a self-contained, compact one for a tool: `$ref`s inlined (a cycle stops
 * at an open object), examples, titles, XML and extensions dropped, descriptions cut to a sentence
 * or two, read-only properties left out of requests, and OpenAPI 3.0's `nullable` and boolean
 * exclusive bounds written the JSON Schema way.
 */
class Compactor {
  readonly #stack: string[] = [];

  constructor(
    readonly loaded: LoadedDocument,
    readonly direction: "request",
    readonly openapi30: boolean,
  ) {}

  schema(input: unknown): Obj {
    if (isObj(input) && typeof input.$ref === "string") {
      const ref = input.$ref;
      if (this.#stack.includes(ref)) return { type: "object", description: "Same shape as its parent (recursive)." };
      this.#stack.push(ref);
      try {
        return this.schema(resolveRef(this.loaded, input));
      } finally {
        this.#stack.pop();
      }
    }
    if (typeof input === "boolean") return input ? {} : { not: {} };
    if (!isObj(input)) return {};
    const s = input;
    const out: Obj = {};
    for (const key of COPIED) if (s[key] !== undefined) out[key] = s[key];
    if (typeof s.format === "string" && KNOWN_FORMATS.has(s.format)) out.format = s.format;
    // A pattern this long is an enumeration in disguise; the description names the values more cheaply.
    if (typeof out.pattern === "string" && out.pattern.length > 150) delete out.pattern;
    if (typeof s.description === "string") {
      const d = brief(s.description, 160);
      if (d) out.description = d;
    }
    if (s.deprecated === true) out.deprecated = true;
    if (this.openapi30) {
      if (s.exclusiveMinimum === true && typeof s.minimum === "number") (out.exclusiveMinimum = s.minimum), delete out.minimum;
      if (s.exclusiveMaximum === true && typeof s.maximum === "number") (out.exclusiveMaximum = s.maximum), delete out.maximum;
      if (typeof out.exclusiveMinimum === "boolean") delete out.exclusiveMinimum;
      if (typeof out.exclusiveMaximum === "boolean") delete out.exclusiveMaximum;
      if (s.nullable === true) {
        if (typeof out.type === "string") out.type = [out.type, "null"];
        if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      }
    }
    if (s.items !== undefined) out.items = this.schema(s.items);
    if (isObj(s.properties)) {
      const props: Obj = {};
      const dropped = new Set<string>();
      for (const [name, raw] of Object.entries(s.properties)) {
        const resolved = resolveRef(this.loaded, raw);
        // A server fills read-only properties itself; asking an agent for them only costs tokens.
        if (isObj(resolved) && resolved.readOnly === true) {
          dropped.add(name);
          continue;
        }
        const prop = this.schema(raw);
        // "First name." on `first_name` tells an agent nothing the name does not.
        if (typeof prop.description === "string" && sameWords(prop.description, name)) delete prop.description;
        props[name] = prop;
      }
      out.properties = props;
      if (Array.isArray(s.required)) {
        const required = (s.required as string[]).filter((r) => !dropped.has(r));
        if (required.length > 0) out.required = required;
      }
    } else if (Array.isArray(s.required) && s.required.length > 0) {
      out.required = s.required;
    }
    if (s.additionalProperties !== undefined) {
      out.additionalProperties = typeof s.additionalProperties === "boolean" ? s.additionalProperties : this.schema(s.additionalProperties);
    }
    for (const key of ["anyOf", "oneOf"] as const) {
      if (Array.isArray(s[key])) out[key] = (s[key] as unknown[]).map((part) => this.schema(part));
    }
    if (Array.isArray(s.allOf)) mergeAllOf(out, (s.allOf as unknown[]).map((part) => this.schema(part)));
    return out;
  }
}

/** Folds `allOf` parts that are plain object shapes into `target`; keeps `allOf` for anything else. */
function mergeAllOf(target: Obj, parts: Obj[]): void {
  const mergeable = (p: Obj) => Object.keys(p).every((k) => ["type", "properties", "required", "description", "additionalProperties"].includes(k)) && (p.type === undefined || p.type === "object");
  const rest: Obj[] = [];
  for (const part of parts) {
    if (!mergeable(part) || (target.type !== undefined && target.type !== "object")) {
      rest.push(part);
      continue;
    }
    if (part.type) target.type = "object";
    if (isObj(part.properties)) target.properties = { ...(isObj(target.properties) ? target.properties : {}), ...part.properties };
    if (Array.isArray(part.required)) target.required = [...new Set([...(Array.isArray(target.required) ? target.required : []), ...part.required])];
    if (part.additionalProperties !== undefined && target.additionalProperties === undefined) target.additionalProperties = part.additionalProperties;
    if (typeof part.description === "string" && target.description === undefined) target.description = part.description;
  }
  if (rest.length > 0) target.allOf = rest;
}

/** Plain text of at most `max` characters, cut at a sentence end where possible. */
export function brief(text: string, max: number): string {
  const plain = oneLine(
    text
      .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/\*\*([^*]+)\*\*/g, "$1"),
  );
  if (plain.length <= max) return plain;
  // A sentence ends at . ! or ? followed by a space: "a leading `!` excludes" stays whole.
  let out = "";
  for (const sentence of plain.split(/(?<=[.!?])\s+/)) {
    const next = out ? `${out} ${sentence}` : sentence;
    if (next.length > max) break;
    out = next;
  }
  if (out) return out;
  const cut = plain.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(" ") > max / 2 ? cut.lastIndexOf(" ") : cut.length)}…`;
}

function sameWords(description: string, name: string): boolean {
  const words = (t: string) => t.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().replace(/^the\s+/, "").replace(/[^a-z0-9]+/g, "");
  return words(description) === words(name);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function prune(value: Obj): Obj {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

// ---------------------------------------------------------------------------------------------
// The vendor: environment variables, Authorization header, defaults

export function buildVendor(model: ApiModel, info: McpPackageInfo, tools: McpTool[]): McpVendor {
  const prefix = model.client.name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  const env = (option: string) => `${prefix}_${option.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase()}`;
  const schemes = new Map(model.securitySchemes.map((s) => [s.name, s]));
  const credentials: McpVendor["credentials"] = [];
  let bearer: string | undefined;
  let basic: McpVendor["authorizationHeader"]["basic"];
  for (const requirement of model.security) {
    const variables: EnvVariable[] = [];
    for (const schemeName of requirement) {
      const scheme = schemes.get(schemeName)!;
      if ("option" in scheme.credential) {
        variables.push({ name: env(scheme.credential.option), option: scheme.credential.option, secret: true, description: credentialDescription(scheme) });
        bearer ??= scheme.credential.option;
      } else {
        const { username, password } = scheme.credential;
        variables.push({ name: env(username), option: username, secret: false, description: `HTTP Basic username (${scheme.name})` });
        variables.push({ name: env(password), option: password, secret: true, description: `HTTP Basic password (${scheme.name})` });
        basic ??= { username, password };
      }
    }
    const key = variables.map((v) => v.name).join(",");
    const same = credentials.find((c) => c.variables.map((v) => v.name).join(",") === key);
    if (same) {
      // Several schemes read the same option (three OAuth app types, one access token): say so once.
      same.variables.forEach((v, i) => {
        const scheme = /\(([^)]+)\)$/.exec(variables[i]!.description)?.[1];
        if (scheme && !v.description.includes(scheme)) v.description = v.description.replace(/\)$/, `, ${scheme})`);
      });
    } else if (variables.length > 0) {
      credentials.push({ variables });
    }
  }
  const serviceApp = model.securitySchemes.find((s) => s.type === "oauth2" && s.oauth2?.grants.includes("clientCredentials") && model.security.some((r) => r.includes(s.name)));
  if (serviceApp) {
    credentials.push({
      variables: [],
      clientCredentials: {
        clientId: { name: env("clientId"), option: "oauth.clientId", secret: false, description: `OAuth 2.0 client id of a service app (client credentials, scheme ${serviceApp.name})` },
        clientSecret: { name: env("clientSecret"), option: "oauth.clientSecret", secret: true, description: "OAuth 2.0 client secret of that app" },
        scope: { name: env("oauthScope"), option: "oauth.scope", secret: false, description: `Scope to ask for with client credentials${serviceApp.oauth2?.scopes.length ? ` (e.g. ${serviceApp.oauth2.scopes.join(", ")})` : ""}; optional` },
        tokenUrl: { name: env("oauthTokenUrl"), option: "oauth.tokenUrl", secret: false, description: "Token endpoint to use instead of the API's (a proxy or a test server); optional" },
      },
    });
  }
  const server = model.servers[0]!;
  const serverVariables = server.variables.map((v) => ({
    name: env(v.name),
    option: v.name,
    secret: false,
    description: `${v.description ? brief(v.description, 140).replace(/\.$/, "") : `The server URL's {${v.name}}`}${v.default ? ` (e.g. ${v.default})` : ""}`,
  }));
  return {
    name: model.client.name,
    title: titleWithVersion(model),
    packageName: info.packageName,
    version: info.version,
    bin: info.bin,
    defaultTools: info.defaultTools ?? (toolListBytes(tools) > DYNAMIC_ABOVE_BYTES ? "dynamic" : "all"),
    credentials,
    serverVariables,
    baseUrl: { name: env("baseUrl"), option: "baseUrl", secret: false, description: `Send requests here instead of ${server.url} (a sandbox, a proxy or a mock server)` },
    authorizationHeader: prune({ bearer, basic }) as McpVendor["authorizationHeader"],
  };
}

function credentialDescription(scheme: SecuritySchemeModel): string {
  switch (scheme.type) {
    case "apiKey":
      return `API credential, sent as the ${scheme.paramName} ${scheme.in === "query" ? "query parameter" : scheme.in} (${scheme.name})`;
    case "bearer":
      return `Bearer token (${scheme.name})`;
    case "oauth2":
      return `OAuth 2.0 access token (${scheme.name})`;
    default:
      return scheme.name;
  }
}

function titleWithVersion(model: ApiModel): string {
  const version = model.version.replace(/^v/i, "");
  return new RegExp(`\\bv?${version.replace(/\./g, "\\.")}\\b`, "i").test(model.title) ? model.title : `${model.title} ${model.version}`;
}

/** The bytes the tools take in a tools/list answer (name, description, schema, annotations). */
export function toolListBytes(tools: McpTool[]): number {
  return Buffer.byteLength(JSON.stringify(tools.map(({ name, description, inputSchema, annotations }) => ({ name, title: annotations.title, description, inputSchema, annotations }))));
}

// ---------------------------------------------------------------------------------------------
// README

export function emitMcpReadme(model: ApiModel, vendor: McpVendor, tools: McpTool[]): string {
  const out: string[] = [];
  const para = (...lines: string[]) => out.push(lines.join("\n"), "");
  const code = (lang: string, ...lines: string[]) => out.push("```" + lang, ...lines, "```", "");
  const reads = tools.filter((t) => t.annotations.readOnlyHint).length;
  const lists = tools.filter((t) => t.paging).length;
  const bytes = toolListBytes(tools);
  const firstAlt = vendor.credentials[0];
  const exampleEnv: Record<string, string> = {};
  for (const v of [...vendor.serverVariables, ...(firstAlt?.variables ?? [])]) exampleEnv[v.name] = `<${v.option}>`;

  para(`# ${vendor.packageName}`);
  para(
    `An [MCP](https://modelcontextprotocol.io) server for the ${vendor.title}, generated by crmkit from the same OpenAPI`,
    `description as [\`${model.client.packageName}\`](https://www.npmjs.com/package/${model.client.packageName}): ${tools.length} tools, one per API operation`,
    `(${reads} read-only, ${tools.length - reads} that write; ${lists} lists). Each tool calls the typed client, so authentication,`,
    "retries, rate limits and credential redaction are the client's own.",
  );
  const plumbing = model.operations.length - tools.length;
  if (plumbing > 0) {
    para(
      `${plumbing} operation${plumbing === 1 ? " takes" : "s take"} no credentials (sign-in endpoints such as the OAuth token request) and ${plumbing === 1 ? "has" : "have"} no tool:`,
      "the server signs in by itself, and an agent never handles the app's secret.",
    );
  }
  para("It runs on Node.js 20.19 or later, over stdio (the default) or stateless Streamable HTTP.");

  para("## Install and run");
  code("sh", `npm install ${vendor.packageName}`, `${Object.entries(exampleEnv).map(([k, v]) => `${k}=${v}`).join(" ")} npx ${vendor.bin}`);
  para(`\`npx ${vendor.packageName}\` runs it without a local install.`);

  para("## Add it to an MCP client");
  para("Claude Desktop (`claude_desktop_config.json`), Cursor (`.cursor/mcp.json`) and most clients take this shape:");
  code(
    "json",
    JSON.stringify({ mcpServers: { [model.client.name.toLowerCase()]: { command: "npx", args: ["-y", vendor.packageName], env: exampleEnv } } }, null, 2),
  );
  para(
    "Claude Code:",
    "",
    "```sh",
    `claude mcp add ${model.client.name.toLowerCase()} ${Object.keys(exampleEnv).map((k) => `-e ${k}=...`).join(" ")} -- npx -y ${vendor.packageName}`,
    "```",
  );

  para("## Which tools");
  const dynamicNote =
    vendor.defaultTools === "dynamic"
      ? `The default is \`dynamic\`: the full list (${withCommas(bytes)} bytes of tool definitions) would take too much of an agent's context.`
      : `The default is \`all\`: the ${tools.length} tools take ${withCommas(bytes)} bytes of tool definitions, small enough to list whole.`;
  para(
    "`--tools` chooses what the server offers:",
    "",
    "- `all`: one tool per operation;",
    `- a comma-separated list of resources, tags or tool names (\`--tools ${largestResources(tools, 2).join(",")}\`): only their tools;`,
    "- `dynamic`: three tools instead, `list_operations` (find operations by words or resource), `describe_operation`",
    "  (one operation's arguments as JSON Schema) and `call_operation` (run it), so the context holds only what the agent looks up.",
    "",
    dynamicNote,
    `(crmkit defaults to \`dynamic\` above ${withCommas(DYNAMIC_ABOVE_BYTES)} bytes, about 25,000 tokens.)`,
    "",
    "`--read-only` leaves out every tool that writes: only GET operations remain.",
  );
  para(
    "Tools are named `<resource>_<method>`, after the client's `client.<resource>.<method>()`. Their annotations follow the",
    "HTTP method: GET is read-only; POST creates (not idempotent); PUT and PATCH change existing data (destructive; PUT",
    "idempotent); DELETE is destructive and idempotent.",
  );
  out.push("| resource | tools |", "|---|---|");
  for (const r of model.resources) out.push(`| \`${r.name}\` | ${tools.filter((t) => t.resource === r.name).map((t) => `\`${t.name}\``).join(", ")} |`);
  out.push("");

  para("## Lists, field selection and answer size");
  para(
    "A list tool returns one page: `{ items, next_cursor, total? }`. Pass `next_cursor` back as `cursor` for the next page;",
    "it is `null` on the last one. Pages hold at most `--max-items` items (default 50), whatever page size is asked for,",
    "and an answer longer than `--max-chars` characters (default 40,000) is shortened and says so.",
  );
  const selecting = tools.filter((t) => t.fieldsParam);
  if (selecting.length) {
    const params = [...new Set(selecting.map((t) => t.fieldsParam))].map((p) => `\`${p}\``).join(" or ");
    const modes = new Set(model.operations.flatMap((op) => (op.selectionParam ? [op.selectionParam.mode] : [])));
    para(
      `${selecting.length} tools take ${params}, the API's own field selection: ` +
        (modes.has("replace") && !modes.has("add")
          ? "it names the only fields that come back, so an agent asks for what it needs instead of reading whole records."
          : "it names the fields wanted beyond the defaults; each tool's description lists the default fields and the others."),
    );
  }

  para("## Options");
  out.push(
    "| option | default | |",
    "|---|---|---|",
    `| \`--tools <which>\` | \`${vendor.defaultTools}\` | \`all\`, \`dynamic\`, or resources, tags or tool names |`,
    "| `--read-only` | off | offer no tool that writes |",
    "| `--transport <stdio\\|http>` | `stdio` | how clients connect |",
    "| `--host <address>` | `127.0.0.1` | HTTP: where to listen |",
    "| `--port <number>` | `3000` | HTTP: port (`0` picks a free one) |",
    "| `--max-items <n>` | `50` | the most items a list tool returns per call |",
    "| `--max-chars <n>` | `40000` | the most characters of one answer |",
    "| `--list-tools` | | print the selected tools and exit |",
    "| `--help`, `--version` | | |",
    "",
  );

  para("## Environment variables");
  out.push("| variable | |", "|---|---|");
  const described = new Set<string>();
  const row = (v: EnvVariable, note = "") => {
    if (described.has(v.name)) return;
    described.add(v.name);
    out.push(`| \`${v.name}\` | ${v.description}${note} |`);
  };
  for (const alt of vendor.credentials) {
    for (const v of alt.variables) row(v);
    if (alt.clientCredentials) for (const v of Object.values(alt.clientCredentials)) row(v);
  }
  for (const v of vendor.serverVariables) row(v, `; not needed with \`${vendor.baseUrl.name}\``);
  row(vendor.baseUrl);
  out.push("");
  const alternatives = vendor.credentials.map((alt) =>
    [...alt.variables.map((v) => `\`${v.name}\``), ...(alt.clientCredentials ? [`\`${alt.clientCredentials.clientId.name}\``, `\`${alt.clientCredentials.clientSecret.name}\``] : [])].join(" and "),
  );
  para(
    `Credentials: set ${alternatives.join(", or ")}.` +
      (vendor.credentials.some((a) => a.clientCredentials) ? " With client credentials the server fetches and renews its own access tokens." : ""),
    "The server starts without them (tools/list works), warns on stderr, and every call answers with a tool error naming the",
    "variables to set. Nothing it logs contains a credential.",
  );

  para("## Streamable HTTP");
  code("sh", `npx ${vendor.bin} --transport http --port 3000`, "# → http://127.0.0.1:3000/mcp");
  const header = vendor.authorizationHeader;
  const carries = [
    header.bearer && `\`Authorization: Bearer <${header.bearer}>\``,
    header.basic && `\`Authorization: Basic <base64 of ${header.basic.username}:${header.basic.password}>\``,
  ].filter(Boolean);
  para(
    "The server is stateless: every POST to `/mcp` is served on its own, and GET and DELETE answer 405. It listens on",
    "127.0.0.1 unless `--host` says otherwise, and there refuses requests whose `Host` or `Origin` is not local.",
    carries.length
      ? `For a hosted use each request may carry its own credential as ${carries.join(" or ")}; it is used for that request only, together with whatever the environment provides, and never logged.`
      : "",
  );

  para("## Errors");
  para(
    "A failed call comes back as a tool error (`isError: true`) with the HTTP status, the vendor's message and its error",
    "body (shortened), never a stack trace or a credential. Arguments that do not match a tool's schema are refused",
    "before any request is sent.",
  );

  para("## Use it from code");
  code(
    "ts",
    `import { createServer, serve } from "${vendor.packageName}";`,
    "",
    "// An McpServer (from @modelcontextprotocol/server) to connect to any transport:",
    `const server = createServer({ tools: "all", readOnly: true, env: { ${Object.keys(exampleEnv).map((k) => `${k}: "..."`).join(", ")} } });`,
    "",
    "// Or the HTTP server:",
    "const running = await serve({ port: 0 });",
    "console.log(running.url);",
  );
  para("## License", "", "MIT");
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

/** The resources with the most tools, for examples. */
function largestResources(tools: McpTool[], count: number): string[] {
  const sizes = new Map<string, number>();
  for (const t of tools) sizes.set(t.resource, (sizes.get(t.resource) ?? 0) + 1);
  return [...sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([name]) => name);
}

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
