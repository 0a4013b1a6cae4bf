import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The Accelo spec's field annotations (specs/README.md, decision 2 of the brief): `x-crmkit-link` names
 * a schema of the spec that the property's own schema can hold, and `x-crmkit-default` is `true` and
 * sits on object properties only.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(join(dirname(require.resolve("@crmkit/specs/package.json")), "dist", "accelo.json"), "utf8")) as Obj;
const schemas = ((spec.components as Obj | undefined)?.schemas ?? {}) as Record<string, unknown>;

interface Annotated {
  at: string;
  property: Obj;
}

/** Every property schema of every component schema (through allOf/anyOf/oneOf and items), with its JSON pointer. */
function properties(): Annotated[] {
  const found: Annotated[] = [];
  const walk = (node: unknown, at: string) => {
    if (!isObj(node)) return;
    if (isObj(node.properties)) {
      for (const [name, property] of Object.entries(node.properties)) {
        if (!isObj(property)) continue;
        found.push({ at: `${at}/properties/${name}`, property });
        walk(property, `${at}/properties/${name}`);
      }
    }
    for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((s, i) => walk(s, `${at}/${key}/${i}`));
    if (isObj(node.items)) walk(node.items, `${at}/items`);
  };
  for (const [name, schema] of Object.entries(schemas)) walk(schema, `#/components/schemas/${name}`);
  return found;
}

/** Names of the component schemas a property's schema can be, directly or through anyOf/oneOf/items. */
function referenced(property: Obj): string[] {
  const names: string[] = [];
  const visit = (node: unknown) => {
    if (!isObj(node)) return;
    if (typeof node.$ref === "string") names.push(node.$ref.replace(/^#\/components\/schemas\//, ""));
    for (const key of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach(visit);
    if (isObj(node.items)) visit(node.items);
  };
  visit(property);
  return names;
}

const all = properties();

describe("accelo field annotations", () => {
  it("marks default fields", () => {
    expect(all.filter((p) => p.property["x-crmkit-default"] === true).length).toBeGreaterThan(0);
  });

  it("x-crmkit-default is only ever true", () => {
    const wrong = all.filter((p) => "x-crmkit-default" in p.property && p.property["x-crmkit-default"] !== true).map((p) => p.at);
    expect(wrong).toEqual([]);
  });

  it("every x-crmkit-link names a schema of the spec", () => {
    const unknown = all
      .filter((p) => "x-crmkit-link" in p.property)
      .filter((p) => typeof p.property["x-crmkit-link"] !== "string" || !(String(p.property["x-crmkit-link"]) in schemas))
      .map((p) => `${p.at}: ${JSON.stringify(p.property["x-crmkit-link"])}`);
    expect(unknown, "x-crmkit-link targets missing from components/schemas").toEqual([]);
  });

  it("a linked property's schema can hold the schema it links to", () => {
    const mismatched = all
      .filter((p) => typeof p.property["x-crmkit-link"] === "string" && String(p.property["x-crmkit-link"]) in schemas)
      .filter((p) => !referenced(p.property).includes(String(p.property["x-crmkit-link"])))
      .map((p) => `${p.at} links ${String(p.property["x-crmkit-link"])} but refers to ${referenced(p.property).join(", ") || "no schema"}`);
    expect(mismatched).toEqual([]);
  });
});
