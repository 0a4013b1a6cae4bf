import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stringify, parse } from "yaml";
import { SpecError } from "../src/errors.js";
import { loadDocument } from "../src/load.js";
import { buildModel } from "../src/model.js";

const fixture = fileURLToPath(new URL("./fixtures/shop.yaml", import.meta.url));
const source = readFileSync(fixture, "utf8");

/** The fixture with one change, as YAML text, loaded and modelled. */
function modelOf(change: (doc: any) => void, file = "specs/shop.yaml") {
  const doc = parse(source);
  change(doc);
  return buildModel(loadDocument(file, stringify(doc)));
}

function specError(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error("expected a SpecError");
}

describe("buildModel on a valid spec", () => {
  const model = buildModel(loadDocument(fixture));

  it("groups operations into resources named from their tags", () => {
    expect(model.resources.map((r) => [r.name, r.operations.map((o) => o.methodName)])).toEqual([
      ["orders", ["list", "create", "get", "delete"]],
      ["orderItems", ["list"]],
    ]);
  });

  it("merges path-level parameters and reads the extensions", () => {
    const get = model.operations.find((o) => o.operationId === "getOrder")!;
    expect(get.parameters).toEqual([{ name: "order_id", in: "path", required: true, description: "Order id", deprecated: false }]);
    expect(get.deprecated).toBe(true);
    expect(get.docsUrl).toBe("https://docs.shop.test/orders#get");
    const list = model.operations.find((o) => o.operationId === "listOrders")!;
    expect(list.pagination).toEqual({ style: "page", pageParam: "page", sizeParam: "per_page", firstPage: 1, defaultSize: 20, items: "orders", totalPages: "max_page" });
    expect(model.operations.find((o) => o.operationId === "deleteOrder")!.envelope).toBeNull();
    expect(model.client).toEqual({ name: "Shop", packageName: "@crmkit/shop", operationDocsUrl: undefined });
    expect(model.securitySchemes).toEqual([{ name: "token", type: "apiKey", in: "header", paramName: "X-Token", credential: { option: "apiToken" } }]);
    expect(model.servers[0]!.variables).toEqual([{ name: "region", default: "eu", description: "Data region", enum: undefined }]);
  });

  it("names the component schema most error responses share", () => {
    expect(model.errorSchema).toBeUndefined();
    const shared = modelOf((d) => {
      d.components.schemas.Problem = { type: "object", properties: { message: { type: "string" } } };
      d.components.responses.Error.content["application/json"].schema = { $ref: "#/components/schemas/Problem" };
    });
    expect(shared.errorSchema).toBe("Problem");
  });
});

describe("bad specs fail with the file and the JSON pointer", () => {
  it("invalid YAML", () => {
    const broken = source.replace("summary: Get an order", "summary: [Get an order");
    const error = specError(() => loadDocument("specs/shop.yaml", broken));
    expect(error.file).toBe("specs/shop.yaml");
    expect(error.message).toMatch(/^specs\/shop\.yaml:\d+ at #\/paths\/~1orders~1\{order_id\}\/get.*: invalid YAML/);
  });

  it("a dangling $ref names the place of the $ref", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders"].post.requestBody.content["application/json"].schema.$ref = "#/components/schemas/Nope")));
    expect(error.pointer).toBe("/paths/~1orders/post/requestBody/content/application~1json/schema/$ref");
    expect(error.message).toContain('$ref "#/components/schemas/Nope" does not resolve');
    expect(error.message).toMatch(/^specs\/shop\.yaml:\d+ at #\/paths/);
  });

  it("a $ref to another file", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders"].get.responses["400"].$ref = "./errors.yaml#/Error")));
    expect(error.message).toContain("points outside the document; bundle the spec first");
  });

  it("duplicate operationIds name both places", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders/{order_id}"].get.operationId = "listOrders")));
    expect(error.pointer).toBe("/paths/~1orders~1{order_id}/get/operationId");
    expect(error.message).toContain('duplicate operationId "listOrders" (also at #/paths/~1orders/get)');
  });

  it("a missing operationId", () => {
    const error = specError(() => modelOf((d) => delete d.paths["/orders"].post.operationId));
    expect(error.pointer).toBe("/paths/~1orders/post");
    expect(error.message).toContain('missing "operationId"');
  });

  it.each([
    ["info.title", (d: any) => delete d.info.title, "/info", 'missing required field "title"'],
    ["info", (d: any) => delete d.info, "/info", 'missing required field "info"'],
    ["openapi", (d: any) => delete d.openapi, "/openapi", 'missing or unsupported "openapi" version'],
    ["paths", (d: any) => delete d.paths, "/paths", 'missing required field "paths"'],
    ["responses", (d: any) => delete d.paths["/orders"].get.responses, "/paths/~1orders/get", 'missing required field "responses"'],
    ["response description", (d: any) => delete d.components.responses.Error.description, "/paths/~1orders/get/responses/400", 'missing required field "description"'],
    ["parameter in", (d: any) => delete d.paths["/orders"].get.parameters[0].in, "/paths/~1orders/get/parameters/0", 'missing required field "in"'],
  ])("a missing required field: %s", (_, change, pointer, message) => {
    const error = specError(() => modelOf(change));
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(message);
  });

  it("a path template variable without a parameter", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders/{order_id}"].parameters = [])));
    expect(error.message).toContain('path template variable "{order_id}" has no path parameter');
  });

  it("two operations that would get the same method name", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders/{order_id}"].get.operationId = "listOrder")));
    expect(error.message).toContain('operations "listOrders" and "listOrder" would both be orders.list(); set x-crmkit-method');
  });

  it("pagination over a parameter the operation lacks", () => {
    const error = specError(() => modelOf((d) => d.paths["/orders"].get.parameters.splice(0, 1)));
    expect(error.pointer).toBe("/paths/~1orders/get/x-crmkit-pagination");
    expect(error.message).toContain('query parameter "page", which the operation does not declare');
  });

  it("pagination items that are not an array", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders"].get["x-crmkit-pagination"].items = "max_page")));
    expect(error.message).toContain('items "max_page" is not an array');
  });

  it("an envelope property the response lacks", () => {
    const error = specError(() => modelOf((d) => (d["x-crmkit-envelope"].data = "result")));
    expect(error.message).toContain('the response has no "result" property for x-crmkit-envelope to unwrap');
  });

  it("a security scheme without its credential option", () => {
    const error = specError(() => modelOf((d) => delete d.components.securitySchemes.token["x-crmkit-credential"]));
    expect(error.pointer).toBe("/components/securitySchemes/token");
  });
});

describe("a maintainer's bad edit fails clearly, naming the place", () => {
  it("operationIds that differ only by case or underscore", () => {
    for (const clash of ["GetOrder", "get_order"]) {
      const error = specError(() =>
        modelOf((d) => {
          d.paths["/orders/{order_id}"].put = { ...structuredClone(d.paths["/orders/{order_id}"].get), operationId: clash, tags: ["Order Items"] };
        }),
      );
      expect(error.pointer).toBe("/paths/~1orders~1{order_id}/put/operationId");
      expect(error.message).toContain(`operationIds "getOrder" (at #/paths/~1orders~1{order_id}/get) and "${clash}" differ only by case or "_"`);
      expect(error.message).toContain("GetOrderParams and GetOrderResponse");
    }
  });

  it("a $ref to a name every object inherits (constructor, toString) is dangling", () => {
    for (const name of ["constructor", "toString", "__proto__"]) {
      const error = specError(() => modelOf((d) => (d.paths["/orders"].post.requestBody.content["application/json"].schema.$ref = `#/components/schemas/${name}`)));
      expect(error.pointer).toBe("/paths/~1orders/post/requestBody/content/application~1json/schema/$ref");
      expect(error.message).toContain(`$ref "#/components/schemas/${name}" does not resolve`);
    }
  });

  it("a malformed percent-escape in a $ref", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders"].post.requestBody.content["application/json"].schema.$ref = "#/components/schemas/Or%zzder")));
    expect(error.pointer).toBe("/paths/~1orders/post/requestBody/content/application~1json/schema/$ref");
    expect(error.message).toMatch(/^specs\/shop\.yaml:\d+ at #\/paths\/~1orders\/post\/requestBody\/content\/application~1json\/schema\/\$ref: /);
    expect(error.message).toContain('has a malformed percent-escape ("%zz")');
  });

  it("a percent-escape that is well formed still resolves", () => {
    const model = modelOf((d) => {
      d.components.schemas["Big Order"] = d.components.schemas.Order;
      d.paths["/orders"].post.requestBody.content["application/json"].schema.$ref = "#/components/schemas/Big%20Order";
    });
    expect(model.operations.some((o) => o.operationId === "createOrder")).toBe(true);
  });

  it("a cycle of $refs names the $ref and the chain", () => {
    const error = specError(() =>
      modelOf((d) => {
        d.components.schemas.A = { $ref: "#/components/schemas/B" };
        d.components.schemas.B = { $ref: "#/components/schemas/A" };
        d.paths["/orders"].post.requestBody.content["application/json"].schema.$ref = "#/components/schemas/A";
      }),
    );
    expect(error.pointer).toBe("/paths/~1orders/post/requestBody/content/application~1json/schema/$ref");
    expect(error.message).toContain("$ref cycle: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A never reaches a definition");
    expect(error.line).toBeGreaterThan(0);
  });

  it("a schema made only of itself through allOf/oneOf", () => {
    const error = specError(() =>
      modelOf((d) => {
        d.components.schemas.Order = { oneOf: [{ type: "string" }, { allOf: [{ $ref: "#/components/schemas/Order" }] }] };
      }),
    );
    expect(error.pointer).toBe("/components/schemas/Order/oneOf/1/allOf/0/$ref");
    expect(error.message).toContain("schema cycle: #/components/schemas/Order → #/components/schemas/Order");
  });

  it("a recursive schema through a property or items is fine", () => {
    const model = modelOf((d) => {
      d.components.schemas.Order.properties.children = { type: "array", items: { $ref: "#/components/schemas/Order" } };
      d.components.schemas.Order.properties.parent = { allOf: [{ $ref: "#/components/schemas/Order" }] };
    });
    expect(model.operations.length).toBeGreaterThan(0);
  });

  it("a tag with letters outside ASCII is not mangled: it must be given a resource name", () => {
    const error = specError(() =>
      modelOf((d) => {
        d.tags.push({ name: "Kontakte Übersicht" });
        d.paths["/orders/{order_id}/items"].get.tags = ["Kontakte Übersicht"];
      }),
    );
    expect(error.pointer).toBe("/tags/2/name");
    expect(error.message).toContain('tag "Kontakte Übersicht" has letters outside ASCII');
    expect(error.message).toContain('set x-crmkit-resource on the tag');
    expect(error.message).not.toContain("kontakteBersicht");
    const named = modelOf((d) => {
      d.tags.push({ name: "Kontakte Übersicht", "x-crmkit-resource": "kontakteUebersicht" });
      d.paths["/orders/{order_id}/items"].get.tags = ["Kontakte Übersicht"];
    });
    expect(named.resources.map((r) => r.name)).toEqual(["orders", "kontakteUebersicht"]);
  });

  it("an undeclared non-ASCII tag points at the operation's tags", () => {
    const error = specError(() => modelOf((d) => (d.paths["/orders/{order_id}/items"].get.tags = ["Café"])));
    expect(error.pointer).toBe("/paths/~1orders~1{order_id}~1items/get/tags/0");
    expect(error.message).toContain('(for example "cafe")');
  });

  it("a parameter named __proto__", () => {
    const error = specError(() => modelOf((d) => d.paths["/orders"].get.parameters.push({ name: "__proto__", in: "query", schema: { type: "string" } })));
    expect(error.pointer).toBe("/paths/~1orders/get/parameters/3/name");
    expect(error.message).toContain('a parameter named "__proto__" cannot be passed in a params object');
  });

  it("two parameters of one name in different places", () => {
    const error = specError(() =>
      modelOf((d) => d.paths["/orders/{order_id}/items"].get.parameters.push({ name: "order_id", in: "query", schema: { type: "integer" } })),
    );
    expect(error.pointer).toBe("/paths/~1orders~1{order_id}~1items/get");
    expect(error.message).toContain('the path parameter and the query parameter are both named "order_id"');
  });
});
