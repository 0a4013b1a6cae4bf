import type { LoadedDocument } from "../load.js";
import { resolveRef, type OperationModel } from "../model.js";
import { literal } from "./table.js";

/**
 * Sample values as TypeScript source, for the calls the contract tests, READMEs and API reference
 * write out. JSON-like values print as literals; a `Code` prints as it is, for values JSON cannot hold
 * (a file's bytes).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export class Code {
  constructor(readonly text: string) {}
}

export function sourceOf(value: unknown): string {
  if (value instanceof Code) return value.text;
  if (Array.isArray(value)) return `[${value.map(sourceOf).join(", ")}]`;
  if (isObj(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${sourceOf(v)}`).join(", ")} }`;
  }
  return literal(value);
}

/** Body properties that carry bytes (`format: binary`, which the generated types make a Blob) get a Blob. */
export function withFiles(loaded: LoadedDocument, op: OperationModel, body: unknown): unknown {
  const schema = bodySchema(loaded, op);
  if (!isObj(body) || !isObj(schema?.properties)) return body;
  const out: Obj = { ...body };
  for (const [name, property] of Object.entries(schema.properties)) {
    // A `contentMediaType` string stays a string in the types, so only `format: binary` counts.
    const binary = (resolveRef(loaded, property) as Obj | undefined)?.format === "binary";
    if (binary && name in out) out[name] = new Code('new Blob(["file contents"], { type: "text/plain" })');
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
