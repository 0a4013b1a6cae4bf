import { afterEach, describe, expect, it } from "vitest";
import { ClientCore, CrmPaginationError, type ClientDefinition, type ClientOptions, type OperationDefinition } from "../src/index.js";
import { json, startServer } from "./server.js";

/** Lists against servers that page wrongly: each must stop, clearly, instead of looping or going quiet. */

const definition: ClientDefinition = {
  name: "Pages",
  servers: [{ url: "https://api.pages.test" }],
  securitySchemes: {},
  security: [],
  pagination: { style: "page", pageParam: "page", sizeParam: "per_page", firstPage: 1, defaultSize: 3 },
};
const list: OperationDefinition = { method: "GET", path: "/items", paginate: { items: "items", totalItems: "total" } };

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(handler: Parameters<typeof startServer>[0], options: ClientOptions = {}) {
  const server = await startServer(handler);
  servers.push(server);
  return { server, core: new ClientCore(definition, { baseUrl: server.url, ...options }) };
}

const page = (url: string) => Number(new URL(url, "http://x").searchParams.get("page") ?? 1);

async function drain(iterable: AsyncIterable<unknown>): Promise<{ items: unknown[]; error?: unknown }> {
  const items: unknown[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

describe("pagination against misbehaving servers", () => {
  it("stops with repeated_page when the server ignores the page parameter", async () => {
    const { server, core } = await setup((req, res) => json(res, 200, { items: [1, 2, 3], total: 1_000_000 }));
    const { items, error } = await drain(core.paginate(list));
    expect(error).toBeInstanceOf(CrmPaginationError);
    expect((error as CrmPaginationError).reason).toBe("repeated_page");
    expect((error as Error).message).toMatch(/page 2 repeats the previous page/);
    expect(items).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(2);
  });

  it("stops at the client's pageLimit when a lying total keeps full pages coming", async () => {
    const { server, core } = await setup((req, res) => {
      const p = page(req.url);
      json(res, 200, { items: [p * 3, p * 3 + 1, p * 3 + 2], total: 1e12 });
    }, { pageLimit: 5 });
    const { items, error } = await drain(core.paginate(list));
    expect((error as CrmPaginationError).reason).toBe("page_limit");
    expect(items).toHaveLength(15);
    expect(server.requests).toHaveLength(5);
  });

  it("names the expected key and the keys present when a page lacks its items", async () => {
    const { core } = await setup((req, res) => json(res, 200, { records: [1], total: 1 }));
    const { error } = await drain(core.paginate(list));
    expect((error as CrmPaginationError).reason).toBe("missing_items");
    expect((error as Error).message).toContain('expected the page\'s items under "items", but the payload has "records", "total"');
  });

  it("sends the page size on every page request, also when the caller set none", async () => {
    const { server, core } = await setup((req, res) => {
      const p = page(req.url);
      json(res, 200, { items: p < 3 ? [p, p, p].map((v, i) => v * 10 + i) : [p * 10], total: 7 });
    });
    const { items, error } = await drain(core.paginate(list));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(7);
    expect(server.requests.map((r) => r.url)).toEqual(["/items?per_page=3", "/items?per_page=3&page=2", "/items?per_page=3&page=3"]);
  });

  it("sends the position with the size from the first page on where the spec pairs them", async () => {
    const paired: OperationDefinition = { ...list, paginate: { ...list.paginate, paired: true } };
    const { server, core } = await setup((req, res) => json(res, 200, { items: [], total: 0 }));
    await drain(core.paginate(paired, { per_page: 50 }));
    expect(server.requests[0]!.url).toBe("/items?per_page=50&page=1");
  });

  it("finds a total outside the payload, in the envelope around it", async () => {
    const wrapped: ClientDefinition = { ...definition, envelope: { data: "items" } };
    const server = await startServer((req, res) => {
      const p = page(req.url);
      json(res, 200, { items: p === 1 ? [1, 2, 3] : [4, 5, 6], totalcount: 6 });
    });
    servers.push(server);
    const core = new ClientCore(wrapped, { baseUrl: server.url });
    const { items } = await drain(core.paginate({ method: "GET", path: "/items", paginate: { totalItems: "totalcount" } }));
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(server.requests).toHaveLength(2);
  });
});
