import type { ClientDefinition, OperationDefinition, SecuritySchemeDefinition } from "./definition.js";
import { delay } from "./delay.js";
import { CrmAbortError, CrmConnectionError, CrmTimeoutError } from "./errors.js";
import type { OAuthClient } from "./oauth.js";
import type { Observer } from "./observe.js";
import type { RateLimiter } from "./rate-limit.js";
import { redactUrl } from "./redact.js";

/** Options a caller can give one request; each overrides the client's setting. */
export interface RequestOptions {
  /** Aborts the request (and any retry wait) when it fires. */
  signal?: AbortSignal;
  /** Time allowed for each attempt, headers and body, in milliseconds. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Retry a non-idempotent request (POST, PATCH) even after it may have reached the server. */
  retryNonIdempotent?: boolean;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
  /** List methods: stop iterating after this many items. */
  maxItems?: number;
  /** List methods: stop iterating after this many pages. */
  maxPages?: number;
}

export interface TransportSettings {
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  retryNonIdempotent: boolean;
  retryStatuses: ReadonlySet<number>;
  definition: ClientDefinition;
  /** Headers each scheme adds, computed once from the client's credentials. */
  authHeaders: Map<string, Record<string, string>>;
  /** Query parameters each scheme adds (apiKey in query). */
  authQuery: Map<string, Record<string, string>>;
  /** Requirement used when an operation does not override security. */
  defaultRequirement: readonly string[];
  /** OAuth 2.0 tokens for the oauth2 schemes, when the client was given `oauth`. */
  oauth?: { client: OAuthClient; schemes: ReadonlySet<string> };
  limiter?: RateLimiter;
  observer: Observer;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A server's Retry-After is honoured up to this wait; longer ones surface as errors. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * One request's trip through auth, the rate limiter, timeouts, retries and hooks. `fetch` goes to
 * openapi-fetch for this call; `done` disarms the attempt timer once the body has been read.
 */
export interface CallTransport {
  fetch: (request: Request) => Promise<Response>;
  done: () => void;
  /**
   * The first attempt's abort signal. When the Request is built with it (as ClientCore does), the
   * first attempt is sent as is; otherwise each attempt gets a copy of the Request carrying its own.
   */
  signal: AbortSignal;
  /** Method and URL of the request as sent, once it has been. */
  sent?: { method: string; url: string };
}

export function createCallTransport(
  settings: TransportSettings,
  op: OperationDefinition | undefined,
  call: RequestOptions = {},
  signalInRequest = false,
): CallTransport {
  let clearAttemptTimer: (() => void) | undefined;
  const done = () => clearAttemptTimer?.();
  const maxRetries = call.maxRetries ?? settings.maxRetries;
  const retryNonIdempotent = call.retryNonIdempotent ?? settings.retryNonIdempotent;
  const timeoutMs = call.timeoutMs ?? settings.timeoutMs;
  const requirement = op?.security ? (op.security[0] ?? []) : settings.defaultRequirement;
  const usesOAuth = settings.oauth !== undefined && requirement.some((s) => settings.oauth!.schemes.has(s));
  const { observer } = settings;
  const { hooks } = observer;

  const firstController = new AbortController();
  const transport: CallTransport = {
    fetch: (request) =>
      send(request).catch((error: unknown) => {
        done();
        throw error;
      }),
    done,
    signal: firstController.signal,
  };
  const send = async (original: Request): Promise<Response> => {
    const describeRequest = { method: original.method, url: original.url };
    transport.sent = describeRequest;
    const idempotent = IDEMPOTENT.has(original.method) || retryNonIdempotent;
    const target = withStaticAuth(original, requirement, settings);
    let replayedForAuth = false;
    for (let attempt = 0; ; attempt++) {
      if (call.signal?.aborted) throw new CrmAbortError(describeRequest, call.signal.reason);
      if (settings.limiter) await settings.limiter.acquire(call.signal).catch(() => Promise.reject(new CrmAbortError(describeRequest, call.signal?.reason)));
      let usedToken: string | undefined;
      if (usesOAuth) {
        usedToken = await settings.oauth!.client.accessToken();
        observer.addSecret(usedToken);
        target.headers.set("Authorization", `Bearer ${usedToken}`);
      }
      const canRetry = attempt < maxRetries;
      const request = (canRetry || usesOAuth) && target.body ? target.clone() : target;
      if (hooks.onRequest) await hooks.onRequest({ request, attempt });
      if (observer.enabled("debug")) observer.log("debug", `request ${request.method} ${redactUrl(request.url)}`, await observer.describeRequest(request));
      // The first attempt reuses the controller whose signal the Request may already carry.
      const controller = attempt === 0 && !replayedForAuth ? firstController : new AbortController();
      const carriesSignal = controller === firstController && signalInRequest;
      let timedOut = false;
      const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
      const onCallerAbort = () => controller.abort(call.signal?.reason);
      call.signal?.addEventListener("abort", onCallerAbort, { once: true });
      clearAttemptTimer = () => {
        if (timer) clearTimeout(timer);
        call.signal?.removeEventListener("abort", onCallerAbort);
      };
      const started = Date.now();
      let response: Response;
      try {
        // Passing init makes fetch copy the Request; skip that when it already has our signal.
        response = await (carriesSignal ? settings.fetch(request) : settings.fetch(request, { signal: controller.signal }));
      } catch (cause) {
        clearAttemptTimer();
        if (call.signal?.aborted) throw new CrmAbortError(describeRequest, call.signal.reason);
        const error = timedOut ? new CrmTimeoutError(describeRequest, timeoutMs) : new CrmConnectionError(describeRequest, cause);
        // A request that never reached the server is safe to repeat whatever its method.
        const reached = timedOut || !NOT_SENT_CODES.has(errorCode(cause));
        if (canRetry && (idempotent || !reached)) {
          const delayMs = backoffMs(attempt);
          observer.log("warn", `retrying ${request.method} ${redactUrl(request.url)} in ${delayMs} ms after ${error.message} (retry ${attempt + 1} of ${maxRetries})`);
          if (hooks.onRetry) await hooks.onRetry({ request, attempt: attempt + 1, delayMs, error });
          await sleep(delayMs, call.signal, describeRequest);
          continue;
        }
        throw error;
      }
      const durationMs = Date.now() - started;
      // Guarded: building the line (and parsing the URL to redact it) is not free on the hot path.
      if (observer.enabled("info")) observer.log("info", `response ${response.status} ${request.method} ${redactUrl(request.url)} in ${durationMs} ms`);
      if (hooks.onResponse) await hooks.onResponse({ request, response, attempt, durationMs });
      noteBudget(response, settings);

      // An expired or revoked token: refresh once (shared with every request waiting on it) and replay.
      if (response.status === 401 && usedToken !== undefined && !replayedForAuth && (await settings.oauth!.client.recover(usedToken))) {
        replayedForAuth = true;
        clearAttemptTimer();
        await response.body?.cancel().catch(() => undefined);
        attempt--;
        continue;
      }
      const throttled = isThrottled(response, settings.definition);
      const retryable = throttled || settings.retryStatuses.has(response.status);
      // 429 and throttles mean the server did not act on the request, so any method may be repeated.
      if (canRetry && retryable && (idempotent || throttled || response.status === 408)) {
        const delayMs = retryDelayMs(response, settings.definition, attempt);
        if (delayMs !== undefined) {
          clearAttemptTimer();
          await response.body?.cancel().catch(() => undefined);
          observer.log("warn", `retrying ${request.method} ${redactUrl(request.url)} in ${delayMs} ms after HTTP ${response.status} (retry ${attempt + 1} of ${maxRetries})`);
          if (hooks.onRetry) await hooks.onRetry({ request, attempt: attempt + 1, delayMs, status: response.status });
          await sleep(delayMs, call.signal, describeRequest);
          continue;
        }
      }
      return response;
    }
  };
  return transport;
}

/** A response that reports the budget as spent, or a throttle, holds the shared limiter until the reset. */
function noteBudget(response: Response, settings: TransportSettings): void {
  if (!settings.limiter) return;
  const remaining = response.headers.get(settings.definition.rateLimit?.headers?.remaining ?? "x-ratelimit-remaining");
  const spent = remaining !== null && Number(remaining) <= 0;
  if (!spent && !isThrottled(response, settings.definition)) return;
  const wait = serverRequestedWaitMs(response, settings.definition);
  if (wait !== undefined) settings.limiter.pauseUntil(Date.now() + wait);
}

function errorCode(cause: unknown): string {
  const inner = cause && typeof cause === "object" && "cause" in cause ? (cause as { cause: unknown }).cause : cause;
  return inner && typeof inner === "object" && "code" in inner ? String((inner as { code: unknown }).code) : "";
}

function withStaticAuth(request: Request, requirement: readonly string[], settings: TransportSettings): Request {
  if (requirement.length === 0) return request;
  let query: Record<string, string> | undefined;
  for (const scheme of requirement) {
    const headers = settings.authHeaders.get(scheme);
    if (headers) for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    const params = settings.authQuery.get(scheme);
    if (params) query = { ...query, ...params };
  }
  if (!query) return request;
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return new Request(url, request);
}

export function isThrottled(response: Response, definition: ClientDefinition): boolean {
  if (response.status === 429) return true;
  const rules = definition.rateLimit?.throttled;
  if (response.ok || !rules) return false;
  return rules.some(
    (rule) => rule.status === response.status && (!rule.contentType || (response.headers.get("content-type") ?? "").startsWith(rule.contentType)),
  );
}

/**
 * How long to wait before the next attempt: the server's Retry-After (seconds or HTTP date), else its
 * rate-limit reset header, else exponential backoff with jitter. `undefined` when the server asks for
 * a longer wait than a retry should hide.
 */
export function retryDelayMs(response: Response, definition: ClientDefinition, attempt: number, now = Date.now()): number | undefined {
  const serverWait = serverRequestedWaitMs(response, definition, now);
  if (serverWait !== undefined) return serverWait <= MAX_RETRY_AFTER_MS ? serverWait : undefined;
  return backoffMs(attempt);
}

export function serverRequestedWaitMs(response: Response, definition: ClientDefinition, now = Date.now()): number | undefined {
  const retryAfter = response.headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const headers = definition.rateLimit?.headers;
  const resetHeader = headers?.reset ?? "x-ratelimit-reset";
  const remaining = response.headers.get(headers?.remaining ?? "x-ratelimit-remaining");
  const reset = response.headers.get(resetHeader);
  if (reset && (remaining === null || Number(remaining) <= 0)) {
    const value = Number(reset);
    if (Number.isFinite(value)) {
      // A reset far larger than any plausible delay is an absolute unix time.
      const isAbsolute = headers?.resetFormat === "unix-seconds" || (headers?.resetFormat === undefined && value > 1e9);
      return Math.max(0, isAbsolute ? value * 1000 - now : value * 1000);
    }
  }
  return undefined;
}

export function backoffMs(attempt: number): number {
  const base = Math.min(INITIAL_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
  return Math.round(base * (0.75 + Math.random() * 0.25));
}

/** A wait between attempts that ends in CrmAbortError when the caller aborts. */
function sleep(ms: number, signal: AbortSignal | undefined, request: { method: string; url: string }): Promise<void> {
  return delay(ms, signal).catch((reason: unknown) => {
    throw new CrmAbortError(request, reason);
  });
}

/** Encodes `user:password` for HTTP Basic in any runtime (UTF-8, no Buffer). */
export function basicToken(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Headers and query parameters one scheme adds, or `undefined` when the options lack its credentials. */
export function credentialsFor(
  scheme: SecuritySchemeDefinition,
  options: Record<string, unknown>,
): { headers?: Record<string, string>; query?: Record<string, string> } | undefined {
  const value = (name: string) => {
    const v = options[name];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  if (typeof scheme.credential !== "string") {
    const username = value(scheme.credential.username);
    const password = value(scheme.credential.password);
    if (username === undefined || password === undefined) return undefined;
    return { headers: { Authorization: `Basic ${basicToken(username, password)}` } };
  }
  const secret = value(scheme.credential);
  if (secret === undefined) return undefined;
  if (scheme.type === "apiKey") {
    if (scheme.in === "query") return { query: { [scheme.name!]: secret } };
    if (scheme.in === "cookie") return { headers: { Cookie: `${scheme.name}=${secret}` } };
    return { headers: { [scheme.name!]: secret } };
  }
  return { headers: { Authorization: `Bearer ${secret}` } };
}
