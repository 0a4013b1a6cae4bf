import type { Redactor } from "./secrets.js";
import type * as Redaction from "./redact.js";

/** Callbacks around each attempt. They see the real Request and Response (credentials included): do not consume the Response body. */
export interface Hooks {
  onRequest?(event: { request: Request; attempt: number }): void | Promise<void>;
  onResponse?(event: { request: Request; response: Response; attempt: number; durationMs: number }): void | Promise<void>;
  onRetry?(event: { request: Request; attempt: number; delayMs: number; status?: number; error?: unknown }): void | Promise<void>;
  /** A call failed for good (after any retries). */
  onError?(event: { method: string; url: string; error: unknown }): void | Promise<void>;
}

export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Anything console-like. Every line and object it gets has credentials redacted. */
export interface Logger {
  error?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
  info?(message: string, data?: Record<string, unknown>): void;
  debug?(message: string, data?: Record<string, unknown>): void;
}

const LEVELS: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** The request of one attempt, as the pipeline sends it (credentials included). */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: BodyInit | undefined;
}

/** What the pipeline tells an attempt's watcher about a retry it is about to wait for. */
export interface RetryNotice {
  readonly delayMs: number;
  readonly status?: number | undefined;
  readonly error?: Error | undefined;
}

/**
 * Everything that watches one client's calls: its hooks and its logger, with secrets kept out of every
 * line. Loaded only for a client given hooks or a logger; the pipeline and the client tell it about each
 * attempt and each failed call, and it decides what to call and what to write.
 */
export class Observer {
  readonly #hooks: Hooks;
  readonly #logger: Logger | undefined;
  readonly #level: number;
  readonly #redactor: Redactor;
  readonly #redaction: typeof Redaction;

  /** `redaction` is redact.ts, which client.ts loads beside this module (the failure path shares it). */
  constructor(options: { hooks?: Hooks | undefined; logger?: Logger | undefined; logLevel?: LogLevel | undefined }, redactor: Redactor, redaction: typeof Redaction) {
    this.#hooks = options.hooks ?? {};
    this.#logger = options.logger;
    this.#level = LEVELS[options.logLevel ?? (options.logger ? "warn" : "off")] ?? LEVELS.warn;
    this.#redactor = redactor;
    this.#redaction = redaction;
  }

  /**
   * One attempt: `sending()` before it goes out, `answered()` when headers arrive, `retrying()` before the
   * wait for the next one. The hooks of one attempt share one Request, built only when a hook needs it.
   */
  attempt(sent: SentRequest, attempt: number, url: string) {
    const hooks = this.#hooks;
    // `url` is the call's, without the credentials `sent.url` may carry in its query; redacted once, when a line needs it.
    let shownUrl: string | undefined;
    const describedUrl = () => (shownUrl ??= this.#redaction.clientUrl(this.#redactor, url));
    let request: Request | undefined;
    const requestObject = () => (request ??= new Request(sent.url, { method: sent.method, headers: sent.headers, body: sent.body ?? null }));
    let started = 0;
    return {
      sending: async (): Promise<void> => {
        if (hooks.onRequest) await hooks.onRequest({ request: requestObject(), attempt });
        if (this.#enabled("debug")) this.#log("debug", `request ${sent.method} ${describedUrl()}`, this.#describeRequest(sent));
        started = Date.now();
      },
      answered: async (response: Response): Promise<void> => {
        const durationMs = Date.now() - started;
        if (this.#enabled("info")) this.#log("info", `response ${response.status} ${sent.method} ${describedUrl()} in ${durationMs} ms`);
        if (hooks.onResponse) await hooks.onResponse({ request: requestObject(), response, attempt, durationMs });
      },
      retrying: async (retry: RetryNotice, maxRetries: number): Promise<void> => {
        const reason = retry.error ? retry.error.message : `HTTP ${retry.status}`;
        this.#log("warn", `retrying ${sent.method} ${describedUrl()} in ${retry.delayMs} ms after ${reason} (retry ${attempt + 1} of ${maxRetries})`);
        if (hooks.onRetry) await hooks.onRetry({ request: requestObject(), attempt: attempt + 1, delayMs: retry.delayMs, status: retry.status, error: retry.error });
      },
    };
  }

  /** A call failed for good (after any retries). */
  async failed(method: string, url: string, error: unknown): Promise<void> {
    const redactedUrl = this.#redaction.clientUrl(this.#redactor, url);
    this.#log("error", `${method} ${redactedUrl} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (this.#hooks.onError) await this.#hooks.onError({ method, url: redactedUrl, error });
  }

  #enabled(level: Exclude<LogLevel, "off">): boolean {
    return this.#logger !== undefined && this.#level >= LEVELS[level];
  }

  #log(level: Exclude<LogLevel, "off">, message: string, data?: Record<string, unknown>): void {
    const write = this.#enabled(level) ? this.#logger![level] : undefined;
    if (write) write.call(this.#logger, this.#redactor.text(message), data === undefined ? undefined : this.#redaction.redactValue(this.#redactor, data));
  }

  /** What a debug line shows of a request: URL, headers and body (#log() redacts secret-named headers and fields). */
  #describeRequest(sent: SentRequest): Record<string, unknown> {
    const { headers, body } = sent;
    const data: Record<string, unknown> = { url: this.#redaction.clientUrl(this.#redactor, sent.url), headers: { ...headers } };
    if (body !== undefined && body !== null) data.body = describeBody(body, headers["Content-Type"] ?? headers["content-type"] ?? "");
    return data;
  }
}

function describeBody(body: unknown, contentType: string): unknown {
  if (typeof body !== "string") return "[binary or multipart body]";
  if (/json/i.test(contentType)) {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      // Not JSON after all: its secret-named fields could not be found, so only its size is shown.
      return `[${body.length} characters]`;
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(body));
  return `[${body.length} characters]`;
}
