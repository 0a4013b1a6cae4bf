import type { Redactor } from "./redact.js";
import type { redactValue } from "./redact-values.js";

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

/** Logging for one client, with secrets kept out of every line. Loaded only for clients given a logger. */
export class Observer {
  readonly #logger: Logger | undefined;
  readonly #level: number;
  readonly #redactor: Redactor;
  readonly #redactValue: typeof redactValue;

  /** `redactValue` comes from redact-values.ts, which client.ts loads beside this module (the failure path shares it). */
  constructor(options: { logger?: Logger | undefined; logLevel?: LogLevel | undefined }, redactor: Redactor, redactValues: typeof redactValue) {
    this.#logger = options.logger;
    this.#level = LEVELS[options.logLevel ?? (options.logger ? "warn" : "off")] ?? LEVELS.warn;
    this.#redactor = redactor;
    this.#redactValue = redactValues;
  }

  enabled(level: Exclude<LogLevel, "off">): boolean {
    return this.#logger !== undefined && this.#level >= LEVELS[level];
  }

  log(level: Exclude<LogLevel, "off">, message: string, data?: Record<string, unknown>): void {
    const write = this.enabled(level) ? this.#logger![level] : undefined;
    if (write) write.call(this.#logger, this.#redactor.text(message), data === undefined ? undefined : this.#redactValue(this.#redactor, data));
  }

  /** What a debug line shows of a request: URL, headers and body (log() redacts secret-named headers and fields). */
  describeRequest(url: string, headers: Record<string, string>, body: unknown): Record<string, unknown> {
    const data: Record<string, unknown> = { url: this.#redactor.url(url), headers: { ...headers } };
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
