import type { Client } from "openapi-fetch";
import type { ClientDefinition, DateShape, DateShapesLoader, EnvelopeDefinition, OperationDefinition, OperationTable, PaginationDefinition, ServerDefinition } from "./definition.js";
import { CrmError, CrmPaginationError } from "./errors.js";
import { basicToken, credentialOptions, credentialsFor, describeRequirements, optionValue, type SchemeCredentials } from "./auth.js";
import { authorizeUrl, type AuthorizeParams, type OAuthClient, type OAuthOptions, type OAuthPlacement } from "./oauth.js";
import type { Hooks, LogLevel, Logger } from "./observe.js";
import { exchange, type AppliedCredentials, type Call, type CallOptions, type PipelineSettings } from "./pipeline.js";
import { ApiPromise, PagePromise, type ApiResult, type Page } from "./promise.js";
import type { RateLimitOptions } from "./rate-limit.js";
import { Redactor } from "./secrets.js";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { preloaded, reloadable } from "./reloadable.js";
import type { TokenTransport } from "./tokens.js";
import { appendQuery, chooseEncoding, encodeOtherBody, fillPath, pathParamNames } from "./serialize.js";

/** Settings every generated client accepts, besides its vendor's credentials. */
export interface ClientOptions {
  /** Overrides the server URL from the spec (for a proxy, a sandbox or a mock server). Also read from `<VENDOR>_BASE_URL`. */
  baseUrl?: string | undefined;
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof fetch | undefined;
  /** Time allowed for each attempt, headers and body, in milliseconds (default 60,000; 0 disables). */
  timeoutMs?: number | undefined;
  /** Time allowed for a whole call, retries and their waits included (default: none). */
  deadlineMs?: number | undefined;
  /** Retries after a failed attempt (default from the spec, else 2). */
  maxRetries?: number | undefined;
  /** The longest server-requested wait (Retry-After, rate-limit reset) to sit out before a retry; a longer one fails the call at once with `RateLimitError.retryAfterMs` (default 60,000). */
  maxRetryWaitMs?: number | undefined;
  /** Retry POST and PATCH even after they may have reached the server (default false). */
  retryNonIdempotent?: boolean | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** OAuth 2.0 app credentials and tokens (APIs with an oauth2 scheme). */
  oauth?: OAuthOptions | undefined;
  /**
   * Client-side rate limiting shared by every request of this client: `true` for the vendor's published
   * budget, or your own numbers. Off by default.
   */
  rateLimit?: boolean | RateLimitOptions | undefined;
  /** Callbacks around requests, responses, retries and failures. */
  hooks?: Hooks | undefined;
  /** Where log lines go; credentials are redacted from each. */
  logger?: Logger | undefined;
  /** Default "warn" when a logger is given. */
  logLevel?: LogLevel | undefined;
  /** Lists stop with CrmPaginationError after this many pages, a guard against servers that never say "last page" (default 10,000). */
  pageLimit?: number | undefined;
  /** Read missing credentials and `baseUrl` from environment variables such as `WEALTHBOX_ACCESS_TOKEN` (default true). */
  env?: boolean | undefined;
  /**
   * Return the fields the spec marks as dates as `Date` objects, and type them so (default false: as the
   * API sends them). `null` and `""` stay as they are, and so does a value not in its field's form.
   * Typed methods only; the untyped `get`/`post`/`request` calls return the payload as decoded.
   */
  dates?: boolean | undefined;
}

/** Options a caller can give one request; each overrides the client's setting. */
export interface RequestOptions extends CallOptions {
  /** Extra headers for this request. */
  headers?: Record<string, string> | undefined;
  /** List methods: stop iterating after this many items. */
  maxItems?: number | undefined;
  /** List methods: stop iterating after this many pages. */
  maxPages?: number | undefined;
  /** Dates as `Date` objects for this call, overriding the client's `dates`. */
  dates?: boolean | undefined;
}

/** A call by path, for endpoints the spec lacks: `client.get("/custom/path", { query })`. It knows no dates, so it takes no `dates`. */
export interface UntypedRequestOptions extends Omit<RequestOptions, "dates"> {
  /** Query parameters; arrays repeat their key, objects use `key[field]`. */
  query?: Record<string, unknown> | undefined;
  /** JSON by default; a FormData is sent as multipart, a URLSearchParams as a form. */
  body?: unknown;
}

export interface UntypedRequest extends UntypedRequestOptions {
  method: string;
  /** Relative to the client's base URL, or an absolute URL on the API's own origin. */
  path: string;
}

type Params = Record<string, unknown> & { body?: unknown };


/** The engine behind every generated client: one per client instance. */
export class ClientCore<Paths extends {} = {}> {
  /** OAuth 2.0 helpers, present when the client was given `oauth`. */
  readonly oauth: OAuthClient | undefined;
  readonly definition: ClientDefinition;
  readonly #settings: PipelineSettings;
  readonly #baseUrl: string;
  readonly #baseUrlGiven: boolean;
  readonly #headers: Record<string, string> | undefined;
  readonly #options: Record<string, unknown>;
  readonly #defaultRequirement: readonly string[];
  readonly #credentials = new Map<string, SchemeCredentials>();
  readonly #applied = new WeakMap<readonly string[], AppliedCredentials & { oauth: boolean }>();
  readonly #oauthSchemes: ReadonlySet<string>;
  readonly #serverUrls = new Map<ServerDefinition, string>();
  readonly #pageLimit: number;
  readonly #dates: boolean;
  readonly #dateShapes: DateShapesLoader | undefined;
  #raw: Client<Paths> | undefined;

  /** `dateShapes` loads the generated shapes of the spec's component schemas, which operations' `dates` refer to by name. */
  constructor(definition: ClientDefinition, clientOptions: ClientOptions = {}, dateShapes?: DateShapesLoader) {
    this.definition = definition;
    this.#dates = clientOptions.dates === true;
    this.#dateShapes = dateShapes;
    // Credentials and server variables arrive under vendor-specific option names, read by name.
    const options = clientOptions as ClientOptions & Record<string, unknown>;
    this.#options = options;
    const value = (name: string) => optionValue(definition, options, name);
    const redactor = new Redactor();

    for (const [name, scheme] of Object.entries(definition.securitySchemes)) {
      const found = credentialsFor(scheme, value);
      if (!found) continue;
      this.#credentials.set(name, found);
      for (const option of credentialOptions(scheme)) redactor.add(value(option));
      for (const [header, secret] of Object.entries(found.headers ?? {})) {
        redactor.add(secret);
        redactor.add(secret.replace(/^(Basic|Bearer) /, ""));
        redactor.addHeaderName(header);
      }
      for (const secret of Object.values(found.query ?? {})) redactor.add(secret);
    }

    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function") throw new TypeError(`${definition.name} client: no fetch available; pass options.fetch`);
    const baseUrl = value("baseUrl");
    if (baseUrl !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(baseUrl)) {
      throw new TypeError(`${definition.name} client: baseUrl must not carry credentials (user:password@); pass them as the client's credential options`);
    }
    this.#baseUrlGiven = baseUrl !== undefined;
    this.#baseUrl = (baseUrl ?? serverUrl(definition, definition.servers[0], value)).replace(/\/+$/, "");
    this.#headers = options.headers;
    this.#pageLimit = options.pageLimit ?? RUNTIME_DEFAULTS.pageLimit;

    this.#oauthSchemes = new Set(Object.entries(definition.securitySchemes).filter(([, s]) => s.type === "oauth2").map(([n]) => n));
    if (options.oauth) {
      const [first] = this.#oauthSchemes;
      const scheme = first ? definition.securitySchemes[first] : undefined;
      if (!(scheme?.tokenUrl ?? scheme?.refreshUrl)) throw new TypeError(`${definition.name} client: the API declares no OAuth 2.0 token endpoint`);
      const apiOrigin = new URL(serverUrl(definition, definition.servers[0], value)).origin;
      const baseUrlOrigin = baseUrl !== undefined ? new URL(this.#baseUrl).origin : undefined;
      this.oauth = oauthClient(options.oauth, { scheme: scheme!, apiOrigin, baseUrlOrigin }, (call) => exchange(this.#settings, call), redactor);
    }
    const satisfiable = (req: readonly string[]) => req.every((s) => this.#credentials.has(s) || (this.oauth !== undefined && this.#oauthSchemes.has(s)));
    // With OAuth configured, prefer a requirement it satisfies over a static token.
    const requirement =
      definition.security.length === 0
        ? []
        : ((this.oauth ? definition.security.find((r) => r.some((s) => this.#oauthSchemes.has(s)) && satisfiable(r)) : undefined) ??
          definition.security.find(satisfiable));
    if (!requirement) throw new TypeError(`${definition.name} client: missing credentials; pass ${describeRequirements(definition)}`);
    this.#defaultRequirement = requirement;

    const pkg = definition.package;
    const inBrowser = typeof (globalThis as { document?: unknown }).document !== "undefined";
    this.#settings = {
      fetch: fetchImpl.bind(globalThis),
      fetchAbortsBodies: fetchImpl === globalThis.fetch,
      timeoutMs: options.timeoutMs ?? RUNTIME_DEFAULTS.timeoutMs,
      deadlineMs: options.deadlineMs,
      // What only the failure path reads is worked out there, from these.
      clientOptions: options,
      retry: definition.retry,
      defaults: RUNTIME_DEFAULTS,
      maxRetryWaitMs: options.maxRetryWaitMs ?? RUNTIME_DEFAULTS.maxRetryWaitMs,
      rateLimit: definition.rateLimit,
      limiter: limiterFor(definition, options.rateLimit),
      // Hooks and logging load only for clients given either.
      observer: options.hooks || options.logger ? preloaded(() => Promise.all([import("./observe.js"), import("./redact.js")]).then(([m, r]) => new m.Observer(options, redactor, r))) : undefined,
      redactor,
      // Browsers refuse a script's User-Agent, and a custom header would force a CORS preflight.
      userAgent: pkg && !inBrowser ? `${pkg.name.replace(/^@/, "").replace("/", "-")}/${pkg.version}` : undefined,
      auth: {
        credentials: (req, signal) => this.#credentialsFor(req, signal),
        recover: (token, signal) => this.oauth!.recover(token, signal),
      },
    };
  }

  /** The openapi-fetch client for calls by path, sharing this client's credentials, timeouts and retries. Loaded on first use. */
  get raw(): Client<Paths> {
    return (this.#raw ??= lazyRawClient<Paths>(() =>
      import("./raw.js").then((m) => m.createRawClient<Paths>(this.#baseUrl, this.#headers, (call) => exchange(this.#settings, { ...call, requirement: this.#defaultRequirement }))),
    ));
  }

  /** Sends one operation; the promise resolves to its payload. */
  request<T>(op: OperationDefinition, params?: Params, options?: RequestOptions): ApiPromise<T> {
    return new ApiPromise(() => this.execute<T>(op, params, options));
  }

  /** Sends a list operation; the promise is also async-iterable over every item of every page. */
  paginate<T, Item>(op: OperationDefinition, params?: Params, options?: RequestOptions): PagePromise<T, Item> {
    return this.call<T, Item>(`${op.method} ${op.path}`, () => op, params, options);
  }

  /**
   * A call to an operation that may still be loading (generated clients load each resource's rows on
   * first use). The result is a PagePromise; iterating it is only allowed for list operations.
   */
  call<T, Item>(
    label: string,
    load: () => OperationDefinition | Promise<OperationDefinition>,
    params: Params | undefined,
    options: RequestOptions | undefined,
  ): PagePromise<T, Item> {
    const input = params ?? {};
    const run = async (op: OperationDefinition) => this.execute<T>(op, op.paginate ? (await pagination()).firstPageParams(this.#paging(op), input) : input, options, label);
    return new PagePromise<T, Item>(
      () => {
        const op = load();
        return op instanceof Promise ? op.then(run) : run(op);
      },
      (first) => this.#pages<T, Item>(label, load, input, options ?? {}, first),
    );
  }

  /** An untyped call by method and path, with the typed methods' auth, retries, errors and envelope. */
  send<T = unknown>(request: UntypedRequest): ApiPromise<T> {
    const { method, path, query, body, ...options } = request;
    return new ApiPromise(async () => {
      const upper = method.toUpperCase();
      const label = `${this.definition.name} ${upper} ${path}`;
      const { url, encoding } = (await import("./untyped.js")).untypedTarget(this.#baseUrl, label, path, query, body, { appendQuery, chooseEncoding });
      const call = await this.#finishCall(upper, url, body, encoding, this.#defaultRequirement, "json", options, label);
      return this.#run<T>(call, this.definition.envelope, true);
    });
  }

  async execute<T>(op: OperationDefinition, params: Params | undefined, options: RequestOptions | undefined, label = `${op.method} ${op.path}`): Promise<ApiResult<T>> {
    const names = pathParamNames(op.path);
    const pathValues: Record<string, unknown> = {};
    let search: URLSearchParams | undefined;
    let headers: Record<string, string> | undefined;
    let body: unknown;
    for (const key in params) {
      const v = params[key];
      if (key === "body") body = v;
      else if (v === undefined) continue;
      else if (names.includes(key)) pathValues[key] = v;
      else if (op.headers?.includes(key)) (headers ??= {})[key] = String(v);
      else if (key === op.select?.param && typeof v !== "string") {
        // A typed selection (a list) is written in the API's syntax; an empty one sends nothing, so the server's defaults apply.
        // The writer loads with the first typed selection.
        const { formatFieldSelection } = await import("./fields.js");
        const text = formatFieldSelection(v, op.select, `${this.definition.name} ${label}`);
        if (text !== "") (search ??= new URLSearchParams()).append(key, text);
      } else appendQuery((search ??= new URLSearchParams()), key, v);
    }
    const query = search?.toString();
    const url = `${this.#baseUrlOf(op)}${fillPath(op.path, pathValues, `${this.definition.name} ${label}`)}${query ? `?${query}` : ""}`;
    const encoding = body === undefined ? undefined : chooseEncoding(body, op.body);
    const finished = this.#finishCall(op.method, url, body, encoding, this.#requirementOf(op), op.parseAs ?? "json", options ?? {}, label, headers);
    const call = finished instanceof Promise ? await finished : finished;
    const result = await this.#run<T>(call, op.envelope === null ? undefined : (op.envelope ?? this.definition.envelope), false);
    if (op.dates !== undefined && (options?.dates ?? this.#dates)) result.data = (await this.#loadReviver())(result.data, op.dates) as T;
    return result;
  }

  /** The date conversion, loaded with the first call that asks for it (a failed load is retried by the next call). */
  readonly #loadReviver = reloadable(() =>
    Promise.all([import("./dates.js"), this.#dateShapes?.()]).then(([{ reviveDates }, module]) => {
      const shapes = module?.default ?? {};
      return (value: unknown, shape: DateShape) => reviveDates(value, shape, shapes);
    }),
  );

  #finishCall(
    method: string,
    url: string,
    body: unknown,
    encoding: ReturnType<typeof chooseEncoding> | undefined,
    requirement: readonly string[],
    read: Call["read"],
    options: RequestOptions,
    label: string,
    paramHeaders?: Record<string, string>,
  ): Call | Promise<Call> {
    const headers: Record<string, string> = { ...this.#headers, ...paramHeaders, ...options.headers };
    const call = (encoded?: { body: BodyInit; contentType?: string | undefined }): Call => {
      if (encoded?.contentType && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = encoded.contentType;
      return { method, url, headers, body: encoded?.body, requirement, read, options };
    };
    if (encoding === undefined) return call();
    if (encoding === "json") return call({ body: JSON.stringify(body), contentType: "application/json" });
    return encodeOtherBody(body, encoding, `${this.definition.name} ${label}`).then(call);
  }

  async #run<T>(call: Call, envelope: EnvelopeDefinition | undefined, lenientEnvelope: boolean): Promise<ApiResult<T>> {
    try {
      const { response, data } = await exchange(this.#settings, call);
      return unwrap<T>(data, response, envelope, lenientEnvelope);
    } catch (error) {
      if (error instanceof CrmError) error.vendor ??= this.definition.name;
      // An observer that cannot load has already failed the call with a CrmError saying so.
      const observer = await this.#settings.observer?.().catch(() => undefined);
      await observer?.failed(call.method, call.url, error);
      throw error;
    }
  }

  async *#pages<T, Item>(
    label: string,
    load: () => OperationDefinition | Promise<OperationDefinition>,
    params: Params,
    options: RequestOptions,
    first: () => Promise<ApiResult<T>>,
  ): AsyncGenerator<Page<T, Item>> {
    const [op, { walkPages }] = await Promise.all([load(), pagination()]);
    yield* walkPages<T, Item>(
      `${this.definition.name} ${label}`,
      op.paginate && this.#paging(op),
      params,
      { maxItems: options.maxItems, maxPages: options.maxPages, pageLimit: this.#pageLimit },
      first,
      (next) => this.execute<T>(op, next, options, label),
      (reason, detail) => {
        // The operation's path template: no query, so only the client's known secrets can be in it.
        const described = { method: op.method, url: this.#settings.redactor.text(`${this.#baseUrlOf(op)}${op.path}`) };
        return Object.assign(new CrmPaginationError(described, reason, detail), { vendor: this.definition.name });
      },
    );
  }

  #paging(op: OperationDefinition): PaginationDefinition {
    return { ...this.definition.pagination, ...op.paginate };
  }

  #requirementOf(op: OperationDefinition): readonly string[] {
    if (!op.security) return this.#defaultRequirement;
    const satisfiable = op.security.find((req) => req.every((s) => this.#credentials.has(s) || (this.oauth !== undefined && this.#oauthSchemes.has(s))));
    return satisfiable ?? op.security[0] ?? [];
  }

  #credentialsFor(requirement: readonly string[], signal: AbortSignal | undefined): AppliedCredentials | Promise<AppliedCredentials> {
    let applied = this.#applied.get(requirement);
    if (!applied) {
      const headers: Record<string, string> = {};
      let query: Record<string, string> | undefined;
      let oauth = false;
      for (const scheme of requirement) {
        if (this.oauth && this.#oauthSchemes.has(scheme)) oauth = true;
        const found = this.#credentials.get(scheme);
        if (found?.headers) Object.assign(headers, found.headers);
        if (found?.query) query = { ...query, ...found.query };
      }
      applied = { headers, query, oauth };
      this.#applied.set(requirement, applied);
    }
    if (!applied.oauth) return applied;
    const { headers, query } = applied;
    return this.oauth!.accessToken(signal).then((token) => ({ headers: { ...headers, Authorization: `Bearer ${token}` }, query, token }));
  }

  #baseUrlOf(op: OperationDefinition): string {
    if (!op.server || this.#baseUrlGiven) return this.#baseUrl;
    let url = this.#serverUrls.get(op.server);
    if (url === undefined) {
      url = serverUrl(this.definition, op.server, (name) => optionValue(this.definition, this.#options, name)).replace(/\/+$/, "");
      this.#serverUrls.set(op.server, url);
    }
    return url;
  }
}

/** Paging code is loaded with the first list call: programs that never list do not carry it. */
const pagination = reloadable(() => import("./pagination.js"));

/** The client-side limiter, loaded only for clients that ask for one. Bad numbers still fail at construction. */
function limiterFor(definition: ClientDefinition, option: ClientOptions["rateLimit"]): PipelineSettings["limiter"] {
  if (!option) return undefined;
  if (option !== true && !(option.requests > 0 && option.perSeconds > 0)) throw new TypeError(`${definition.name} client: rateLimit needs positive requests and perSeconds`);
  return preloaded(() => import("./rate-limit.js").then((m) => m.RateLimiter.fromDefinition(definition.rateLimit, option)));
}

function unwrap<T>(body: unknown, response: Response, envelope: EnvelopeDefinition | undefined, lenient: boolean): ApiResult<T> {
  if (!envelope || body === null || typeof body !== "object" || Array.isArray(body) || (lenient && !(envelope.data in body))) {
    return { data: body as T, meta: undefined, body, response };
  }
  const record = body as Record<string, unknown>;
  return { data: record[envelope.data] as T, meta: envelope.meta ? record[envelope.meta] : undefined, body, response };
}

function serverUrl(definition: ClientDefinition, server: ServerDefinition | undefined, value: (name: string) => string | undefined): string {
  if (!server) throw new TypeError(`${definition.name} client: the spec has no server; pass baseUrl`);
  return server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = value(name) ?? server.variables?.[name]?.default;
    if (v === undefined || v === "") throw new TypeError(`${definition.name} client: missing option "${name}"`);
    return encodeURIComponent(v);
  });
}

/**
 * An object whose methods load their implementation on first call: how the optional features (the
 * raw openapi-fetch client, OAuth's token machinery) stay out of programs that never use them.
 * `queued` methods return nothing; they run in call order once loaded.
 */
function lazyMethods(load: () => Promise<object>, methods: readonly string[], queued: readonly string[] = []): Record<string, unknown> {
  const ready = reloadable(load as () => Promise<Record<string, (...args: unknown[]) => unknown>>);
  const out: Record<string, unknown> = {};
  for (const name of methods) out[name] = (...args: unknown[]) => ready().then((target) => target[name]!(...args));
  for (const name of queued) out[name] = (...args: unknown[]) => void ready().then((target) => target[name]!(...args));
  return out;
}

/** openapi-fetch's client, created only when a program first calls through it. Middleware calls queue, so they apply before any request sent after them. */
function lazyRawClient<Paths extends {}>(load: () => Promise<Client<Paths>>): Client<Paths> {
  return lazyMethods(load, ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"], ["use", "eject"]) as unknown as Client<Paths>;
}

/**
 * `client.oauth`: the authorize URL is built at once; everything else (the token endpoint's URL, the
 * token requests) loads tokens.ts on first use, so a client without OAuth carries none of it.
 * `authorizeUrl()` stays synchronous on purpose, since callers build a redirect from it. Measured on
 * 2026-12-03 (one-call browser bundle, gzip): loading it with tokens.ts saves 154 B; loading all of
 * the OAuth setup there and untyped calls' request building with untyped.ts saves 378 B, which
 * still leaves 8,144 B, above the 8.0 KB target.
 */
function oauthClient(options: OAuthOptions, place: OAuthPlacement, send: TokenTransport, redactor: Redactor): OAuthClient {
  if (!options.clientId) throw new TypeError("oauth.clientId is required");
  for (const secret of [options.clientSecret, options.tokens?.accessToken, options.tokens?.refreshToken]) redactor.add(secret);
  const client = lazyMethods(
    () => import("./tokens.js").then((m) => new m.TokenManager(options, m.oauthEndpoints(options, place, basicToken), send, redactor)),
    ["exchangeCode", "refresh", "clientCredentials", "tokens", "accessToken", "recover"],
  );
  client.authorizeUrl = (params?: AuthorizeParams) => authorizeUrl(options, place, params);
  return client as unknown as OAuthClient;
}

/** Where a generated client finds each resource's operation rows: loaded on first use, so startup does not grow with the API. */
export type ResourceLoaders = Readonly<Record<string, () => Promise<{ readonly default: OperationTable }>>>;

/** Names a resource may not take, because the client object itself uses them. */
export const CLIENT_MEMBERS = ["raw", "oauth", "request", "get", "post", "put", "patch", "delete", "constructor"] as const;

const CORE = Symbol("crmkit.core");
/** Property names that tools probe on any object; a resource answers them with undefined rather than an operation. */
const NOT_OPERATIONS = new Set(["then", "toJSON", "constructor", "valueOf", "toString", "asymmetricMatch", "nodeType", "$$typeof", "inspect"]);

/**
 * Base of every generated client class. Resources are objects whose methods are found in the loaded
 * rows by name, so the client's code and startup cost do not grow with the number of operations; the
 * generated `.d.ts` declares each method with its types and documentation.
 */
export class CrmClient<Paths extends {} = {}> {
  declare readonly [CORE]: ClientCore<Paths>;

  constructor(definition: ClientDefinition, resources: ResourceLoaders, options: ClientOptions = {}, dateShapes?: DateShapesLoader) {
    const core = new ClientCore<Paths>(definition, options, dateShapes);
    Object.defineProperty(this, CORE, { value: core });
    const self = this as unknown as Record<string, unknown>;
    if (core.oauth) self.oauth = core.oauth;
    for (const [name, load] of Object.entries(resources)) self[name] = resourceObject(core, name, load);
  }

  /** The openapi-fetch client underneath, for calls by path. It shares this client's credentials, timeouts and retries. */
  get raw(): Client<Paths> {
    return this[CORE].raw;
  }

  /** Any method and path, for endpoints the spec lacks; resolves to the payload and throws like the typed methods. */
  request<T = unknown>(request: UntypedRequest): ApiPromise<T> {
    return this[CORE].send<T>(request);
  }

  get<T = unknown>(path: string, options?: UntypedRequestOptions): ApiPromise<T> {
    return this[CORE].send<T>({ ...options, method: "GET", path });
  }

  post<T = unknown>(path: string, options?: UntypedRequestOptions): ApiPromise<T> {
    return this[CORE].send<T>({ ...options, method: "POST", path });
  }

  put<T = unknown>(path: string, options?: UntypedRequestOptions): ApiPromise<T> {
    return this[CORE].send<T>({ ...options, method: "PUT", path });
  }

  patch<T = unknown>(path: string, options?: UntypedRequestOptions): ApiPromise<T> {
    return this[CORE].send<T>({ ...options, method: "PATCH", path });
  }

  delete<T = unknown>(path: string, options?: UntypedRequestOptions): ApiPromise<T> {
    return this[CORE].send<T>({ ...options, method: "DELETE", path });
  }
}

function resourceObject(core: ClientCore, resource: string, load: ResourceLoaders[string]): object {
  // A failed load (a chunk a redeploy removed) fails that call only; the next one loads again.
  const table = reloadable(() => load().then((m) => m.default));
  const expanded = new Map<string, OperationDefinition>();
  const methods = new Map<string, (params?: Params, options?: RequestOptions) => unknown>();
  // Synchronous once the rows are loaded and the method was seen: a call then costs a Map lookup.
  const operation = (method: string): OperationDefinition | Promise<OperationDefinition> => expanded.get(method) ?? expand(method);
  const expand = async (method: string): Promise<OperationDefinition> => {
    const rows = await table();
    const row = Object.prototype.hasOwnProperty.call(rows, method) ? rows[method] : undefined;
    if (!row) throw new TypeError(`${core.definition.name} client: ${resource}.${method}() is not an operation of this API`);
    const [route, extra] = row;
    const space = route.indexOf(" ");
    const op: OperationDefinition = { method: route.slice(0, space) as OperationDefinition["method"], path: route.slice(space + 1), ...extra };
    expanded.set(method, op);
    return op;
  };
  return new Proxy(Object.create(null) as object, {
    get(_, name) {
      if (typeof name !== "string" || NOT_OPERATIONS.has(name)) return undefined;
      let method = methods.get(name);
      if (!method) {
        const label = `${resource}.${name}()`;
        method = (params, options) => core.call(label, () => operation(name), params, options);
        methods.set(name, method);
      }
      return method;
    },
  });
}
