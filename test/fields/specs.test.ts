import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The specs' field-selection declarations (x-crmkit-fields, specs/README.md) agree with the rest of each
 * spec: ProWorkflow's names with each parameter's pattern of allowed values, OnePageCRM's with the list
 * items, and every operation with a selecting parameter gets its typed form.
 */

type Obj = Record<string, any>;
const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve("@crmkit/specs/package.json")), "dist");
const load = (vendor: string) => JSON.parse(readFileSync(join(dist, `${vendor}.json`), "utf8")) as Obj;

const resolve = (doc: Obj, node: Obj): Obj => {
  let out = node;
  while (out && typeof out.$ref === "string") out = out.$ref.slice(2).split("/").reduce((o: Obj, k: string) => o[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  return out;
};

function selectingParameters(doc: Obj) {
  const found: Array<{ at: string; param: Obj; op: Obj }> = [];
  for (const [path, item] of Object.entries(doc.paths as Obj)) {
    for (const [method, op] of Object.entries(item as Obj)) {
      if (!Array.isArray((op as Obj).parameters)) continue;
      for (const raw of (op as Obj).parameters) {
        const param = resolve(doc, raw);
        if (param["x-crmkit-fields"]) found.push({ at: `${method.toUpperCase()} ${path}`, param, op: op as Obj });
      }
    }
  }
  return found;
}

describe("ProWorkflow fields", () => {
  const doc = load("proworkflow");
  const params = selectingParameters(doc);

  it("declares replace semantics with id always at the root, and names on every fields parameter", () => {
    expect(doc["x-crmkit-fields"]).toEqual({ mode: "replace", always: ["id"] });
    const fieldsParams = Object.values(doc.paths as Obj).flatMap((item) =>
      Object.values(item as Obj).flatMap((op) => ((op as Obj).parameters ?? []).map((p: Obj) => resolve(doc, p)).filter((p: Obj) => p.name === "fields")),
    );
    expect(fieldsParams.length).toBe(44);
    expect(params.length).toBe(fieldsParams.length);
  });

  it.each(params.map((p) => [p.at, p.param] as const))("%s: the names are exactly what the pattern accepts", (_, param) => {
    const pattern = new RegExp(param.schema.pattern);
    const names: string[] = param["x-crmkit-fields"].names;
    for (const name of names) expect(pattern.test(name.replace("{number}", "3")), name).toBe(true);
    // Every name of the pattern's alternation is listed (none, which selects no row, and the * marker excepted).
    const alternatives = new Set(
      [...String(param.schema.pattern).matchAll(/[(|]([a-z]+)(?:\\\*\?)?(?=[|)])/g)].map((m) => m[1]!).filter((n) => n !== "none" && n !== "apifield"),
    );
    expect([...alternatives].filter((n) => !names.includes(n))).toEqual([]);
    expect(pattern.test(names.map((n) => n.replace("{number}", "3")).join(","))).toBe(true);
  });
});

describe("OnePageCRM fields", () => {
  const doc = load("onepagecrm");
  it("selects collections that are properties of the list items, written name(all)", () => {
    const params = selectingParameters(doc);
    expect(params.map((p) => p.at).sort()).toEqual(["GET /contacts", "GET /deals"]);
    for (const { param, op, at } of params) {
      const ext = param["x-crmkit-fields"];
      expect(ext.item).toBe("{name}(all)");
      const key = op["x-crmkit-pagination"].items as string;
      const schema = resolve(doc, op.responses["200"].content["application/json"].schema);
      const items = resolve(doc, resolve(doc, resolve(doc, schema.properties.data).properties[key]).items);
      for (const name of ext.names) expect(Object.keys(items.properties), `${at} ${name}`).toContain(name);
      for (const name of ext.names) expect(param.description, at).toContain(name);
    }
  });
});

describe("Accelo _fields", () => {
  const doc = load("accelo");
  it("declares add semantics and _ALL on the shared parameter, used by list and get operations", () => {
    const params = selectingParameters(doc);
    expect(new Set(params.map((p) => JSON.stringify(p.param["x-crmkit-fields"])))).toEqual(new Set([JSON.stringify({ mode: "add", all: "_ALL" })]));
    expect(params.filter((p) => p.at.startsWith("GET ")).length).toBeGreaterThan(200);
  });
});
