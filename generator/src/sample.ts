/**
 * Values for calling an operation, taken from the spec: its own examples first, then values built
 * from the schema (enum, default, const, format, type). Used to emit contract tests, so every value
 * must satisfy the schema it came from.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export type Resolve = (value: unknown) => unknown;

/** The example a parameter, media type or schema documents, if any. */
export function documentedExample(node: unknown, resolve: Resolve): { value: unknown } | undefined {
  const n = resolve(node);
  if (!isObj(n)) return undefined;
  if ("example" in n) return { value: n.example };
  if (isObj(n.examples)) {
    for (const example of Object.values(n.examples)) {
      const e = resolve(example);
      if (isObj(e) && "value" in e) return { value: e.value };
    }
  }
  if (Array.isArray(n.examples) && n.examples.length > 0) return { value: n.examples[0] };
  return undefined;
}

export function sampleParameter(parameter: unknown, resolve: Resolve): unknown {
  const p = resolve(parameter) as Obj;
  const own = documentedExample(p, resolve);
  if (own) return own.value;
  if (isObj(p.content)) {
    const media = Object.values(p.content)[0];
    const fromMedia = documentedExample(media, resolve);
    if (fromMedia) return fromMedia.value;
    return sampleSchema(isObj(media) ? media.schema : undefined, resolve);
  }
  return sampleSchema(p.schema, resolve);
}

/** A value valid against `schema`, preferring what the schema itself documents. */
/** Stands for a file's contents (a `format: binary` string), which the generated clients type as a Blob. */
export const BINARY_SAMPLE: unique symbol = Symbol("binary sample");

export function sampleSchema(schema: unknown, resolve: Resolve, depth = 0, mode: "request" | "any" = "request"): unknown {
  const s = resolve(schema);
  if (!isObj(s) || depth > 12) return undefined;
  if ("const" in s) return s.const;
  const own = documentedExample(s, resolve);
  if (own && own.value !== undefined) return own.value;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if ("default" in s && s.default !== null) return s.default;
  if (Array.isArray(s.allOf)) return sampleSchema(flattenAllOf(s, resolve), resolve, depth + 1, mode);
  for (const key of ["oneOf", "anyOf"]) {
    const variants = s[key];
    if (Array.isArray(variants)) {
      const concrete = variants.find((v) => (resolve(v) as Obj | undefined)?.type !== "null") ?? variants[0];
      return sampleSchema(concrete, resolve, depth + 1, mode);
    }
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (s.format === "binary" && (type === "string" || type === undefined)) return BINARY_SAMPLE;
  switch (type) {
    case "string":
      return sampleString(s);
    case "integer":
      return typeof s.minimum === "number" ? Math.ceil(s.minimum) : 1;
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean":
      return true;
    case "array": {
      const item = sampleSchema(s.items, resolve, depth + 1, mode);
      const count = typeof s.minItems === "number" ? Math.max(1, s.minItems) : 1;
      return item === undefined ? [] : Array.from({ length: count }, () => item);
    }
    case "null":
      return null;
    default:
      return sampleObject(s, resolve, depth, mode);
  }
}

/** One schema holding the properties, required names and type of every allOf part. */
function flattenAllOf(s: Obj, resolve: Resolve): Obj {
  const merged: Obj = { ...s, properties: {}, required: [] };
  delete merged.allOf;
  const parts = [s, ...((s.allOf as unknown[]).map((p) => resolve(p)) as Obj[])];
  for (const part of parts) {
    if (!isObj(part)) continue;
    const flat = Array.isArray(part.allOf) && part !== s ? flattenAllOf(part, resolve) : part;
    if (isObj(flat.properties)) Object.assign(merged.properties as Obj, flat.properties);
    if (Array.isArray(flat.required)) (merged.required as unknown[]).push(...flat.required);
    if (flat.type !== undefined && merged.type === undefined) merged.type = flat.type;
  }
  if (merged.type === undefined) merged.type = "object";
  return merged;
}

function sampleObject(s: Obj, resolve: Resolve, depth: number, mode: "request" | "any"): unknown {
  if (!isObj(s.properties) && s.type !== "object") return s.type === undefined ? {} : undefined;
  const out: Obj = {};
  const required = Array.isArray(s.required) ? s.required.map(String) : [];
  const properties = isObj(s.properties) ? s.properties : {};
  for (const name of required) {
    const property = resolve(properties[name]) as Obj | undefined;
    if (mode === "request" && property?.readOnly === true) continue;
    const value = sampleSchema(properties[name] ?? {}, resolve, depth + 1, mode);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const FORMAT_SAMPLES: Record<string, string> = {
  date: "2024-01-15",
  "date-time": "2024-01-15T10:00:00Z",
  email: "someone@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  "bson-id": "5aba31ea9007ba0f570c92d4",
  "hex-color": "#ffffff",
  "unix-timestamp": "1700000000",
  byte: "aGVsbG8=",
  "b64-encoded": "aGVsbG8=",
  password: "secret",
};

/** Candidates tried in turn against a pattern, for schemas that give a pattern but no example. */
const PATTERN_CANDIDATES = ["1", "abc", "2024-01-15", "2024-01-15 10:00 AM -0500", "me", "all", "1,2", "-3w", "12h", "gte1", "true", "a"];

function sampleString(s: Obj): string {
  const format = typeof s.format === "string" ? FORMAT_SAMPLES[s.format] : undefined;
  let value = format ?? "sample";
  if (typeof s.pattern === "string") {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(s.pattern, "u");
    } catch {
      pattern = undefined;
    }
    if (pattern && !pattern.test(value)) value = PATTERN_CANDIDATES.find((c) => pattern!.test(c)) ?? value;
  }
  if (typeof s.minLength === "number" && value.length < s.minLength) value = value.padEnd(s.minLength, "x");
  if (typeof s.maxLength === "number" && value.length > s.maxLength) value = value.slice(0, s.maxLength);
  return value;
}
