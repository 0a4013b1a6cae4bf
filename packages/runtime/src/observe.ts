import { REDACTED, redactBody, redactHeaders, redactUrl, scrubSecrets } from "./redact.js";

/** Callbacks around each attempt; they see the real Request and Response. */
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

/** Hooks and logging for one client, with secrets kept out of every line. */
export class Observer {
  readonly hooks: Hooks;
  readonly #logger: Logger | undefined;
  readonly #level: number;
  readonly #secrets: Set<string>;

  constructor(options: { hooks?: Hooks; logger?: Logger; logLevel?: LogLevel }, secrets: Iterable<string>) {
    this.hooks = options.hooks ?? {};
    this.#logger = options.logger;
    this.#level = LEVELS[options.logLevel ?? (options.logger ? "warn" : "off")];
    this.#secrets = new Set([...secrets].filter((s) => s.length >= 4));
  }

  /** Tokens learnt later (OAuth) join the values scrubbed from logs. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  enabled(level: Exclude<LogLevel, "off">): boolean {
    return this.#logger !== undefined && this.#level >= LEVELS[level];
  }

  log(level: Exclude<LogLevel, "off">, message: string, data?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const write = this.#logger![level];
    if (!write) return;
    const safeData = data === undefined ? undefined : (JSON.parse(this.scrub(JSON.stringify(data))) as Record<string, unknown>);
    write.call(this.#logger, this.scrub(message), safeData);
  }

  scrub(text: string): string {
    return scrubSecrets(text, this.#secrets);
  }

  /** A decoded body with known secret values replaced wherever they appear (servers echo them). */
  scrubValue<T>(value: T): T {
    if (typeof value === "string") return this.scrub(value) as T;
    if (value === null || typeof value !== "object") return value;
    const text = JSON.stringify(value);
    const scrubbed = this.scrub(text);
    return scrubbed === text ? value : (JSON.parse(scrubbed) as T);
  }

  /** What a debug line shows of a request: URL, headers and body, redacted. */
  async describeRequest(request: Request): Promise<Record<string, unknown>> {
    const data: Record<string, unknown> = { url: redactUrl(request.url), headers: redactHeaders(request.headers) };
    if (request.body) {
      const text = await request.clone().text();
      data.body = redactText(text, request.headers.get("content-type") ?? "");
    }
    return data;
  }
}

function redactText(text: string, contentType: string): unknown {
  if (/json/i.test(contentType)) {
    try {
      return redactBody(JSON.parse(text));
    } catch {
      return REDACTED;
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) {
    return redactBody(Object.fromEntries(new URLSearchParams(text)));
  }
  return `[${text.length} bytes]`;
}
