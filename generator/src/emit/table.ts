import type { ApiModel, OperationModel, ServerModel } from "../model.js";
import { encodeDateShape, hasDates } from "./dates.js";

/**
 * The runtime data: the client definition (servers, auth, envelope, pagination, limits), one small
 * module of operation rows per resource, and the map that loads each module on first use. Pure data;
 * the runtime does the rest, so adding operations adds rows, not code.
 */
export function emitDefinition(model: ApiModel, pkg: { name: string; version: string }): string {
  const definition = {
    name: model.client.name,
    package: pkg,
    servers: model.servers.map(serverEntry),
    securitySchemes: Object.fromEntries(
      model.securitySchemes.map((s) => [
        s.name,
        prune({
          type: s.type,
          in: s.in,
          name: s.paramName,
          credential: "option" in s.credential ? s.credential.option : s.credential,
          authorizationUrl: s.oauth2?.authorizationUrl,
          tokenUrl: s.oauth2?.tokenUrl,
          // The runtime refreshes at the token URL; the refresh URL is only its stand-in when there is none.
          refreshUrl: s.oauth2?.tokenUrl ? undefined : s.oauth2?.refreshUrl,
          tokenAuth: s.oauth2?.tokenAuth,
        }),
      ]),
    ),
    security: model.security,
    envelope: model.envelope,
    pagination: model.pagination,
    rateLimit: model.rateLimit,
    retry: model.retry,
  };
  const dated = hasDates(model);
  const lines = [
    `import type { ClientDefinition, ${dated ? "DateShapesLoader, " : ""}ResourceLoaders } from "@crmkit/runtime";`,
    "",
    `/** What the ${model.client.name} client needs to know about the API, from the spec's x-crmkit extensions. */`,
    `export const definition: ClientDefinition = ${literal(prune(definition))};`,
    "",
    "/** Each resource's operation rows, loaded when the resource is first called. */",
    "export const resources: ResourceLoaders = {",
    ...model.resources.map((r) => `  ${r.name}: () => import("./ops/${r.name}.gen.js"),`),
    "};",
    ...(dated
      ? ["", "/** The component schemas' date shapes, loaded by the first call that converts dates. */", 'export const dateShapes: DateShapesLoader = () => import("./dates.gen.js");']
      : []),
  ];
  return lines.join("\n") + "\n";
}

/** One resource's rows: method name → `["GET /path", { what differs from the defaults }]`. */
export function emitResourceTable(model: ApiModel, resource: string): string {
  const ops = model.resources.find((r) => r.name === resource)!.operations;
  const lines = [
    'import type { OperationTable } from "@crmkit/runtime";',
    "",
    "const rows: OperationTable = {",
    ...ops.map((op) => {
      const extra = operationExtra(model, op);
      const route = JSON.stringify(`${op.httpMethod.toUpperCase()} ${op.path}`);
      return `  ${propertyKey(op.methodName)}: [${route}${Object.keys(extra).length ? `, ${literal(extra)}` : ""}],`;
    }),
    "};",
    "",
    "export default rows;",
  ];
  return lines.join("\n") + "\n";
}

function serverEntry(server: ServerModel): Record<string, unknown> {
  return {
    url: server.url,
    ...(server.variables.length > 0
      ? { variables: Object.fromEntries(server.variables.map((v) => [v.name, v.default !== undefined ? { default: v.default } : {}])) }
      : {}),
  };
}

/** How each request media type is encoded by the runtime, preferred first. */
export function bodyEncodings(contentTypes: string[]): string[] {
  const kind = (c: string) =>
    /json/i.test(c) ? "json" : /x-www-form-urlencoded/i.test(c) ? "form" : /multipart\//i.test(c) ? "multipart" : /^text\//i.test(c) ? "text" : "binary";
  const order = ["json", "form", "multipart", "text", "binary"];
  return [...new Set(contentTypes.map(kind))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function operationExtra(model: ApiModel, op: OperationModel): Record<string, unknown> {
  const headers = op.parameters.filter((p) => p.in === "header").map((p) => p.name);
  const paginate = op.pagination
    ? prune({
        items: op.pagination.items,
        totalItems: op.pagination.totalItems,
        totalPages: op.pagination.totalPages,
        nextCursor: op.pagination.nextCursor,
        // Root defaults reach the runtime through the definition; only an operation's own override is a row's business.
        paired: (op.pagination.paired ?? false) !== (model.pagination?.paired ?? false) ? op.pagination.paired ?? false : undefined,
      })
    : undefined;
  const encodings = op.body ? bodyEncodings(op.body.contentTypes) : undefined;
  const parseAs =
    op.success?.contentType && !/json/i.test(op.success.contentType) ? (/^text\//.test(op.success.contentType) ? "text" : "blob") : undefined;
  return prune({
    headers: headers.length ? headers : undefined,
    paginate,
    envelope: op.envelope,
    security: op.security,
    body: encodings && !(encodings.length === 1 && encodings[0] === "json") ? encodings : undefined,
    parseAs,
    server: op.server ? serverEntry(op.server) : undefined,
    dates: op.dates ? encodeDateShape(op.dates) : undefined,
    select: op.selection ? prune({ param: op.selection.param, item: op.selection.item }) : undefined,
  });
}

function prune<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/**
 * A compact, deterministic TypeScript literal for plain data. `special` may render values plain data
 * cannot hold (a sample file, say) as an expression.
 */
export function literal(value: unknown, special?: (value: unknown) => string | undefined): string {
  const own = special?.(value);
  if (own !== undefined) return own;
  const inner = (v: unknown) => literal(v, special);
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(inner).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${inner(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}
