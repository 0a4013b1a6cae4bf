import { afterEach, describe, expect, it, vi } from "vitest";
import { json, startServer } from "./server.js";

/**
 * The failure path is a module loaded on first need. When it cannot be loaded (a browser that lost the
 * app's chunks after a deploy), a failed call still rejects with a CrmError that names the request and
 * the reason, and the next failure tries the load again.
 */

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.doUnmock("../src/failure.js");
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
    expect((first as Error).message.startsWith(`GET ${server.url}/things/1 answered 404, and the client could not load its error handling: `)).toBe(true);
    expect((first as Error).cause).toBeInstanceOf(Error);

    vi.doUnmock("../src/failure.js");
    const second = await core.request(get, { id: 2 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(NotFoundError);
    expect((second as Error).message).toBe(`GET ${server.url}/things/2 answered 404: no such thing`);
  });
});
