import type { ErrorClasses, FailureSettings, Outcome, Redaction, Stopped, Tried } from "./failure.js";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  CrmAbortError,
  CrmApiError,
  CrmConnectionError,
  CrmError,
  CrmRedirectError,
  CrmResponseDecodingError,
  CrmTimeoutError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type CrmErrorKind,
  type RequestDescription,
} from "./errors.js";
import type { Observer } from "./observe.js";
import type { RateLimiter } from "./rate-limit.js";
import { MAX_TIMER_MS } from "./defaults.js";
import { reloadable } from "./reloadable.js";

/**
 * The one path every exchange goes through, from the built request to the decoded payload. This module
 * sends attempts: credentials, the rate limiter, the attempt timer (headers and body), the deadline,
 * redirects and reading the body. When an attempt does not simply succeed, failure.ts (loaded the first
 * time it is needed, so a program whose calls succeed does not carry it) takes the call over: the retry
 * decision, the wait, the next attempts (sent through `send` here) and the typed error. Nothing here
 * knows any vendor.
 */

/** Per-call settings; each overrides the client's. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  maxRetries?: number | undefined;
  retryNonIdempotent?: boolean | undefined;
}

export interface AppliedCredentials {
  headers?: Record<string, string> | undefined;
  query?: Record<string, string> | undefined;
  /** The OAuth access token sent, so a 401 can ask for a fresh one. */
  token?: string | undefined;
}

/** Supplies credentials for a security requirement; OAuth may fetch or refresh tokens on the way. */
export interface Authenticator {
  credentials(requirement: readonly string[], signal: AbortSignal | undefined): AppliedCredentials | Promise<AppliedCredentials>;
  /** After a 401 for a request sent with `token`: refresh if nobody has, and say whether a replay may succeed. */
  recover?(token: string, signal: AbortSignal | undefined): Promise<boolean>;
}

export interface PipelineSettings extends FailureSettings {
  readonly fetch: typeof fetch;
  /** The platform's fetch, whose body streams fail as soon as the request's signal aborts. */
  readonly fetchAbortsBodies: boolean;
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
  /** Loads the client-side limiter, when the client asked for one. */
  readonly limiter: (() => Promise<RateLimiter | undefined>) | undefined;
  /** Loads the client's hooks and logging, when it was given either (`preloaded` in client.ts). */
  readonly observer: (() => Promise<Observer>) | undefined;
  readonly auth: Authenticator;
  readonly userAgent: string | undefined;
}

export type ReadAs = "json" | "text" | "blob" | "bytes";

export interface Call {
  readonly method: string;
  /** Absolute URL, query included, credentials not. */
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Must be replayable: string, FormData, Blob, URLSearchParams or bytes. */
  readonly body?: BodyInit | undefined;
  readonly requirement: readonly string[];
  readonly read: ReadAs;
  /** `false`: answer an error status with its Response instead of throwing (openapi-fetch's `raw`). */
  readonly throwOnError?: boolean;
  /** Kinds to use for some statuses instead of the usual ones (a token endpoint's 400 is a failed login). */
  readonly statusKinds?: Readonly<Record<number, CrmErrorKind>>;
  readonly options: CallOptions;
}

export type { Outcome } from "./failure.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Thrown inside an attempt when a success body does not decode. */
export class DecodeFailure {
  constructor(
    readonly response: Response,
    readonly detail: string,
  ) {}
}

/** Thrown inside an attempt for a redirect the client will not follow (redirects.ts); failure.ts builds the CrmRedirectError. */
class RedirectRefusal {
  constructor(
    readonly location: string | undefined,
    readonly detail: string,
  ) {}
}

/**
 * Handed to the failure path, which imports no runtime code of its own (see failure.ts). Measured on
 * 2026-12-02: importing errors.ts from failure.ts instead makes the classes a second shared chunk. With
 * the unhashed chunk names that chunk collides with the first on `chunk.js` and the build fails; with
 * hashed names the entry loads it statically and whole (esbuild keeps each file's code in one chunk),
 * and the one-call bundle grows from 8,603 to 9,418 B gzip.
 */
const ERROR_CLASSES: ErrorClasses = {
  CrmError,
  CrmApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  CrmConnectionError,
  CrmTimeoutError,
  CrmAbortError,
  CrmResponseDecodingError,
  CrmRedirectError,
};

type FailurePath = [typeof import("./failure.js"), Redaction];
const failurePath = reloadable<FailurePath>(() => Promise.all([import("./failure.js"), import("./redact.js")]));

/**
 * The failure path, with the redaction of URLs, bodies and headers it puts in errors (a module of its
 * own, which the logger loads too; both load in parallel). Should they fail to load (a browser that can no
 * longer fetch the app's chunks), the call still fails with a CrmError that says what happened and why
 * it could not be typed further.
 */
async function failure(described: RequestDescription, kind: CrmErrorKind, what: string, cause?: unknown): Promise<FailurePath> {
  try {
    return await failurePath();
  } catch (loadError) {
    throw notLoaded(described, kind, what, "its error handling", loadError, cause);
  }
}

/** The CrmError a call rejects with when a part of the client it needs could not be loaded. */
function notLoaded(described: RequestDescription, kind: CrmErrorKind, what: string, part: string, loadError: unknown, cause = loadError): CrmError {
  const reason = loadError instanceof Error ? loadError.message : String(loadError);
  return new CrmError(kind, `${described.method} ${described.url} ${what}: the client could not load ${part}: ${reason}`, described, { cause });
}

export async function exchange(settings: PipelineSettings, call: Call): Promise<Outcome> {
  const options = call.options;
  const signal = options.signal;
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const deadlineMs = options.deadlineMs ?? settings.deadlineMs;
  const deadlineAt = deadlineMs ? Date.now() + deadlineMs : Infinity;
  // Only for a part that cannot load (redact.ts among them): the URL without its query, fragment and userinfo.
  const described: RequestDescription = {
    method: call.method,
    get url() {
      return settings.redactor.text(call.url.replace(/[?#].*/s, "").replace(/\/\/[^/]*@/, "//"));
    },
  };
  // What the client's options ask for must not be skipped: a call whose parts cannot load is not sent.
  const [observer, limiter] =
    settings.observer || settings.limiter
      ? await Promise.all([settings.observer?.(), settings.limiter?.()]).catch((loadError: unknown) => {
          throw notLoaded(described, "connection", "was not sent", "its hooks, logging or rate limiter", loadError);
        })
      : [];

  /** One attempt: its payload on a 2xx, else what the failure path needs to decide on it. */
  const send = async (attempt: number, replayedForAuth: boolean): Promise<Outcome | Tried | Stopped> => {
    const stopped = (stop: Stopped["stop"]): Stopped => ({ attempt, stop });
    if (signal?.aborted) return stopped("aborted");
    if (limiter && !(await limiter.acquire(signal).then(() => true, () => false))) return stopped("aborted");
    const supplied = settings.auth.credentials(call.requirement, signal);
    // Static credentials come back as they are; only OAuth needs waiting for.
    const credentials = supplied instanceof Promise ? await supplied : supplied;
    const { url, headers } = withCredentials(call, credentials, settings.userAgent);

    const remaining = deadlineAt - Date.now();
    if (remaining <= 0) return stopped("deadline");
    const budget = timeoutMs > 0 ? Math.min(timeoutMs, remaining) : remaining;
    const controller = new AbortController();
    let timedOut = false;
    const timer = Number.isFinite(budget) ? setTimeout(() => ((timedOut = true), controller.abort()), Math.min(budget, MAX_TIMER_MS)) : undefined;
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
    };
    const watch = observer?.attempt({ method: call.method, url, headers, body: call.body }, attempt, call.url);
    const tried = (what: Pick<Tried, "response" | "thrown" | "decode" | "redirect">): Tried => ({ ...what, attempt, replayedForAuth, budget, credentials, signal: controller.signal, timedOut: () => timedOut, watch, done });
    // An error status keeps the attempt's timer running while the failure path reads its body.
    let handedOver = false;
    try {
      await watch?.sending();
      const response = await follow(settings, call, url, headers, credentials, controller.signal);
      await watch?.answered(response);
      limiter?.observe(response, settings.rateLimit, settings.maxRetryWaitMs);
      if (response.status >= 200 && response.status < 300) return { response, data: await readBody(response, call.read, bodySignal(settings, controller.signal)) };
      handedOver = true;
      return tried({ response });
    } catch (thrown) {
      if (thrown instanceof CrmError) throw thrown;
      if (signal?.aborted) return stopped("aborted");
      return tried({ thrown, decode: thrown instanceof DecodeFailure ? thrown : undefined, redirect: thrown instanceof RedirectRefusal ? thrown : undefined });
    } finally {
      if (!handedOver) done();
    }
  };

  const first = await send(0, false);
  if (!("attempt" in first)) return first;
  // Without the failure path the error can only say roughly what happened: an error status, or that the attempt did not complete.
  const response = "stop" in first ? undefined : first.response;
  const [path, redaction] = await failure(described, response ? "http_error" : "connection", response ? `answered ${response.status}` : "failed", "stop" in first ? undefined : first.thrown).catch((error: unknown) => {
    if (!("stop" in first)) first.done();
    throw error;
  });
  return path.settle({ settings, call, errors: ERROR_CLASSES, redaction, timeoutMs, deadlineMs, deadlineAt, send, readBody, discard }, first);
}

function withCredentials(call: Call, credentials: AppliedCredentials, userAgent: string | undefined): { url: string; headers: Record<string, string> } {
  let url = call.url;
  if (credentials.query) {
    const parsed = new URL(url);
    for (const [name, value] of Object.entries(credentials.query)) parsed.searchParams.set(name, value);
    url = parsed.href;
  }
  const headers: Record<string, string> = userAgent && !hasHeader(call.headers, "user-agent") ? { "User-Agent": userAgent, ...call.headers } : { ...call.headers };
  if (credentials.headers) Object.assign(headers, credentials.headers);
  return { url, headers };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}

/**
 * Sends one attempt. A redirect is followed by hand (redirects.ts, loaded when one first happens):
 * within the origin as fetch would; to another origin only without the credentials and only when no
 * body would be re-sent there.
 */
async function follow(
  settings: PipelineSettings,
  call: Call,
  url: string,
  headers: Record<string, string>,
  credentials: AppliedCredentials,
  signal: AbortSignal,
): Promise<Response> {
  const response = await settings.fetch(url, { method: call.method, headers, body: call.body, signal, redirect: "manual" });
  // A browser's opaque redirect hides its target: redirects.ts refuses it, with the others it will not follow.
  if (response.type !== "opaqueredirect" && (!REDIRECTS.has(response.status) || !response.headers.has("location"))) return response;
  const { followRedirects } = await import("./redirects.js");
  const attempt = { method: call.method, url, headers, body: call.body, signal };
  return followRedirects(settings.fetch, response, attempt, Object.keys(credentials.headers ?? {}), (location, detail) => new RedirectRefusal(location, detail));
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** The signal body reads must watch themselves: none where fetch is the platform's, whose bodies abort with its signal. */
function bodySignal(settings: PipelineSettings, signal: AbortSignal): AbortSignal | undefined {
  return settings.fetchAbortsBodies ? undefined : signal;
}

/** Rejects as soon as `signal` aborts, even when a custom fetch's body ignores it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function emptyBody(response: Response): boolean {
  return response.status === 204 || response.status === 205 || response.status === 304 || response.headers.get("content-length") === "0";
}

async function readBody(response: Response, read: ReadAs, signal: AbortSignal | undefined): Promise<unknown> {
  if (read === "bytes") return untilAborted(response.arrayBuffer(), signal);
  if (emptyBody(response)) {
    await discard(response);
    return undefined;
  }
  if (read === "blob") return untilAborted(response.blob(), signal);
  const text = await untilAborted(response.text(), signal);
  if (read === "text") return text;
  if (blank(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DecodeFailure(response, `${(error as Error).message}; it starts ${JSON.stringify(text.slice(0, 60))}`);
  }
}

/** Empty or only whitespace, checked without copying a large body (as `trim()` would). */
function blank(text: string): boolean {
  return text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "");
}
