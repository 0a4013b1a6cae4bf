import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A node:http server in front of Prism that plays the vendor's host where a mock cannot: it serves the
 * spec's server paths (`/api/v0/...`, `/oauth2/v0/...`) by stripping them before Prism, which mounts
 * every path at `/`; it answers 404 for a record id that "does not exist" (through Prism's own 404
 * example when the operation declares one); and it throttles with 429 + Retry-After, which Prism never does.
 */
export interface FrontOptions {
  prismUrl: string;
  /** Server path prefixes to strip, e.g. ["/api/v0", "/oauth2/v0"]. */
  prefixes: string[];
  /** A path segment that means "no such record". */
  missingId: string;
  /** `first-get`: 429 for the first GET only; `always`: for every request; `never`. */
  throttle: "first-get" | "always" | "never";
  /** Seconds in Retry-After (default 1). */
  retryAfterSeconds?: number;
}

export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** Prism's request-validation findings (its `sl-violations` header), when it had any. */
  violations?: string;
}

export interface Front {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"]);

export async function startFront(options: FrontOptions): Promise<Front> {
  const exchanges: Exchange[] = [];
  const prefixes = [...options.prefixes].filter((p) => p !== "" && p !== "/").sort((a, b) => b.length - a.length);
  let throttledOnce = false;
  const server: Server = createServer((req, res) => {
    void handle(req).then(
      ({ status, headers, body }) => {
        const violations = headers["sl-violations"];
        exchanges.push({ method: req.method ?? "GET", path: req.url ?? "", status, ...(violations ? { violations } : {}) });
        res.writeHead(status, headers);
        res.end(body);
      },
      (error: unknown) => {
        exchanges.push({ method: req.method ?? "GET", path: req.url ?? "", status: 502 });
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`front: ${String(error)}`);
      },
    );
  });

  async function handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer | string }> {
    const method = req.method ?? "GET";
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const throttle = options.throttle === "always" || (options.throttle === "first-get" && method === "GET" && !throttledOnce);
    if (throttle) {
      throttledOnce = true;
      return {
        status: 429,
        headers: { "content-type": "application/json", "retry-after": String(options.retryAfterSeconds ?? 1) },
        body: JSON.stringify({ message: "Too many requests (from the test front server)" }),
      };
    }
    const url = new URL(req.url ?? "/", "http://front");
    const prefix = prefixes.find((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
    const path = prefix ? url.pathname.slice(prefix.length) || "/" : url.pathname;
    const missing = path.split("/").includes(options.missingId);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && !HOP_BY_HOP.has(name)) headers[name] = value;
    if (missing) headers.prefer = "code=404";
    const response = await fetch(`${options.prismUrl}${path}${url.search}`, {
      method,
      headers,
      body: chunks.length && method !== "GET" && method !== "HEAD" ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (missing && response.status !== 404) {
      return { status: 404, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "Not found (from the test front server)" }) };
    }
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) out[name] = value;
    });
    return { status: response.status, headers: out, body };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
