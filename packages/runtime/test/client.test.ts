import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CrmClient, NotFoundError, type ClientDefinition, type ClientOptions, type ResourceLoaders } from "../src/index.js";
import { json, startServer } from "./server.js";

/** The table-driven client: resources from loaded rows, the untyped escape hatch, and the lazy raw client. */

const definition: ClientDefinition = {
  name: "Table",
  servers: [{ url: "https://api.table.test/v2" }],
  securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" } },
  security: [["key"]],
  envelope: { data: "data" },
};
let loads = 0;
const resources: ResourceLoaders = {
  things: async () => {
    loads++;
    return { default: { list: ["GET /things", { paginate: { items: "things" } }], get: ["GET /things/{id}"], create: ["POST /things"] } };
  },
};

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Things = {
  things: {
    list(params?: object, options?: object): AsyncIterable<unknown> & PromiseLike<unknown>;
    get(params: { id: string }): PromiseLike<unknown>;
    create(params: { body: unknown }): PromiseLike<unknown>;
    nope(): PromiseLike<unknown>;
  };
};

async function setup(options: Record<string, unknown> = {}) {
  const server = await startServer((req, res) => {
    if (req.url.startsWith("/things/404") || req.url.startsWith("/custom/404")) return json(res, 404, { message: "gone" });
    if (req.url === "/things" || req.url.startsWith("/things?")) return json(res, 200, { data: { things: [{ id: 1 }, { id: 2 }] } });
    json(res, 200, { data: { method: req.method, url: req.url, body: req.body || null } });
  });
  servers.push(server);
  const client = new CrmClient(definition, resources, { baseUrl: server.url, apiKey: "k-123456", ...options } as ClientOptions) as CrmClient & Things;
  return { server, client };
}

describe("CrmClient", () => {
  it("loads a resource's rows once, on its first call, and finds methods by name", async () => {
    loads = 0;
    const { client } = await setup();
    expect(loads).toBe(0);
    await expect(client.things.get({ id: "7" })).resolves.toEqual({ method: "GET", url: "/things/7", body: null });
    await client.things.create({ body: { a: 1 } });
    expect(loads).toBe(1);
    const items = [];
    for await (const item of client.things.list()) items.push(item);
    expect(items).toEqual([{ id: 1 }, { id: 2 }]);
    await expect(client.things.nope()).rejects.toThrow(/things\.nope\(\) is not an operation of this API/);
    await expect(Promise.resolve(client.things)).resolves.toBe(client.things); // not mistaken for a thenable
  });

  it("loads a resource's rows again on the next call after a failed load", async () => {
    const server = await startServer((req, res) => json(res, 200, { data: { url: req.url } }));
    servers.push(server);
    let attempts = 0;
    const flaky: ResourceLoaders = {
      things: async () => {
        // The first load fails as a browser's does when a redeploy removed the chunk.
        if (++attempts === 1) throw new TypeError("Failed to fetch dynamically imported module: /assets/things.gen-1a2b.js");
        return { default: { get: ["GET /things/{id}"] } };
      },
    };
    const client = new CrmClient(definition, flaky, { baseUrl: server.url, apiKey: "k-123456" } as ClientOptions) as CrmClient & Things;
    await expect(client.things.get({ id: "1" })).rejects.toThrow(/Failed to fetch dynamically imported module/);
    await expect(client.things.get({ id: "2" })).resolves.toEqual({ url: "/things/2" });
    await expect(client.things.get({ id: "3" })).resolves.toEqual({ url: "/things/3" });
    expect(attempts).toBe(2);
  });

  it("offers untyped calls by path that share auth, envelope and errors", async () => {
    const { server, client } = await setup();
    await expect(client.get("/custom/path", { query: { a: [1, 2] } })).resolves.toEqual({ method: "GET", url: "/custom/path?a=1&a=2", body: null });
    await expect(client.post("custom", { body: { b: true } })).resolves.toMatchObject({ method: "POST", body: '{"b":true}' });
    await expect(client.request({ method: "delete", path: `${server.url}/custom/abs` })).resolves.toMatchObject({ method: "DELETE" });
    await expect(client.get("/custom/404")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.get("https://elsewhere.test/x")).rejects.toThrow(/must be on the API's origin/);
    expect(server.requests.every((r) => r.headers["x-key"] === "k-123456")).toBe(true);
  });

  it("reads credentials and baseUrl from the environment unless env is false", async () => {
    const server = await startServer((req, res) => json(res, 200, { data: { key: req.headers["x-key"] } }));
    servers.push(server);
    process.env.TABLE_API_KEY = "from-env-key";
    process.env.TABLE_BASE_URL = server.url;
    try {
      const client = new CrmClient(definition, resources) as CrmClient & Things;
      await expect(client.things.get({ id: "1" })).resolves.toEqual({ key: "from-env-key" });
      expect(() => new CrmClient(definition, resources, { env: false })).toThrow(/missing credentials; pass apiKey \(or TABLE_API_KEY\)/);
    } finally {
      delete process.env.TABLE_API_KEY;
      delete process.env.TABLE_BASE_URL;
    }
  });

  it("serves raw openapi-fetch calls through the pipeline", async () => {
    const { server, client } = await setup();
    const raw = client.raw as unknown as { GET(path: string, init?: object): Promise<{ data?: unknown; error?: unknown; response: Response }> };
    const ok = await raw.GET("/things/{id}", { params: { path: { id: "3" } } });
    expect(ok.data).toEqual({ data: { method: "GET", url: "/things/3", body: null } });
    const missing = await raw.GET("/things/{id}", { params: { path: { id: "404" } } });
    expect(missing.error).toEqual({ message: "gone" });
    expect(missing.response.status).toBe(404);
    expect(server.requests.every((r) => r.headers["x-key"] === "k-123456")).toBe(true);
  });
});

describe("no timer outlives a call", () => {
  const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
  it.skipIf(!existsSync(dist))("a process that made a raw call with a long timeout exits at once (built package)", async () => {
    const server = await startServer((req, res) => json(res, 200, { ok: true }));
    servers.push(server);
    const program = `
      import { ClientCore } from ${JSON.stringify(dist)};
      const core = new ClientCore({ name: "T", servers: [{ url: "https://x.test" }], securitySchemes: {}, security: [] }, { baseUrl: ${JSON.stringify(server.url)}, timeoutMs: 30000 });
      const { data } = await core.raw.GET("/ok");
      await core.request({ method: "GET", path: "/ok" });
      console.log(JSON.stringify(data));
    `;
    const started = Date.now();
    // Asynchronous on purpose: the server answering the child lives in this process.
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8", timeout: 20_000 });
    expect(stdout.trim()).toBe('{"ok":true}');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
