import { afterEach, describe, expect, it, vi } from "vitest";
import { json, startServer } from "./server.js";

/**
 * The failure path, and the hooks and logging, are modules loaded on first need. When one cannot be
 * loaded (a browser that lost the app's chunks after a deploy), the call rejects with a CrmError that
 * names the request and the reason, and the next call tries the load again.
 */

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.doUnmock("../src/failure.js");
  vi.doUnmock("../src/observe.js");
  vi.doUnmock("../src/rate-limit.js");
  vi.doUnmock("../src/tokens.js");
  vi.resetModules();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("when the failure path cannot load", () => {
  it("rejects with a CrmError saying so, then types the next failure once the module loads", async () => {
    const server = await startServer((_req, res) => json(res, 404, { message: "no such thing" }));
    servers.push(server);
    vi.resetModules();
    vi.doMock("../src/failure.js", () => {
      throw new Error("Failed to fetch dynamically imported module: /assets/failure-1a2b.js");
    });
    const { ClientCore, CrmError, NotFoundError } = await import("../src/index.js");
    const core = new ClientCore(
      { name: "Load", servers: [{ url: server.url }], securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" } }, security: [["key"]] },
      { apiKey: "key-123456", env: false } as ConstructorParameters<typeof ClientCore>[1],
    );
    const get = { method: "GET" as const, path: "/things/{id}" };

    const first = await core.request(get, { id: 1 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(CrmError);
    expect(first).not.toBeInstanceOf(NotFoundError);
    expect((first as InstanceType<typeof CrmError>).kind).toBe("http_error");
    // vitest wraps the factory's error in its own; a browser's would say "Failed to fetch dynamically imported module".
    expect((first as Error).message.startsWith(`GET ${server.url}/things/1 answered 404: the client could not load its error handling: `)).toBe(true);
    expect((first as Error).cause).toBeInstanceOf(Error);

    vi.doUnmock("../src/failure.js");
    const second = await core.request(get, { id: 2 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(NotFoundError);
    expect((second as Error).message).toBe(`GET ${server.url}/things/2 answered 404: no such thing`);
  });
});

describe("when the hooks and logging cannot load", () => {
  it("does not send the call, rejects with a CrmError saying so, then runs the hooks once the module loads", async () => {
    let received = 0;
    const server = await startServer((_req, res) => {
      received++;
      json(res, 200, { id: 1 });
    });
    servers.push(server);
    vi.resetModules();
    vi.doMock("../src/observe.js", () => {
      throw new Error("Failed to fetch dynamically imported module: /assets/observe-3c4d.js");
    });
    const { ClientCore, CrmError } = await import("../src/index.js");
    const seen: string[] = [];
    const core = new ClientCore(
      { name: "Load", servers: [{ url: server.url }], securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" } }, security: [["key"]] },
      { apiKey: "key-123456", env: false, hooks: { onRequest: ({ attempt }) => void seen.push(`request#${attempt}`) } } as ConstructorParameters<typeof ClientCore>[1],
    );
    const get = { method: "GET" as const, path: "/things/{id}" };

    const first = await core.request(get, { id: 1 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(CrmError);
    expect((first as InstanceType<typeof CrmError>).kind).toBe("connection");
    expect((first as Error).message.startsWith(`GET ${server.url}/things/1 was not sent: the client could not load its hooks, logging or rate limiter: `)).toBe(true);
    expect((first as Error).cause).toBeInstanceOf(Error);
    expect(received).toBe(0);
    expect(seen).toEqual([]);

    vi.doUnmock("../src/observe.js");
    await expect(core.request(get, { id: 2 })).resolves.toEqual({ id: 1 });
    expect(received).toBe(1);
    expect(seen).toEqual(["request#0"]);
  });
});

describe("when the client-side limiter cannot load", () => {
  it("does not send the call, rejects with a CrmError saying so, then limits once the module loads", async () => {
    let received = 0;
    const server = await startServer((_req, res) => {
      received++;
      json(res, 200, { id: 1 });
    });
    servers.push(server);
    vi.resetModules();
    vi.doMock("../src/rate-limit.js", () => {
      throw new Error("Failed to fetch dynamically imported module: /assets/rate-limit-5e6f.js");
    });
    const { ClientCore, CrmError } = await import("../src/index.js");
    const core = new ClientCore(
      { name: "Load", servers: [{ url: server.url }], securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" } }, security: [["key"]] },
      { apiKey: "key-123456", env: false, rateLimit: { requests: 1, perSeconds: 1 } } as ConstructorParameters<typeof ClientCore>[1],
    );
    const get = { method: "GET" as const, path: "/things/{id}" };

    const first = await core.request(get, { id: 1 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(CrmError);
    expect((first as Error).message.startsWith(`GET ${server.url}/things/1 was not sent: the client could not load its hooks, logging or rate limiter: `)).toBe(true);
    expect(received).toBe(0);

    vi.doUnmock("../src/rate-limit.js");
    const started = Date.now();
    await Promise.all([core.request(get, { id: 2 }), core.request(get, { id: 3 })]);
    // One request a second, now enforced: the second waited for the first's slot.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(received).toBe(2);
  });
});

describe("when OAuth's token code cannot load", () => {
  it("rejects that use of client.oauth, and loads it again on the next", async () => {
    vi.resetModules();
    vi.doMock("../src/tokens.js", () => {
      throw new Error("Failed to fetch dynamically imported module: /assets/tokens-7a8b.js");
    });
    const { ClientCore } = await import("../src/index.js");
    const core = new ClientCore(
      {
        name: "Load",
        servers: [{ url: "https://api.example.test" }],
        securitySchemes: { oauth2: { type: "oauth2", credential: "accessToken", tokenUrl: "/oauth/token" } },
        security: [["oauth2"]],
      },
      { env: false, oauth: { clientId: "app", tokens: { accessToken: "access-1" } } } as ConstructorParameters<typeof ClientCore>[1],
    );

    // vitest wraps the factory's error in its own; a browser's would say "Failed to fetch dynamically imported module".
    await expect(core.oauth!.tokens()).rejects.toThrow();
    vi.doUnmock("../src/tokens.js");
    await expect(core.oauth!.tokens()).resolves.toMatchObject({ accessToken: "access-1" });
  });
});
