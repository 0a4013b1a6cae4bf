import type {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  CrmAbortError,
  CrmApiError,
  CrmConnectionError,
  CrmError,
  CrmErrorKind,
  CrmRedirectError,
  CrmResponseDecodingError,
  CrmTimeoutError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestDescription,
  UnprocessableEntityError,
} from "./errors.js";
import type { RateLimitDefinition, RetryDefinition } from "./definition.js";
import type { RUNTIME_DEFAULTS } from "./defaults.js";
import type { Redactor } from "./secrets.js";
import type * as RedactModule from "./redact.js";
import { delay } from "./delay.js";
import { backoffMs, IDEMPOTENT_METHODS, isThrottled, neverReachedServer, serverRequestedWaitMs } from "./retry.js";

/**
 * What happens after an attempt that did not simply succeed: whether to replay, retry or give up, the
 * wait and the next attempts (`settle`), and the typed error when giving up. Loaded by pipeline.ts the
 * first time an attempt fails, so programs whose calls succeed do not carry it. It imports only what no
 * client loads up front (retry.ts and delay.ts, which it shares with the rate limiter): a module the
 * entry also uses would become a chunk of its own, loaded with the entry. So the error classes come
 * with the attempt.
 */

/** The classes the failure path builds errors from (pipeline.ts hands them over). */
export interface ErrorClasses {
  readonly CrmError: typeof CrmError;
  readonly CrmApiError: typeof CrmApiError;
  readonly BadRequestError: typeof BadRequestError;
  readonly AuthenticationError: typeof AuthenticationError;
  readonly PermissionDeniedError: typeof PermissionDeniedError;
  readonly NotFoundError: typeof NotFoundError;
  readonly ConflictError: typeof ConflictError;
  readonly UnprocessableEntityError: typeof UnprocessableEntityError;
  readonly RateLimitError: typeof RateLimitError;
  readonly InternalServerError: typeof InternalServerError;
  readonly CrmConnectionError: typeof CrmConnectionError;
  readonly CrmTimeoutError: typeof CrmTimeoutError;
  readonly CrmAbortError: typeof CrmAbortError;
  readonly CrmResponseDecodingError: typeof CrmResponseDecodingError;
  readonly CrmRedirectError: typeof CrmRedirectError;
}

/** What the failure path reads of the client's settings (pipeline.ts's PipelineSettings). */
export interface FailureSettings {
  /** The client's own options; a call's options override them. */
  readonly clientOptions: { readonly maxRetries?: number | undefined; readonly retryNonIdempotent?: boolean | undefined };
  /** The spec's retry policy (`x-crmkit-retry`), when it has one. */
  readonly retry: RetryDefinition | undefined;
  /** The numbers neither the spec nor the caller set (RUNTIME_DEFAULTS): backoff, retry statuses, retries. */
  readonly defaults: typeof RUNTIME_DEFAULTS;
  /** The longest server-requested wait the client sits out; a longer one fails the call at once. */
  readonly maxRetryWaitMs: number;
  readonly rateLimit: RateLimitDefinition | undefined;
  readonly redactor: Redactor;
  readonly auth: { recover?(token: string, signal: AbortSignal | undefined): Promise<boolean> };
}

/** redact.ts, loaded beside this module (pipeline.ts's `failure`): a static import would make it a chunk shared with the logger's. */
export type Redaction = typeof RedactModule;

/** The watch an attempt's hooks and logging keep (observe.ts's `Observer.attempt`). */
export interface AttemptWatch {
  retrying(retry: Retry, maxRetries: number): Promise<void>;
}

/** One call as pipeline.ts hands it over after its first attempt did not simply succeed. */
export interface Exchange {
  readonly settings: FailureSettings;
  readonly errors: ErrorClasses;
  readonly redaction: Redaction;
  readonly call: {
    readonly method: string;
    /** Absolute URL, query included, credentials not. */
    readonly url: string;
    /** `false`: answer an error status with its Response instead of throwing (openapi-fetch's `raw`). */
    readonly throwOnError?: boolean | undefined;
    /** Kinds to use for some statuses instead of the usual ones (a token endpoint's 400 is a failed login). */
    readonly statusKinds?: Readonly<Record<number, CrmErrorKind>> | undefined;
    readonly read: "json" | "text" | "blob" | "bytes";
    readonly options: { readonly signal?: AbortSignal | undefined; readonly maxRetries?: number | undefined; readonly retryNonIdempotent?: boolean | undefined };
  };
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
  readonly deadlineAt: number;
  /** Sends attempt number `attempt` (0 for the first). */
  readonly send: (attempt: number, replayedForAuth: boolean) => Promise<Outcome | Tried | Stopped>;
  /** pipeline.ts's body reader, watching `signal`. */
  readonly readBody: (response: Response, as: Exchange["call"]["read"], signal: AbortSignal | undefined) => Promise<unknown>;
  readonly discard: (response: Response) => Promise<void>;
}

/** An attempt that did not simply succeed: an answer other than 2xx, or what it threw. */
export interface Tried {
  /** 0 for the first attempt. */
  readonly attempt: number;
  readonly response?: Response | undefined;
  readonly thrown?: unknown;
  readonly decode?: DecodeFailure | undefined;
  /** A redirect the client would not follow. */
  readonly redirect?: { readonly location: string | undefined; readonly detail: string } | undefined;
  /** Whether the attempt's timer has fired (it keeps running while an error body is read). */
  readonly timedOut: () => boolean;
  /** The time this attempt was given: the timeout, or less when the deadline came first. */
  readonly budget: number;
  /** The OAuth token the attempt was sent with, if any. */
  readonly credentials: { readonly token?: string | undefined };
  readonly replayedForAuth: boolean;
  /** This attempt's own signal: its timer and the caller's abort. */
  readonly signal: AbortSignal;
  readonly watch: AttemptWatch | undefined;
  /** Stops the attempt's timer and its watch on the caller's signal. */
  readonly done: () => void;
}

/** An attempt cut short by the caller's signal (before or while it was sent), or not sent because the call's deadline had passed. */
export interface Stopped {
  readonly attempt: number;
  readonly stop: "aborted" | "deadline";
}

/** One attempt as the deciding functions see it. */
interface Attempt extends Exchange, Tried {
  readonly described: RequestDescription;
  readonly maxRetries: number;
  readonly idempotent: boolean;
  /** Reads a body within this attempt's time, as the call reads its payload or as text. */
  readonly read: (response: Response, as?: "text") => Promise<unknown>;
}

/** A success status whose body did not decode. */
export interface DecodeFailure {
  readonly response: Response;
  readonly detail: string;
}

/** A call's final Response, its body already read into `data`. */
export interface Outcome {
  readonly response: Response;
  readonly data: unknown;
}

/** What the failure path decided: answer with this outcome, replay at once after a token refresh, or wait and retry. */
type Settled = { readonly outcome: Outcome } | { readonly replay: true } | { readonly retry: Retry };

export interface Retry {
  readonly delayMs: number;
  readonly status?: number | undefined;
  readonly error?: CrmError | undefined;
}

const STATUS_KINDS: Record<number, [CrmErrorKind, keyof ErrorClasses]> = {
  400: ["bad_request", "BadRequestError"],
  401: ["unauthorized", "AuthenticationError"],
  403: ["forbidden", "PermissionDeniedError"],
  404: ["not_found", "NotFoundError"],
  409: ["conflict", "ConflictError"],
  422: ["unprocessable", "UnprocessableEntityError"],
  429: ["rate_limited", "RateLimitError"],
};

/** The kind and class for a status, or for a kind the caller decided on (a throttle, a token endpoint's refused grant). */
function errorClass(errors: ErrorClasses, status: number, kind?: CrmErrorKind): [CrmErrorKind, typeof CrmApiError] {
  const known = kind ? Object.values(STATUS_KINDS).find(([k]) => k === kind) : STATUS_KINDS[status];
  if (known) return [known[0], errors[known[1]] as typeof CrmApiError];
  const serverError = kind ? kind === "server_error" : status >= 500;
  return serverError ? ["server_error", errors.InternalServerError] : [kind ?? "http_error", errors.CrmApiError];
}

/**
 * Takes a call over from its first attempt that did not simply succeed and sees it through: replays
 * after a token refresh, waits and retries while that is allowed, and otherwise answers or throws the
 * typed error.
 */
export async function settle(exchange: Exchange, first: Tried | Stopped): Promise<Outcome> {
  const { call, settings, errors, redaction } = exchange;
  const { options } = call;
  const { clientOptions, retry, defaults } = settings;
  const maxRetries = options.maxRetries ?? clientOptions.maxRetries ?? retry?.maxRetries ?? defaults.maxRetries;
  const idempotent = IDEMPOTENT_METHODS.has(call.method) || (options.retryNonIdempotent ?? clientOptions.retryNonIdempotent ?? false);
  const described: RequestDescription = { method: call.method, url: redaction.clientUrl(settings.redactor, call.url) };
  const aborted = () => new errors.CrmAbortError(described, options.signal?.reason);
  for (let tried = first; ; ) {
    if ("stop" in tried) throw tried.stop === "aborted" ? aborted() : new errors.CrmTimeoutError(described, exchange.deadlineMs!, "ran past its deadline");
    const { redirect } = tried;
    if (redirect) throw new errors.CrmRedirectError(described, redirect.location && redaction.clientUrl(settings.redactor, redirect.location), redirect.detail);
    const current = tried;
    const attempt: Attempt = { ...exchange, ...current, described, maxRetries, idempotent, read: (response, as) => exchange.readBody(response, as ?? call.read, current.signal) };
    let settled: Settled;
    if (tried.response) {
      try {
        settled = await afterStatus(attempt, tried.response);
      } catch (thrown) {
        // Reading the error body can time out or be aborted like any other part of the attempt.
        if (thrown instanceof errors.CrmError) throw thrown;
        if (options.signal?.aborted) throw aborted();
        settled = afterThrown(attempt, thrown, tried.timedOut(), undefined);
      } finally {
        tried.done();
      }
    } else settled = afterThrown(attempt, tried.thrown, tried.timedOut(), tried.decode);

    if ("outcome" in settled) return settled.outcome;
    const replay = "replay" in settled;
    if ("retry" in settled) {
      await tried.watch?.retrying(settled.retry, maxRetries);
      await delay(settled.retry.delayMs, options.signal).catch(() => Promise.reject(aborted()));
    }
    const next = await exchange.send(replay ? tried.attempt : tried.attempt + 1, replay || tried.replayedForAuth);
    if (!("attempt" in next)) return next;
    tried = next;
  }
}

/** An answer with a status other than 2xx. */
export async function afterStatus(attempt: Attempt, response: Response): Promise<Settled> {
  const { settings, call, credentials } = attempt;
  const { status } = response;
  // An expired or revoked token: refresh once (shared with every request waiting on it) and replay.
  if (status === 401 && credentials.token !== undefined && !attempt.replayedForAuth && settings.auth.recover && (await settings.auth.recover(credentials.token, call.options.signal))) {
    await attempt.discard(response);
    return { replay: true };
  }
  const throttled = isThrottled(status, response.headers, settings.rateLimit);
  const serverWait = serverRequestedWaitMs(response.headers, settings.rateLimit);
  const retryable = throttled || (settings.retry?.statuses ?? settings.defaults.retryStatuses).includes(status);
  const delayMs = serverWait ?? backoffMs(attempt.attempt, settings.defaults.firstBackoffMs, settings.defaults.maxBackoffMs);
  const waitAllowed = (serverWait === undefined || serverWait <= settings.maxRetryWaitMs) && Date.now() + delayMs < attempt.deadlineAt;
  // 429s, throttles and 408s mean the server did not act on the request, so any method may be repeated.
  if (attempt.attempt < attempt.maxRetries && retryable && (attempt.idempotent || throttled || status === 408) && waitAllowed) {
    await attempt.discard(response);
    return { retry: { delayMs, status } };
  }
  if (call.throwOnError === false) return { outcome: { response, data: await attempt.read(response) } };
  throw apiError(attempt, response, await readErrorBody(attempt, response), throttled, serverWait);
}

/** An attempt that threw: the timer fired, the body did not decode, or the connection failed. */
export function afterThrown(attempt: Attempt, thrown: unknown, timedOut: boolean, decode: DecodeFailure | undefined): Settled {
  const { settings, described, timeoutMs, deadlineMs, errors } = attempt;
  const { redactor } = settings;
  let error: CrmError;
  let reached = true;
  if (timedOut) {
    const deadlineBound = attempt.budget < timeoutMs || timeoutMs <= 0;
    error = deadlineBound ? new errors.CrmTimeoutError(described, deadlineMs!, "ran past its deadline") : new errors.CrmTimeoutError(described, timeoutMs);
  } else if (decode) {
    error = new errors.CrmResponseDecodingError(described, decode.response.status, attempt.redaction.redactResponseHeaders(redactor, decode.response.headers), redactor.text(decode.detail));
  } else {
    const code = errorCode(thrown);
    reached = !neverReachedServer(code);
    error = new errors.CrmConnectionError(described, thrown, `${described.method} ${described.url} failed: ${redactor.text(describeCause(thrown))}`, code || undefined);
  }
  const delayMs = backoffMs(attempt.attempt, settings.defaults.firstBackoffMs, settings.defaults.maxBackoffMs);
  // A request that never reached the server is safe to repeat whatever its method.
  if (attempt.attempt >= attempt.maxRetries || (!attempt.idempotent && reached) || Date.now() + delayMs >= attempt.deadlineAt) throw error;
  return { retry: { delayMs, error } };
}

/** An error body: JSON when it parses, else the text; a body that cannot be read does not hide the status. */
async function readErrorBody(attempt: Attempt, response: Response): Promise<unknown> {
  let text: unknown;
  try {
    text = await attempt.read(response, "text");
  } catch (error) {
    if (attempt.signal.aborted) throw error;
    return undefined;
  }
  if (typeof text !== "string" || text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function apiError(attempt: Attempt, response: Response, rawBody: unknown, throttled: boolean, serverWait: number | undefined): CrmApiError {
  const { settings, call, described } = attempt;
  const { redactor } = settings;
  const override = call.statusKinds?.[response.status];
  const [kind, ErrorClass] = errorClass(attempt.errors, response.status, override ?? (throttled ? "rate_limited" : undefined));
  const body = attempt.redaction.redactValue(redactor, rawBody);
  let message = describeApiError(response.status, body, described.method, described.url);
  if (serverWait !== undefined && serverWait > settings.maxRetryWaitMs) {
    message += ` (the server asks to wait ${Math.ceil(serverWait / 1000)} s, longer than maxRetryWaitMs allows: ${settings.maxRetryWaitMs} ms)`;
  }
  const error = new ErrorClass(kind, { status: response.status, body, headers: attempt.redaction.redactResponseHeaders(redactor, response.headers), method: described.method, url: described.url, message });
  if (serverWait !== undefined) error.retryAfterMs = serverWait;
  return error;
}

/** The cause's message, with its own cause's and the system error code when they add something. */
function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = errorCode(cause);
    const inner = (cause as { cause?: unknown }).cause;
    const detail = inner instanceof Error && inner.message !== cause.message ? `: ${inner.message}` : "";
    return `${cause.message}${detail}${code && !detail.includes(code) ? ` (${code})` : ""}`;
  }
  return String(cause);
}

/** The system error code (`ECONNREFUSED`, …) of a fetch failure, wherever the runtime put it. */
function errorCode(cause: unknown): string {
  for (let node = cause, depth = 0; node && typeof node === "object" && depth < 4; node = (node as { cause?: unknown }).cause, depth++) {
    const code = (node as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return "";
}

/** `GET <url> answered 404: <the vendor's message>` (the URL is redacted already). */
function describeApiError(status: number, body: unknown, method: string, url: string): string {
  let detail = "";
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const meta = b.meta && typeof b.meta === "object" ? (b.meta as Record<string, unknown>) : undefined;
    const details = Array.isArray(b.details) ? b.details.find((d) => typeof d === "string") : b.details;
    const text = [b.error_message, b.message, b.error_description, b.error, meta?.message, details, meta?.status].find(
      (v) => typeof v === "string" && v !== "",
    );
    if (text) detail = `: ${String(text)}`;
  } else if (typeof body === "string" && body.trim() !== "" && body.length < 300 && !body.trimStart().startsWith("<")) {
    detail = `: ${body.trim()}`;
  }
  return `${method} ${url} answered ${status}${detail}`;
}
