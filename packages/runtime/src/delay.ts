// defaults.ts's MAX_TIMER_MS, repeated: this module loads with the failure path and the rate limiter, and
// importing defaults.ts (which every client loads) would make it a second shared chunk of theirs.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms` (clamped to what a timer can hold), or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
