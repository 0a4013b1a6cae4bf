/** What a client does when neither the spec nor the caller says otherwise (READMEs and the docs quote these). */

export const RUNTIME_DEFAULTS = {
  timeoutMs: 60_000,
  maxRetries: 2,
  retryStatuses: [408, 429, 500, 502, 503, 504],
  firstBackoffMs: 500,
  maxBackoffMs: 8_000,
  maxRetryWaitMs: 60_000,
  pageLimit: 10_000,
} as const;
/** setTimeout's largest delay; anything longer fires at once with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
