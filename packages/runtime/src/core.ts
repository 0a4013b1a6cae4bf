import * as openapiFetch from "openapi-fetch";
import type { Client, ClientOptions as FetchClientOptions } from "openapi-fetch";
import type { ClientDefinition, EnvelopeDefinition, OperationDefinition, PaginationDefinition, ServerDefinition } from "./definition.js";
import { RateLimitError, describeApiError, errorClassFor, type CrmApiError } from "./errors.js";
import { ApiPromise, PagePromise, type ApiResult, type Page } from "./promise.js";
import { OAuthClient, oauthEndpoints, type OAuthOptions } from "./oauth.js";
import { Observer, type Hooks, type LogLevel, type Logger } from "./observe.js";
import { RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import { redactUrl } from "./redact.js";
import {
  type CallTransport,
  createCallTransport,
  credentialsFor,
  isThrottled,
  serverRequestedWaitMs,
  type RequestOptions,
  type TransportSettings,
} from "./transport.js";

/** Settings every generated client accepts, besides its vendor's credentials. */
export interface ClientOptions {
  /** Overrides the server URL from the spec (for a proxy, a sandbox or a mock server). */
  baseUrl?: string;
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof fetch;
  /** Time allowed for each attempt, in milliseconds (default 60,000; 0 disables). */
  timeoutMs?: number;
  /** Retries after a failed attempt (default from the spec, else 2). */
  maxRetries?: number;
  /** Retry POST and PATCH even after they may have reached the server (default false). */
  retryNonIdempotent?: boolean;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** OAuth 2.0 app credentials and tokens (APIs with an oauth2 scheme). */
  oauth?: OAuthOptions;
  /**
   * Client-side rate limiting shared by every request of this client: `true` for the vendor's published
   * budget, or your own numbers. Off by default.
   */
  rateLimit?: boolean | RateLimitOptions;
  /** Callbacks around requests, responses, retries and failures. */
  hooks?: Hooks;
  /** Where log lines go; credentials are redacted from each. */
  logger?: Logger;
  /** Default "warn" when a logger is given. */
  logLevel?: LogLevel;
}

type Params = Record<string, unknown> & { body?: unknown };

/**
 * openapi-fetch's CommonJS build sets `exports.default` without `__esModule`, so a bundler's CJS interop
 * wraps it once more; unwrap until the factory appears, whichever build was loaded.
 */
const createFetchClient = (() => {
  let factory: unknown = (openapiFetch as { default?: unknown }).default;
  if (typeof factory !== "function") factory = (factory as { default?: unknown } | undefined)?.default;
  return factory as <Paths extends {}>(options: FetchClientOptions) => Client<Paths>;
})();

/** The engine behind every generated client: one per client instance. */
export class ClientCore<Paths extends {} = {}> {
  /** The openapi-fetch client underneath, sharing this client's auth, timeouts and retries. */
  readonly raw: Client<Paths>;
  /** OAuth 2.0 helpers, present when the client was given `oauth`. */
  readonly oauth: OAuthClient | undefined;
  readonly definition: ClientDefinition;
  readonly #settings: TransportSettings;
  readonly #pathParamNames = new Map<string, string[]>();
  /** Base URLs of operations with a server of their own; unused when the caller set baseUrl. */
  readonly #operationBaseUrls = new Map<ServerDefinition, string>();
  readonly #options: Record<string, unknown>;

  constructor(definition: ClientDefinition, clientOptions: ClientOptions) {
    this.definition = definition;
    // Credentials and server variables arrive under vendor-specific option names, read by name.
    const options = clientOptions as ClientOptions & Record<string, unknown>;
    const authHeaders = new Map<string, Record<string, string>>();
    const authQuery = new Map<string, Record<string, string>>();
    for (const [name, scheme] of Object.entries(definition.securitySchemes)) {
      const found = credentialsFor(scheme, options);
      if (found?.headers) authHeaders.set(name, found.headers);
      if (found?.query) authQuery.set(name, found.query);
    }
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function") throw new TypeError(`${definition.name} client: no fetch available; pass options.fetch`);
    const baseUrl = serverUrl(definition, definition.servers[0], options);

    const oauthSchemes = new Set(Object.entries(definition.securitySchemes).filter(([, s]) => s.type === "oauth2").map(([n]) => n));
    let oauth: TransportSettings["oauth"];
    if (options.oauth) {
      const [first] = oauthSchemes;
      const endpoints = first ? oauthEndpoints(definition.securitySchemes[first]!, serverUrl(definition, definition.servers[0], options, true)) : undefined;
      if (!endpoints) throw new TypeError(`${definition.name} client: the API declares no OAuth 2.0 token endpoint`);
      oauth = { client: new OAuthClient(options.oauth, endpoints, fetchImpl.bind(globalThis)), schemes: oauthSchemes };
    }
    this.oauth = oauth?.client;
    const satisfiable = (req: readonly string[]) => req.every((s) => authHeaders.has(s) || authQuery.has(s) || (oauth !== undefined && oauthSchemes.has(s)));
    // With OAuth configured, prefer a requirement it satisfies over a static token.
    const defaultRequirement =
      definition.security.length === 0
        ? []
        : ((oauth ? definition.security.find((r) => r.some((s) => oauthSchemes.has(s)) && satisfiable(r)) : undefined) ??
          definition.security.find(satisfiable));
    if (!defaultRequirement) {
      throw new TypeError(`${definition.name} client: missing credentials; pass ${describeRequirements(definition)}`);
    }
    const secrets = [...authHeaders.values(), ...authQuery.values()].flatMap((h) => Object.values(h)).flatMap((v) => [v, v.replace(/^(Basic|Bearer) /, "")]);
    for (const scheme of Object.values(definition.securitySchemes)) {
      const names = typeof scheme.credential === "string" ? [scheme.credential] : [scheme.credential.password];
      for (const name of names) if (typeof options[name] === "string") secrets.push(options[name] as string);
    }
    if (options.oauth?.clientSecret) secrets.push(options.oauth.clientSecret);
    for (const token of [options.oauth?.tokens?.accessToken, options.oauth?.tokens?.refreshToken]) if (token) secrets.push(token);
    this.#settings = {
      fetch: fetchImpl.bind(globalThis),
      timeoutMs: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? definition.retry?.maxRetries ?? 2,
      retryNonIdempotent: options.retryNonIdempotent ?? false,
      retryStatuses: new Set(definition.retry?.statuses ?? [408, 429, 500, 502, 503, 504]),
      definition,
      authHeaders,
      authQuery,
      defaultRequirement,
      oauth,
      limiter: RateLimiter.fromDefinition(definition.rateLimit, options.rateLimit),
      observer: new Observer(options, secrets),
    };
    this.#options = options;
    const transport = (request: Request) => {
      const call = createCallTransport(this.#settings, undefined);
      return call.fetch(request);
    };
    this.raw = createFetchClient<Paths>({ baseUrl, fetch: transport, headers: options.headers });
  }

  /** Sends one operation; the promise resolves to its payload. */
  request<T>(op: OperationDefinition, params: Params | undefined, options?: RequestOptions): ApiPromise<T> {
    return new ApiPromise(() => this.#execute<T>(op, params, options));
  }

  /** Sends a list operation; the promise is also async-iterable over every item of every page. */
  paginate<T, Item>(op: OperationDefinition, params: Params | undefined, options?: RequestOptions): PagePromise<T, Item> {
    const paging: PaginationDefinition = { ...this.definition.pagination, ...op.paginate };
    return new PagePromise<T, Item>(
      () => this.#execute<T>(op, params, options),
      (first) => this.#pages<T, Item>(op, paging, params ?? {}, options ?? {}, first),
    );
  }

  async *#pages<T, Item>(
    op: OperationDefinition,
    paging: PaginationDefinition,
    params: Params,
    options: RequestOptions,
    first: () => Promise<ApiResult<T>>,
  ): AsyncGenerator<Page<T, Item>> {
    const style = paging.style ?? "page";
    const positionParam = style === "page" ? paging.pageParam : style === "offset" ? paging.offsetParam : paging.cursorParam;
    const requestedSize = paging.sizeParam !== undefined ? toNumber(params[paging.sizeParam]) : undefined;
    const size = requestedSize ?? paging.defaultSize;
    let position: number | string | undefined =
      positionParam && params[positionParam] !== undefined
        ? (params[positionParam] as number | string)
        : style === "page"
          ? (paging.firstPage ?? 1)
          : style === "offset"
            ? 0
            : undefined;
    let seen = 0;
    let pageCount = 0;
    let result = await first();
    for (;;) {
      const pageItems = itemsOf<Item>(result.data, paging.items);
      const pageLength = pageItems.length;
      const items = options.maxItems !== undefined && seen + pageLength > options.maxItems ? pageItems.slice(0, options.maxItems - seen) : pageItems;
      pageCount++;
      seen += items.length;
      yield { ...result, items, position };

      const reachedCap =
        (options.maxItems !== undefined && seen >= options.maxItems) || (options.maxPages !== undefined && pageCount >= options.maxPages);
      if (reachedCap || items.length === 0) return;
      // The server ignored the page size: paging further would repeat rows.
      if (size !== undefined && pageLength > size) return;
      let next: number | string | undefined;
      if (style === "cursor") {
        next = paging.nextCursor ? (valueAt(result.data, paging.nextCursor) as string | undefined) : undefined;
        if (next === undefined || next === null || next === "") return;
      } else {
        const totalPages = paging.totalPages ? toNumber(valueAt(result.data, paging.totalPages)) : undefined;
        const totalItems = paging.totalItems ? toNumber(valueAt(result.data, paging.totalItems)) : undefined;
        const pageIndex = style === "page" ? Number(position) - (paging.firstPage ?? 1) + 1 : undefined;
        if (totalPages !== undefined && pageIndex !== undefined && pageIndex >= totalPages) return;
        const consumed = style === "offset" ? Number(position) + pageLength : (pageIndex ?? 0) * (size ?? pageLength);
        if (totalItems !== undefined && consumed >= totalItems) return;
        if (size !== undefined && pageLength < size) return;
        // With no page size and no totals nothing could ever say "last page": stop rather than loop.
        if (size === undefined && totalPages === undefined && totalItems === undefined) return;
        next = style === "offset" ? Number(position) + pageLength : Number(position) + 1;
      }
      position = next;
      result = await this.#execute<T>(op, { ...params, [positionParam!]: next }, options);
    }
  }

  async #execute<T>(op: OperationDefinition, params: Params | undefined, options: RequestOptions | undefined): Promise<ApiResult<T>> {
    const { path, query, header, body: rawBody } = this.#split(op, params);
    const call = createCallTransport(this.#settings, op, options, true);
    const headers: Record<string, string> = { ...options?.headers };
    const multipart = op.bodyType === "multipart/form-data";
    const body = multipart && rawBody !== undefined ? toFormData(rawBody) : rawBody;
    // A multipart body's Content-Type carries the boundary, which fetch writes itself.
    if (op.bodyType && !multipart && body !== undefined) headers["Content-Type"] = op.bodyType;
    let outcome: { data?: unknown; error?: unknown; response: Response };
    try {
      outcome = await this.#send(op, call, { path, query, header, body, headers, multipart });
    } catch (error) {
      await this.#failed(op, call, error);
      throw error;
    }
    const { response } = outcome;
    if (!response.ok) {
      const error = this.#apiError(response, outcome.error, call.sent ?? { method: op.method, url: response.url });
      await this.#failed(op, call, error);
      throw error;
    }
    const envelope = op.envelope === null ? undefined : (op.envelope ?? this.definition.envelope);
    return unwrap<T>(outcome.data, response, envelope);
  }

  async #failed(op: OperationDefinition, call: CallTransport, error: unknown): Promise<void> {
    const observer = this.#settings.observer;
    const sent = call.sent ?? { method: op.method, url: op.path };
    observer.log("error", `${sent.method} ${redactUrl(sent.url)} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (observer.hooks.onError) await observer.hooks.onError({ method: sent.method, url: redactUrl(sent.url), error });
  }

  async #send(
    op: OperationDefinition,
    call: CallTransport,
    parts: { path?: object; query?: object; header?: object; body: unknown; headers: Record<string, string>; multipart: boolean },
  ): Promise<{ data?: unknown; error?: unknown; response: Response }> {
    const { path, query, header, body, headers, multipart } = parts;
    try {
      return await (this.raw as unknown as Client<Record<string, never>>).request(op.method.toLowerCase() as "get", op.path as never, {
        params: { path, query, header },
        body,
        headers,
        fetch: call.fetch,
        signal: call.signal,
        baseUrl: this.#baseUrlOf(op),
        parseAs: op.parseAs,
        bodySerializer: multipart ? (b: unknown) => b as FormData : undefined,
      } as never);
    } finally {
      call.done();
    }
  }

  #baseUrlOf(op: OperationDefinition): string | undefined {
    if (!op.server || this.#options.baseUrl !== undefined) return undefined;
    let url = this.#operationBaseUrls.get(op.server);
    if (url === undefined) {
      url = serverUrl(this.definition, op.server, this.#options);
      this.#operationBaseUrls.set(op.server, url);
    }
    return url;
  }

  #split(op: OperationDefinition, params: Params | undefined) {
    let path: Record<string, unknown> | undefined;
    let query: Record<string, unknown> | undefined;
    let header: Record<string, unknown> | undefined;
    let body: unknown;
    if (params) {
      let names = this.#pathParamNames.get(op.path);
      if (!names) {
        names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
        this.#pathParamNames.set(op.path, names);
      }
      for (const key in params) {
        const value = params[key];
        if (key === "body") body = value;
        else if (value === undefined) continue;
        else if (names.includes(key)) (path ??= {})[key] = value;
        else if (op.headers?.includes(key)) (header ??= {})[key] = String(value);
        else (query ??= {})[key] = value;
      }
      for (const name of names) {
        if (path?.[name] === undefined || path[name] === null || path[name] === "") {
          throw new TypeError(`${op.method} ${op.path}: path parameter "${name}" is required`);
        }
      }
    }
    return { path, query, header, body };
  }

  #apiError(response: Response, errorBody: unknown, request: { method: string; url: string }): CrmApiError {
    const { kind, ErrorClass } = isThrottled(response, this.definition)
      ? { kind: "rate_limited" as const, ErrorClass: RateLimitError }
      : errorClassFor(response.status);
    const observer = this.#settings.observer;
    // Servers sometimes echo a credential back; it must not reach the error's message or body.
    const body = observer.scrubValue(errorBody);
    const message = observer.scrub(describeApiError(response.status, body, request.method, request.url));
    const error = new ErrorClass(kind, { status: response.status, body, response, message, ...request });
    if (error instanceof RateLimitError) error.retryAfterMs = serverRequestedWaitMs(response, this.definition);
    return error;
  }

}

function unwrap<T>(body: unknown, response: Response, envelope: EnvelopeDefinition | undefined): ApiResult<T> {
  if (!envelope || body === null || typeof body !== "object" || Array.isArray(body)) {
    return { data: body as T, meta: undefined, body, response };
  }
  const record = body as Record<string, unknown>;
  return { data: record[envelope.data] as T, meta: envelope.meta ? record[envelope.meta] : undefined, body, response };
}

/** A plain object as multipart form fields: arrays repeat their field, files and blobs stay binary. */
function toFormData(body: unknown): FormData {
  if (body instanceof FormData) return body;
  const form = new FormData();
  if (body === null || typeof body !== "object") throw new TypeError("a multipart body must be an object or a FormData");
  const append = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (value instanceof Blob) form.append(name, value);
    else if (value instanceof Uint8Array || value instanceof ArrayBuffer) form.append(name, new Blob([value as BlobPart]));
    else if (typeof value === "object") form.append(name, JSON.stringify(value));
    else form.append(name, String(value));
  };
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) for (const item of value) append(name, item);
    else append(name, value);
  }
  return form;
}

function itemsOf<Item>(payload: unknown, path: string | undefined): Item[] {
  const value = path ? valueAt(payload, path) : payload;
  return Array.isArray(value) ? (value as Item[]) : [];
}

function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function serverUrl(definition: ClientDefinition, server: ServerDefinition | undefined, options: Record<string, unknown>, ignoreBaseUrl = false): string {
  if (!server) throw new TypeError(`${definition.name} client: the spec has no server; pass baseUrl`);
  if (!ignoreBaseUrl && typeof options.baseUrl === "string") return options.baseUrl;
  return server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = options[name] ?? server.variables?.[name]?.default;
    if (typeof value !== "string" || value === "") throw new TypeError(`${definition.name} client: missing option "${name}"`);
    return encodeURIComponent(value);
  });
}

function describeRequirements(definition: ClientDefinition): string {
  return definition.security
    .map((req) =>
      req
        .map((name) => {
          const c = definition.securitySchemes[name]?.credential;
          return typeof c === "string" ? c : c ? `${c.username} and ${c.password}` : name;
        })
        .join(" and "),
    )
    .join(", or ");
}
