import { redactUrl } from "./redact.js";

/** What kind of failure an error is; one value per subclass, for `switch`. */
export type CrmErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "rate_limited"
  | "server_error"
  | "http_error"
  | "connection"
  | "timeout"
  | "aborted";

/** Base of every error the client throws. */
export class CrmError extends Error {
  override name = "CrmError";
  readonly kind: CrmErrorKind;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request, with credentials redacted. */
  readonly url: string;

  constructor(kind: CrmErrorKind, message: string, request: { method: string; url: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.method = request.method;
    this.url = redactUrl(request.url);
  }
}

/** The server answered with an error status. `body` is the vendor's error body, decoded when it is JSON. */
export class CrmApiError<Body = unknown> extends CrmError {
  override name = "CrmApiError";
  readonly status: number;
  readonly body: Body;
  readonly headers: Headers;
  /** The raw Response (its body already read into `body`). */
  readonly response: Response;

  constructor(kind: CrmErrorKind, init: { status: number; body: Body; response: Response; method: string; url: string; message?: string }) {
    super(kind, init.message ?? describeApiError(init.status, init.body, init.method, init.url), init);
    this.status = init.status;
    this.body = init.body;
    this.response = init.response;
    this.headers = init.response.headers;
  }
}

export class BadRequestError<B = unknown> extends CrmApiError<B> { override name = "BadRequestError"; }
export class AuthenticationError<B = unknown> extends CrmApiError<B> { override name = "AuthenticationError"; }
export class PermissionDeniedError<B = unknown> extends CrmApiError<B> { override name = "PermissionDeniedError"; }
export class NotFoundError<B = unknown> extends CrmApiError<B> { override name = "NotFoundError"; }
export class ConflictError<B = unknown> extends CrmApiError<B> { override name = "ConflictError"; }
export class UnprocessableEntityError<B = unknown> extends CrmApiError<B> { override name = "UnprocessableEntityError"; }
export class InternalServerError<B = unknown> extends CrmApiError<B> { override name = "InternalServerError"; }
/** Too many requests; `retryAfterMs` is the server's requested wait, when it gave one. */
export class RateLimitError<B = unknown> extends CrmApiError<B> {
  override name = "RateLimitError";
  retryAfterMs?: number;
}

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS. */
export class CrmConnectionError extends CrmError {
  override name = "CrmConnectionError";
  constructor(request: { method: string; url: string }, cause: unknown) {
    super("connection", `${request.method} ${redactUrl(request.url)} failed: ${causeMessage(cause)}`, request, { cause });
  }
}

/** The request took longer than `timeoutMs`. */
export class CrmTimeoutError extends CrmError {
  override name = "CrmTimeoutError";
  constructor(request: { method: string; url: string }, readonly timeoutMs: number) {
    super("timeout", `${request.method} ${redactUrl(request.url)} timed out after ${timeoutMs} ms`, request);
  }
}

/** The caller's AbortSignal fired. */
export class CrmAbortError extends CrmError {
  override name = "CrmAbortError";
  constructor(request: { method: string; url: string }, reason?: unknown) {
    super("aborted", `${request.method} ${redactUrl(request.url)} was aborted`, request, { cause: reason });
  }
}

function causeMessage(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    const code = inner && typeof inner === "object" && "code" in inner ? String((inner as { code: unknown }).code) : undefined;
    return code ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}

/** `GET <url> answered 404: <the vendor's message>`, with the URL's credentials redacted. */
export function describeApiError(status: number, body: unknown, method: string, url: string): string {
  let detail = "";
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const meta = b.meta && typeof b.meta === "object" ? (b.meta as Record<string, unknown>) : undefined;
    const text = [b.error_message, b.message, b.error_description, b.error, meta?.message, meta?.status].find(
      (v) => typeof v === "string" && v !== "",
    );
    if (text) detail = `: ${String(text)}`;
  } else if (typeof body === "string" && body.trim() !== "" && body.length < 300 && !body.trimStart().startsWith("<")) {
    detail = `: ${body.trim()}`;
  }
  return `${method} ${redactUrl(url)} answered ${status}${detail}`;
}

export function errorClassFor(status: number): { kind: CrmErrorKind; ErrorClass: typeof CrmApiError } {
  switch (status) {
    case 400: return { kind: "bad_request", ErrorClass: BadRequestError };
    case 401: return { kind: "unauthorized", ErrorClass: AuthenticationError };
    case 403: return { kind: "forbidden", ErrorClass: PermissionDeniedError };
    case 404: return { kind: "not_found", ErrorClass: NotFoundError };
    case 409: return { kind: "conflict", ErrorClass: ConflictError };
    case 422: return { kind: "unprocessable", ErrorClass: UnprocessableEntityError };
    case 429: return { kind: "rate_limited", ErrorClass: RateLimitError };
    default:
      return status >= 500 ? { kind: "server_error", ErrorClass: InternalServerError } : { kind: "http_error", ErrorClass: CrmApiError };
  }
}
