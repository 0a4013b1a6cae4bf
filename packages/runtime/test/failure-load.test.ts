import { afterEach, describe, expect, it, vi } from "vitest";
import { json, startServer } from "./server.js";

/**
 * The failure path, the hooks and logging, the limiter and OAuth's token code are modules loaded on
 * first need. When one cannot be loaded (a browser that lost the app's chunks after a deploy), the call
 * rejects with a CrmError that names the request and the reason, and the next use tries the load again.
 */

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.doUnmock("../src/failure.js");
  vi.doUnmock("../src/observe.js");
  vi.doUnmock("../src/rate-limit.js");
  vi.doUnmock("../src/tokens.js");
  vi.doUnmock("../src/redact.js");
  vi.resetModules();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Runtime = typeof import("../src/index.js");
type Options = ConstructorParameters<Runtime["ClientCore"]>[1];

/** The runtime imported afresh, with `module` failing to load as a browser's lost chunk would. */
async function runtimeWithout(module: string): Promise<Runtime> {
  vi.resetModules();
  vi.doMock(module, () => {
    throw new Error(`Failed to fetch dynamically imported module: /assets/${module.split("/").pop()}`);
  });
  return import("../src/index.js");
}

/** A client of `runtime` for a local API that answers every request with `status` and `body`; `received()` counts the requests. */
async function clientOf(runtime: Runtime, status: number, body: unknown, options: Record<string, unknown> = {}) {
  let received = 0;
  const server = await startServer((_req, res) => {
    received++;
    json(res, status, body);
  });
  servers.push(server);
  const core = new runtime.ClientCore(
    { name: "Load", servers: [{ url: server.url }], securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" } }, security: [["key"]] },
    { apiKey: "key-123456", env: false, ...options } as Options,
  );
  return { core, url: server.url, received: () => received };
}

const get = { method: "GET" as const, path: "/things/{id}" };

describe("when the failure path cannot load", () => {
  it("rejects with a CrmError saying so, then types the next failure once the module loads", async () => {
    const runtime = await runtimeWithout("../src/failure.js");
    const { CrmError, NotFoundError } = runtime;
    const { core, url } = await clientOf(runtime, 404, { message: "no such thing" });

    const first = await core.request(get, { id: 1 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(CrmError);
    expect(first).not.toBeInstanceOf(NotFoundError);
    expect((first as InstanceType<typeof CrmError>).kind).toBe("http_error");
    // vitest wraps the factory's error in its own; a browser's would say "Failed to fetch dynamically imported module".
    expect((first as Error).message.startsWith(`GET ${url}/things/1 answered 404: the client could not load its error handling: `)).toBe(true);
    expect((first as Error).cause).toBeInstanceOf(Error);

    vi.doUnmock("../src/failure.js");
    const second = await core.request(get, { id: 2 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(NotFoundError);
    expect((second as Error).message).toBe(`GET ${url}/things/2 answered 404: no such thing`);
  });
});

describe("when the failure path and its redaction cannot load", () => {
  it("names the request without its query, the one part only the redaction could scrub", async () => {
    const runtime = await runtimeWithout("../src/redact.js");
    const { core, url } = await clientOf(runtime, 500, { message: "down" }, { maxRetries: 0 });

    const error = await core.request(get, { id: 1, access_token: "query-secret-1", page: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(runtime.CrmError);
    expect((error as InstanceType<Runtime["CrmError"]>).url).toBe(`${url}/things/1`);
    expect((error as Error).message.startsWith(`GET ${url}/things/1 answered 500: the client could not load its error handling: `)).toBe(true);
    expect(JSON.stringify(error)).not.toContain("query-secret-1");

    vi.doUnmock("../src/redact.js");
    const typed = await core.request(get, { id: 1, access_token: "query-secret-1", page: 2 }).catch((e: unknown) => e);
    expect((typed as InstanceType<Runtime["CrmApiError"]>).status).toBe(500);
    expect((typed as InstanceType<Runtime["CrmError"]>).url).toBe(`${url}/things/1?access_token=[redacted]&page=2`);
  });
});

describe("when the hooks and logging cannot load", () => {
  it("does not send the call, rejects with a CrmError saying so, then runs the hooks once the module loads", async () => {
    const runtime = await runtimeWithout("../src/observe.js");
    const seen: string[] = [];
    const { core, url, received } = await clientOf(runtime, 200, { id: 1 }, { hooks: { onRequest: ({ attempt }: { attempt: number }) => void seen.push(`request#${attempt}`) } });

    const first = await core.request(get, { id: 1 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(runtime.CrmError);
    expect((first as InstanceType<Runtime["CrmError"]>).kind).toBe("connection");
    expect((first as Error).message.startsWith(`GET ${url}/things/1 was not sent: the client could not load its hooks, logging or rate limiter: `)).toBe(true);
    expect((first as Error).cause).toBeInstanceOf(Error);
    expect(received()).toBe(0);
    expect(seen).toEqual([]);

    vi.doUnmock("../src/observe.js");
    await expect(core.request(get, { id: 2 })).resolves.toEqual({ id: 1 });
    expect(received()).toBe(1);
    expect(seen).toEqual(["request#0"]);
  });
});

describe("when the client-side limiter cannot load", () => {
  it("does not send the call, rejects with a CrmError saying so, then limits once the module loads", async () => {
    const runtime = await runtimeWithout("../src/rate-limit.js");
    const { core, url, received } = await clientOf(runtime, 200, { id: 1 }, { rateLimit: { requests: 1, perSeconds: 1 } });

    const first = await core.request(get, { id: 1 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(runtime.CrmError);
    expect((first as Error).message.startsWith(`GET ${url}/things/1 was not sent: the client could not load its hooks, logging or rate limiter: `)).toBe(true);
    expect(received()).toBe(0);

    vi.doUnmock("../src/rate-limit.js");
    const started = Date.now();
    await Promise.all([core.request(get, { id: 2 }), core.request(get, { id: 3 })]);
    // One request a second, now enforced: the second waited for the first's slot.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(received()).toBe(2);
  });
});

describe("when OAuth's token code cannot load", () => {
  it("rejects that use of client.oauth, and loads it again on the next", async () => {
    const { ClientCore } = await runtimeWithout("../src/tokens.js");
    const core = new ClientCore(
      {
        name: "Load",
        servers: [{ url: "https://api.example.test" }],
        securitySchemes: { oauth2: { type: "oauth2", credential: "accessToken", tokenUrl: "/oauth/token" } },
        security: [["oauth2"]],
      },
      { env: false, oauth: { clientId: "app", tokens: { accessToken: "access-1" } } } as Options,
    );

    // vitest wraps the factory's error in its own; a browser's would say "Failed to fetch dynamically imported module".
    await expect(core.oauth!.tokens()).rejects.toThrow();
    vi.doUnmock("../src/tokens.js");
    await expect(core.oauth!.tokens()).resolves.toMatchObject({ accessToken: "access-1" });
  });
});
