import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapePointerSegment, valueAtPointer } from "../support/schemas.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const require = createRequire(import.meta.url);
const document = JSON.parse(
  readFileSync(join(dirname(require.resolve("@crmkit/specs/package.json")), "dist", "proworkflow.json"), "utf8"),
) as Obj;

/** The records issue 15 holds to the 10% budget of untyped properties. */
const RECORDS = ["Project", "Task", "TimeRecord", "Quote", "Contact", "Company"];
const MAX_UNTYPED_SHARE = 0.1;

/** Keywords that give a schema a shape; a schema with none of them generates as `unknown`. */
const SHAPING = ["type", "$ref", "enum", "const", "allOf", "oneOf", "anyOf", "properties", "items", "additionalProperties"];

const deref = (node: unknown): unknown => {
  let n = node;
  for (let i = 0; i < 20 && isObj(n) && typeof n.$ref === "string"; i++) n = valueAtPointer(document, n.$ref);
  return n;
};

/** No keyword gives it a shape: generated types say `unknown`. */
function isUntyped(schema: unknown): boolean {
  const s = deref(schema);
  return !isObj(s) || !SHAPING.some((k) => k in s);
}

/** An object schema that says nothing about its members: generated types say `Record<string, never>`. */
function isBareObject(schema: unknown): boolean {
  const s = deref(schema);
  if (!isObj(s)) return false;
  const isObjectType = s.type === "object" || (Array.isArray(s.type) && s.type.includes("object"));
  const saysMore = ["properties", "additionalProperties", "patternProperties", "allOf", "oneOf", "anyOf", "$ref", "enum", "const"].some((k) => k in s);
  return isObjectType && !saysMore;
}

/** Every schema node in the document with its JSON pointer (components and inline path schemas alike). */
function schemaNodes(): Array<{ at: string; schema: Obj }> {
  const out: Array<{ at: string; schema: Obj }> = [];
  const walk = (node: unknown, at: string, inSchema: boolean) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${at}/${i}`, inSchema));
      return;
    }
    if (!isObj(node)) return;
    if (inSchema) out.push({ at, schema: node });
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples" || key === "x-crmkit-pagination") continue;
      const child = `${at}/${escapePointerSegment(key)}`;
      if (key === "schema" || (key === "schemas" && at === "/components")) {
        if (key === "schema") walk(value, child, true);
        else for (const [name, s] of Object.entries(value as Obj)) walk(s, `${child}/${escapePointerSegment(name)}`, true);
      } else if (inSchema && (key === "properties" || key === "patternProperties")) {
        for (const [name, s] of Object.entries(value as Obj)) walk(s, `${child}/${escapePointerSegment(name)}`, true);
      } else if (inSchema && ["items", "additionalProperties", "not", "allOf", "oneOf", "anyOf", "prefixItems"].includes(key)) {
        walk(value, child, true);
      } else if (!inSchema) {
        walk(value, child, false);
      }
    }
  };
  walk(document, "", false);
  return out;
}

/** The properties of a record schema, merging its allOf parts. */
function recordProperties(name: string): Map<string, unknown> {
  const props = new Map<string, unknown>();
  const collect = (schema: unknown) => {
    const s = deref(schema);
    if (!isObj(s)) return;
    if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) props.set(k, v);
    if (Array.isArray(s.allOf)) s.allOf.forEach(collect);
  };
  collect(((document.components as Obj).schemas as Obj)[name]);
  return props;
}

describe("ProWorkflow response schemas", () => {
  it.each(RECORDS)("%s has at most 10% untyped properties", (name) => {
    const schemas = (document.components as Obj).schemas as Obj;
    expect(schemas[name], `components.schemas.${name} exists`).toBeDefined();
    const props = recordProperties(name);
    const untyped = [...props].filter(([, s]) => isUntyped(s)).map(([k]) => k);
    const share = props.size ? untyped.length / props.size : 1;
    process.stdout.write(
      `untyped ${name}: ${untyped.length}/${props.size} (${(share * 100).toFixed(1)}%)${untyped.length ? `: ${untyped.join(", ")}` : ""}\n`,
    );
    expect(props.size).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(MAX_UNTYPED_SHARE);
  });

  it("no array items and no property is a bare object", () => {
    const bare: string[] = [];
    for (const { at, schema } of schemaNodes()) {
      if (isObj(schema.items) && isBareObject(schema.items)) bare.push(`${at}/items`);
      if (isObj(schema.properties)) {
        for (const [key, value] of Object.entries(schema.properties)) {
          if (isBareObject(value)) bare.push(`${at}/properties/${escapePointerSegment(key)}`);
        }
      }
    }
    process.stdout.write(`bare objects in proworkflow: ${bare.length}${bare.length ? `\n  ${bare.join("\n  ")}` : ""}\n`);
    expect(bare).toEqual([]);
  });

  it("finds untyped and bare schemas (the checks can fail)", () => {
    expect(isUntyped({ description: "shape not documented" })).toBe(true);
    expect(isUntyped({ type: "string" })).toBe(false);
    expect(isBareObject({ type: "object" })).toBe(true);
    expect(isBareObject({ type: "object", properties: { id: { type: "integer" } } })).toBe(false);
  });
});
