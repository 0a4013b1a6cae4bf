import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadDocument } from "../../src/load.js";
import { applyOverlay } from "../../src/specs/overlay.js";
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

  it("rejects syntax it does not support", () => {
    expect(() => queryJsonPath(spec, "paths")).toThrow(/must start with "\$"/);
    expect(() => queryJsonPath(spec, "$.tags[1:2]")).toThrow(/expected "\]"/);
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

  it("fails, naming the overlay file and action, when a target selects nothing", () => {
    expect(() => applyOverlay(spec, overlay([{ target: "$.paths['/gone'].get", update: {} }]))).toThrow(
      /^overlay\.yaml:\d+ at #\/actions\/0\/target: target "\$\.paths\['\/gone'\]\.get" selects nothing in the spec$/,
    );
  });

  it("rejects a document that is not an overlay", () => {
    expect(() => applyOverlay(spec, loadDocument("o.yaml", "actions: []\n"))).toThrow(/at #\/overlay: missing or unsupported "overlay" version/);
  });
});
