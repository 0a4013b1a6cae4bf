import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSpecAjv, escapePointerSegment, valueAtPointer } from "./support/schemas.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const require = createRequire(import.meta.url);
const specsDir = join(dirname(require.resolve("@crmkit/specs/package.json")), "dist");
const vendors = ["onepagecrm", "wealthbox", "proworkflow", "accelo"];

/** One example and the schema it must satisfy, both as JSON pointers into the bundled spec. */
interface ExampleSite {
  example: string;
  schema: string;
  value: unknown;
}

/**
 * Every example in a spec with its schema: media types (request bodies, responses), parameters, and
 * schema objects themselves (`example`, or 3.1's `examples` list).
 */
function collectExamples(document: Obj): ExampleSite[] {
  const sites: ExampleSite[] = [];
  const deref = (node: unknown): unknown => {
    let n = node;
    for (let i = 0; i < 20 && isObj(n) && typeof n.$ref === "string"; i++) n = valueAtPointer(document, n.$ref);
    return n;
  };
  const fromExamples = (holder: Obj, at: string, schemaAt: string) => {
    if ("example" in holder) sites.push({ example: `${at}/example`, schema: schemaAt, value: holder.example });
    if (isObj(holder.examples)) {
      for (const [name, raw] of Object.entries(holder.examples)) {
        const example = deref(raw);
        if (isObj(example) && "value" in example) sites.push({ example: `${at}/examples/${escapePointerSegment(name)}`, schema: schemaAt, value: example.value });
      }
    }
  };
  const walkSchema = (schema: unknown, at: string, seen: Set<unknown>) => {
    if (!isObj(schema) || seen.has(schema) || typeof schema.$ref === "string") return;
    seen.add(schema);
    if ("example" in schema) sites.push({ example: `${at}/example`, schema: at, value: schema.example });
    if (Array.isArray(schema.examples)) schema.examples.forEach((value, i) => sites.push({ example: `${at}/examples/${i}`, schema: at, value }));
    if (isObj(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) walkSchema(v, `${at}/properties/${escapePointerSegment(k)}`, seen);
    if (isObj(schema.items)) walkSchema(schema.items, `${at}/items`, seen);
    if (isObj(schema.additionalProperties)) walkSchema(schema.additionalProperties, `${at}/additionalProperties`, seen);
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      if (Array.isArray(schema[key])) (schema[key] as unknown[]).forEach((v, i) => walkSchema(v, `${at}/${key}/${i}`, seen));
    }
  };
  const seen = new Set<unknown>();
  const walkMedia = (content: unknown, at: string) => {
    if (!isObj(content)) return;
    for (const [type, media] of Object.entries(content)) {
      if (!isObj(media) || !media.schema) continue;
      const mediaAt = `${at}/${escapePointerSegment(type)}`;
      fromExamples(media, mediaAt, `${mediaAt}/schema`);
      walkSchema(media.schema, `${mediaAt}/schema`, seen);
    }
  };
  const walkParameters = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      if (!isObj(p) || typeof p.$ref === "string" || !p.schema) return;
      fromExamples(p, `${at}/${i}`, `${at}/${i}/schema`);
      walkSchema(p.schema, `${at}/${i}/schema`, seen);
    });
  };
  for (const [path, item] of Object.entries((document.paths ?? {}) as Obj)) {
    if (!isObj(item)) continue;
    const itemAt = `/paths/${escapePointerSegment(path)}`;
    walkParameters(item.parameters, `${itemAt}/parameters`);
    for (const [method, op] of Object.entries(item)) {
      if (!isObj(op) || method === "parameters") continue;
      const opAt = `${itemAt}/${method}`;
      walkParameters(op.parameters, `${opAt}/parameters`);
      if (isObj(op.requestBody) && typeof op.requestBody.$ref !== "string") walkMedia(op.requestBody.content, `${opAt}/requestBody/content`);
      for (const [status, response] of Object.entries((op.responses ?? {}) as Obj)) {
        if (isObj(response) && typeof response.$ref !== "string") walkMedia(response.content, `${opAt}/responses/${escapePointerSegment(status)}/content`);
      }
    }
  }
  const components = (document.components ?? {}) as Obj;
  for (const [name, schema] of Object.entries((components.schemas ?? {}) as Obj)) walkSchema(schema, `/components/schemas/${escapePointerSegment(name)}`, seen);
  for (const kind of ["responses", "requestBodies"]) {
    for (const [name, holder] of Object.entries((components[kind] ?? {}) as Obj)) {
      if (isObj(holder)) walkMedia(holder.content, `/components/${kind}/${escapePointerSegment(name)}/content`);
    }
  }
  for (const [name, p] of Object.entries((components.parameters ?? {}) as Obj)) {
    if (isObj(p) && p.schema) {
      fromExamples(p, `/components/parameters/${escapePointerSegment(name)}`, `/components/parameters/${escapePointerSegment(name)}/schema`);
      walkSchema(p.schema, `/components/parameters/${escapePointerSegment(name)}/schema`, seen);
    }
  }
  return sites;
}

describe.each(vendors)("examples in the %s spec", (vendor) => {
  it("each validates against its schema", () => {
    const document = JSON.parse(readFileSync(join(specsDir, `${vendor}.json`), "utf8")) as Obj;
    const ajv = createSpecAjv(document);
    const sites = collectExamples(document);
    const failures: string[] = [];
    for (const site of sites) {
      const validate = ajv.getSchema(`spec#${site.schema}`) ?? ajv.compile({ $ref: `spec#${site.schema}` });
      if (!validate(site.value)) failures.push(`#${site.example}: ${ajv.errorsText(validate.errors)}`);
    }
    process.stdout.write(`examples ${vendor}: ${sites.length} checked, ${failures.length} invalid\n`);
    expect(sites.length).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
});
