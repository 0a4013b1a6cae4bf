import type { WebhookDefinition } from "./definition.js";
import { WebhookVerificationError } from "./errors.js";

/**
 * What `event.fetch()` needs from a client: a GET by path (relative to the API's base URL) that shares
 * the client's credentials, retries and errors. crmkit's generated clients have it as `client.get`.
 */
export interface WebhookResourceClient {
  get(path: string, options?: { query?: Record<string, unknown>; headers?: Record<string, string> }): PromiseLike<unknown>;
  /** When the client exposes its base URL, resource URLs under it are accepted as well. */
  readonly baseUrl?: string;
}

export interface FetchResourceOptions {
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** More URL prefixes a resource URL may start with (a proxy in front of the API, say). */
  allowedBaseUrls?: string[];
}

/**
 * The path, relative to the API's base URL, of a resource URL a delivery named. The URL must lie under
 * one of the spec's server URLs (`{variables}` match one host label or path segment), under the
 * client's own base URL, or under an allowed base URL; anything else is refused, so a delivery can
 * never make the client send its credentials to another host.
 */
export function resourcePath(definition: WebhookDefinition, url: string, client: WebhookResourceClient, extra: readonly string[] = []): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookVerificationError(definition.vendor, "resource_url_not_allowed", "the resource URL in the delivery is not an absolute URL");
  }
  const href = parsed.href;
  const bases = [...definition.servers, ...(typeof client.baseUrl === "string" ? [client.baseUrl] : []), ...extra];
  for (const base of bases) {
    const match = basePattern(base).exec(href);
    if (match) return match[1] ? match[1] : "/";
  }
  throw new WebhookVerificationError(
    definition.vendor,
    "resource_url_not_allowed",
    `the resource URL's host ${parsed.host} is not the API's; refusing to send the client's credentials there (pass allowedBaseUrls to trust it)`,
  );
}

function basePattern(base: string): RegExp {
  const trimmed = base.replace(/\/+$/, "");
  const source = trimmed
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? "[^/?#.@:]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}((?:[/?#].*)?)$`, "i");
}

/** GET the resource through the client, refusing URLs outside the API. */
export async function fetchResource<T>(definition: WebhookDefinition, url: string, client: WebhookResourceClient, options: FetchResourceOptions = {}): Promise<T> {
  const path = resourcePath(definition, url, client, options.allowedBaseUrls);
  const init: { query?: Record<string, unknown>; headers?: Record<string, string> } = {};
  if (options.query) init.query = options.query;
  if (options.headers) init.headers = options.headers;
  return (await client.get(path, init)) as T;
}

/**
 * Fetches the resource as proof that the event happened: a missing record (404 or 410) turns into a
 * WebhookVerificationError with reason `unconfirmed`; other failures are thrown as they are.
 */
export async function confirmResource<T>(definition: WebhookDefinition, url: string, client: WebhookResourceClient, options: FetchResourceOptions = {}): Promise<T> {
  try {
    return await fetchResource<T>(definition, url, client, options);
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 404 || status === 410) {
      throw new WebhookVerificationError(definition.vendor, "unconfirmed", `the API has no such record (HTTP ${status}), so the delivery is not confirmed`, { cause: error });
    }
    throw error;
  }
}
