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
    expect([...first.files.keys()]).toEqual(["types.gen.ts", "operations.gen.ts", "method-types.gen.ts", "client.gen.ts", "index.gen.ts"]);
    for (const [name, content] of first.files) expect(second.files.get(name), name).toBe(content);
  });

  it("emits the operation table, typed methods and JSDoc from the spec", async () => {
    const { files } = await generateSources(fixture, "shop");
    const table = files.get("operations.gen.ts")!;
    expect(table).toContain('listOrders: { method: "GET", path: "/orders", paginate: { items: "orders", totalPages: "max_page" } },');
    expect(table).toContain('deleteOrder: { method: "DELETE", path: "/orders/{order_id}", envelope: null },');
    expect(table).toContain('listOrderItems: { method: "GET", path: "/orders/{order_id}/items", headers: ["X-Trace"] },');

    const types = files.get("method-types.gen.ts")!;
    expect(types).toContain('export type ListOrdersParams = NonNullable<operations["listOrders"]["parameters"]["query"]>;');
    expect(types).toContain('export type ListOrdersResponse = NonNullable<operations["listOrders"]["responses"][200]["content"]["application/json"]["data"]>;');
    expect(types).toContain('export type ListOrdersItem = Extract<NonNullable<ListOrdersResponse["orders"]>, readonly unknown[]>[number];');
    expect(types).toContain('export type CreateOrderParams = { body: NonNullable<operations["createOrder"]["requestBody"]>["content"]["application/json"] };');
    expect(types).toContain("export type DeleteOrderResponse = void;");
    // The fixture's error responses are inline, so no common error schema is named.
    expect(types).toContain("export type ApiErrorBody = unknown;");

    const client = files.get("client.gen.ts")!;
    expect(client).toContain("public list(params: ListOrdersParams = {}, options?: RequestOptions): PagePromise<ListOrdersResponse, ListOrdersItem> {");
    expect(client).toContain("public get(params: GetOrderParams, options?: RequestOptions): ApiPromise<GetOrderResponse> {");
    expect(client).toContain("@deprecated");
    expect(client).toContain("@see https://docs.shop.test/orders#get");
    expect(client).toContain("Filter by status *\\/ sneaky");
    expect(client).toContain("readonly orderItems: OrderItemsResource;");
    expect(client).toMatch(/apiToken: string;/);
    expect(client).toMatch(/region: string;/);
    expect(client).toContain("export type ShopApiError = CrmApiError<ApiErrorBody>;");
    expect(client).toContain("export function isShopApiError(error: unknown): error is ShopApiError {");

    // openapi-typescript keeps a property with a default optional.
    expect(files.get("types.gen.ts")!).toMatch(/note\?: string \| null;/);
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
