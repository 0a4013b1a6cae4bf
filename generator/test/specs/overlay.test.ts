import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadDocument } from "../../src/load.js";
import { applyOverlay, applyOverlayCollecting } from "../../src/specs/overlay.js";
import { queryJsonPath } from "../../src/specs/jsonpath.js";

const spec = {
  tags: [{ name: "Web Hooks" }, { name: "Contacts" }],
  paths: {
    "/contacts": { get: { parameters: [{ name: "page" }], responses: { "200": { description: "OK" } } } },
    "/deals": { get: { responses: { "200": { description: "OK", content: { x: { schema: { properties: { items: {} } } } } } } } },
  },
};

const overlay = (actions: unknown[]) => loadDocument("overlay.yaml", stringify({ overlay: "1.0.0", info: { title: "t", version: "1" }, actions }));

describe("queryJsonPath", () => {
  it("selects by name, quoted name, index, wildcard, descendant and filter", () => {
    expect(queryJsonPath(spec, "$.paths['/contacts'].get.parameters[0].name").map((m) => m.value)).toEqual(["page"]);
    expect(queryJsonPath(spec, "$.paths.*.get").length).toBe(2);
    expect(queryJsonPath(spec, "$..description").map((m) => m.value)).toEqual(["OK", "OK"]);
    expect(queryJsonPath(spec, "$.tags[?(@.name == 'Web Hooks')]").map((m) => m.key)).toEqual([0]);
    expect(queryJsonPath(spec, "$.tags[?(@.name != 'Web Hooks')].name").map((m) => m.value)).toEqual(["Contacts"]);
  });

  it("takes the whole of RFC 9535: slices, unions, && chains and non-ASCII names", () => {
    const doc = { params: [{ name: "a", in: "query", required: true }, { name: "b", in: "query" }, { name: "c", in: "path", required: true }], "Übersicht": 1 };
    expect(queryJsonPath(doc, "$.params[1:]").map((m) => m.key)).toEqual([1, 2]);
    expect(queryJsonPath(doc, "$.params[0,2].name").map((m) => m.value)).toEqual(["a", "c"]);
    expect(queryJsonPath(doc, "$.params[?@.in == 'query' && @.required == true && @.name == 'a']").map((m) => m.key)).toEqual([0]);
    // The three-part && that jsonpath-rfc9535 gets wrong (it also matched items lacking the last member).
    expect(queryJsonPath(doc, "$.params[?@.in && @.name && @.required]").map((m) => m.key)).toEqual([0, 2]);
    expect(queryJsonPath(doc, "$.Übersicht").map((m) => m.value)).toEqual([1]);
    expect(queryJsonPath(doc, "$.params[?length(@.name) == 1]")).toHaveLength(3);
  });

  it("gives each match its location, parent and key", () => {
    const [match] = queryJsonPath(spec, "$.paths['/contacts'].get.parameters[0]");
    expect(match!.location).toEqual(["paths", "/contacts", "get", "parameters", 0]);
    expect(match!.key).toBe(0);
    expect(match!.parent).toBe(spec.paths["/contacts"].get.parameters);
  });

  it("rejects what is not RFC 9535, naming the expression", () => {
    expect(() => queryJsonPath(spec, "paths")).toThrow(/JSONPath "paths" is invalid/);
    expect(() => queryJsonPath(spec, "$.tags[?(@.name = 'x')]")).toThrow(/JSONPath .* is invalid/);
  });
});

describe("applyOverlay", () => {
  it("merges objects recursively, appends to arrays and removes", () => {
    const out = applyOverlay(
      spec,
      overlay([
        { target: "$.paths['/contacts'].get", update: { "x-crmkit-pagination": { items: "contacts" }, responses: { "200": { content: {} } } } },
        { target: "$.paths['/contacts'].get.parameters", update: { name: "partial" } },
        { target: "$.paths['/deals']", remove: true },
      ]),
    ) as typeof spec;
    expect(out.paths["/contacts"].get).toEqual({
      parameters: [{ name: "page" }, { name: "partial" }],
      responses: { "200": { description: "OK", content: {} } },
      "x-crmkit-pagination": { items: "contacts" },
    });
    expect("/deals" in out.paths).toBe(false);
    // The input is left untouched.
    expect(spec.paths["/contacts"].get.parameters).toHaveLength(1);
  });

  it("fails, naming the overlay file, the action's index and kind and its JSONPath, when a target selects nothing", () => {
    expect(() => applyOverlay(spec, overlay([{ target: "$.tags", update: { name: "x" } }, { target: "$.paths['/gone'].get", update: {} }]))).toThrow(
      /^overlay\.yaml:\d+ at #\/actions\/1\/target: action 1 \(update\) no longer matches: its target \$\.paths\['\/gone'\]\.get selects nothing in the spec$/,
    );
    expect(() => applyOverlay(spec, overlay([{ target: "$.paths['/gone']", remove: true, description: "Drop the\nold path." }]))).toThrow(
      /at #\/actions\/0\/target: action 0 \(remove\) no longer matches: its target \$\.paths\['\/gone'\] selects nothing in the spec \(the action says: Drop the old path\.\)$/,
    );
  });

  it("can collect every action that no longer matches instead of stopping at the first", () => {
    const { spec: out, unmatched } = applyOverlayCollecting(
      spec,
      overlay([
        { target: "$.paths['/gone'].get", update: { summary: "x" } },
        { target: "$.paths['/contacts'].get", update: { summary: "Contacts" } },
        { target: "$.components.schemas.Old", remove: true },
      ]),
    );
    expect(unmatched.map((u) => [u.index, u.kind, u.target])).toEqual([
      [0, "update", "$.paths['/gone'].get"],
      [2, "remove", "$.components.schemas.Old"],
    ]);
    expect((out as typeof spec).paths["/contacts"].get).toMatchObject({ summary: "Contacts" });
  });

  it("removes several matches of one target, array items included", () => {
    const doc = { list: [{ drop: true }, { keep: 1 }, { drop: true }, { keep: 2 }] };
    const out = applyOverlay(doc, overlay([{ target: "$.list[?@.drop]", remove: true }])) as typeof doc;
    expect(out.list).toEqual([{ keep: 1 }, { keep: 2 }]);
  });

  it("keeps a __proto__ key as data, never as a prototype", () => {
    const out = applyOverlay({ a: {} }, loadDocument("o.json", '{"overlay":"1.0.0","info":{"title":"t","version":"1"},"actions":[{"target":"$.a","update":{"__proto__":{"polluted":true}}}]}')) as {
      a: Record<string, unknown>;
    };
    expect(Object.getPrototypeOf(out.a)).toBe(Object.prototype);
    expect(Object.keys(out.a)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects a document that is not an overlay", () => {
    expect(() => applyOverlay(spec, loadDocument("o.yaml", "actions: []\n"))).toThrow(/at #\/overlay: missing or unsupported "overlay" version/);
  });
});
