import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadDocument } from "../src/load.js";
import { buildModel } from "../src/model.js";
import { brief, buildTools, buildVendor, emitMcpPackage, type McpTool } from "../src/emit/mcp.js";

const fixture = fileURLToPath(new URL("./fixtures/shop.yaml", import.meta.url));
type Obj = Record<string, any>;

/** The shop fixture, changed by `edit` first. */
function load(edit: (doc: Obj) => void = () => {}) {
  const doc = parse(readFileSync(fixture, "utf8")) as Obj;
  edit(doc);
  const loaded = loadDocument("shop.json", JSON.stringify(doc));
  return { loaded, model: buildModel(loaded) };
}

const info = { packageName: "@crmkit/shop-mcp", version: "1.0.0", bin: "crmkit-shop-mcp" };
const byName = (tools: McpTool[], name: string) => tools.find((t) => t.name === name)!;

describe("MCP tools", () => {
  it("are named <resource>_<method>, with annotations from the HTTP method", () => {
    const { loaded, model } = load();
    const tools = buildTools(loaded, model);
    expect(tools.map((t) => [t.name, t.annotations])).toEqual([
      ["orders_list", { title: "List orders", readOnlyHint: true, openWorldHint: true }],
      ["orders_create", { title: "Create an order", readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true }],
      ["orders_get", { title: "Get an order", readOnlyHint: true, openWorldHint: true }],
      ["orders_delete", { title: "Delete an order", readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true }],
      ["orderItems_list", { title: "List the items of an order", readOnlyHint: true, openWorldHint: true }],
    ]);
    expect(byName(tools, "orders_get").deprecated).toBe(true);
    expect(byName(tools, "orders_get").description).toBe("Get an order. Deprecated by the vendor.");
  });

  it("page with a cursor argument in place of the page parameter", () => {
    const { loaded, model } = load();
    const list = byName(buildTools(loaded, model), "orders_list");
    expect(Object.keys(list.inputSchema.properties as Obj)).toEqual(["per_page", "status", "cursor"]);
    expect(list.paging).toEqual({ style: "page", argument: "cursor", positionParam: "page", sizeParam: "per_page", firstPage: 1, defaultSize: 20, items: "orders", totalPages: "max_page" });
    expect(list.description).toBe("List orders. Newest first. Returns one page; pass its next_cursor as cursor for the next.");
    expect(list.inputSchema.additionalProperties).toBe(false);
  });

  it("take a body schema with $refs inlined, read-only properties left out and the body required", () => {
    const { loaded, model } = load();
    const create = byName(buildTools(loaded, model), "orders_create");
    expect(create.inputSchema).toEqual({
      type: "object",
      properties: { body: { type: "object", required: ["total"], properties: { total: { type: "number" }, note: { type: ["string", "null"], default: "" } } } },
      required: ["body"],
      additionalProperties: false,
    });
    const get = byName(buildTools(loaded, model), "orders_get");
    expect(get.inputSchema).toEqual({
      type: "object",
      properties: { order_id: { description: "Order id", type: "string" } },
      required: ["order_id"],
      additionalProperties: false,
    });
  });

  it("stop a recursive schema at an open object, and write OpenAPI 3.0 nullables as JSON Schema", () => {
    const { loaded, model } = load((doc) => {
      doc.openapi = "3.0.3";
      doc.components.schemas.Order.properties.note = { type: "string", nullable: true, example: "hi", "x-vendor": 1 };
      doc.components.schemas.Order.properties.parent = { $ref: "#/components/schemas/Order" };
    });
    const body = (byName(buildTools(loaded, model), "orders_create").inputSchema.properties as Obj).body;
    expect(body.properties.note).toEqual({ type: ["string", "null"] });
    expect(body.properties.parent).toEqual({ type: "object", description: "Same shape as its parent (recursive)." });
  });

  it("point at the field-selection parameter and list the fields, defaults first", () => {
    const { loaded, model } = load((doc) => {
      doc.paths["/orders"].get.parameters.push({ name: "fields", in: "query", schema: { type: "string" }, description: "Extra fields.", "x-crmkit-fields": { mode: "add" } });
      doc.components.schemas.Order.properties.total["x-crmkit-default"] = true;
    });
    const list = byName(buildTools(loaded, model), "orders_list");
    expect(list.fieldsParam).toBe("fields");
    expect(list.description).toContain("Ask for only the fields you need with fields.");
    expect((list.inputSchema.properties as Obj).fields.description).toBe(
      "Extra fields beyond the defaults, comma-separated: ask for just those you need. Default fields: total. Others: id, note. Extra fields.",
    );
  });

  it("list the names of a replacing selection, and refuse a tool name over 64 characters, naming the place", () => {
    const replacing = load((doc) => {
      doc.paths["/orders"].get.parameters.push({ name: "fields", in: "query", schema: { type: "string" }, "x-crmkit-fields": { mode: "replace", names: ["total", "note"] } });
    });
    const fields = (byName(buildTools(replacing.loaded, replacing.model), "orders_list").inputSchema.properties as Obj).fields;
    expect(fields.description).toMatch(/^The only fields returned, comma-separated: ask for just those you need\. Fields: total, note\./);
    const { loaded, model } = load((doc) => (doc.paths["/orders"].get["x-crmkit-method"] = `list${"Everything".repeat(6)}`));
    expect(() => buildTools(loaded, model)).toThrow(/at #\/paths\/~1orders\/get: MCP tool name "orders_listEverything.*" is longer than 64 characters; set a shorter x-crmkit-method/);
  });

  it("use page_cursor when the operation has a cursor parameter of its own", () => {
    const { loaded, model } = load((doc) => doc.paths["/orders"].get.parameters.push({ name: "cursor", in: "query", schema: { type: "string" } }));
    const list = byName(buildTools(loaded, model), "orders_list");
    expect(list.paging?.argument).toBe("page_cursor");
    expect(Object.keys(list.inputSchema.properties as Obj)).toEqual(["per_page", "status", "cursor", "page_cursor"]);
  });
});

describe("MCP vendor data", () => {
  it("names the environment variables after the client and its options", () => {
    const { loaded, model } = load();
    const vendor = buildVendor(model, info, buildTools(loaded, model));
    expect(vendor.credentials).toEqual([{ variables: [{ name: "SHOP_API_TOKEN", option: "apiToken", secret: true, description: "API credential, sent as the X-Token header (token)" }] }]);
    expect(vendor.serverVariables).toEqual([{ name: "SHOP_REGION", option: "region", secret: false, description: "Data region (e.g. eu)" }]);
    expect(vendor.baseUrl.name).toBe("SHOP_BASE_URL");
    expect(vendor.authorizationHeader).toEqual({ bearer: "apiToken" });
    expect(vendor.defaultTools).toBe("all");
    expect(vendor.title).toBe("Shop API 1.0");
  });

  it("adds client credentials for an oauth2 scheme with that grant, and Basic for an http basic one", () => {
    const { loaded, model } = load((doc) => {
      doc.components.securitySchemes.app = { type: "oauth2", flows: { clientCredentials: { tokenUrl: "/token", scopes: { read: "Read" } } }, "x-crmkit-credential": "accessToken" };
      doc.components.securitySchemes.login = { type: "http", scheme: "basic", "x-crmkit-credential": { username: "user", password: "password" } };
      doc.security = [{ app: [] }, { login: [] }];
    });
    const vendor = buildVendor(model, info, buildTools(loaded, model));
    expect(vendor.credentials.map((c) => [...c.variables.map((v) => v.name), ...(c.clientCredentials ? Object.values(c.clientCredentials).map((v) => v.name) : [])])).toEqual([
      ["SHOP_ACCESS_TOKEN"],
      ["SHOP_USER", "SHOP_PASSWORD"],
      ["SHOP_CLIENT_ID", "SHOP_CLIENT_SECRET", "SHOP_OAUTH_SCOPE", "SHOP_OAUTH_TOKEN_URL"],
    ]);
    expect(vendor.authorizationHeader).toEqual({ bearer: "accessToken", basic: { username: "user", password: "password" } });
  });
});

describe("the MCP package", () => {
  it("is deterministic and holds the tools, entry, bin and README", () => {
    const { loaded, model } = load();
    const first = emitMcpPackage(loaded, model, "shop", info);
    const second = emitMcpPackage(loaded, model, "shop", info);
    expect([...first.keys()]).toEqual(["src/tools.gen.ts", "src/index.gen.ts", "src/bin.gen.ts", "README.md"]);
    for (const [name, content] of first) expect(second.get(name), name).toBe(content);
    expect(first.get("src/bin.gen.ts")!.startsWith("#!/usr/bin/env node\n// Generated by @crmkit/generator")).toBe(true);
    const tools = /JSON\.parse\((".*")\);/.exec(first.get("src/tools.gen.ts")!)![1]!;
    expect((JSON.parse(JSON.parse(tools)) as McpTool[]).map((t) => t.name)).toEqual(["orders_list", "orders_create", "orders_get", "orders_delete", "orderItems_list"]);
    const readme = first.get("README.md")!;
    for (const text of ["npx crmkit-shop-mcp", '"command": "npx"', "`SHOP_API_TOKEN`", "`SHOP_REGION`", "`SHOP_BASE_URL`", "--read-only", "--tools <which>", "`Authorization: Bearer <apiToken>`"]) {
      expect(readme).toContain(text);
    }
  });
});

describe("brief", () => {
  it("keeps whole sentences, and a `!` inside code does not end one", () => {
    expect(brief("Only ids listed. A leading `!` excludes them. More text follows here.", 50)).toBe("Only ids listed. A leading `!` excludes them.");
    expect(brief("See [the docs](https://x.test) for **more**.", 100)).toBe("See the docs for more.");
    expect(brief("one very long sentence without any full stop at all", 20)).toBe("one very long…");
  });
});
