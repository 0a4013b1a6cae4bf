import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { diffSurfaces, type Change } from "../../src/diff/compare.js";
import { formatReport, groupChanges, toJson } from "../../src/diff/report.js";
import { surfaceOf } from "../../src/diff/surface.js";
import { loadDocument } from "../../src/load.js";

const source = readFileSync(fileURLToPath(new URL("../fixtures/shop.yaml", import.meta.url)), "utf8");

/** The shop fixture against a changed copy of it. */
function diffOf(change: (doc: any) => void, prepare: (doc: any) => void = () => {}) {
  const before = parse(source);
  prepare(before);
  const after = structuredClone(before);
  change(after);
  return diffSurfaces(surfaceOf(loadDocument("old.yaml", stringify(before))), surfaceOf(loadDocument("new.yaml", stringify(after))));
}

const pick = (changes: Change[]) => changes.map(({ level, kind, operation, message }) => ({ level, kind, operation, message }));

describe("diff: parameters", () => {
  it.each([
    ["a new required parameter is breaking", (d: any) => d.paths["/orders"].get.parameters.push({ name: "region", in: "query", required: true, schema: { type: "string" } }), "major", "parameter-added", "required query parameter region added"],
    ["a new optional parameter is a feature", (d: any) => d.paths["/orders"].get.parameters.push({ name: "q", in: "query", schema: { type: "string" } }), "minor", "parameter-added", "optional query parameter q added"],
    ["a parameter made required is breaking", (d: any) => (d.paths["/orders"].get.parameters[2].required = true), "major", "parameter-required", "query parameter status is now required"],
    ["a removed parameter is breaking", (d: any) => d.paths["/orders"].get.parameters.splice(2, 1), "major", "parameter-removed", "query parameter status removed"],
    ["a new request enum value is a feature", (d: any) => d.paths["/orders"].get.parameters[2].schema.enum.push("void"), "minor", "enum-value-added", 'query parameter status: value "void" added'],
    ["a removed request enum value is breaking", (d: any) => d.paths["/orders"].get.parameters[2].schema.enum.pop(), "major", "enum-value-removed", 'query parameter status: value "closed" removed'],
    ["a widened parameter type is a feature", (d: any) => (d.paths["/orders"].get.parameters[0].schema.type = ["integer", "string"]), "minor", "type-changed", "query parameter page: type integer → integer | string"],
    ["a narrowed parameter type is breaking", (d: any) => (d.paths["/orders"].get.parameters[0].schema.type = "boolean"), "major", "type-changed", "query parameter page: type integer → boolean"],
  ])("%s", (_, change, level, kind, message) => {
    const { changes, level: overall } = diffOf(change);
    expect(pick(changes)).toEqual([{ level, kind, operation: "GET /orders", message }]);
    expect(overall).toBe(level);
  });

  it("a renamed path template variable is a renamed params key", () => {
    const { changes } = diffOf((d) => {
      const item = d.paths["/orders/{order_id}"];
      delete d.paths["/orders/{order_id}"];
      item.parameters[0].name = "id";
      d.paths["/orders/{id}"] = item;
    });
    expect(changes.filter((c) => c.operation === "GET /orders/{id}").map((c) => [c.level, c.kind, c.message])).toEqual([["major", "parameter-renamed", "path parameter order_id renamed to id"]]);
  });
});

describe("diff: request and response fields", () => {
  it("a new required request field is breaking, an optional one a feature", () => {
    const { changes } = diffOf((d) => {
      d.components.schemas.Order.properties.currency = { type: "string" };
      d.components.schemas.Order.properties.channel = { type: "string" };
      d.components.schemas.Order.required.push("currency");
    });
    // Order is the request body of createOrder and the payload of several responses.
    const create = changes.filter((c) => c.operation === "POST /orders");
    expect(create.map((c) => [c.level, c.kind, c.message])).toEqual([
      ["major", "request-field-added", "request field Order.currency added (required)"],
      ["minor", "request-field-added", "request field Order.channel added (optional)"],
      ["minor", "response-field-added", "response field Order.currency added"],
      ["minor", "response-field-added", "response field Order.channel added"],
    ]);
    expect(create[0]!.pointer).toBe("/components/schemas/Order/properties/currency");
  });

  it("a removed response field is breaking; a renamed one says so", () => {
    const removed = diffOf((d) => delete d.components.schemas.Order.properties.note);
    expect(removed.changes.find((c) => c.operation === "GET /orders/{order_id}")).toMatchObject({
      level: "major",
      kind: "response-field-removed",
      message: "response field Order.note removed",
      pointer: "/components/schemas/Order/properties/note",
    });
    const renamed = diffOf((d) => {
      const props = d.components.schemas.Order.properties;
      props.notes = props.note;
      delete props.note;
    });
    expect(renamed.changes.find((c) => c.operation === "GET /orders/{order_id}")).toMatchObject({ level: "major", kind: "field-renamed", message: "response field Order.note renamed to notes" });
  });

  it("a new response enum value is a feature with a warning", () => {
    const { changes } = diffOf(
      (d) => d.components.schemas.Order.properties.state.enum.push("refunded"),
      (d) => (d.components.schemas.Order.properties.state = { type: "string", enum: ["open", "paid"] }),
    );
    const get = changes.find((c) => c.operation === "GET /orders/{order_id}" && c.message.startsWith("response"))!;
    expect(get).toMatchObject({ level: "minor", kind: "enum-value-added", warning: true });
    expect(get.message).toBe('response field Order.state: value "refunded" added. Warning: code that handles every value of Order.state should handle the new one');
    const request = changes.find((c) => c.operation === "POST /orders" && c.message.startsWith("request"))!;
    expect(request.level).toBe("minor");
    expect(request.warning).toBeUndefined();
  });

  it("a response field type change is breaking, integer to number is not", () => {
    const changed = diffOf((d) => (d.components.schemas.Order.properties.total.type = "string"));
    expect(changed.changes.find((c) => c.operation === "GET /orders/{order_id}")).toMatchObject({ level: "major", kind: "type-changed", message: "response field Order.total: type number → string" });
    const same = diffOf((d) => (d.components.schemas.Order.properties.total.type = "integer"));
    expect(same.changes.find((c) => c.operation === "GET /orders/{order_id}")).toMatchObject({ level: "patch", kind: "type-changed" });
  });

  it("a response field that may now be null is breaking; one that no longer may is a fix", () => {
    const nullable = diffOf((d) => (d.components.schemas.Order.properties.total.type = ["number", "null"]));
    expect(nullable.changes.find((c) => c.operation === "GET /orders/{order_id}")).toMatchObject({ level: "major", kind: "nullable-changed", message: "response field Order.total is now nullable" });
    const notNull = diffOf((d) => (d.components.schemas.Order.properties.note.type = "string"));
    expect(notNull.changes.find((c) => c.operation === "GET /orders/{order_id}")).toMatchObject({ level: "patch", kind: "nullable-changed" });
  });

  it("a request body made required is breaking", () => {
    const { changes } = diffOf(
      (d) => (d.paths["/orders"].post.requestBody.required = true),
      (d) => (d.paths["/orders"].post.requestBody.required = false),
    );
    expect(pick(changes)).toEqual([{ level: "major", kind: "request-body-required", operation: "POST /orders", message: "request body is now required" }]);
  });

  it("the success status changing alone is a fix", () => {
    const { changes } = diffOf((d) => {
      const post = d.paths["/orders"].post;
      post.responses["200"] = post.responses["201"];
      delete post.responses["201"];
    });
    expect(pick(changes)).toEqual([{ level: "patch", kind: "response-status-changed", operation: "POST /orders", message: "success status 201 → 200" }]);
  });
});

describe("diff: operations, auth, servers and the crmkit extensions", () => {
  it("operation added, removed and renamed", () => {
    const { changes } = diffOf((d) => {
      d.paths["/orders/{order_id}/items"].post = {
        operationId: "addOrderItem",
        summary: "Add an item",
        tags: ["Order Items"],
        parameters: [{ name: "order_id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "204": { description: "Added" } },
      };
      delete d.paths["/orders/{order_id}"].delete;
      d.paths["/orders"].get.operationId = "searchOrders";
    });
    expect(pick(changes.filter((c) => c.kind.startsWith("operation")))).toEqual([
      { level: "major", kind: "operation-renamed", operation: "GET /orders", message: "renamed from listOrders to searchOrders: orders.list() → orders.search(); types ListOrders* → SearchOrders*" },
      { level: "minor", kind: "operation-added", operation: "POST /orders/{order_id}/items", message: "new operation orderItems.add() (POST /orders/{order_id}/items)" },
      { level: "major", kind: "operation-removed", operation: "DELETE /orders/{order_id}", message: "operation orders.delete() (DELETE /orders/{order_id}) removed: orders.delete() no longer exists" },
    ]);
  });

  it("a method renamed by x-crmkit-method alone is breaking", () => {
    const { changes } = diffOf((d) => (d.paths["/orders"].get["x-crmkit-method"] = "all"));
    expect(pick(changes)).toEqual([{ level: "major", kind: "method-renamed", operation: "GET /orders", message: "client method orders.list() → orders.all()" }]);
  });

  it("pagination and envelopes, as the model reads them", () => {
    const paged = diffOf((d) => delete d.paths["/orders"].get["x-crmkit-pagination"]);
    expect(paged.changes.map((c) => [c.level, c.kind])).toEqual([["major", "pagination-removed"]]);
    const envelope = diffOf((d) => (d.paths["/orders/{order_id}"].get["x-crmkit-envelope"] = false));
    expect(pick(envelope.changes)).toEqual([{ level: "major", kind: "envelope-changed", operation: "GET /orders/{order_id}", message: 'the method returns "data" → the whole body of the response' }]);
  });

  it("list items that stay in the same place of the body are no pagination change, whatever envelope and items say", () => {
    const same = diffOf((d) => {
      d.paths["/orders"].get["x-crmkit-envelope"] = false;
      d.paths["/orders"].get["x-crmkit-pagination"].items = "data.orders";
    });
    expect(same.changes.map((c) => c.kind)).toEqual(["envelope-changed"]);
    const moved = diffOf((d) => (d.paths["/orders"].get["x-crmkit-pagination"].items = "max_page_orders"), (d) => {
      d.paths["/orders"].get.responses["200"].content["application/json"].schema.properties.data.properties.max_page_orders = { type: "array", items: { type: "string" } };
    });
    expect(pick(moved.changes)).toEqual([
      { level: "major", kind: "pagination-changed", operation: "GET /orders", message: "list items are read from data.orders → data.max_page_orders of the response" },
    ]);
  });

  it("auth and server changes are API-wide (operation null)", () => {
    const { changes } = diffOf((d) => {
      d.components.securitySchemes.basic = { type: "http", scheme: "basic", "x-crmkit-credential": { username: "user", password: "pass" } };
      d.security.push({ basic: [] });
      d.servers[0].url = "https://{region}.{zone}.shop.test/v1";
      d.servers[0].variables.zone = { default: "a" };
    });
    expect(pick(changes)).toEqual([
      { level: "patch", kind: "server-changed", operation: null, message: "default base URL https://{region}.shop.test/v1 → https://{region}.{zone}.shop.test/v1" },
      { level: "major", kind: "server-variable-added", operation: null, message: 'server variable {zone} added: a new required client option "zone"' },
      { level: "minor", kind: "auth-added", operation: null, message: "the API accepts basic as another way to authenticate" },
    ]);
  });

  it("works without crmkit extensions or operationIds, keying operations by method and path", () => {
    const strip = (d: any) => {
      for (const key of Object.keys(d)) if (key.startsWith("x-")) delete d[key];
      for (const item of Object.values<any>(d.paths)) for (const op of Object.values<any>(item)) if (op && typeof op === "object" && !Array.isArray(op)) delete op.operationId;
    };
    const { changes } = diffOf(
      (d) => {
        d.paths["/orders"].get.parameters.push({ name: "region", in: "query", required: true, schema: { type: "string" } });
        d.paths["/orders"].get.operationId = "listOrders";
      },
      strip,
    );
    expect(pick(changes)).toEqual([
      { level: "minor", kind: "operation-id-added", operation: "GET /orders", message: "gets operationId listOrders, which names its method and types (ListOrdersParams, ListOrdersResponse)" },
      { level: "major", kind: "parameter-added", operation: "GET /orders", message: "required query parameter region added" },
    ]);
  });

  it("no change is level none", () => {
    expect(diffOf(() => {})).toMatchObject({ level: "none", changes: [] });
  });
});

describe("diff output", () => {
  it("--json has exactly { level, changes: [{ level, kind, operation, pointer, message }] }", () => {
    const json = toJson(diffOf((d) => d.paths["/orders"].get.parameters.splice(2, 1)));
    expect(Object.keys(json)).toEqual(["level", "changes"]);
    expect(json.changes).toEqual([
      { level: "major", kind: "parameter-removed", operation: "GET /orders", pointer: "/paths/~1orders/get/parameters/2", message: "query parameter status removed" },
    ]);
  });

  it("the report lists a shared schema's change once, with the operations using it", () => {
    const result = diffOf((d) => delete d.components.schemas.Order.properties.note);
    const grouped = groupChanges(result.changes);
    expect(grouped.groups.map((g) => [g.title, g.entries.map((e) => [e.message, e.operations.length])])).toEqual([
      ["schema Order", [["response field Order.note removed", 3], ["request field Order.note removed", 1]]],
    ]);
    const report = formatReport(result, { title: "Shop 1.0: a → b", oldLabel: "a", newLabel: "b" });
    expect(report.split("\n").slice(0, 2)).toEqual(["Shop 1.0: a → b: major (breaking changes)", "  2 breaking, 0 features, 0 fixes; 4 changes over 3 operations"]);
    expect(report).toContain("  schema Order (in 3 operations)\n    - response field Order.note removed  #/components/schemas/Order/properties/note\n    - request field");
  });
});
