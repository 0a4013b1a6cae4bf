import type { LoadedDocument } from "../load.js";
import type { DateKind, DateShape } from "../dates.js";
import type { ApiModel, OperationModel, SecuritySchemeModel } from "../model.js";
import { credentialShape, environmentVariable } from "./credentials.js";
import { paramsOptional, typeNames } from "./method-types.js";
import { fieldSelectionSection } from "./readme-fields.js";
import { vendorName, webhookReceiverExample } from "./webhooks.js";
import {
  RUNTIME_DEFAULTS,
  callOptionsSnippet,
  clientOptionsSnippet,
  errorsSnippet,
  factoryName,
  oauthSnippets,
  observeSnippet,
  optionsOf,
  paginationSnippet,
  quickStartSnippet,
  requiredOptions,
  sampleParams,
  sampleResource,
  setupSnippets,
  titleWithVersion,
  untypedSnippet,
  withCommas,
} from "./usage.js";

/**
 * The package README, all from the model and the spec's examples: install, a quick start doing a real
 * task, what the API's auth really accepts, calls, pagination, errors, retries, every client and
 * per-call option, and calls by path. Each section is its own function; the code blocks are
 * type-checked against the built package by test/readme-snippets.test.ts.
 */
export function emitReadme(model: ApiModel, loaded: LoadedDocument): string {
  const s = readmeSections(model, loaded);
  const sections = [
    headerSection(model).join("\n"),
    installSection(model).join("\n"),
    s.quickStart,
    s.authentication,
    s.server,
    s.calls,
    s.pagination,
    s.fieldSelection,
    s.dates,
    s.errors,
    s.retries,
    s.timeouts,
    s.clientOptions,
    s.callOptions,
    s.observe,
    s.untyped,
    s.webhooks,
    s.bundling,
    linksSection(model).join("\n"),
  ];
  // Sections end with or without a blank line; joined by one, and runs of blank lines folded.
  return sections.filter((section) => section.trim() !== "").join("\n\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

/**
 * The README's sections as markdown, each starting with its `## ` heading (empty when the API has
 * nothing for it): the docs site's usage guides show the same text.
 */
export function readmeSections(model: ApiModel, loaded: LoadedDocument) {
  const text = (lines: string[]) => lines.join("\n");
  return {
    quickStart: text(quickStartSection(loaded, model)),
    authentication: text(authenticationSection(model)),
    server: text(serverSection(model)),
    calls: text(callsSection(model)),
    pagination: text(paginationSection(model)),
    fieldSelection: text(fieldSelectionSection(model)),
    dates: text(datesSection(loaded, model)),
    errors: text(errorsSection(loaded, model)),
    retries: text(retrySection(model)),
    timeouts: text(timeoutSection(loaded, model)),
    clientOptions: text(clientOptionsSection(model)),
    callOptions: text(callOptionsSection(loaded, model)),
    observe: text(observeSection(model)),
    untyped: text(untypedSection(loaded, model)),
    webhooks: text(webhooksSection(model, requiredOptions(model).map((o) => `${o}: process.env.${environmentVariable(model, o)}`))),
    bundling: text(bundlingSection(model)),
  };
}

/** "a", "a or b", "a, b or c". */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

const code = (lang: string, text: string | undefined) => (text ? ["```" + lang, text, "```", ""] : []);

function firstParagraph(text: string | undefined): string | undefined {
  return text?.split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, " ").trim() || undefined;
}

function headerSection(model: ApiModel): string[] {
  const summary = firstParagraph(model.description);
  return [
    `# ${model.client.packageName}`,
    "",
    `Typed client for the ${titleWithVersion(model)}, generated from crmkit's OpenAPI description of it.`,
    "",
    ...(summary ? [summary, ""] : []),
    "It runs on Node.js 20.19 or later, Bun, Deno and in browsers, from ESM or CommonJS, with TypeScript types for every",
    "request and response.",
    "",
  ];
}

function installSection(model: ApiModel): string[] {
  return ["## Install", "", ...code("sh", `npm install ${model.client.packageName}`)];
}

function quickStartSection(loaded: LoadedDocument, model: ApiModel): string[] {
  const snippet = quickStartSnippet(loaded, model);
  if (!snippet) return [];
  const s = sampleResource(model);
  const env = credentialShape(model);
  const vars = [...env.always, ...(env.alternatives.find((a) => a.every((o) => o.name !== "oauth")) ?? [])].map((o) => environmentVariable(model, o.name));
  return [
    "## Quick start",
    "",
    `A whole task: read every ${s.resource === "contacts" ? "contact" : `item of \`client.${s.resource}\``}, create one, change one, and handle a missing record and throttling.`,
    `Set ${vars.map((v) => `\`${v}\``).join(" and ") || "nothing"} in the environment and run it. It is TypeScript, an ES module with top-level`,
    "`await`: save it as `quick-start.ts` and compile it with `tsc` (`module: nodenext`), or run it with a TypeScript runner",
    `such as \`npx tsx quick-start.ts\`. As plain JavaScript (\`quick-start.mjs\`), leave out the \`type\` import and the type annotation.`,
    "",
    ...code("ts", snippet),
  ];
}

/** How one scheme sends its secret, in words. */
function schemeTravel(scheme: SecuritySchemeModel): string {
  switch (scheme.type) {
    case "basic":
      return "as HTTP Basic credentials";
    case "apiKey":
      return `as is in the \`${scheme.paramName}\` ${scheme.in === "query" ? "query parameter" : scheme.in}`;
    case "bearer":
    case "oauth2":
      return "as `Authorization: Bearer <token>`";
  }
}

const GRANT_NAMES: Record<string, string> = {
  authorizationCode: "authorization code",
  clientCredentials: "client credentials",
  password: "password",
  implicit: "implicit",
};

function authenticationSection(model: ApiModel): string[] {
  const byName = new Map(model.securitySchemes.map((s) => [s.name, s]));
  const factory = factoryName(model);
  const lines = ["## Authentication", ""];
  if (model.security.length === 0 || model.security.every((r) => r.length === 0)) {
    lines.push("The API needs no credentials.", "");
    return lines;
  }

  // Alternatives as the runtime treats them: the first one whose options are all set is sent. OAuth
  // schemes that send the token the same way are one item, whatever grant gets the token.
  const items: string[] = [];
  const plainOptions = new Set<string>();
  const oauthSchemes: SecuritySchemeModel[] = [];
  let oauthAt = -1;
  let oauthWith: string[] = [];
  for (const requirement of model.security) {
    const schemes = requirement.map((n) => byName.get(n)!);
    const oauth = schemes.filter((s) => s.type === "oauth2");
    const plain = schemes
      .filter((s) => s.type !== "oauth2")
      .map((s) => `${optionsOf(s).map((o) => `\`${o}\``).join(" and ")} ${schemeTravel(s)} (scheme \`${s.name}\`)`);
    if (oauth.length === 0) {
      items.push(plain.join(", together with "));
      for (const s of schemes) for (const o of optionsOf(s)) plainOptions.add(o);
      continue;
    }
    if (oauthAt < 0) {
      oauthAt = items.length;
      oauthWith = plain;
      items.push("");
    }
    oauthSchemes.push(...oauth);
  }
  if (oauthAt >= 0) {
    const option = optionsOf(oauthSchemes[0]!)[0]!;
    const grants = oauthSchemes.map((s) => `\`${s.name}\`: ${s.oauth2?.grants.map((g) => GRANT_NAMES[g] ?? g).join(", ") || "OAuth 2.0"}`);
    const how = plainOptions.has(option)
      ? `reachable only through \`oauth\` (\`${option}\` alone is always sent the way above, so a bearer token you already hold goes in \`oauth.tokens\`)`
      : `either \`${option}\`, a token you already hold (sent as it is, never refreshed), or \`oauth\`, with which the client gets and refreshes tokens itself`;
    items[oauthAt] =
      `an OAuth 2.0 access token sent as \`Authorization: Bearer <token>\` (scheme${oauthSchemes.length > 1 ? "s" : ""} ${grants.join("; ")})` +
      `${oauthWith.length ? `, together with ${oauthWith.join(", ")}` : ""}: ${how}`;
  }
  const unique = [...new Set(items)];
  if (unique.length === 1) lines.push(`The API takes ${unique[0]}.`, "");
  else {
    lines.push("The API accepts these; the client sends the first whose options are all set (with `oauth` given, the OAuth one):", "");
    unique.forEach((item, i) => lines.push(`${i + 1}. ${item.charAt(0).toUpperCase()}${item.slice(1)}.`));
    lines.push("");
  }

  // What the spec says about each scheme it uses: lifetimes, where keys come from, flow details.
  const described = [...new Set(model.security.flat())].map((n) => byName.get(n)!).filter((scheme) => scheme.description);
  if (described.length) {
    lines.push("What the spec says about them:", "");
    for (const scheme of described) lines.push(`- \`${scheme.name}\`: ${scheme.description!.replace(/\s*\n\s*/g, " ").trim()}`);
    lines.push("");
  }

  const shape = credentialShape(model);
  const extras = new Set(shape.extras.map((o) => o.name));
  const serverVariables = new Set(shape.always.map((o) => o.name));
  const options = [...new Set([...shape.always, ...shape.alternatives.flat(), ...shape.extras].map((o) => o.name).filter((n) => n !== "oauth"))];
  const usedFor = (o: string) =>
    serverVariables.has(o)
      ? "part of the server URL"
      : extras.has(o)
        ? `only operations whose own security lists scheme \`${model.securitySchemes.find((s) => optionsOf(s).includes(o))?.name}\``
        : "credentials, see above";
  lines.push(
    "Each option falls back to an environment variable where the runtime has them (Node, Bun, Deno), unless `env: false`:",
    "",
    "| option | environment variable | used for |",
    "|---|---|---|",
    ...options.map((o) => `| \`${o}\` | \`${environmentVariable(model, o)}\` | ${usedFor(o)} |`),
    `| \`baseUrl\` | \`${environmentVariable(model, "baseUrl")}\` | the server URL, replaced |`,
    "",
  );
  const setup = setupSnippets(model);
  lines.push(...code("ts", setup.environment), ...code("ts", setup.explicit));
  lines.push(
    `In TypeScript, \`${factory}()\` without credentials compiles where the compiler resolves Node's types (\`moduleResolution\``,
    `\`node16\` or \`nodenext\`, Deno), since the variables can supply them. Where it cannot (\`moduleResolution: "bundler"\`,`,
    "as browser apps use), the options of one complete alternative are required and a missing one is a compile error; a server",
    'program type-checked with `bundler` adds `"customConditions": ["node"]` to its tsconfig. At run time, a client that finds',
    "no complete alternative throws a `TypeError` naming the options and variables it looked for.",
    "",
  );
  lines.push(...oauthSection(model, oauthSchemes));
  return lines;
}

function oauthSection(model: ApiModel, schemes: SecuritySchemeModel[]): string[] {
  const samples = oauthSnippets(model);
  if (!samples || schemes.length === 0) return [];
  const first = schemes[0]!.oauth2;
  const scopes = [...new Set(schemes.flatMap((s) => s.oauth2?.scopes ?? []))];
  const grants = new Set(schemes.flatMap((s) => s.oauth2?.grants ?? []));
  const lines = [
    "### OAuth 2.0",
    "",
    "With `oauth`, the client runs the token requests itself (through its own timeouts, retries and redaction) and keeps",
    `the tokens: it refreshes an access token ${RUNTIME_DEFAULTS.refreshSkewMs / 1000} s before it expires (\`oauth.refreshSkewMs\`), and once after a 401, with one`,
    "refresh shared by every call waiting for it. `client.oauth` holds the helpers (`authorizeUrl`, `exchangeCode`,",
    "`refresh`, `clientCredentials`, `tokens`, `accessToken`).",
    "",
    `The spec's endpoints: ${[first?.authorizationUrl && `authorize at \`${first.authorizationUrl}\``, first?.tokenUrl && `tokens from \`${first.tokenUrl}\``].filter(Boolean).join(", ")}${/^\//.test(first?.tokenUrl ?? "") ? " (on the API server's host)" : ""}.`,
    "With `baseUrl` set, token requests go to the same path on `baseUrl`'s origin (so a client pointed at a mock never sends",
    "secrets to production) unless `oauth.tokenUrl` says where; `oauth.authorizationUrl` overrides the consent page.",
    ...(scopes.length ? ["", `Scopes the spec names: ${scopes.map((s) => `\`${s}\``).join(", ")}; pass \`oauth.scope\` to ask for them.`] : []),
    "",
  ];
  if (samples.authorizationCode) {
    lines.push("#### Authorization code", "", "A user signs in at the vendor and your redirect URI receives a code:", "", ...code("ts", samples.authorizationCode));
    lines.push("#### Keeping tokens between runs", "", "A `tokenStore` is read before the first call and written after every new set of tokens:", "", ...code("ts", samples.tokenStore));
  }
  if (samples.clientCredentials) lines.push("#### Client credentials", "", "For a service with no user signing in:", "", ...code("ts", samples.clientCredentials));
  if (!grants.has("clientCredentials")) lines.push("The spec declares no client-credentials grant, so `oauth.clientCredentials` has nothing to call here.", "");
  lines.push("#### Tokens you already hold", "", ...code("ts", samples.heldTokens));
  return lines;
}

function serverSection(model: ApiModel): string[] {
  const server = model.servers[0];
  if (!server) return [];
  const lines = ["## Server", "", `Requests go to \`${server.url}\`${server.description ? ` (${server.description.trim().replace(/\s+/g, " ").replace(/\.$/, "")})` : ""}.`];
  if (server.variables.length) {
    lines.push("", "Its variables are client options (and environment variables) too:", "");
    for (const v of server.variables) {
      const about = firstParagraph(v.description)?.replace(/\.$/, "");
      lines.push(`- \`${v.name}\` (\`${environmentVariable(model, v.name)}\`)${about ? `: ${about}` : ""}${v.default ? ` (for example \`${v.default}\`)` : ""}.`);
    }
  }
  lines.push("", `\`baseUrl\` (or \`${environmentVariable(model, "baseUrl")}\`) replaces the server URL altogether: a proxy, a sandbox or a mock server.`, "");
  return lines;
}

function callsSection(model: ApiModel): string[] {
  const lines = [
    "## Calling methods",
    "",
    "Every method is `client.<resource>.<method>(params, options)`. `params` is one object: path and query parameters by",
    "name, the request body as `body`; `options` are the per-call options below. Awaiting a call gives the payload",
    `${model.envelope ? `(the API wraps it in \`${model.envelope.data}\`; the client unwraps it)` : "(the decoded body)"}; \`.withResponse()\` gives \`{ data, meta, body, response }\`, with the`,
    "raw `Response`, and `.asResponse()` the `Response` alone. Nothing is sent until the call is awaited or iterated.",
    "",
    `The client has ${model.operations.length} methods on ${model.resources.length} resources:`,
    "",
    "| resource | methods |",
    "|---|---|",
  ];
  for (const r of model.resources) lines.push(`| \`client.${r.name}\` | ${r.operations.map((o) => `\`${o.methodName}\``).join(", ")} |`);
  lines.push("");
  return lines;
}

function paginationSection(model: ApiModel): string[] {
  const lists = model.operations.filter((op) => op.pagination);
  const snippet = paginationSnippet(model);
  if (lists.length === 0 || !snippet) return [];
  const example = sampleResource(model).list ?? lists.find((op) => paramsOptional(op)) ?? lists[0]!;
  const p = example.pagination!;
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
    "async-iterable over every item of every page, holding one page at a time; iteration stops on an empty or short page,",
    "at the reported total, or when `maxItems` / `maxPages` is reached. A server that repeats a page, or drops the items",
    `from one, stops it with \`CrmPaginationError\`, as does passing the client's \`pageLimit\` (default ${withCommas(RUNTIME_DEFAULTS.pageLimit)} pages).`,
    "",
    ...code("ts", snippet),
    `List methods: ${lists.map((op) => `\`${op.resource}.${op.methodName}\``).join(", ")}.`,
    "",
  ];
}

function errorsSection(loaded: LoadedDocument, model: ApiModel): string[] {
  const name = model.client.name;
  return [
    "## Errors",
    "",
    "A call that gets an error status throws a subclass of `CrmApiError` with `status`, `headers`, the parsed error",
    "`body`, the `response` (status and headers) and the request's `method` and `url` (credentials redacted):",
    "",
    "| status | error class | `kind` |",
    "|---|---|---|",
    "| 400 | `BadRequestError` | `bad_request` |",
    "| 401 | `AuthenticationError` | `unauthorized` |",
    "| 403 | `PermissionDeniedError` | `forbidden` |",
    "| 404 | `NotFoundError` | `not_found` |",
    "| 409 | `ConflictError` | `conflict` |",
    "| 422 | `UnprocessableEntityError` | `unprocessable` |",
    "| 429, and the spec's other throttling answers | `RateLimitError` (`retryAfterMs` when the server said how long to wait) | `rate_limited` |",
    "| 5xx | `InternalServerError` | `server_error` |",
    "| any other | `CrmApiError` | `http_error` |",
    "",
    "Failures without a usable answer:",
    "",
    "| what happened | error class | `kind` |",
    "|---|---|---|",
    "| no complete HTTP answer: DNS, refused or reset connection, TLS, a body cut short | `CrmConnectionError` | `connection` |",
    "| an attempt ran past `timeoutMs`, or the call past `deadlineMs` | `CrmTimeoutError` (`timeoutMs`) | `timeout` |",
    "| the call's `signal` fired | `CrmAbortError` | `aborted` |",
    "| a success status whose body does not decode (malformed JSON) | `CrmResponseDecodingError` (`status`, `headers`) | `decoding` |",
    "| a redirect the client will not follow: another origin with a body, a loop, or one the runtime hides | `CrmRedirectError` (`location`) | `redirect` |",
    "| a list that cannot go on: a repeated page, missing items, the `pageLimit` | `CrmPaginationError` (`reason`) | `pagination` |",
    "",
    "All extend `CrmError`, whose `kind` names the case for a `switch`; every one is exported by this package, and none",
    "carries a credential in its message, URL or `toJSON()`.",
    "",
    ...code("ts", errorsSnippet(loaded, model)),
    `\`is${name}ApiError(error)\` is true for HTTP errors from a ${name} client only, and narrows \`error.body\` to the type`,
    "the spec gives error responses (`ApiErrorBody`).",
    "",
  ];
}

function retrySection(model: ApiModel): string[] {
  const retry = model.retry ?? {};
  const maxRetries = typeof retry.maxRetries === "number" ? retry.maxRetries : RUNTIME_DEFAULTS.maxRetries;
  const statuses = Array.isArray(retry.statuses) ? retry.statuses.map(Number) : RUNTIME_DEFAULTS.retryStatuses;
  const limit = model.rateLimit as
    | { requests?: number; perSeconds?: number; scope?: string; headers?: Record<string, string>; throttled?: Array<{ status: number; contentType?: string }> }
    | undefined;
  const throttled = limit?.throttled ?? [{ status: 429 }];
  const throttledText = throttled.map((t) => `${t.status}${t.contentType ? ` with \`${t.contentType}\`` : ""}`);
  // What the pipeline repeats whatever the method: throttling answers, and 408 when the spec retries it.
  const anyMethod = [...throttledText, ...(statuses.includes(408) ? ["408"] : [])];
  const waitHeaders = ["`Retry-After`", ...(limit?.headers?.reset ? [`\`${limit.headers.reset}\``] : [])].join(" or ");
  const extraThrottles = throttled.filter((t) => !statuses.includes(t.status) || t.contentType);
  const lines = [
    "## Retries and rate limits",
    "",
    `A failed attempt is retried up to ${maxRetries} time${maxRetries === 1 ? "" : "s"} (\`maxRetries\`, on the client or per call${typeof retry.maxRetries === "number" ? "; this default comes from the spec" : ""}) after`,
    `connection errors, the statuses ${statuses.join(", ")}${Array.isArray(retry.statuses) ? " (the spec's list)" : ""}` +
      `${extraThrottles.length ? `, and the spec's throttling answers (${extraThrottles.map((t) => `${t.status}${t.contentType ? ` with \`${t.contentType}\`` : ""}`).join(", ")})` : ""}.`,
    `Waits follow ${waitHeaders} when the server sends one (up to \`maxRetryWaitMs\`, default ${withCommas(RUNTIME_DEFAULTS.maxRetryWaitMs)} ms; a longer`,
    `wait fails the call at once with \`RateLimitError.retryAfterMs\`), otherwise exponential backoff from ${RUNTIME_DEFAULTS.firstBackoffMs} ms to ${RUNTIME_DEFAULTS.maxBackoffMs / 1000} s with jitter.`,
    "",
    `GET, PUT, DELETE, HEAD and OPTIONS are retried on all of these. POST and PATCH are retried only when the server cannot`,
    `have acted on the request: the connection was never made, or the answer was ${orList(anyMethod)}; pass`,
    "`retryNonIdempotent: true` (client or call) to retry them on the rest too.",
  ];
  if (limit) {
    lines.push("");
    if (typeof limit.requests === "number" && typeof limit.perSeconds === "number") {
      lines.push(`The ${titleWithVersion(model)} allows ${limit.requests} requests per ${limit.perSeconds} seconds${limit.scope ? ` per ${limit.scope}` : ""}. \`rateLimit: true\``);
      lines.push("makes the client wait before sending rather than collect 429s; `rateLimit: { requests, perSeconds, burst }` sets your own budget.");
    } else {
      lines.push(`The ${titleWithVersion(model)} limits requests${limit.scope ? ` per ${limit.scope}` : ""} without a published number; \`rateLimit: { requests, perSeconds }\` sets a budget the client keeps.`);
    }
    if (limit.headers?.remaining) {
      lines.push(`The remaining budget is in the \`${limit.headers.remaining}\` response header (\`.withResponse()\` gives the headers); when it reaches 0, a client with \`rateLimit\` holds every request until the reset.`);
    }
  }
  lines.push("");
  return lines;
}

function timeoutSection(loaded: LoadedDocument, model: ApiModel): string[] {
  const s = sampleResource(model);
  const op = s.get ?? s.list;
  const factory = factoryName(model);
  const args = op ? (op === s.get ? sampleParams(loaded, op) || "{}" : "{}") : "";
  return [
    "## Timeouts and cancellation",
    "",
    `Each attempt may take \`timeoutMs\` (default ${withCommas(RUNTIME_DEFAULTS.timeoutMs)} ms for headers and body; \`0\` turns the limit off), and a whole call,`,
    "retries and waits included, `deadlineMs` (default: none); either throws `CrmTimeoutError`. A per-call `signal` (an",
    "`AbortSignal`) cancels the request and any wait between retries, and throws `CrmAbortError`.",
    "",
    ...(op
      ? code(
          "ts",
          [
            `import { ${factory} } from "${model.client.packageName}";`,
            "",
            `const patient = ${factory}({ timeoutMs: 120_000, deadlineMs: 300_000 });`,
            `await patient.${op.resource}.${op.methodName}(${args}, { timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });`,
          ].join("\n"),
        )
      : []),
  ];
}

function clientOptionsSection(model: ApiModel): string[] {
  const oauth = model.securitySchemes.some((s) => s.type === "oauth2");
  const limit = model.rateLimit as { requests?: number; perSeconds?: number } | undefined;
  const rows: Array<[string, string, string]> = [
    ["credentials", "environment variables", "see [Authentication](#authentication)"],
    ["`baseUrl`", `the spec's server, or \`${environmentVariable(model, "baseUrl")}\``, "where requests go; OAuth token requests follow its origin unless `oauth.tokenUrl` is set"],
    ["`fetch`", "the global `fetch`", "called as `fetch(url, init)` with a URL string; wrap it for tracing or pass another implementation"],
    ["`timeoutMs`", withCommas(RUNTIME_DEFAULTS.timeoutMs), "milliseconds per attempt, headers and body; `0` turns it off"],
    ["`deadlineMs`", "none", "milliseconds per call, retries and waits included"],
    ["`maxRetries`", String(typeof model.retry?.maxRetries === "number" ? model.retry.maxRetries : RUNTIME_DEFAULTS.maxRetries), "retries after a failed attempt"],
    ["`maxRetryWaitMs`", withCommas(RUNTIME_DEFAULTS.maxRetryWaitMs), "the longest server-requested wait to sit out before a retry"],
    ["`retryNonIdempotent`", "`false`", "retry POST and PATCH even after they may have reached the server"],
    ["`headers`", "none", "headers sent with every request (a call's own `headers` win)"],
    ["`oauth`", "none", oauth ? "OAuth 2.0 app credentials and tokens (OAuth 2.0, under Authentication)" : "OAuth 2.0 settings; this API declares no OAuth scheme, so passing it throws"],
    [
      "`rateLimit`",
      "off",
      typeof limit?.requests === "number" ? `\`true\` for the published ${limit.requests} requests per ${limit.perSeconds} s, or \`{ requests, perSeconds, burst }\`` : "`{ requests, perSeconds, burst }`: a client-side budget",
    ],
    ["`hooks`", "none", "`onRequest`, `onResponse`, `onRetry`, `onError` callbacks"],
    ["`logger`", "none", "a console-like object; lines arrive with credentials redacted"],
    ["`logLevel`", '`"warn"` with a logger', '`"off"`, `"error"`, `"warn"`, `"info"` (each response), `"debug"` (each request)'],
    ["`pageLimit`", withCommas(RUNTIME_DEFAULTS.pageLimit), "pages a list may read before it fails with `CrmPaginationError`"],
    ["`env`", "`true`", "`false`: read no environment variables"],
  ];
  return [
    "## Client options",
    "",
    "| option | default | what it does |",
    "|---|---|---|",
    ...rows.map(([o, d, w]) => `| ${o} | ${d} | ${w} |`),
    "",
    ...code("ts", clientOptionsSnippet(model)),
  ];
}

function callOptionsSection(loaded: LoadedDocument, model: ApiModel): string[] {
  return [
    "## Per-call options",
    "",
    "The second argument of every method (and of the calls by path) overrides the client for that call:",
    "",
    "| option | what it does |",
    "|---|---|",
    "| `signal` | an `AbortSignal` that cancels the call (`CrmAbortError`) |",
    "| `timeoutMs` | per attempt, as on the client |",
    "| `deadlineMs` | for the whole call, as on the client |",
    "| `maxRetries` | retries for this call |",
    "| `retryNonIdempotent` | retry this POST or PATCH as if it were safe to repeat |",
    "| `headers` | extra headers for this call |",
    "| `maxItems` | lists: stop iterating after this many items |",
    "| `maxPages` | lists: stop iterating after this many pages |",
    "",
    ...code("ts", callOptionsSnippet(loaded, model)),
  ];
}

function observeSection(model: ApiModel): string[] {
  return [
    "## Hooks, logging and a custom fetch",
    "",
    "`hooks` run around every attempt; `logger` gets a warning per retry, an info line per response and a debug line per",
    "request (URL, headers and body, redacted). `fetch` replaces the transport.",
    "",
    ...code("ts", observeSnippet(model)),
  ];
}

function untypedSection(loaded: LoadedDocument, model: ApiModel): string[] {
  const snippet = untypedSnippet(loaded, model);
  if (!snippet) return [];
  return [
    "## Calls by path",
    "",
    "For endpoints the spec lacks, or a request its types do not allow: `client.get(path, options)`, `post`, `put`,",
    "`patch`, `delete` and `client.request({ method, path, ... })` reach any endpoint of the API with the client's",
    "credentials, retries, timeouts, errors and redaction, and throw like typed methods. `options` takes `query` (arrays",
    "repeat their key, objects become `key[field]`), `body` (JSON; a `FormData` goes as multipart, a `URLSearchParams` as a",
    "form), `headers` and the per-call options.",
    "",
    ...code("ts", snippet),
    "`client.raw` is the [openapi-fetch](https://openapi-ts.dev/openapi-fetch/) client underneath, typed by the spec's",
    "paths, for code written against it; it returns `{ data, error }` instead of throwing.",
    "",
  ];
}

/** What a browser app's bundle holds of the client, and what loads later: the parts this API has. */
function bundlingSection(model: ApiModel): string[] {
  const later = [
    "each resource's operations (on its first call)",
    "what follows an attempt that did not succeed (the retry decision and wait, building the typed error, redaction)",
    ...(model.securitySchemes.some((s) => s.type === "oauth2") ? ["OAuth's token requests"] : []),
    ...(model.operations.some((op) => op.pagination) ? ["pagination"] : []),
    ...(model.operations.some((op) => op.dates) ? ["the `dates` conversion"] : []),
    ...(model.operations.some((op) => op.selection) ? ["typed field selections"] : []),
    "hooks and logging",
    "the `rateLimit` limiter",
    "form and multipart bodies",
    "calls by path and `client.raw`",
  ];
  return [
    "## In a browser bundle",
    "",
    "Importing the package loads what a successful call runs: the client, its credentials, building the request, one",
    "attempt with its timeout, deadline and cancellation, and the promise it returns. The rest loads with `import()` the",
    `first time a program needs it: ${later.slice(0, -1).join("; ")}; and ${later.at(-1)}.`,
    "Bundlers that split dynamic imports (Vite, webpack and Rollup by default, esbuild with `splitting: true`) emit these",
    "as separate chunks, so a program downloads only the parts its calls use; a bundle built without splitting carries",
    "them all. When a chunk cannot be fetched (one a redeploy removed, say), the call that needed it fails and the next",
    "call loads it again; a part of the request itself that fails to load rejects the call with a `CrmError` saying so.",
    "",
  ];
}

function linksSection(model: ApiModel): string[] {
  return [...(model.docsUrl ? ["## Links", "", `- ${model.title} documentation: ${model.docsUrl}`, ""] : []), "## License", "", "MIT", ""];
}

function webhooksSection(model: ApiModel, credentials: string[]): string[] {
  const hooks = model.webhooks;
  if (!hooks) return [];
  const pkg = model.client.packageName;
  const vendor = vendorName(model);
  const v = hooks.verification;
  const how =
    v.type === "hmac"
      ? `checks the HMAC in \`${v.header}\` over the raw body (${v.algorithms.join(", ")}; \`secret\` is the subscription's secret) in constant time`
      : v.type === "echoed-secret"
        ? `compares the secret ${vendor} sends back in \`${v.field}\` with yours (\`secret\`) in constant time and drops it from the payload`
        : `has nothing to verify: ${vendor} signs nothing, so confirm an event by reading its record (\`event.confirm(client)\`)`;
  const replay = v.timestamp
    ? ` It refuses deliveries whose \`${v.timestamp.field}\` is more than ${v.timestamp.toleranceSeconds} s from your clock (\`toleranceSeconds\`, 0 turns it off), which stops replays.`
    : "";
  const naming =
    hooks.event.in === "subscription"
      ? "Deliveries do not say which event they are (one hook per event), so pass `event`: register each hook with its own URL, such as `https://example.com/hooks?event=newproject`, and read it back."
      : `The event name comes from ${hooks.event.in === "header" ? `the \`${hooks.event.name}\` header` : `the body's \`${hooks.event.name}\``}.`;
  const answers = hooks.events[0]?.responses.filter((r) => r.description) ?? [];
  const lines = [
    "## Webhooks",
    "",
    `\`${pkg}/webhooks\` receives ${vendor}'s webhook deliveries, as its own entry point (a receiver bundles none of the client).`,
    "`parseWebhook(request, options)` takes a standard `Request` (Node's http through `fromNodeRequest(req)`, Express with",
    "`express.raw({ type: \"*/*\" })` on the route, Fastify's `request.raw`, Cloudflare Workers, Deno, Bun, Next.js route handlers)",
    `and ${how}.${replay} ${naming}`,
    "",
    "```ts",
    webhookReceiverExample(model, { clientOptions: credentials }),
    "```",
    "",
    "A delivery that fails a check throws `WebhookVerificationError`, whose `reason` says which (`signature_mismatch`,",
    "`missing_signature`, `secret_mismatch`, `timestamp_out_of_tolerance`, `malformed_body`, …) and whose message never holds the",
    "secret. An event the spec does not list arrives as `{ known: false, name, payload }` rather than failing; check `known`, then",
    "narrow on `name` to get that event's payload type." +
      (hooks.events.some((e) => e.resourceUrlField)
        ? " `event.fetch(client)` reads the changed record with the client's credentials and retries, only from the API's own host."
        : ""),
  ];
  if (answers.length || hooks.timeoutSeconds) {
    lines.push("", `What your answer tells ${vendor}:`, "");
    for (const r of answers) lines.push(`- \`${r.status}\`: ${firstParagraph(r.description)}`);
    if (!answers.length && hooks.timeoutSeconds) lines.push(`- ${vendor} waits ${hooks.timeoutSeconds} s for an answer.`);
  }
  lines.push("", `${hooks.events.length} events:`, "", "| event | when |", "|---|---|");
  for (const e of hooks.events) lines.push(`| \`${e.name}\` | ${(e.summary ?? "").replace(/\|/g, "\\|")} |`);
  lines.push("");
  return lines;
}

// ---------------------------------------------------------------------------------------------- dates

const DATE_FORMS: Record<DateKind, string> = {
  "date-time": "RFC 3339 date-times (`2018-05-16T11:52:09Z`)",
  date: "calendar dates (`2018-05-16`), as midnight UTC of that day",
  "unix-seconds": "unix timestamps in seconds (`1495669367`, sent as a string or a number)",
  "date-time-12h": "a date, a 12-hour clock time and a UTC offset (`2015-05-24 10:00 AM -0400`)",
};

/** `dates: true`: which fields it turns into Date objects (from the spec's date marks), with an example. */
function datesSection(loaded: LoadedDocument, model: ApiModel): string[] {
  const factory = factoryName(model);
  const dated = model.operations.filter((op) => op.dates);
  if (dated.length === 0) {
    return [
      "## Dates",
      "",
      "The spec marks no response field of this API as a date, so the `dates` option changes nothing here: values arrive",
      "as the API sends them.",
    ];
  }
  const kinds = new Set<DateKind>();
  const collect = (shape: DateShape | undefined, seen: Set<string>) => {
    if (!shape) return;
    shape.kinds?.forEach((k) => kinds.add(k));
    collect(shape.items, seen);
    Object.values(shape.properties ?? {}).forEach((s) => collect(s, seen));
    for (const ref of shape.refs ?? []) if (!seen.has(ref)) collect(model.dateComponents.get(ref), seen.add(ref));
  };
  dated.forEach((op) => collect(op.dates, new Set()));
  // A record's get, of a resource that also lists them, reads most naturally.
  const listed = new Set(model.operations.filter((op) => op.pagination).map((op) => op.resource));
  const example =
    dated.find((op) => op.methodName === "get" && listed.has(op.resource) && datePath(model, op)) ??
    dated.find((op) => op.methodName === "get" && datePath(model, op)) ??
    dated.find((op) => op.httpMethod === "get" && !op.pagination && datePath(model, op)) ??
    dated.find((op) => datePath(model, op));
  const lines = [
    "## Dates",
    "",
    "Off by default: payloads hold dates as the API writes them. With `dates: true` on the client, or in one call's",
    `options, the fields the spec marks as dates (in the payloads of ${dated.length} of the ${model.operations.length} methods) arrive as \`Date\``,
    "objects, and their types say `Date`. This API writes:",
    "",
    ...[...kinds].sort().map((k) => `- ${DATE_FORMS[k]}`),
    "",
  ];
  const method = example ? `client.${example.resource}.${example.methodName}` : undefined;
  const params = example ? sampleParams(loaded, example) : "";
  if (example) {
    lines.push(
      "```ts",
      `import { ${factory} } from "${model.client.packageName}";`,
      "",
      `const client = ${factory}({ dates: true });`,
      `const result = await ${method}(${params});`,
      `result${datePath(model, example)}; // a Date`,
      "",
      "// This call only, whatever the client says:",
      `const asSent = await ${method}(${params || "{}"}, { dates: false });`,
      "```",
      "",
    );
  }
  const isTypeName = (name: string) => /^[A-Z][A-Za-z0-9]*$/.test(name) && !model.dateComponents.get(name)!.kinds;
  const schema = example?.dates?.refs?.find(isTypeName) ?? [...model.dateComponents.keys()].find(isTypeName);
  lines.push(
    "`null` stays `null` and `\"\"` stays `\"\"` (an unset date never becomes 1970), and a value that is not in its field's",
    "form stays as it came. Only the date fields are visited, and the converter is loaded by the first call that asks",
    "for it; with dates off nothing runs.",
    "",
    `The payload and item types take the choice as a parameter${example ? ` (\`${typeNames(example).response}<true>\`)` : ""}, and so do the types of`,
    `the schemas that hold dates${schema ? ` (\`${schema}<true>\`)` : ""}. Untyped calls (\`client.get(path)\` and the like) return payloads as`,
    "decoded, and request bodies still take dates in the API's own form.",
  );
  return lines;
}

/** A property path to a date in an operation's payload (`.contact?.created_at`), for the example. */
function datePath(model: ApiModel, op: OperationModel): string | undefined {
  const walk = (shape: DateShape | undefined, depth: number, seen: string[]): string | undefined => {
    if (!shape || depth > 6) return undefined;
    const props = Object.entries(shape.properties ?? {});
    const direct = props.find(([, s]) => s.kinds && !s.items && !s.properties && !s.refs);
    if (direct) return `${accessor(direct[0], depth)}`;
    for (const [key, s] of props) {
      const rest = walk(s, depth + 1, seen);
      if (rest !== undefined) return `${accessor(key, depth)}${rest}`;
    }
    if (shape.items) {
      const rest = walk(shape.items, depth + 1, seen);
      if (rest !== undefined) return `${depth === 0 ? "" : "?."}[0]${rest.startsWith("?.") ? rest : `?.${rest.replace(/^\./, "")}`}`;
    }
    for (const ref of shape.refs ?? []) {
      if (seen.includes(ref)) continue;
      const rest = walk(model.dateComponents.get(ref), depth, [...seen, ref]);
      if (rest !== undefined) return rest;
    }
    return undefined;
  };
  return walk(op.dates, 0, []);
}

function accessor(key: string, depth: number): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return depth === 0 ? name : name.startsWith(".") ? `?${name}` : `?.${name}`;
}
