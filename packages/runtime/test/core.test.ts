import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ClientCore,
  CrmAbortError,
  CrmConnectionError,
  CrmTimeoutError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  type ClientDefinition,
  type ClientOptions,
  type OperationDefinition,
} from "../src/index.js";
import { backoffMs, serverRequestedWaitMs } from "../src/retry.js";
import { RUNTIME_DEFAULTS } from "../src/index.js";
import { json, startServer } from "./server.js";

const SECRET = "sk_live_5f1d9c0e7a3b4d2f9e8c7b6a";

const definition: ClientDefinition = {
  name: "Test",
  servers: [{ url: "https://{deployment}.example.test/api" }],
  securitySchemes: {
    key: { type: "apiKey", in: "header", name: "X-Api-Key", credential: "apiKey" },
    basic: { type: "basic", credential: { username: "user", password: "password" } },
  },
  security: [["key", "basic"]],
  envelope: { data: "response", meta: "meta" },
  pagination: { style: "page", pageParam: "page", sizeParam: "limit", firstPage: 0, defaultSize: 10 },
  rateLimit: { throttled: [{ status: 429 }, { status: 403, contentType: "text/plain" }] },
};

const getThing: OperationDefinition = { method: "GET", path: "/things/{thing_id}" };
const createThing: OperationDefinition = { method: "POST", path: "/things" };
const listThings: OperationDefinition = { method: "GET", path: "/things", paginate: {} };

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Generated clients type their credential options; here the test names them directly. */
const vendorOptions = (options: Record<string, unknown>) => options as ClientOptions;

async function setup(handler: Parameters<typeof startServer>[0], options: Record<string, unknown> = {}) {
  const server = await startServer(handler);
  servers.push(server);
  const core = new ClientCore(definition, vendorOptions({ baseUrl: server.url, apiKey: SECRET, user: "me", password: "pw", ...options }));
  return { server, core };
}

describe("ClientCore requests", () => {
  it("sends every credential of the requirement and unwraps the envelope", async () => {
    const { server, core } = await setup((req, res) => json(res, 200, { meta: { status: "ok" }, response: { id: "7" } }));
    const result = await core.request<{ id: string }>(getThing, { thing_id: "7", _fields: "title" }).withResponse();
    expect(result.data).toEqual({ id: "7" });
    expect(result.meta).toEqual({ status: "ok" });
    expect(server.requests[0]!.url).toBe("/things/7?_fields=title");
    expect(server.requests[0]!.headers["x-api-key"]).toBe(SECRET);
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("me:pw").toString("base64")}`);
  });

  it("fills server variables from options and refuses a client without credentials", async () => {
    expect(() => new ClientCore(definition, vendorOptions({ deployment: "acme" }))).toThrow(/missing credentials; pass apiKey \(or TEST_API_KEY\) and user \(or TEST_USER\) and password \(or TEST_PASSWORD\)$/);
    const stub = async (input: RequestInfo | URL) => new Response(JSON.stringify({ url: String(input) }), { headers: { "content-type": "application/json" } });
    const core = new ClientCore(definition, vendorOptions({ apiKey: "k", user: "u", password: "p", deployment: "acme", fetch: stub as typeof fetch }));
    const body = await core.request<unknown>({ ...getThing, envelope: null }, { thing_id: "x/y" });
    expect(body).toEqual({ url: "https://acme.example.test/api/things/x%2Fy" });
  });

  it("retries a burst of 503s on a GET, then succeeds", async () => {
    const { server, core } = await setup((req, res, i) => (i < 2 ? json(res, 503, { meta: { status: "server_error" } }) : json(res, 200, { response: { ok: true } })));
    await expect(core.request(getThing, { thing_id: "1" })).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it("honours Retry-After on 429 and re-sends the body intact", async () => {
    const started = Date.now();
    const { server, core } = await setup((req, res, i) =>
      i === 0 ? json(res, 429, { meta: { status: "too_many_requests" } }, { "retry-after": "1" }) : json(res, 201, { response: { id: "9" } }),
    );
    await expect(core.request(createThing, { body: { name: "x".repeat(1000) } })).resolves.toEqual({ id: "9" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(JSON.parse(server.requests[1]!.body)).toEqual({ name: "x".repeat(1000) });
  });

  it("treats a plain-text 403 as a throttle, but a JSON 403 as forbidden", async () => {
    const { core } = await setup((req, res) => {
      if (req.url.startsWith("/things/throttled")) {
        res.writeHead(403, { "content-type": "text/plain" });
        res.end("Too many requests");
      } else json(res, 403, { meta: { status: "invalid_permission" } });
    });
    const throttled = await core.request(getThing, { thing_id: "throttled" }, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RateLimitError);
    expect((throttled as RateLimitError).body).toBe("Too many requests");
    const forbidden = await core.request(getThing, { thing_id: "other" }).catch((e: unknown) => e);
    expect((forbidden as { kind: string }).kind).toBe("forbidden");
  });

  it("does not retry a POST after a 500 unless the caller opts in", async () => {
    const { server, core } = await setup((req, res, i) => (i === 0 ? json(res, 500, {}) : json(res, 201, { response: { id: "1" } })));
    await expect(core.request(createThing, { body: { a: 1 } })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
    await expect(core.request(createThing, { body: { a: 1 } }, { retryNonIdempotent: true })).resolves.toEqual({ id: "1" });
  });

  it("retries a GET whose connection was reset mid-request, but not a POST", async () => {
    const { server, core } = await setup((req, res, i) => {
      if (i === 0 || i === 2) res.socket?.destroy();
      else json(res, 200, { response: { ok: i } });
    });
    await expect(core.request(getThing, { thing_id: "1" })).resolves.toEqual({ ok: 1 });
    const error = await core.request(createThing, { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmConnectionError);
    expect(server.requests).toHaveLength(3);
  });

  it("times out per attempt, and per request when overridden", async () => {
    const { core } = await setup((req, res) => {
      setTimeout(() => json(res, 200, { response: {} }), 400);
    });
    const error = await core.request(getThing, { thing_id: "1" }, { timeoutMs: 100, maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmTimeoutError);
    expect((error as CrmTimeoutError).timeoutMs).toBe(100);
    await expect(core.request(getThing, { thing_id: "1" }, { timeoutMs: 2_000 })).resolves.toEqual({});
  });

  it("stops at the caller's AbortSignal, also during a retry wait", async () => {
    const { core } = await setup((req, res) => json(res, 503, {}, { "retry-after": "30" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await core.request(getThing, { thing_id: "1" }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmAbortError);
  });

  it("keeps secrets out of error messages and URLs", async () => {
    const { core } = await setup((req, res) => json(res, 401, { meta: { status: "invalid_client", message: "bad token" } }));
    const error = (await core.request(getThing, { thing_id: "1", access_token: SECRET }).catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    const seen = JSON.stringify({ m: error.message, u: error.url, s: error.stack, b: error.body });
    expect(seen).not.toContain(SECRET);
    expect(error.url).toContain("access_token=[redacted]");
  });

  it("maps 404 to NotFoundError with the typed body", async () => {
    const { core } = await setup((req, res) => json(res, 404, { meta: { status: "invalid_request", message: "no such thing" }, response: null }));
    const error = await core.request(getThing, { thing_id: "404" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe(`GET ${(error as NotFoundError).url} answered 404: no such thing`);
  });
});

describe("ClientCore pagination", () => {
  it("iterates 10,000 items page by page from a 0-based page parameter", async () => {
    const total = 10_000;
    const { server, core } = await setup((req, res) => {
      const url = new URL(req.url, "http://x");
      const page = Number(url.searchParams.get("page") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 10);
      const items = Array.from({ length: Math.max(0, Math.min(limit, total - page * limit)) }, (_, i) => ({ id: page * limit + i }));
      json(res, 200, { meta: { status: "ok" }, response: items });
    });
    let count = 0;
    let expected = 0;
    for await (const item of core.paginate<{ id: number }[], { id: number }>(listThings, { limit: 100 })) {
      expect(item.id).toBe(expected++);
      count++;
    }
    expect(count).toBe(total);
    // 100 full pages, then an empty one ends it.
    expect(server.requests).toHaveLength(101);
    expect(server.requests[0]!.url).toBe("/things?limit=100");
    expect(server.requests[1]!.url).toBe("/things?limit=100&page=1");
  });

  it("stops at maxItems without fetching further pages", async () => {
    const { server, core } = await setup((req, res) => {
      const page = Number(new URL(req.url, "http://x").searchParams.get("page"));
      json(res, 200, { response: Array.from({ length: 10 }, (_, i) => page * 10 + i) });
    });
    const seen = [];
    for await (const item of core.paginate(listThings, {}, { maxItems: 15 })) seen.push(item);
    expect(seen).toHaveLength(15);
    expect(server.requests).toHaveLength(2);
  });

  it("awaiting a list gives the first page's payload", async () => {
    const { core } = await setup((req, res) => json(res, 200, { response: [1, 2, 3] }));
    await expect(core.paginate(listThings, {})).resolves.toEqual([1, 2, 3]);
  });
});

describe("server-requested waits", () => {
  const now = Date.parse("2026-11-22T12:00:00Z");
  const wait = (headers: Record<string, string>, def: ClientDefinition = definition) =>
    serverRequestedWaitMs(new Headers(headers), def.rateLimit, now);

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(wait({ "retry-after": "3" })).toBe(3000);
    expect(wait({ "retry-after": "Sun, 22 Nov 2026 12:00:05 GMT" })).toBe(5000);
    expect(wait({ "retry-after": "Sun, 22 Nov 2026 11:59:00 GMT" })).toBe(0);
  });

  it("reads a spent budget's reset as delta seconds or unix time, per the spec", () => {
    const delta: ClientDefinition = { ...definition, rateLimit: { headers: { resetFormat: "delta-seconds" } } };
    const unix: ClientDefinition = { ...definition, rateLimit: { headers: { resetFormat: "unix-seconds" } } };
    expect(wait({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "7" }, delta)).toBe(7000);
    expect(wait({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 9) }, unix)).toBe(9000);
    // A reset while budget remains is no reason to wait.
    expect(wait({ "x-ratelimit-remaining": "12", "x-ratelimit-reset": "7" }, delta)).toBeUndefined();
  });

  it("backs off exponentially with jitter, capped", () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const ms = backoffMs(attempt, RUNTIME_DEFAULTS.firstBackoffMs, RUNTIME_DEFAULTS.maxBackoffMs);
      const base = Math.min(500 * 2 ** attempt, 8000);
      expect(ms).toBeGreaterThanOrEqual(base * 0.75);
      expect(ms).toBeLessThanOrEqual(base);
    }
  });
});
