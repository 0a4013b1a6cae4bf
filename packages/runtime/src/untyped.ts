import type { BodyEncoding } from "./definition.js";

/**
 * The URL and body encoding of an untyped call (`client.get("/path", { query })`), loaded with the
 * first such call. Like the other lazily loaded modules it imports no runtime code; the serializers
 * come from the client.
 */
export function untypedTarget(
  baseUrl: string,
  label: string,
  path: string,
  query: Record<string, unknown> | undefined,
  body: unknown,
  serialize: {
    appendQuery(search: URLSearchParams, name: string, value: unknown): void;
    chooseEncoding(body: unknown, encodings: readonly BodyEncoding[]): BodyEncoding;
  },
): { url: string; encoding: BodyEncoding | undefined } {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    url = new URL(path);
    const origin = new URL(baseUrl).origin;
    if (url.origin !== origin) throw new TypeError(`${label}: absolute URLs must be on the API's origin (${origin}); credentials are never sent elsewhere`);
  } else url = new URL(baseUrl + (path.startsWith("/") ? path : `/${path}`));
  for (const [name, value] of Object.entries(query ?? {})) serialize.appendQuery(url.searchParams, name, value);
  const encoding = body === undefined ? undefined : body instanceof URLSearchParams ? "form" : serialize.chooseEncoding(body, ["json", "multipart"]);
  return { url: url.href, encoding };
}
