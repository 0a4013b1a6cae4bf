/**
 * A part of the client loaded on first use (a dynamic import): loaded once and kept, or, when the load
 * fails (a browser that can no longer fetch the app's chunks after a deploy), tried again by the next
 * caller instead of failing every call from then on.
 */
export function reloadable<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/** A reloadable part whose load starts now, for parts a client's options ask for; a failure is left to the first caller. */
export function preloaded<T>(load: () => Promise<T>): () => Promise<T> {
  const part = reloadable(load);
  part().catch(() => undefined);
  return part;
}
