// crmkit's own Redocly lint rules, loaded through `plugins:` in the repo's redocly.yaml and switched on
// there as `crmkit/<rule>`. Both protect the generated types from lying about what a vendor sends.
import { relative } from "node:path";

/** Keys that describe a schema without constraining its shape. */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "default",
  "readOnly",
  "writeOnly",
  "deprecated",
  "nullable",
  "externalDocs",
  "$comment",
]);

/** "specs/wealthbox/components/schemas/Task.yaml#/properties/subtasks/items": where a report points. */
function where(location) {
  const file = location.source?.absoluteRef ?? "";
  const shown = file.startsWith("/") ? relative(process.cwd(), file) : file;
  return `${shown}${location.pointer.startsWith("#") ? "" : "#"}${location.pointer}`;
}

/**
 * A response schema must stay open: `additionalProperties: false` (or 3.1's `unevaluatedProperties:
 * false`) anywhere a response reaches turns the first new field a vendor adds into a validation failure
 * and a type that forbids what the API really sends. Redocly's nested visitor stops at the response's
 * top schema, so the rule walks everything below it itself, following $refs; each schema is reported
 * once however many responses reach it.
 */
function OpenResponseSchemas() {
  const seen = new Set();
  const visit = (raw, location, ctx) => {
    let node = raw;
    let at = location;
    if (isObject(node) && typeof node.$ref === "string") {
      const resolved = ctx.resolve(node, at.source.absoluteRef);
      if (!resolved || resolved.node === undefined || !resolved.location) return;
      node = resolved.node;
      at = resolved.location;
    }
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    for (const keyword of ["additionalProperties", "unevaluatedProperties"]) {
      if (node[keyword] !== false) continue;
      const there = at.child([keyword]);
      ctx.report({
        message: `${where(there)}: \`${keyword}: false\` closes a schema that a response reaches; vendors add fields, so response schemas stay open (drop it, or give the extra fields a schema).`,
        location: there,
      });
    }
    for (const keyword of ["properties", "patternProperties"]) {
      if (isObject(node[keyword])) for (const [name, child] of Object.entries(node[keyword])) visit(child, at.child([keyword, name]), ctx);
    }
    for (const keyword of ["items", "additionalProperties", "unevaluatedProperties", "not", "contains", "additionalItems"]) {
      if (isObject(node[keyword])) visit(node[keyword], at.child([keyword]), ctx);
    }
    for (const keyword of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
      if (Array.isArray(node[keyword])) node[keyword].forEach((child, i) => visit(child, at.child([keyword, i]), ctx));
    }
  };
  return { Response: { Schema: { enter: (schema, ctx) => visit(schema, ctx.location, ctx) } } };
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Array items need a shape: `items: {type: object}` (or `items: {}`) gives every element the type
 * `Record<string, unknown>`/`unknown`, which hides the fields a user reads. Give the items properties, a
 * `$ref`, `additionalProperties` for a map, or a composition.
 */
function TypedArrayItems() {
  return {
    Schema: {
      enter(schema, ctx) {
        const items = schema.items;
        if (!isBare(items)) return;
        const at = ctx.location.child(["items"]);
        ctx.report({
          message: `${where(at)}: array items are a bare ${items.type === undefined ? "schema" : "`type: object`"}; describe the element (properties or a $ref).`,
          location: at,
        });
      },
    },
  };
}

function isBare(items) {
  if (!isObject(items)) return false;
  const types = items.type === undefined ? [] : [].concat(items.type);
  if (types.some((t) => t !== "object" && t !== "null")) return false;
  return Object.keys(items).every((key) => key === "type" || ANNOTATIONS.has(key) || key.startsWith("x-"));
}

export default function crmkitRules() {
  return {
    id: "crmkit",
    rules: {
      oas3: {
        "open-response-schemas": OpenResponseSchemas,
        "typed-array-items": TypedArrayItems,
      },
    },
  };
}
