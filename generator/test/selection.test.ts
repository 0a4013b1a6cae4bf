import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { SpecError } from "../src/errors.js";
import { emitReadme } from "../src/emit/readme.js";
import { generateSources } from "../src/generate.js";
import { loadDocument } from "../src/load.js";
import { buildModel } from "../src/model.js";

/** x-crmkit-fields (specs/README.md): what the model reads from it, what the generator emits, and the errors. */

const source = readFileSync(fileURLToPath(new URL("./fixtures/shop.yaml", import.meta.url)), "utf8");

/** The shop fixture with a selecting `fields` parameter on listOrders and getOrder, and a linked Customer. */
function shop(change: (doc: any) => void = () => {}) {
  const doc = parse(source);
  doc.components.parameters = {
    fields: { name: "fields", in: "query", schema: { type: "string" }, "x-crmkit-fields": { mode: "add", all: "*" } },
  };
  doc.components.schemas.Order.properties.id["x-crmkit-default"] = true;
  doc.components.schemas.Order.properties.customer = {
    anyOf: [{ $ref: "#/components/schemas/Id" }, { $ref: "#/components/schemas/Customer" }, { type: "null" }],
    "x-crmkit-link": "Customer",
  };
  doc.components.schemas.Order.properties.lines = { type: "array", items: { $ref: "#/components/schemas/Line" }, "x-crmkit-link": "Line" };
  doc.components.schemas.Id = { type: "string" };
  doc.components.schemas.Customer = { type: "object", properties: { id: { type: "string", "x-crmkit-default": true }, name: { type: "string" } } };
  doc.components.schemas.Line = { type: "object", properties: { sku: { type: "string", "x-crmkit-default": true }, qty: { type: "integer" } } };
  doc.paths["/orders"].get.parameters.push({ $ref: "#/components/parameters/fields" });
  doc.paths["/orders/{order_id}"].get.parameters = [{ $ref: "#/components/parameters/fields" }];
  change(doc);
  return stringify(doc);
}
const modelOf = (change?: (doc: any) => void) => buildModel(loadDocument("specs/shop.yaml", shop(change)));

function specError(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error("expected a SpecError");
}

describe("x-crmkit-fields in the model", () => {
  it("finds the record of a list (page items) and of a get (the payload), with defaults and links", () => {
    const model = modelOf();
    const list = model.operations.find((o) => o.operationId === "listOrders")!.selection!;
    expect(list).toMatchObject({ param: "fields", mode: "add", all: "*", record: "Order", shape: { kind: "items", path: ["orders"] }, always: ["id"], kept: [], standard: true });
    expect(list.names.map((n) => n.name)).toEqual(["id", "total", "note", "customer", "lines"]);
    expect(model.operations.find((o) => o.operationId === "getOrder")!.selection!.shape).toEqual({ kind: "record" });
    expect(model.operations.find((o) => o.operationId === "createOrder")!.selection).toBeUndefined();
    const order = model.selectableRecords.find((r) => r.name === "Order")!;
    expect(order.links).toEqual([
      { property: "customer", target: "Customer", many: false, nullable: true, alone: ["Id", "null"] },
      { property: "lines", target: "Line", many: true, nullable: false },
    ]);
    expect(model.selectableRecords.map((r) => r.name).sort()).toEqual(["Customer", "Line", "Order"]);
  });

  it("reads names, their x-crmkit-field groups, always and the properties no name brings, with root defaults", () => {
    const model = modelOf((d) => {
      d["x-crmkit-fields"] = { mode: "replace", always: ["id"] };
      d.components.parameters.fields["x-crmkit-fields"] = { names: ["money", "customer", "ref{number}"] };
      d.components.schemas.Order.properties.total["x-crmkit-field"] = ["money", "total"];
      d.components.schemas.Order.properties.note["x-crmkit-field"] = "ref{number}";
    });
    const s = model.operations.find((o) => o.operationId === "listOrders")!.selection!;
    expect(s.mode).toBe("replace");
    expect(s.names).toEqual([
      { name: "money", brings: ["total"] },
      { name: "customer", brings: ["customer"] },
      { name: "ref{number}", brings: ["note"] },
    ]);
    expect(s.always).toEqual(["id"]);
    expect(s.kept).toEqual(["lines"]);
    expect(s.standard).toBe(false);
  });

  it.each([
    ["no mode", (d: any) => delete d.components.parameters.fields["x-crmkit-fields"].mode, "/components/parameters/fields/x-crmkit-fields", 'needs "mode"'],
    ["a name that brings nothing", (d: any) => (d.components.parameters.fields["x-crmkit-fields"].names = ["total", "nope"]), "/components/parameters/fields/x-crmkit-fields/names", '"nope" brings no property of the record "Order"'],
    ["a name with a comma", (d: any) => (d.components.parameters.fields["x-crmkit-fields"].names = ["a,b"]), "/components/parameters/fields/x-crmkit-fields/names", '"a,b" is not a field name'],
    ["always naming no property", (d: any) => (d.components.parameters.fields["x-crmkit-fields"].always = ["sku"]), "/components/parameters/fields/x-crmkit-fields/always", '"sku" is not a property of the record "Order"'],
    ["an item template without {name}", (d: any) => (d.components.parameters.fields["x-crmkit-fields"].item = "all"), "/components/parameters/fields/x-crmkit-fields/item", 'item must hold "{name}"'],
    ["a header parameter", (d: any) => (d.components.parameters.fields.in = "header"), "/components/parameters/fields/x-crmkit-fields", "belongs on a query parameter"],
    ["names at the root", (d: any) => (d["x-crmkit-fields"] = { names: ["a"] }), "/x-crmkit-fields/names", "names belong on the parameter"],
    ["a link to a missing schema", (d: any) => (d.components.schemas.Order.properties.customer["x-crmkit-link"] = "Client"), "/components/schemas/Order/properties/customer/x-crmkit-link", 'names "Client", which is not a component schema'],
    [
      "a link the property cannot hold",
      (d: any) => (d.components.schemas.Order.properties.customer = { type: "string", "x-crmkit-link": "Customer" }),
      "/components/schemas/Order/properties/customer/x-crmkit-link",
      'holds no $ref to "Customer"',
    ],
    ["a bad x-crmkit-field", (d: any) => (d.components.schemas.Order.properties.total["x-crmkit-field"] = 3), "/components/schemas/Order/properties/total/x-crmkit-field", "must be a field name or a list"],
  ])("reports %s where it is", (_, change, pointer, message) => {
    const error = specError(() => modelOf(change));
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(message);
  });

  it("refuses two selecting parameters on one operation", () => {
    const error = specError(() =>
      modelOf((d) => d.paths["/orders"].get.parameters.push({ name: "select", in: "query", schema: { type: "string" }, "x-crmkit-fields": { mode: "add" } })),
    );
    expect(error.pointer).toBe("/paths/~1orders/get");
    expect(error.message).toContain('parameters "fields" and "select" both carry x-crmkit-fields');
  });
});

describe("x-crmkit-fields in the generated sources", () => {
  it("emits the record types, the selecting overloads and the row's select", async () => {
    const { files } = await generateSources("specs/shop.yaml", "shop", shop((d) => (d.components.parameters.fields["x-crmkit-fields"].item = "{name}!")));
    const fields = files.get("fields.gen.ts")!;
    expect(fields).toContain("export interface OrderFields {");
    expect(fields).toContain('  customer?: S["Id"] | null;');
    expect(fields).toContain('  lines?: Exclude<S["Order"]["lines"], S["Line"]>;');
    expect(fields).toContain('export type OrderDefaultField = "id";');
    expect(fields).toContain("export type OrderWith<K extends OrderFieldName> = Selected<OrderFields, K>;");
    expect(fields).toContain('  customer: CustomerSelected<LinkSelection<L, "customer">> | null;');
    expect(fields).toContain('  lines: LineSelected<LinkSelection<L, "lines">>[];');
    expect(fields).toContain("export interface ListOrdersSelecting<F> {");
    const client = files.get("client.gen.ts")!;
    const list = client.split("\n").filter((line) => /^ {2}list[<(]/.test(line) && line.includes("ListOrders"));
    expect(list).toEqual([
      '  list(params: ListOrdersParams & { fields: "*" }, options?: RequestOptions): PagePromise<Omit<ListOrdersResponse, "orders"> & { orders: OrderAll[] }, OrderAll>;',
      "  list(params?: ListOrdersParams, options?: RequestOptions): PagePromise<ListOrdersResponse, ListOrdersItem>;",
      '  list<N extends OrderFieldName>(params: ListOrdersSelecting<readonly N[]>, options?: RequestOptions): PagePromise<Omit<ListOrdersResponse, "orders"> & { orders: OrderWith<OrderDefaultField | N>[] }, OrderWith<OrderDefaultField | N>>;',
      '  list<const F extends OrderSelection>(params: ListOrdersSelecting<F>, options?: RequestOptions): PagePromise<Omit<ListOrdersResponse, "orders"> & { orders: OrderSelected<F>[] }, OrderSelected<F>>;',
    ]);
    expect(files.get("ops/orders.gen.ts")!).toContain('select: { param: "fields", item: "{name}!" }');
    expect(files.get("index.gen.ts")!).toContain('export type * from "./fields.gen.js";');
  });

  it("emits an empty module for a spec without selection", async () => {
    const { files } = await generateSources("specs/shop.yaml", "shop", source);
    expect(files.get("fields.gen.ts")!).toContain("export {};");
    expect(files.get("client.gen.ts")!).not.toContain("fields.gen.js");
  });
});

describe("x-crmkit-fields in the README", () => {
  it("explains the typed form with the spec's own names, links and all value", () => {
    const loaded = loadDocument("specs/shop.yaml", shop());
    const readme = emitReadme(buildModel(loaded), loaded);
    const section = readme.slice(readme.indexOf("## Choosing the returned fields"), readme.indexOf("## Errors"));
    expect(section).toContain("2 methods take `fields`");
    expect(section).toContain('const page = await client.orders.list({ fields: ["total", "note"] });');
    expect(section).toContain("// @ts-expect-error: not selected, so not in the type\npage.orders[0]!.customer;");
    expect(section).toContain('`fields: "*"` (or `"*"` in the list) selects every field.');
    expect(section).toContain('// sent as `fields=total,customer(name)`');
    expect(section).toContain("`OrderFieldName`, `OrderPick<\"total\">`");
  });

  it("has no such section when nothing selects", () => {
    const loaded = loadDocument("specs/shop.yaml", source);
    expect(emitReadme(buildModel(loaded), loaded)).not.toContain("## Choosing the returned fields");
  });
});
