import type { RateLimitDefinition } from "./definition.js";

/** The retry rules: which answers are worth another attempt, and how long to wait before it (the numbers come from defaults.ts through the client's settings). */

/** Methods a retry may repeat whatever the answer: repeating them does not change the outcome. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/** Connection failures that mean the request never reached the server, so any method may be sent again. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

export function neverReachedServer(code: string): boolean {
  return NOT_SENT_CODES.has(code);
}

/** 500 ms · 2ⁿ, at most 8 s, less up to a quarter at random so clients do not retry in step. */
export function backoffMs(attempt: number, firstMs: number, maxMs: number): number {
  const base = Math.min(firstMs * 2 ** attempt, maxMs);
  return Math.round(base * (0.75 + Math.random() * 0.25));
}

/** A throttle: 429, or a response the spec's rate-limit extension declares as one (status and content type). */
export function isThrottled(status: number, headers: Headers, rateLimit: RateLimitDefinition | undefined): boolean {
  if (status === 429) return true;
  if (status < 400 || !rateLimit?.throttled) return false;
  return rateLimit.throttled.some((rule) => rule.status === status && (!rule.contentType || (headers.get("content-type") ?? "").startsWith(rule.contentType)));
}

const DELTA_SECONDS = /^\s*\d+(\.\d+)?\s*$/;
const HTTP_DATE = /^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT\s*$/;

/**
 * The wait the server asked for: `Retry-After` as delta seconds or an HTTP date (RFC 9110; nothing else,
 * so `0x2` or `2e3` are ignored), else the rate-limit reset header when the budget is spent.
 */
export function serverRequestedWaitMs(headers: Headers, rateLimit: RateLimitDefinition | undefined, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    if (DELTA_SECONDS.test(retryAfter)) return Number(retryAfter) * 1000;
    if (HTTP_DATE.test(retryAfter)) return Math.max(0, Date.parse(retryAfter) - now);
  }
  const names = rateLimit?.headers;
  const reset = headers.get(names?.reset ?? "x-ratelimit-reset");
  const remaining = headers.get(names?.remaining ?? "x-ratelimit-remaining");
  if (reset === null || !DELTA_SECONDS.test(reset) || (remaining !== null && Number(remaining) > 0)) return undefined;
  const value = Number(reset);
  // A reset far larger than any plausible delay is an absolute unix time.
  const absolute = names?.resetFormat === "unix-seconds" || (names?.resetFormat === undefined && value > 1e9);
  return Math.max(0, absolute ? value * 1000 - now : value * 1000);
}

/** Whether the response reports the rate budget as spent. */
export function budgetSpent(headers: Headers, rateLimit: RateLimitDefinition | undefined): boolean {
  const remaining = headers.get(rateLimit?.headers?.remaining ?? "x-ratelimit-remaining");
  return remaining !== null && remaining.trim() !== "" && Number(remaining) <= 0;
}
