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
  | "aborted"
  | "decoding"
  | "redirect"
  | "pagination";

/**
 * Key of the static name each error class carries. Every vendor package bundles its own copy of the
 * runtime (one module to load instead of two packages), so the same class exists once per copy; `instanceof`
 * compares these names along the prototype chain, and an error from one copy is an instance of the
 * same-named class of every other (a `CrmApiError` from @crmkit/accelo is one for @crmkit/runtime's too).
 */
export const ERROR_CLASS: unique symbol = /* @__PURE__ */ Symbol.for("crmkit.errorClass");

/** The request an error is about. The runtime hands errors URLs already redacted (redact.ts's `clientUrl`); the classes do not redact again. */
export interface RequestDescription {
  readonly method: string;
  readonly url: string;
}

/**
 * Base of every error the client throws. Its message, URL and every property are free of credentials:
 * the runtime scrubs them before the error is built, so logging or serializing one is safe. (An error a
 * program builds itself shows the URL and location it is given as they are.)
 */
export class CrmError extends Error {
  /** The class's name (its ERROR_CLASS), so each subclass names itself once. */
  override name: string = (this.constructor as typeof CrmError)[ERROR_CLASS];
  readonly kind: CrmErrorKind;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request, with credentials redacted. */
  readonly url: string;
  /** The API of the client that threw it (its definition's name, e.g. "Wealthbox"). */
  vendor?: string;
  static readonly [ERROR_CLASS]: string = "CrmError";

  /** `error instanceof SomeCrmError` also for an error built by another copy of the runtime (see ERROR_CLASS). */
  static [Symbol.hasInstance](value: unknown): boolean {
    const name = Object.hasOwn(this, ERROR_CLASS) && this[ERROR_CLASS];
    for (let proto = value; (proto = proto != null && Object.getPrototypeOf(proto)); ) {
      const ctor = (proto as { constructor?: { [ERROR_CLASS]?: string } }).constructor;
      if (proto === this.prototype || (name && ctor?.[ERROR_CLASS] === name && Object.hasOwn(ctor, ERROR_CLASS))) return true;
    }
    return false;
  }

  constructor(kind: CrmErrorKind, message: string, request: RequestDescription, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.method = request.method;
    this.url = request.url;
  }

  /** What `JSON.stringify(error)` shows: the redacted facts and the message, never the raw Response or its headers. */
  toJSON(): Record<string, unknown> {
    const { headers: _headers, response: _response, ...facts } = this as unknown as Record<string, unknown>;
    return { name: this.name, message: this.message, ...facts };
  }
}

/** The server answered with an error status. `body` is the vendor's error body, decoded when it is JSON. */
export class CrmApiError<Body = unknown> extends CrmError {
  static override readonly [ERROR_CLASS]: string = "CrmApiError";
  readonly status: number;
  readonly body: Body;
  /** The response headers, secret-named ones redacted. */
  readonly headers: Headers;
  /** The Response's status and (redacted) headers; its body was read into `body`. */
  readonly response: Response;
  /** The wait the server asked for before trying again (Retry-After or a rate-limit reset), when it gave one. */
  retryAfterMs?: number;

  constructor(kind: CrmErrorKind, init: { status: number; body: Body; headers: Headers; method: string; url: string; message?: string }) {
    super(kind, init.message ?? `${init.method} ${init.url} answered ${init.status}`, init);
    this.status = init.status;
    this.body = init.body;
    this.headers = init.headers;
    this.response = new Response(null, { status: init.status, headers: init.headers });
  }
}

export class BadRequestError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "BadRequestError"; }
export class AuthenticationError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "AuthenticationError"; }
export class PermissionDeniedError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "PermissionDeniedError"; }
export class NotFoundError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "NotFoundError"; }
export class ConflictError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "ConflictError"; }
export class UnprocessableEntityError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "UnprocessableEntityError"; }
export class InternalServerError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "InternalServerError"; }
/** Too many requests; `retryAfterMs` is the server's requested wait, when it gave one. */
export class RateLimitError<B = unknown> extends CrmApiError<B> { static override readonly [ERROR_CLASS]: string = "RateLimitError"; }

/** The request never got a complete HTTP answer: DNS, refused or reset connection, TLS, a body cut short. */
export class CrmConnectionError extends CrmError {
  static override readonly [ERROR_CLASS]: string = "CrmConnectionError";
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, …), when the platform gave one. */
  readonly code: string | undefined;
  constructor(request: RequestDescription, cause: unknown, message = `${request.method} ${request.url} failed: ${cause instanceof Error ? cause.message : String(cause)}`, code?: string) {
    super("connection", message, request, { cause });
    this.code = code;
  }
}

/** The attempt took longer than `timeoutMs` (headers and body), or the call ran past `deadlineMs`. */
export class CrmTimeoutError extends CrmError {
  static override readonly [ERROR_CLASS]: string = "CrmTimeoutError";
  constructor(request: RequestDescription, readonly timeoutMs: number, what = "timed out") {
    super("timeout", `${request.method} ${request.url} ${what} after ${timeoutMs} ms`, request);
  }
}

/** The caller's AbortSignal fired. */
export class CrmAbortError extends CrmError {
  static override readonly [ERROR_CLASS]: string = "CrmAbortError";
  constructor(request: RequestDescription, reason?: unknown) {
    super("aborted", `${request.method} ${request.url} was aborted`, request, { cause: reason });
  }
}

/** A success status whose body could not be decoded as the operation promises (e.g. malformed JSON). */
export class CrmResponseDecodingError extends CrmError {
  static override readonly [ERROR_CLASS]: string = "CrmResponseDecodingError";
  constructor(request: RequestDescription, readonly status: number, readonly headers: Headers, detail: string) {
    super("decoding", `${request.method} ${request.url} answered ${status} with a body that cannot be decoded: ${detail}`, request);
  }
}

/** A redirect the client will not follow: to another origin with a body, a loop, or one the runtime hides. */
export class CrmRedirectError extends CrmError {
  static override readonly [ERROR_CLASS]: string = "CrmRedirectError";
  constructor(request: RequestDescription, readonly location: string | undefined, detail: string) {
    super("redirect", `${request.method} ${request.url} was redirected${location ? ` to ${location}` : ""}: ${detail}`, request);
  }
}

/** Paging stopped because going on could not be right: a repeated page, a missing items key, the page limit. */
export class CrmPaginationError extends CrmError {
  static override readonly [ERROR_CLASS]: string = "CrmPaginationError";
  constructor(
    request: RequestDescription,
    readonly reason: "repeated_page" | "missing_items" | "page_limit",
    detail: string,
  ) {
    super("pagination", `${request.method} ${request.url}: ${detail}`, request);
  }
}
