/**
 * A Node.js `IncomingMessage` (node:http, Express, Fastify's `request.raw`, Next.js pages API) as the
 * standard `Request` that `parseWebhook` takes. Typed structurally, so this file needs no Node types
 * and bundles for any runtime.
 */
export interface NodeIncomingMessage {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** A TLS socket (`encrypted: true`) makes the URL https. */
  socket?: unknown;
  /** Set by body parsers: a Buffer/string (express.raw(), express.text()) is used as is; an object cannot be. */
  body?: unknown;
  /** The raw body some frameworks (or a body parser's `verify` hook) keep beside the parsed one. */
  rawBody?: unknown;
  /** True once the stream has been read to its end (by a body parser, say). */
  readableEnded?: boolean;
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

export interface FromNodeRequestOptions {
  /** The origin (and optional path prefix) the URL is resolved against; default from the Host header. */
  baseUrl?: string;
}

/**
 * Reads the request's body (or takes the raw body a framework kept) and returns an equivalent
 * `Request`. A body some parser already turned into an object is refused: its exact bytes, which the
 * signature covers, are gone.
 */
export async function fromNodeRequest(message: NodeIncomingMessage, options: FromNodeRequestOptions = {}): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = (message.method ?? "GET").toUpperCase();
  const host = headers.get("host") ?? "localhost";
  const origin = options.baseUrl ?? `${(message.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true ? "https" : "http"}://${host}`;
  const url = new URL(message.url ?? "/", origin.endsWith("/") ? origin : `${origin}/`);
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  return new Request(url, { method, headers, body: await rawBodyOf(message) });
}

async function rawBodyOf(message: NodeIncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  for (const candidate of [message.rawBody, message.body]) {
    if (typeof candidate === "string") return new TextEncoder().encode(candidate) as Uint8Array<ArrayBuffer>;
    if (candidate instanceof Uint8Array) return new Uint8Array(candidate);
  }
  if (message.readableEnded === true) {
    throw new TypeError(
      message.body !== undefined && message.body !== null
        ? "fromNodeRequest: a body parser already turned the body into an object, so the exact bytes the signature covers are lost. Mount a raw parser on the webhook route (express.raw({ type: '*/*' })) or keep the raw body as rawBody"
        : "fromNodeRequest: the request body was already read and not kept",
    );
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of message) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk instanceof Uint8Array ? chunk : undefined;
    if (!bytes) throw new TypeError("fromNodeRequest: the request stream yielded something other than bytes or text");
    chunks.push(bytes);
    size += bytes.byteLength;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
