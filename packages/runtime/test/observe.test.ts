import { afterEach, describe, expect, it } from "vitest";
import { ClientCore, type ClientDefinition, type ClientOptions, type OperationDefinition } from "../src/index.js";
import { delay } from "../src/delay.js";
import { RateLimiter } from "../src/rate-limit.js";
import { json, startServer } from "./server.js";

const API_KEY = "ak_9f8e7d6c5b4a39281706";
const PASSWORD = "pw-Zq8#tR2!vL";
const BEARER = "bearer-tok-77aa88bb99cc";
const CLIENT_SECRET = "client-secret-5566778899";

const definition: ClientDefinition = {
  name: "Observed",
  servers: [{ url: "https://api.example.test" }],
  securitySchemes: {
    key: { type: "apiKey", in: "header", name: "apikey", credential: "apiKey" },
    basic: { type: "basic", credential: { username: "username", password: "password" } },
  },
  security: [["key", "basic"]],
  rateLimit: { requests: 5, perSeconds: 1, headers: { remaining: "x-ratelimit-remaining", reset: "x-ratelimit-reset", resetFormat: "delta-seconds" } },
};
const create: OperationDefinition = { method: "POST", path: "/things" };
/** The credentials and base URL both hook tests give their client. */
const credentialsFor = (server: { url: string }) => ({ baseUrl: server.url, apiKey: API_KEY, username: "ada", password: PASSWORD });
const get: OperationDefinition = { method: "GET", path: "/things/{id}" };

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("hooks and logging", () => {
  it("calls hooks in order and keeps every secret out of every log line and error", async () => {
    const server = await startServer((req, res, i) => {
      if (i === 0) json(res, 503, { error: "busy" });
      else if (req.method === "POST") json(res, 201, { id: 1, access_token: BEARER, echo: JSON.parse(req.body) });
      else json(res, 401, { message: `bad key ${API_KEY}` });
    });
    servers.push(server);
    const lines: string[] = [];
    const record = (level: string) => (message: string, data?: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(data ?? {})}`);
    const events: string[] = [];
    const core = new ClientCore(definition, {
      ...credentialsFor(server),
      retryNonIdempotent: true,
      logLevel: "debug",
      logger: { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") },
      hooks: {
        onRequest: ({ attempt }) => void events.push(`request#${attempt}`),
        onResponse: ({ response }) => void events.push(`response ${response.status}`),
        onRetry: ({ attempt, status }) => void events.push(`retry#${attempt} after ${status}`),
        onError: ({ error }) => void events.push(`error ${(error as { status: number }).status}`),
      },
    } as ClientOptions);

    await core.request(create, { body: { name: "x", password: PASSWORD, client_secret: CLIENT_SECRET, access_token: BEARER } });
    const error = await core.request(get, { id: "1", access_token: BEARER, apikey: API_KEY }).catch((e: unknown) => e);

    expect(events).toEqual(["request#0", "response 503", "retry#1 after 503", "request#1", "response 201", "request#0", "response 401", "error 401"]);
    expect(lines.some((l) => l.startsWith("debug request POST"))).toBe(true);
    expect(lines.some((l) => l.startsWith("warn retrying POST"))).toBe(true);
    expect(lines.some((l) => l.startsWith("error GET"))).toBe(true);
    const basic = Buffer.from(`ada:${PASSWORD}`).toString("base64");
    const everything = [...lines, (error as Error).message, (error as Error).stack, JSON.stringify((error as { url: string }).url)].join("\n");
    for (const secret of [API_KEY, PASSWORD, BEARER, CLIENT_SECRET, basic]) expect(everything).not.toContain(secret);
    expect(everything).toContain("[redacted]");
  });
});

describe("hooks without a logger", () => {
  it("still runs every hook, sharing one Request per attempt, and hands onError a redacted URL", async () => {
    const server = await startServer((req, res, i) => (i === 0 ? json(res, 500, { error: "flaky" }) : json(res, 404, { error: "gone" })));
    servers.push(server);
    const requests: Request[] = [];
    const events: string[] = [];
    const core = new ClientCore(definition, {
      ...credentialsFor(server),
      hooks: {
        onRequest: ({ request, attempt }) => void (requests.push(request), events.push(`request#${attempt}`)),
        onResponse: ({ request, response, durationMs }) => void events.push(`response ${response.status} same=${request === requests.at(-1)} timed=${durationMs >= 0}`),
        onRetry: ({ request, attempt, status }) => void events.push(`retry#${attempt} after ${status} same=${request === requests.at(-1)}`),
        onError: ({ method, url, error }) => void events.push(`error ${method} ${url} ${(error as { status: number }).status}`),
      },
    } as ClientOptions);

    const error = await core.request(get, { id: "7", api_key: API_KEY }).catch((e: unknown) => e);

    expect((error as { status: number }).status).toBe(404);
    expect(events).toEqual([
      "request#0",
      "response 500 same=true timed=true",
      "retry#1 after 500 same=true",
      "request#1",
      "response 404 same=true timed=true",
      `error GET ${server.url}/things/7?api_key=[redacted] 404`,
    ]);
    // The hooks see the real request, credentials included, as their documentation says.
    expect(requests[0]!.headers.get("apikey")).toBe(API_KEY);
  });
});

describe("client-side rate limiting", () => {
  it("lets a burst through, then paces requests at the vendor's rate", async () => {
    const server = await startServer((req, res) => json(res, 200, { ok: true }));
    servers.push(server);
    const core = new ClientCore(definition, { baseUrl: server.url, apiKey: "k", username: "u", password: "p", rateLimit: true } as ClientOptions);
    const started = Date.now();
    const sentAt: number[] = [];
    await Promise.all(Array.from({ length: 8 }, () => core.request(get, { id: "1" }).then(() => sentAt.push(Date.now() - started))));
    sentAt.sort((a, b) => a - b);
    // Five at once (the burst), then one every 200 ms; measured from the first answer, since the
    // limiter's code loads with the first request.
    expect(sentAt[4]! - sentAt[0]!).toBeLessThan(150);
    expect(sentAt[7]! - sentAt[0]!).toBeGreaterThanOrEqual(550);
  });

  it("holds every request when the server reports the budget spent", async () => {
    let calls = 0;
    const server = await startServer((req, res) => {
      calls++;
      json(res, 200, { ok: true }, calls === 1 ? { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" } : {});
    });
    servers.push(server);
    const core = new ClientCore(definition, { baseUrl: server.url, apiKey: "k", username: "u", password: "p", rateLimit: { requests: 100, perSeconds: 1 } } as ClientOptions);
    await core.request(get, { id: "1" });
    const started = Date.now();
    await core.request(get, { id: "2" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("computes waits from the token bucket", async () => {
    let now = 0;
    const limiter = new RateLimiter({ requests: 2, perSeconds: 1, burst: 1 }, delay, () => now);
    await limiter.acquire();
    const second = limiter.acquire();
    let done = false;
    void second.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    now = 600;
    await second;
    expect(done).toBe(true);
  });
});
