import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

// Both are CommonJS modules exporting `default`; under NodeNext the default import is the module itself.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/** Vendor-specific formats: annotations only (the vendor notes record where their own data breaks them). */
const ANNOTATION_FORMATS = ["bson-id", "unix-timestamp", "hex-color", "b64-encoded", "int32", "int64", "float", "double", "decimal", "boolean"];

/**
 * An ajv instance holding the whole spec under the id "spec", so any pointer in it can be compiled.
 * `allErrors` reports every disagreement of a value instead of the first.
 */
export function createSpecAjv(document: Obj, options: { allErrors?: boolean } = {}) {
  const ajv = new Ajv({ strict: false, allErrors: options.allErrors ?? false });
  addFormats(ajv);
  for (const format of ANNOTATION_FORMATS) ajv.addFormat(format, true);
  ajv.addSchema(openApi30ToJsonSchema(document) as object, "spec");
  return ajv;
}

/**
 * OpenAPI 3.0's `nullable: true` is not JSON Schema: turn it into a type list (and allow null in enums)
 * so ajv reads 3.0 and 3.1 specs alike. Example values are data and stay as they are.
 */
export function openApi30ToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApi30ToJsonSchema);
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === "example" || key === "examples" ? value : openApi30ToJsonSchema(value);
  if (out.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    delete out.nullable;
  }
  return out;
}

/** One JSON pointer segment, escaped (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The value at a JSON pointer, given as "/a/b" or as a local $ref "#/a/b"; undefined when it reaches nothing. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.replace(/^#/, "").split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObj(node) || Array.isArray(node) ? (node as Obj)[key] : undefined;
  }
  return node;
}

/**
 * The pointer of the node `pointer` reaches when every $ref met on the way is followed (ajv resolves
 * pointers literally, not through $refs), or undefined when it reaches nothing.
 */
export function canonicalPointer(document: unknown, pointer: string): string | undefined {
  let node: unknown = document;
  let at = "#";
  for (const raw of pointer.replace(/^#\//, "").split("/")) {
    while (isObj(node) && typeof node.$ref === "string") {
      at = node.$ref;
      node = valueAtPointer(document, node.$ref);
    }
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObj(node) || Array.isArray(node) ? (node as Obj)[key] : undefined;
    if (node === undefined) return undefined;
    at = `${at}/${raw}`;
  }
  return at;
}
