import * as openapiFetch from "openapi-fetch";
import type { Client, ClientOptions as FetchClientOptions } from "openapi-fetch";
import type { Call, Outcome } from "./pipeline.js";

/**
 * `client.raw`: openapi-fetch's by-path client over this client's pipeline. openapi-fetch builds the
 * request; the pipeline sends it with credentials, timeouts, redirect policy and retries, reads the
 * whole body, and hands back a buffered Response, so no timer outlives the call. HTTP errors come back
 * as openapi-fetch's `{ error }`; connection failures, timeouts and aborts throw CrmError subclasses.
 */

/**
 * openapi-fetch's CommonJS build sets `exports.default` without `__esModule`, so a bundler's CJS interop
 * wraps it once more; unwrap until the factory appears, whichever build was loaded.
 */
const createFetchClient = (() => {
  let factory: unknown = (openapiFetch as { default?: unknown }).default;
  if (typeof factory !== "function") factory = (factory as { default?: unknown } | undefined)?.default;
  return factory as <Paths extends {}>(options: FetchClientOptions) => Client<Paths>;
})();

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function createRawClient<Paths extends {}>(
  baseUrl: string,
  headers: Record<string, string> | undefined,
  send: (call: Omit<Call, "requirement">) => Promise<Outcome>,
): Client<Paths> {
  const fetchThroughPipeline = async (request: Request): Promise<Response> => {
    const { response, data } = await send({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: request.body ? await request.arrayBuffer() : undefined,
      read: "bytes",
      throwOnError: false,
      options: { signal: request.signal },
    });
    return new Response(NULL_BODY.has(response.status) ? null : (data as ArrayBuffer), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return createFetchClient<Paths>({ baseUrl, headers, fetch: fetchThroughPipeline as typeof fetch });
}
