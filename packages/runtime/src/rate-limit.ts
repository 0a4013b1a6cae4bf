import type { RateLimitDefinition } from "./definition.js";
import { delay } from "./delay.js";
import { budgetSpent, isThrottled, serverRequestedWaitMs } from "./retry.js";

/** An abortable wait: delay.ts's, or a test's fake. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RateLimitOptions {
  /** Requests allowed per `perSeconds` on average. */
  requests: number;
  perSeconds: number;
  /** Requests allowed in a burst above the average (default: `requests`). */
  burst?: number;
}

/**
 * A client-side token bucket shared by every request of one client: waits before sending rather than
 * collecting 429s. It also pauses everyone when the server says the budget is spent (remaining 0 with
 * a reset time), until that reset.
 */
export class RateLimiter {
  readonly #ratePerMs: number;
  readonly #capacity: number;
  #tokens: number;
  #updatedAt: number;
  #pausedUntil = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    options: RateLimitOptions,
    private readonly wait: Wait,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.requests > 0) || !(options.perSeconds > 0)) throw new TypeError("rateLimit needs positive requests and perSeconds");
    this.#ratePerMs = options.requests / (options.perSeconds * 1000);
    this.#capacity = Math.max(1, options.burst ?? options.requests);
    this.#tokens = this.#capacity;
    this.#updatedAt = now();
  }

  static fromDefinition(definition: RateLimitDefinition | undefined, override: boolean | RateLimitOptions | undefined): RateLimiter | undefined {
    if (!override) return undefined;
    if (override === true) {
      if (!definition?.requests || !definition.perSeconds) return undefined;
      return new RateLimiter({ requests: definition.requests, perSeconds: definition.perSeconds, burst: definition.burst }, delay);
    }
    return new RateLimiter(override, delay);
  }

  /** Resolves when a request may go; callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(signal));
    // The queue moves on whether this caller waited or gave up.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** The server reported an exhausted budget: hold every request until `untilMs` (epoch ms). */
  /** After any response: a spent budget or a throttle holds every request until the reset, if the wait is within `maxWaitMs`. */
  observe(response: Response, rateLimit: RateLimitDefinition | undefined, maxWaitMs: number): void {
    const { status, headers } = response;
    if (!budgetSpent(headers, rateLimit) && !isThrottled(status, headers, rateLimit)) return;
    const wait = serverRequestedWaitMs(headers, rateLimit);
    if (wait !== undefined && wait <= maxWaitMs) this.pauseUntil(Date.now() + wait);
  }

  pauseUntil(untilMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, untilMs);
  }

  async #take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#ratePerMs);
      this.#updatedAt = now;
      const pause = this.#pausedUntil - now;
      if (pause <= 0 && this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      const wait = Math.max(pause, Math.ceil((1 - this.#tokens) / this.#ratePerMs), 1);
      await this.wait(wait, signal);
    }
  }
}
