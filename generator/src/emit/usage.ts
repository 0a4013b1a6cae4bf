import type { LoadedDocument } from "../load.js";
import { resolveRef, type ApiModel, type OperationModel, type SecuritySchemeModel } from "../model.js";
import { singularize } from "../naming.js";
import { documentedExample, sampleSchema } from "../sample.js";
import { contractArguments } from "./contract.js";
import { credentialShape, environmentVariable } from "./credentials.js";
import { paramsOptional, typeNames } from "./method-types.js";
import { literal } from "./table.js";
import { bodySchema, sourceOf, withFiles } from "./values.js";

/**
 * Code samples of a client's use, built from the model and the spec's own examples: the package
 * README and the docs site's usage guides show the same ones, and the test suite type-checks every
 * README block against the built package. Nothing here names a vendor.
 */

/** Defaults of @crmkit/runtime the samples state (packages/runtime/src/client.ts, defaults.ts); test/readme-snippets.test.ts checks them. */
export const RUNTIME_DEFAULTS = {
  timeoutMs: 60_000,
  maxRetries: 2,
  retryStatuses: [408, 429, 500, 502, 503, 504],
  firstBackoffMs: 500,
  maxBackoffMs: 8_000,
  maxRetryWaitMs: 60_000,
  pageLimit: 10_000,
  refreshSkewMs: 60_000,
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "ProWorkflow API v3" stays; "Wealthbox CRM API" with version v1 becomes "Wealthbox CRM API v1". */
export function titleWithVersion(model: ApiModel): string {
  const bare = model.version.replace(/^v/i, "");
  const named = new RegExp(`(^|\\s)v?${bare.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s|$)`, "i").test(model.title);
  return named ? model.title : `${model.title} ${/^\d/.test(model.version) && !bare.includes(".") ? `v${model.version}` : model.version}`;
}

export function factoryName(model: ApiModel): string {
  return `create${model.client.name}Client`;
}

export function optionsOf(scheme: SecuritySchemeModel): string[] {
  return "option" in scheme.credential ? [scheme.credential.option] : [scheme.credential.username, scheme.credential.password];
}

/** The first security alternative's string options plus server variables: what a plain client needs. */
export function requiredOptions(model: ApiModel): string[] {
  const shape = credentialShape(model);
  const first = shape.alternatives.find((a) => a.every((o) => o.name !== "oauth")) ?? [];
  return [...shape.always, ...first].map((o) => o.name);
}

/** `{ userId: process.env.ONEPAGECRM_USER_ID, apiKey: process.env.ONEPAGECRM_API_KEY }`: fine under exactOptionalPropertyTypes too. */
export function explicitOptions(model: ApiModel, extra: string[] = []): string {
  const entries = [...requiredOptions(model).map((o) => `${o}: process.env.${environmentVariable(model, o)}`), ...extra];
  return entries.length === 0 ? "" : `{ ${entries.join(", ")} }`;
}

/** The resource a CRM user reaches for first: contacts when the API has them, with the methods the samples use. */
export interface SampleResource {
  resource: string;
  list?: OperationModel;
  create?: OperationModel;
  get?: OperationModel;
  update?: OperationModel;
}

export function sampleResource(model: ApiModel): SampleResource {
  const usable = (op: OperationModel) => !op.deprecated && op.security?.length !== 0;
  const pick = (resource: string) => {
    const ops = model.operations.filter((op) => op.resource === resource && usable(op));
    const named = (name: string, method: OperationModel["httpMethod"][]) => ops.find((op) => op.methodName === name && method.includes(op.httpMethod));
    return {
      resource,
      list: ops.find((op) => op.methodName === "list" && op.pagination && paramsOptional(op)),
      create: named("create", ["post"]),
      get: named("get", ["get"]),
      update: named("update", ["put", "patch"]),
    };
  };
  const candidates = [...new Set(["contacts", ...model.resources.map((r) => r.name)])].filter((r) => model.resources.some((x) => x.name === r));
  const complete = candidates.map(pick).find((c) => c.list && c.create && c.get && c.update);
  if (complete) return complete;
  const anyList = model.operations.find((op) => op.pagination && paramsOptional(op) && usable(op));
  return anyList ? pick(anyList.resource) : { resource: model.resources[0]?.name ?? "" };
}

/** A variable name for one item of a resource: `contacts` → `contact`. */
export function itemVariable(resource: string): string {
  const name = singularize(resource);
  return ["delete", "new", "default", "class", "function", "import", "export", "this", "in", "of"].includes(name) ? `${name}Item` : name;
}

/** The list call's params: a full page of up to 100 rows where the API takes a page size. */
export function listParams(op: OperationModel): string {
  const p = op.pagination;
  if (!p?.sizeParam) return "";
  return literal({ [p.sizeParam]: Math.min(p.maxSize ?? 100, 100) });
}

/**
 * A call's params for a sample: path and required parameters from the spec's examples, and a body
 * cut down to what reads well: its required properties and up to four plain ones with examples.
 */
export function sampleParams(loaded: LoadedDocument, op: OperationModel, extra: Obj = {}): string {
  const args: Obj = { ...contractArguments(loaded, (v) => resolveRef(loaded, v), op), ...extra };
  if ("body" in args) args.body = withFiles(loaded, op, readableBody(loaded, op, args.body));
  const text = sourceOf(args);
  return text === "{}" && paramsOptional(op) ? "" : text;
}

const NAMELIKE = /name|mail|title|phone|subject|description/i;
const isScalar = (v: unknown) => ["string", "number", "boolean"].includes(typeof v);

function readableBody(loaded: LoadedDocument, op: OperationModel, full: unknown): unknown {
  const resolve = (v: unknown) => resolveRef(loaded, v);
  const schema = bodySchema(loaded, op);
  const required = new Set(Array.isArray(schema?.required) ? schema.required.map(String) : []);
  let source: Obj | undefined = isObj(full) ? full : undefined;
  if (source && Object.keys(source).length === 0 && isObj(schema?.properties)) {
    // No example of the whole body: each property's own example, where it documents one.
    source = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      const own = documentedExample(property, resolve);
      const value = own ? own.value : required.has(name) ? sampleSchema(property, resolve) : undefined;
      if (value !== undefined) source[name] = value;
    }
  }
  if (!source) return full;
  const keys = Object.keys(source);
  const chosen = [
    ...keys.filter((k) => required.has(k)),
    ...keys.filter((k) => !required.has(k) && isScalar(source![k]) && NAMELIKE.test(k)),
    ...keys.filter((k) => !required.has(k) && isScalar(source![k]) && !NAMELIKE.test(k)),
  ];
  const limit = Math.max(4, [...required].length);
  return Object.fromEntries([...new Set(chosen)].slice(0, limit).map((k) => [k, source![k]]));
}

/** What the program reads from the environment, in words: "ONEPAGECRM_USER_ID and ONEPAGECRM_API_KEY". */
export function environmentList(model: ApiModel): string {
  const names = requiredOptions(model).map((o) => `\`${environmentVariable(model, o)}\``);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The realistic first program: every record of the first resource, one created, one changed, a 404 and a 429 handled. */
export function quickStartSnippet(loaded: LoadedDocument, model: ApiModel): string | undefined {
  const pkg = model.client.packageName;
  const s = sampleResource(model);
  if (!s.list) return undefined;
  const item = itemVariable(s.resource);
  const itemType = typeNames(s.list).item;
  const plural = s.resource;
  const lines = [
    `import { ${factoryName(model)}, NotFoundError, RateLimitError, type ${itemType} } from "${pkg}";`,
    "",
    `// Reads ${environmentList(model)} (and \`${environmentVariable(model, "baseUrl")}\`, if set).`,
    `const client = ${factoryName(model)}();`,
    "",
    `// Every ${item}: the loop asks for the next page when it reaches the end of one.`,
    `const ${plural}: ${itemType}[] = [];`,
    `for await (const ${item} of client.${s.resource}.list(${listParams(s.list)})) ${plural}.push(${item});`,
    `console.log(\`\${${plural}.length} ${plural}\`);`,
  ];
  if (s.create) {
    lines.push("", `// ${s.create.httpMethod.toUpperCase()} ${s.create.path}`, `const created = await client.${s.resource}.create(${sampleParams(loaded, s.create)});`, `console.log("created", created);`);
  }
  if (s.update) {
    lines.push("", `// ${s.update.httpMethod.toUpperCase()} ${s.update.path}`, `const updated = await client.${s.resource}.update(${sampleParams(loaded, s.update)});`, `console.log("updated", updated);`);
  }
  if (s.get) {
    lines.push(
      "",
      `// One ${item} by id. A missing one throws NotFoundError. Throttling (429) is retried for you, after the`,
      "// wait the server asks for; RateLimitError reaches you only once the retries are spent.",
      "try {",
      `  await client.${s.resource}.get(${sampleParams(loaded, s.get)});`,
      "} catch (error) {",
      `  if (error instanceof NotFoundError) console.log("no such ${item}:", error.status, error.body);`,
      "  else if (error instanceof RateLimitError) console.log(`still throttled; try again in ${error.retryAfterMs ?? 60_000} ms`);",
      "  else throw error;",
      "}",
    );
  }
  return lines.join("\n");
}

/** Credentials passed in (any runtime) and from the environment (Node, Bun, Deno). */
export function setupSnippets(model: ApiModel): { environment: string; explicit: string } {
  const pkg = model.client.packageName;
  const factory = factoryName(model);
  const env = [...requiredOptions(model).map((o) => environmentVariable(model, o)), environmentVariable(model, "baseUrl")];
  return {
    environment: [
      `import { ${factory} } from "${pkg}";`,
      "",
      `// Node, Bun and Deno: credentials from ${env.slice(0, -1).join(", ") || "nothing"}; ${env.at(-1)} overrides the server URL.`,
      `const client = ${factory}();`,
    ].join("\n"),
    explicit: [
      `import { ${factory} } from "${pkg}";`,
      "",
      `// Anywhere, browsers included: pass them (undefined is allowed, for values that may be unset).`,
      `const client = ${factory}(${explicitOptions(model)});`,
    ].join("\n"),
  };
}

/** Pagination with the first resource's list. */
export function paginationSnippet(model: ApiModel): string | undefined {
  const s = sampleResource(model);
  const op = s.list ?? model.operations.find((o) => o.pagination && paramsOptional(o));
  if (!op) return undefined;
  const call = `client.${op.resource}.${op.methodName}`;
  const args = listParams(op);
  const item = itemVariable(op.resource);
  return [
    `for await (const ${item} of ${call}(${args})) console.log(${item});`,
    "",
    "// Page by page, at most 3 pages; each page has its items, the payload and the Response.",
    `for await (const page of ${call}(${args || "{}"}, { maxPages: 3 }).pages()) console.log(page.position, page.items.length);`,
    "",
    "// At most 250 items, however many pages that takes.",
    `for await (const ${item} of ${call}(${args || "{}"}, { maxItems: 250 })) console.log(${item});`,
    "",
    "// Only the first page: await the call like any other.",
    `const firstPage = await ${call}(${args});`,
    "console.log(firstPage);",
  ].join("\n");
}

/** Every error class, caught. */
export function errorsSnippet(loaded: LoadedDocument, model: ApiModel): string | undefined {
  const s = sampleResource(model);
  const op = s.get ?? s.list;
  if (!op) return undefined;
  const name = model.client.name;
  return [
    `import { CrmApiError, CrmConnectionError, CrmTimeoutError, NotFoundError, RateLimitError, is${name}ApiError } from "${model.client.packageName}";`,
    "",
    "try {",
    `  await client.${op.resource}.${op.methodName}(${op === s.get ? sampleParams(loaded, op) : listParams(op)});`,
    "} catch (error) {",
    '  if (error instanceof NotFoundError) console.log("not found", error.body);',
    "  else if (error instanceof RateLimitError) console.log(`throttled; the server asks for ${error.retryAfterMs} ms`);",
    `  else if (is${name}ApiError(error)) console.log(error.status, error.body); // body typed as the spec's error schema`,
    "  else if (error instanceof CrmApiError) console.log(error.status, error.method, error.url);",
    '  else if (error instanceof CrmTimeoutError) console.log("no answer within", error.timeoutMs, "ms");',
    '  else if (error instanceof CrmConnectionError) console.log("network:", error.message);',
    "  else throw error;",
    "}",
  ].join("\n");
}

/** Every client option with a value a real program might use. */
export function clientOptionsSnippet(model: ApiModel): string {
  const pkg = model.client.packageName;
  const server = model.servers[0]?.url ?? "";
  const fixedServer = !/\{/.test(server);
  const limit = model.rateLimit as { requests?: number; perSeconds?: number } | undefined;
  const budget = typeof limit?.requests === "number" && typeof limit.perSeconds === "number";
  const credentials = requiredOptions(model).map((o) => `  ${o}: process.env.${environmentVariable(model, o)},`);
  return [
    `import { ${factoryName(model)} } from "${pkg}";`,
    "",
    `const client = ${factoryName(model)}({`,
    ...credentials,
    fixedServer ? `  baseUrl: "${server}", // default: the spec's server, or ${environmentVariable(model, "baseUrl")}` : `  baseUrl: process.env.${environmentVariable(model, "baseUrl")}, // default: the spec's server URL`,
    `  timeoutMs: 30_000, // each attempt, headers and body (default ${withCommas(RUNTIME_DEFAULTS.timeoutMs)}; 0 turns it off)`,
    "  deadlineMs: 120_000, // each call, retries and their waits included (default: none)",
    `  maxRetries: 4, // after the first attempt (default ${typeof model.retry?.maxRetries === "number" ? model.retry.maxRetries : RUNTIME_DEFAULTS.maxRetries})`,
    `  maxRetryWaitMs: 30_000, // the longest Retry-After to sit out; longer fails at once (default ${withCommas(RUNTIME_DEFAULTS.maxRetryWaitMs)})`,
    "  retryNonIdempotent: false, // true: retry POST and PATCH even after they may have reached the server",
    '  headers: { "X-Request-Source": "nightly-sync" }, // sent with every request',
    budget
      ? `  rateLimit: true, // wait client-side to stay within ${limit!.requests} requests per ${limit!.perSeconds} s (off by default)`
      : "  rateLimit: { requests: 10, perSeconds: 1 }, // wait client-side to stay within this budget (off by default)",
    `  pageLimit: 1_000, // a list stops with CrmPaginationError after this many pages (default ${withCommas(RUNTIME_DEFAULTS.pageLimit)})`,
    '  logger: console, // credentials are redacted from every line',
    '  logLevel: "info", // "off" | "error" | "warn" (the default with a logger) | "info" | "debug"',
    "  env: false, // read no environment variables at all (default true where the runtime has them)",
    "});",
  ].join("\n");
}

/** Per-call options on a list and on a single call. */
export function callOptionsSnippet(loaded: LoadedDocument, model: ApiModel): string | undefined {
  const s = sampleResource(model);
  if (!s.list) return undefined;
  const item = itemVariable(s.resource);
  const lines = [
    "const controller = new AbortController();",
    "setTimeout(() => controller.abort(), 60_000);",
    "",
    `for await (const ${item} of client.${s.resource}.list(${listParams(s.list) || "{}"}, {`,
    "  signal: controller.signal, // cancels the request and any wait between retries (CrmAbortError)",
    "  timeoutMs: 10_000, // each attempt of each page",
    "  deadlineMs: 30_000, // each page request, retries included",
    "  maxRetries: 1,",
    '  headers: { "X-Trace-Id": "sync-42" },',
    "  maxItems: 500, // stop after 500 items ...",
    "  maxPages: 10, // ... or 10 pages, whichever comes first",
    `})) console.log(${item});`,
  ];
  if (s.create) {
    lines.push(
      "",
      "// A POST is not retried once it may have reached the server, unless you say it is safe to repeat.",
      `await client.${s.resource}.create(${sampleParams(loaded, s.create)}, { retryNonIdempotent: true, maxRetries: 3 });`,
    );
  }
  return lines.join("\n");
}

/** hooks, a custom fetch and a logger of your own. */
export function observeSnippet(model: ApiModel): string {
  return [
    `import { ${factoryName(model)}, type Hooks, type Logger } from "${model.client.packageName}";`,
    "",
    "// Hooks see every attempt, the real Request and Response included (credentials too: log with care).",
    "const hooks: Hooks = {",
    '  onRequest: ({ request, attempt }) => console.log("->", request.method, request.url, attempt),',
    '  onResponse: ({ response, durationMs }) => console.log("<-", response.status, `${durationMs} ms`),',
    "  onRetry: ({ attempt, delayMs, status, error }) => console.warn(`retry ${attempt} in ${delayMs} ms`, status ?? error),",
    '  onError: ({ method, url, error }) => console.error("failed", method, url, error),',
    "};",
    "",
    "// A logger gets lines with credentials already redacted; any console-like object works.",
    "const logger: Logger = { warn: (message, data) => console.warn(`[crm] ${message}`, data ?? \"\") };",
    "",
    `const client = ${factoryName(model)}(${explicitOptions(model, ["hooks", "logger", 'logLevel: "debug"', "fetch: timedFetch"])});`,
    "",
    "// The client calls fetch(url, init): a URL string and an init with method, headers (a plain object),",
    '// body, signal and redirect: "manual". Wrap the global fetch, or pass another implementation.',
    "async function timedFetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {",
    "  const started = Date.now();",
    "  const response = await fetch(url, init);",
    "  console.log(init?.method, response.status, `${Date.now() - started} ms`);",
    "  return response;",
    "}",
  ].join("\n");
}

/** The untyped calls: any method and path, sharing auth, retries and errors. */
export function untypedSnippet(loaded: LoadedDocument, model: ApiModel): string | undefined {
  const s = sampleResource(model);
  const list = s.list;
  if (!list) return undefined;
  const size = list.pagination?.sizeParam;
  const query = size ? `, { query: { ${/^[A-Za-z_$][\w$]*$/.test(size) ? size : JSON.stringify(size)}: 10 } }` : "";
  const lines = [
    "// Paths are relative to the base URL (or absolute URLs on the API's own origin). The result is the",
    "// decoded payload (unwrapped from the API's envelope when it has one); errors throw as from typed methods.",
    `const page = await client.get<unknown[]>("${list.path}"${query});`,
    "console.log(page);",
  ];
  if (s.create) {
    const params = sampleParams(loaded, s.create);
    const body = /body: (\{.*\})( \}|, )/.exec(params)?.[1];
    if (body && !/\{[^}]*\}/.test(s.create.path)) lines.push(`await client.post("${s.create.path}", { body: ${body} });`);
  }
  lines.push(
    'await client.request({ method: "GET", path: "' + list.path + '", headers: { Accept: "application/json" }, timeoutMs: 5_000 });',
    "",
    "// The payload with the raw Response, as for typed methods.",
    `const { data, response } = await client.get("${list.path}").withResponse();`,
    'console.log(response.status, response.headers.get("content-type"), data);',
  );
  return lines.join("\n");
}

/** OAuth samples, for the grants the spec's oauth2 schemes declare. */
export function oauthSnippets(model: ApiModel): { authorizationCode?: string; clientCredentials?: string; heldTokens?: string; tokenStore?: string } | undefined {
  const oauth = model.securitySchemes.filter((s) => s.type === "oauth2");
  if (oauth.length === 0) return undefined;
  const pkg = model.client.packageName;
  const factory = factoryName(model);
  const shape = credentialShape(model);
  const server = shape.always.map((o) => `${o.name}: process.env.${environmentVariable(model, o.name)}, `).join("");
  const grants = new Set(oauth.flatMap((s) => s.oauth2?.grants ?? []));
  const out: { authorizationCode?: string; clientCredentials?: string; heldTokens?: string; tokenStore?: string } = {};
  if (grants.has("authorizationCode")) {
    out.authorizationCode = [
      `import { ${factory} } from "${pkg}";`,
      "",
      `const client = ${factory}({`,
      ...(server ? [`  ${server.trim()}`] : []),
      `  oauth: { clientId: "your-client-id", clientSecret: "your-client-secret", redirectUri: "https://app.example.com/oauth/callback" },`,
      "});",
      "",
      "// 1. Send the user to the vendor's consent page (keep `state` to check it on the way back).",
      'const consentUrl = client.oauth!.authorizeUrl({ state: "random-per-user-value" });',
      "console.log(consentUrl);",
      "",
      "// 2. The redirect comes back with ?code=...: trade it for tokens, which the client keeps.",
      'const tokens = await client.oauth!.exchangeCode("code-from-the-redirect");',
      "console.log(tokens.expiresAt);",
      "",
      "// 3. Calls now carry Authorization: Bearer <access token>. It is refreshed before it expires, and once",
      "//    after a 401; concurrent calls share one refresh. To refresh now:",
      "await client.oauth!.refresh();",
    ].join("\n");
    out.tokenStore = [
      `import { readFile, writeFile } from "node:fs/promises";`,
      `import { ${factory}, type OAuthTokens, type TokenStore } from "${pkg}";`,
      "",
      "// Where tokens live between runs: a file here, a database row or a secrets manager in production.",
      "const tokenStore: TokenStore = {",
      "  async get() {",
      '    try { return JSON.parse(await readFile("tokens.json", "utf8")) as OAuthTokens; } catch { return undefined; }',
      "  },",
      "  async set(tokens) {",
      '    await writeFile("tokens.json", JSON.stringify(tokens));',
      "  },",
      "};",
      "",
      `const client = ${factory}({`,
      ...(server ? [`  ${server.trim()}`] : []),
      '  oauth: { clientId: "your-client-id", clientSecret: "your-client-secret", tokenStore, onTokens: (t) => console.log("new tokens until", t.expiresAt) },',
      "});",
    ].join("\n");
  }
  if (grants.has("clientCredentials")) {
    out.clientCredentials = [
      `import { ${factory} } from "${pkg}";`,
      "",
      "// No user involved: the client asks the token endpoint for a token on the first call, and again when it expires.",
      `const client = ${factory}({`,
      ...(server ? [`  ${server.trim()}`] : []),
      `  oauth: { clientId: "your-client-id", clientSecret: "your-client-secret", clientCredentials: true },`,
      "});",
    ].join("\n");
  }
  out.heldTokens = [
    `import { ${factory} } from "${pkg}";`,
    "",
    "// Tokens your app already has (from another service, or a previous run): refreshed when they expire.",
    `const client = ${factory}({`,
    ...(server ? [`  ${server.trim()}`] : []),
    "  oauth: {",
    '    clientId: "your-client-id",',
    '    clientSecret: "your-client-secret",',
    '    tokens: { accessToken: "current-access-token", refreshToken: "refresh-token", expiresAt: Date.now() + 3_600_000 },',
    "  },",
    "});",
  ].join("\n");
  return out;
}

/**
 * The call of one operation as the API reference shows it beside the HTTP view: the client, the method
 * with params built from the spec's examples, and for lists how to page; plus the HTTP request it sends.
 */
export function operationSnippets(loaded: LoadedDocument, model: ApiModel, op: OperationModel): { typescript: string; http: string } {
  const factory = factoryName(model);
  const call = `client.${op.resource}.${op.methodName}`;
  const env = environmentList(model).replace(/`/g, "");
  const lines = [`import { ${factory} } from "${model.client.packageName}";`, "", ...(env ? [`// Credentials from ${env}`] : []), `const client = ${factory}();`, ""];
  if (op.pagination) {
    const own = sampleParams(loaded, op);
    const size = listParams(op);
    const params = own && size ? `${own.slice(0, -2)}, ${size.slice(2)}` : own || size;
    const item = itemVariable(op.resource);
    lines.push(
      `// Every item of every page (one ${op.httpMethod.toUpperCase()} per page)`,
      `for await (const ${item} of ${call}(${params})) {`,
      `  console.log(${item});`,
      "}",
      "",
      "// Or page by page, each with its payload and Response",
      `const pages = ${call}(${params || "{}"}, { maxPages: 2 }).pages();`,
      "for await (const page of pages) console.log(page.items.length);",
    );
  } else {
    const variable = /^(get|create|update)$/.test(op.methodName) ? itemVariable(op.resource) : "result";
    lines.push(`const ${variable} = await ${call}(${sampleParams(loaded, op)});`, `console.log(${variable});`);
  }
  return { typescript: lines.join("\n"), http: httpSnippet(loaded, model, op) };
}

/** The request line, headers and body the call above sends, credentials as placeholders. */
function httpSnippet(loaded: LoadedDocument, model: ApiModel, op: OperationModel): string {
  const args: Obj = contractArguments(loaded, (v) => resolveRef(loaded, v), op);
  if (op.pagination?.sizeParam && !(op.pagination.sizeParam in args)) args[op.pagination.sizeParam] = Math.min(op.pagination.maxSize ?? 100, 100);
  const chosen = op.server ?? model.servers[0];
  const server = new URL(chosen?.url.replace(/\{([^}]+)\}/g, (_, name: string) => chosen.variables.find((v) => v.name === name)?.default ?? name) ?? "https://example.invalid");
  let path = `${server.pathname.replace(/\/$/, "")}${op.path}`;
  const query = new URLSearchParams();
  const headers: string[] = [`Host: ${server.host}`];
  for (const p of op.parameters) {
    if (!(p.name in args) || p.in === "cookie") continue;
    const value = args[p.name];
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(text));
    else if (p.in === "query") query.append(p.name, text);
    else headers.push(`${p.name}: ${text}`);
  }
  // An operation's own `security: []` means it sends no credentials.
  const requirement = op.security ? (op.security[0] ?? []) : (model.security[0] ?? []);
  for (const name of requirement) {
    const scheme = model.securitySchemes.find((s) => s.name === name);
    if (!scheme) continue;
    if (scheme.type === "apiKey" && scheme.in === "header") headers.push(`${scheme.paramName}: <${optionsOf(scheme)[0]}>`);
    else if (scheme.type === "apiKey" && scheme.in === "query") query.append(scheme.paramName ?? name, `<${optionsOf(scheme)[0]}>`);
    else if (scheme.type === "basic") headers.push(`Authorization: Basic <base64 of ${optionsOf(scheme).join(":")}>`);
    else headers.push(`Authorization: Bearer <${optionsOf(scheme)[0]}>`);
  }
  const lines = [`${op.httpMethod.toUpperCase()} ${path}${query.size ? `?${query.toString()}` : ""} HTTP/1.1`, ...headers];
  if (op.body && "body" in args) {
    const type = op.body.contentTypes.find((c) => /json/i.test(c)) ?? op.body.contentTypes[0]!;
    const body = readableBody(loaded, op, args.body);
    if (/json/i.test(type)) lines.push(`Content-Type: ${type}`, "", JSON.stringify(body, null, 2));
    else if (/x-www-form-urlencoded/i.test(type) && isObj(body)) lines.push(`Content-Type: ${type}`, "", new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)])).toString());
    else lines.push(`Content-Type: ${type}`, "", "<the fields and files of the body>");
  }
  return lines.join("\n");
}
