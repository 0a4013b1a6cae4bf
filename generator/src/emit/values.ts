import type { LoadedDocument } from "../load.js";
import { resolveRef, type OperationModel } from "../model.js";
import { BINARY_SAMPLE } from "../sample.js";
import { literal } from "./table.js";

/**
 * Sample values as TypeScript source, for the calls the READMEs and the API reference write out: JSON-like
 * values print as literals, a file's contents (`BINARY_SAMPLE`) as a Blob, which is what the types ask for.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function sourceOf(value: unknown): string {
  return literal(value, (v) => (v === BINARY_SAMPLE ? 'new Blob(["file contents"], { type: "text/plain" })' : undefined));
}

/** Body properties that carry bytes (`format: binary`, which the generated types make a Blob) get a file, even where the spec's example gives a string. */
export function withFiles(loaded: LoadedDocument, op: OperationModel, body: unknown): unknown {
  const schema = bodySchema(loaded, op);
  if (!isObj(body) || !isObj(schema?.properties)) return body;
  const out: Obj = { ...body };
  for (const [name, property] of Object.entries(schema.properties)) {
    // A `contentMediaType` string stays a string in the types, so only `format: binary` counts.
    const binary = (resolveRef(loaded, property) as Obj | undefined)?.format === "binary";
    if (binary && name in out) out[name] = BINARY_SAMPLE;
  }
  return out;
}

/** The schema of the body the client sends (JSON when offered, else the first media type), allOf merged. */
export function bodySchema(loaded: LoadedDocument, op: OperationModel): Obj | undefined {
  if (!op.body) return undefined;
  const resolve = (v: unknown) => resolveRef(loaded, v);
  const segments = op.pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const item = resolve(((loaded.doc as Obj).paths as Obj)[segments[1]!]) as Obj;
  const body = resolve((item[op.httpMethod] as Obj).requestBody) as Obj | undefined;
  const content = isObj(body?.content) ? body.content : {};
  const mediaType = op.body.contentTypes.find((c) => /json/i.test(c)) ?? op.body.contentTypes[0]!;
  const schema = resolve((resolve(content[mediaType]) as Obj | undefined)?.schema) as Obj | undefined;
  if (!schema || !Array.isArray(schema.allOf)) return schema;
  const merged: Obj = { properties: {}, required: [] };
  for (const part of [schema, ...schema.allOf.map(resolve)]) {
    if (!isObj(part)) continue;
    Object.assign(merged.properties as Obj, isObj(part.properties) ? part.properties : {});
    if (Array.isArray(part.required)) (merged.required as unknown[]).push(...part.required);
  }
  return merged;
}
