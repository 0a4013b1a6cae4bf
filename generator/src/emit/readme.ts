import type { ApiModel, SecuritySchemeModel } from "../model.js";
import { paramsOptional } from "./method-types.js";
import { fieldSelectionSection } from "./readme-fields.js";

/**
 * Defaults of @crmkit/runtime that a README states; they mirror `ClientCore` and the transport there
 * (default timeout, retry count and retried statuses) and must change with them.
 */
const RUNTIME_DEFAULTS = { timeoutMs: 60_000, maxRetries: 2, retryStatuses: [408, 429, 500, 502, 503, 504] };

/** The package README: install, auth, a first call, pagination, errors, retries and timeouts, all from the model. */
export function emitReadme(model: ApiModel): string {
  const pkg = model.client.packageName;
  const factory = `create${model.client.name}Client`;
  const out: string[] = [];
  const para = (...lines: string[]) => out.push(lines.join("\n"), "");
  const code = (lang: string, ...lines: string[]) => out.push("```" + lang, ...lines, "```", "");

  para(`# ${pkg}`);
  para(`Typed client for the ${model.title} (${model.version}), generated from crmkit's OpenAPI description of it.`);
  const summary = firstParagraph(model.description);
  if (summary) para(summary);
  para(
    `It runs on Node.js 20.19 or later, Bun, Deno and in browsers, from ESM or CommonJS, with TypeScript types for every`,
    `request and response.`,
  );

  para("## Install");
  code("sh", `npm install ${pkg}`);

  para("## Authentication");
  out.push(...authSection(model), "");

  const credentials = exampleOptions(model);
  const first = firstCall(model);
  para("## A first call");
  code(
    "ts",
    `import { ${factory} } from "${pkg}";`,
    "",
    `const client = ${factory}({ ${credentials.join(", ")} });`,
    "",
    `const result = await ${first.method}(${first.args});`,
    "console.log(result);",
  );
  para(
    "Every method takes one params object (path and query parameters by name, the request body as `body`) and",
    "optional per-call options (`signal`, `timeoutMs`, `maxRetries`, `headers`). Awaiting a call gives the payload;",
    "`.withResponse()` gives `{ data, body, response }` with the raw `Response`. `client.raw` is the openapi-fetch client",
    "underneath, for calls by path; it shares the credentials, timeouts and retries.",
  );
  out.push(...resourceTable(model), "");

  out.push(...paginationSection(model), "");

  out.push(...fieldSelectionSection(model), "");

  para("## Errors");
  para(
    "A call that gets an error status throws a subclass of `CrmApiError` with `status`, `headers`, the parsed error",
    "`body` and the request's method and URL (credentials redacted from the message):",
  );
  para(
    "| status | error class |",
    "|---|---|",
    "| 400 | `BadRequestError` |",
    "| 401 | `AuthenticationError` |",
    "| 403 | `PermissionDeniedError` |",
    "| 404 | `NotFoundError` |",
    "| 409 | `ConflictError` |",
    "| 422 | `UnprocessableEntityError` |",
    "| 429 | `RateLimitError` (`retryAfterMs` when the server said how long to wait) |",
    "| 5xx | `InternalServerError` |",
    "| any other | `CrmApiError` |",
  );
  para(
    "A request that gets no answer throws `CrmConnectionError`, one that runs out of time `CrmTimeoutError`, and one",
    "whose `signal` fires `CrmAbortError`. All of them extend `CrmError`, whose `kind` names the case for a `switch`.",
  );
  code(
    "ts",
    `import { CrmApiError, NotFoundError, RateLimitError } from "${pkg}";`,
    "",
    "try {",
    `  await ${first.method}(${first.args});`,
    "} catch (error) {",
    "  if (error instanceof NotFoundError) console.log(\"not found\", error.body);",
    "  else if (error instanceof RateLimitError) console.log(`slow down, retry in ${error.retryAfterMs} ms`);",
    "  else if (error instanceof CrmApiError) console.log(error.status, error.message);",
    "  else throw error;",
    "}",
  );
  para(
    `\`is${model.client.name}ApiError(error)\` narrows a caught error to \`${model.client.name}ApiError\`, whose \`body\` has the type the spec`,
    "gives error responses (`ApiErrorBody`).",
  );

  out.push(...retrySection(model), "");

  para("## Timeouts and cancellation");
  para(
    `Each attempt may take \`timeoutMs\` milliseconds (default ${withCommas(RUNTIME_DEFAULTS.timeoutMs)}; \`0\` turns the limit off), set on`,
    "the client or per call. A per-call `signal` (an `AbortSignal`) cancels the request and any wait between retries.",
  );
  code(
    "ts",
    `const patient = ${factory}({ ${[...credentials, "timeoutMs: 120_000"].join(", ")} });`,
    `await ${first.method.replace(/^client\./, "patient.")}(${first.args || "{}"}, { timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });`,
  );

  if (model.docsUrl) para("## Links", "", `- ${model.title} documentation: ${model.docsUrl}`);
  para("## License", "", "MIT");
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function firstParagraph(text: string | undefined): string | undefined {
  return text?.split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, " ").trim() || undefined;
}

function optionNames(scheme: SecuritySchemeModel): string[] {
  return "option" in scheme.credential ? [scheme.credential.option] : [scheme.credential.username, scheme.credential.password];
}

function describeScheme(scheme: SecuritySchemeModel): string {
  const names = optionNames(scheme).map((n) => `\`${n}\``);
  const which = `${names.join(" and ")} (scheme \`${scheme.name}\`)`;
  switch (scheme.type) {
    case "basic":
      return `${which}: HTTP Basic username and password`;
    case "apiKey":
      return `${which}: sent as the \`${scheme.paramName}\` ${scheme.in === "query" ? "query parameter" : scheme.in}`;
    case "bearer":
      return `${which}: sent as \`Authorization: Bearer <token>\``;
    case "oauth2": {
      const o = scheme.oauth2;
      const flows = o?.grants.length ? ` (${o.grants.join(", ")})` : "";
      const urls = [o?.authorizationUrl && `authorize at ${o.authorizationUrl}`, o?.tokenUrl && `token endpoint ${o.tokenUrl}`].filter(Boolean);
      const scopes = o?.scopes.length ? `; scopes: ${o.scopes.map((s) => `\`${s}\``).join(", ")}` : "";
      return (
        `${which}: an OAuth 2.0 access token${flows}, sent as \`Authorization: Bearer <token>\`` +
        `${urls.length ? `; ${urls.join(", ")}` : ""}${scopes}. Getting and refreshing the token is up to your app`
      );
    }
  }
}

function authSection(model: ApiModel): string[] {
  const byName = new Map(model.securitySchemes.map((s) => [s.name, s]));
  const lines: string[] = [];
  if (model.security.length === 0 || model.security.every((req) => req.length === 0)) {
    lines.push("The API needs no credentials.");
  } else if (model.security.length === 1) {
    lines.push("Pass these client options:", "");
    for (const name of model.security[0]!) lines.push(`- ${describeScheme(byName.get(name)!)}.`);
  } else {
    lines.push("Pass the options of one of these alternatives; the client uses the first one whose options are all set:", "");
    model.security.forEach((req, i) => {
      lines.push(`${i + 1}. ${req.map((name) => describeScheme(byName.get(name)!)).join("; together with ")}.`);
    });
  }
  const variables = model.servers[0]?.variables ?? [];
  if (variables.length) {
    lines.push("", "The server URL " + "`" + model.servers[0]!.url + "`" + " takes these options as well:", "");
    for (const v of variables) {
      const about = firstParagraph(v.description)?.replace(/\.$/, "");
      lines.push(`- \`${v.name}\`${about ? `: ${about}` : ""}${v.default ? ` (for example \`${v.default}\`)` : ""}.`);
    }
  }
  lines.push("", "`baseUrl` replaces the server URL altogether (a proxy, a sandbox or a mock server).");
  return lines;
}

/** Credentials of the first security alternative plus server variables, read from the environment. */
function exampleOptions(model: ApiModel): string[] {
  const byName = new Map(model.securitySchemes.map((s) => [s.name, s]));
  const names = new Set<string>();
  for (const scheme of model.security[0] ?? []) for (const n of optionNames(byName.get(scheme)!)) names.add(n);
  for (const v of model.servers[0]?.variables ?? []) names.add(v.name);
  const prefix = model.client.name.toUpperCase();
  return [...names].map((n) => `${n}: process.env.${prefix}_${n.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}!`);
}

/**
 * The call the README shows first: a GET that needs no arguments (a plain one before a list), else the
 * first GET with its params left for the reader to fill in.
 */
function firstCall(model: ApiModel): { method: string; args: string } {
  const gets = model.operations.filter((op) => op.httpMethod === "get" && !op.deprecated && op.security?.length !== 0);
  const noArgs = gets.filter(paramsOptional);
  const op = noArgs.find((o) => !o.pagination) ?? noArgs[0] ?? gets[0] ?? model.operations[0]!;
  return { method: `client.${op.resource}.${op.methodName}`, args: paramsOptional(op) ? "" : "{ /* params */ }" };
}

function resourceTable(model: ApiModel): string[] {
  const lines = ["| resource | methods |", "|---|---|"];
  for (const r of model.resources) lines.push(`| \`client.${r.name}\` | ${r.operations.map((o) => `\`${o.methodName}\``).join(", ")} |`);
  return [`The client has ${model.operations.length} methods on ${model.resources.length} resources:`, "", ...lines];
}

function paginationSection(model: ApiModel): string[] {
  const lists = model.operations.filter((op) => op.pagination);
  if (lists.length === 0) return [];
  const example = lists.find((op) => paramsOptional(op) && op.httpMethod === "get") ?? lists[0]!;
  const p = example.pagination!;
  const call = `client.${example.resource}.${example.methodName}`;
  const sizeArg = p.sizeParam && p.maxSize !== undefined ? `{ ${quoteKey(p.sizeParam)}: ${p.maxSize} }` : paramsOptional(example) ? "" : "{ /* … */ }";
  const how =
    p.style === "cursor"
      ? `the \`${p.cursorParam}\` cursor (the next one is read from \`${p.nextCursor}\`)`
      : p.style === "offset"
        ? `the \`${p.offsetParam}\` offset`
        : `the \`${p.pageParam}\` page number (the first page is ${p.firstPage ?? 1})`;
  const size = p.sizeParam
    ? ` The page size is \`${p.sizeParam}\`${p.defaultSize !== undefined ? ` (the API's default ${p.defaultSize}` : ""}${p.maxSize !== undefined ? `${p.defaultSize !== undefined ? ", " : " ("}at most ${p.maxSize})` : p.defaultSize !== undefined ? ")" : ""}.`
    : "";
  return [
    "## Pagination",
    "",
    `${lists.length} list methods page through results with ${how}.${size} A list method's promise is also`,
    "async-iterable over every item of every page; iteration stops on an empty or short page, at the reported total,",
    "or when `maxItems` / `maxPages` is reached.",
    "",
    "```ts",
    `for await (const item of ${call}(${sizeArg})) console.log(item);`,
    "",
    "// Page by page, with a cap:",
    `for await (const page of ${call}(${sizeArg}${sizeArg ? ", " : "{}, "}{ maxPages: 3 }).pages()) console.log(page.items.length);`,
    "",
    "// Only the first page: await it like any other call.",
    `const firstPage = await ${call}(${sizeArg});`,
    "```",
    "",
    `List methods: ${lists.map((op) => `\`${op.resource}.${op.methodName}\``).join(", ")}.`,
  ];
}

function retrySection(model: ApiModel): string[] {
  const retry = model.retry ?? {};
  const maxRetries = typeof retry.maxRetries === "number" ? retry.maxRetries : RUNTIME_DEFAULTS.maxRetries;
  const statuses = Array.isArray(retry.statuses) ? retry.statuses.map(Number) : RUNTIME_DEFAULTS.retryStatuses;
  const lines = [
    "## Retries and rate limits",
    "",
    `Failed attempts are retried up to ${maxRetries} time${maxRetries === 1 ? "" : "s"} (\`maxRetries\` on the client or per call)`,
    `with exponential backoff, honouring \`Retry-After\`. Retried: connection errors and the statuses ${statuses.join(", ")}.`,
    "GET, PUT and DELETE are always retried; POST and PATCH only when the server cannot have acted on the request",
    "(the connection was refused, or it answered 408 or \"too many requests\"), unless you pass `retryNonIdempotent: true`.",
  ];
  const limit = model.rateLimit as
    | { requests?: number; perSeconds?: number; scope?: string; headers?: Record<string, string>; throttled?: Array<{ status: number; contentType?: string }> }
    | undefined;
  if (limit) {
    lines.push("");
    if (typeof limit.requests === "number" && typeof limit.perSeconds === "number") {
      lines.push(`${model.title} allows ${limit.requests} requests per ${limit.perSeconds} seconds${limit.scope ? ` per ${limit.scope}` : ""}.`);
    } else if (limit.scope) {
      lines.push(`${model.title} limits requests per ${limit.scope}.`);
    }
    const throttled = (limit.throttled ?? [{ status: 429 }]).map((t) => `${t.status}${t.contentType ? ` with \`${t.contentType}\`` : ""}`);
    const waitHeaders = ["`Retry-After`", ...(limit.headers?.reset ? [`\`${limit.headers.reset}\``] : [])].join(" or ");
    lines.push(
      `Answers that mean "too many requests" (${throttled.join(", ")}) are retried after the wait the server asks for in ${waitHeaders}` +
        " (a wait over a minute is not made), then surface as `RateLimitError`.",
    );
    if (limit.headers?.remaining) {
      lines.push(`The remaining budget is in the \`${limit.headers.remaining}\` response header (\`.withResponse()\` gives the headers).`);
    }
  }
  return lines;
}

function quoteKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
