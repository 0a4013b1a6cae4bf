import { afterEach, describe, expect, it } from "vitest";
import { formatFieldSelection } from "../src/fields.js";
import { CrmClient, type ClientDefinition, type ResourceLoaders } from "../src/index.js";
import { json, startServer } from "./server.js";

/** Typed field selection: writing the typed form in the API's syntax, from the operation row's `select`. */

const nested = { param: "_fields" } as const;
const suffixed = { param: "fields", item: "{name}(all)" } as const;

describe("formatFieldSelection", () => {
  it("joins names with commas and passes a string through", () => {
    expect(formatFieldSelection(["phone", "website"], nested, "t")).toBe("phone,website");
    expect(formatFieldSelection("phone,status(color)", nested, "t")).toBe("phone,status(color)");
    expect(formatFieldSelection("_ALL", nested, "t")).toBe("_ALL");
  });

  it("writes a linked record's selection in parentheses, nested, with () for its defaults", () => {
    expect(formatFieldSelection(["phone", { status: ["color", "standing"] }], nested, "t")).toBe("phone,status(color,standing)");
    expect(formatFieldSelection([{ postal_address: ["city", { country: [] }] }, { status: "_ALL" }], nested, "t")).toBe("postal_address(city,country()),status(_ALL)");
    expect(formatFieldSelection([{ contact: [], company: ["phone"] }], nested, "t")).toBe("contact(),company(phone)");
  });

  it("writes each top-level name through the row's item template", () => {
    expect(formatFieldSelection(["deals", "notes"], suffixed, "t")).toBe("deals(all),notes(all)");
    expect(formatFieldSelection([], suffixed, "t")).toBe("");
  });

  it("refuses what the syntax cannot carry, naming the call and the parameter", () => {
    expect(() => formatFieldSelection(["a,b"], nested, "Acme things.list()")).toThrow('Acme things.list(): parameter "_fields" has the field name "a,b"');
    expect(() => formatFieldSelection(["a(b)"], nested, "t")).toThrow(/parentheses/);
    expect(() => formatFieldSelection([""], nested, "t")).toThrow(/cannot be empty/);
    expect(() => formatFieldSelection([1], nested, "t")).toThrow('t: parameter "_fields" holds 1, which is neither a field name nor a { link: selection } object');
    expect(() => formatFieldSelection([{ status: 5 }], nested, "t")).toThrow(/must be a string, or a list/);
    expect(() => formatFieldSelection({ phone: true }, nested, "t")).toThrow(/must be a string, or a list/);
  });
});

describe("a client whose rows declare select", () => {
  const definition: ClientDefinition = {
    name: "Acme",
    servers: [{ url: "https://api.acme.test" }],
    securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" } },
    security: [["key"]],
  };
  const resources: ResourceLoaders = {
    things: async () => ({
      default: {
        list: ["GET /things", { paginate: {}, select: { param: "_fields" } }],
        get: ["GET /things/{id}", { select: { param: "fields", item: "{name}(all)" } }],
        plain: ["GET /plain"],
      },
    }),
  };
  type Things = {
    things: {
      list(params?: object, options?: object): AsyncIterable<unknown> & PromiseLike<unknown>;
      get(params: object): PromiseLike<unknown>;
      plain(params: object): PromiseLike<unknown>;
    };
  };
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function setup() {
    const server = await startServer((req, res) => json(res, 200, req.url.startsWith("/things?") || req.url === "/things" ? [] : { ok: true }));
    servers.push(server);
    const client = new CrmClient(definition, resources, { baseUrl: server.url, apiKey: "k-1" } as never) as CrmClient & Things;
    return { server, client };
  }
  const query = (url: string) => new URL(url, "http://x").searchParams;

  it("writes the selection parameter in the API's syntax and other lists as before", async () => {
    const { server, client } = await setup();
    await client.things.list({ _fields: ["a", { b: ["c"] }], tag: ["x", "y"] });
    expect(query(server.requests[0]!.url).get("_fields")).toBe("a,b(c)");
    expect(query(server.requests[0]!.url).getAll("tag")).toEqual(["x", "y"]);
    await client.things.get({ id: 7, fields: ["deals"] });
    expect(server.requests[1]!.url).toBe("/things/7?fields=deals%28all%29");
  });

  it("leaves the parameter out for an empty list, and passes a string through", async () => {
    const { server, client } = await setup();
    await client.things.list({ _fields: [] });
    expect(query(server.requests[0]!.url).has("_fields")).toBe(false);
    await client.things.list({ _fields: "a,b(c)" });
    expect(query(server.requests[1]!.url).get("_fields")).toBe("a,b(c)");
  });

  it("treats a same-named parameter of an operation without select as any other", async () => {
    const { server, client } = await setup();
    await client.things.plain({ _fields: ["a", "b"] });
    expect(query(server.requests[0]!.url).getAll("_fields")).toEqual(["a", "b"]);
  });

  it("rejects a bad selection before sending, naming the method", async () => {
    const { server, client } = await setup();
    await expect(client.things.list({ _fields: ["a b"] })).rejects.toThrow('Acme things.list(): parameter "_fields" has the field name "a b"');
    expect(server.requests).toHaveLength(0);
  });
});
