import { mkdtempSync, readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateSources } from "../src/generate.js";
import { writeFilesAtomically } from "../src/write.js";

const fixture = fileURLToPath(new URL("./fixtures/shop.yaml", import.meta.url));

describe("generateSources", () => {
  it("is deterministic: the same spec gives byte-identical files", async () => {
    const first = await generateSources(fixture, "shop");
    const second = await generateSources(fixture, "shop");
    expect([...first.files.keys()]).toEqual([
      "types.gen.ts",
      "operations.gen.ts",
      "ops/orders.gen.ts",
      "ops/orderItems.gen.ts",
      "method-types.gen.ts",
      "fields.gen.ts",
      "schemas.gen.ts",
      "client.gen.ts",
      "index.gen.ts",
    ]);
    for (const [name, content] of first.files) expect(second.files.get(name), name).toBe(content);
  });

  it("emits one table of rows per resource, loaded on first use", async () => {
    const { files } = await generateSources(fixture, "shop", undefined, { package: { name: "@shop/client", version: "1.2.3" } });
    const definition = files.get("operations.gen.ts")!;
    expect(definition).toContain('package: { name: "@shop/client", version: "1.2.3" }');
    expect(definition).toContain('  orders: () => import("./ops/orders.gen.js"),');
    const orders = files.get("ops/orders.gen.ts")!;
    expect(orders).toContain('  list: ["GET /orders", { paginate: { items: "orders", totalPages: "max_page" } }],');
    expect(orders).toContain('  delete: ["DELETE /orders/{order_id}", { envelope: null }],');
    expect(files.get("ops/orderItems.gen.ts")!).toContain('  list: ["GET /orders/{order_id}/items", { headers: ["X-Trace"] }],');
  });

  it("types every method in resource interfaces, with JSDoc from the spec, and keeps the JavaScript one small class", async () => {
    const { files } = await generateSources(fixture, "shop");
    const types = files.get("method-types.gen.ts")!;
    expect(types).toContain('export type ListOrdersParams = NonNullable<operations["listOrders"]["parameters"]["query"]>;');
    expect(types).toContain('export type ListOrdersResponse = NonNullable<operations["listOrders"]["responses"][200]["content"]["application/json"]["data"]>;');
    expect(types).toContain('export type ListOrdersItem = Extract<NonNullable<ListOrdersResponse["orders"]>, readonly unknown[]>[number];');
    expect(types).toContain('export type CreateOrderParams = { body: NonNullable<operations["createOrder"]["requestBody"]>["content"]["application/json"] };');
    expect(types).toContain("export type DeleteOrderResponse = void;");
    // The fixture's error responses are inline, so no common error schema is named.
    expect(types).toContain("export type ApiErrorBody = unknown;");

    const client = files.get("client.gen.ts")!;
    expect(client).toContain("list(params?: ListOrdersParams, options?: RequestOptions): PagePromise<ListOrdersResponse, ListOrdersItem>;");
    expect(client).toContain("get(params: GetOrderParams, options?: RequestOptions): ApiPromise<GetOrderResponse>;");
    expect(client).toContain("export interface OrdersResource {");
    expect(client).toContain("export class ShopClient extends CrmClient<paths> {");
    expect(client).toContain("@deprecated");
    expect(client).toContain("@see https://docs.shop.test/orders#get");
    expect(client).toContain("Filter by status *\\/ sneaky");
    expect(client).toContain("readonly orderItems: OrderItemsResource;");
    expect(client).toMatch(/apiToken: string \| undefined;/);
    expect(client).toMatch(/region: string \| undefined;/);
    expect(client).toContain("Default: the `SHOP_API_TOKEN` environment variable.");
    expect(client).toContain("export type ShopApiError = CrmApiError<ApiErrorBody>;");
    expect(client).toContain("export function isShopApiError(error: unknown): error is ShopApiError {");
    // No method bodies: the runtime finds each method's row by name.
    expect(client).not.toMatch(/public \w+\(/);

    // openapi-typescript keeps a property with a default optional.
    expect(files.get("types.gen.ts")!).toMatch(/note\?: string \| null;/);
  });

  it("names a type for every component schema", async () => {
    const { files } = await generateSources(fixture, "shop");
    const schemas = files.get("schemas.gen.ts")!;
    expect(schemas).toMatch(/export type Order = components\["schemas"\]\["Order"\];/);
  });
});

describe("writeFilesAtomically", () => {
  it("writes nothing when one file cannot be written", () => {
    const dir = mkdtempSync(join(tmpdir(), "crmkit-write-"));
    writeFileSync(join(dir, "a.gen.ts"), "old a");
    mkdirSync(join(dir, "b.gen.ts")); // a directory where a file should go
    expect(() => writeFilesAtomically(dir, new Map([["a.gen.ts", "new a"], ["b.gen.ts", "new b"]]))).toThrow();
    expect(readFileSync(join(dir, "a.gen.ts"), "utf8")).toBe("old a");
    expect(readdirSync(dir).sort()).toEqual(["a.gen.ts", "b.gen.ts"]);
  });

  it("leaves unchanged files alone", () => {
    const dir = mkdtempSync(join(tmpdir(), "crmkit-write-"));
    writeFileSync(join(dir, "a.gen.ts"), "same");
    const before = statSync(join(dir, "a.gen.ts")).mtimeMs;
    const result = writeFilesAtomically(dir, new Map([["a.gen.ts", "same"], ["b.gen.ts", "new"]]));
    expect(result).toEqual({ written: ["b.gen.ts"], unchanged: ["a.gen.ts"] });
    expect(statSync(join(dir, "a.gen.ts")).mtimeMs).toBe(before);
  });
});
