import openapiTS, { astToString, NULL, STRING, tsIntersection, tsLiteral, tsUnion } from "openapi-typescript";
import ts from "typescript";
import { escapePointerSegment } from "../errors.js";
import { GENERATED_HEADER } from "./header.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Builds the error for a bad node; the generator passes `LoadedDocument.error` so it names file and line. */
export type SpecErrorFactory = (pointer: string, detail: string) => Error;

const OPEN_ENUM = "x-crmkit-open-enum";
/** Where the rewritten schema keeps the known values for the transform below (never in a spec). */
const KNOWN_VALUES = "x-crmkit-open-enum-known";

/**
 * The spec's types, as openapi-typescript writes them. Optional properties stay optional even when the
 * schema gives a default (`defaultNonNullable: false`): a default is what the server assumes, not a
 * promise that the field comes back. Binary strings (file uploads) are typed as what a program holds:
 * a Blob (File is one) or bytes. Schemas marked `x-crmkit-open-enum` become the known values plus any
 * other string (`"a" | "b" | (string & {})`), so editors still suggest the known values.
 */
export async function emitTypes(doc: unknown, specName: string, fail: SpecErrorFactory = defaultError): Promise<string> {
  const ast = await openapiTS(markOpenEnums(doc, fail) as Parameters<typeof openapiTS>[0], {
    defaultNonNullable: false,
    silent: true,
    transform(schema) {
      const known = (schema as Obj)[KNOWN_VALUES];
      if (isObj(known)) {
        const values = (known.values as string[]).map((v) => tsLiteral(v));
        const anyString = tsIntersection([STRING, ts.factory.createTypeLiteralNode([])]);
        return tsUnion([...values, anyString, ...(known.nullable === true ? [NULL] : [])]);
      }
      if (schema.format === "binary" && (schema.type === "string" || schema.type === undefined)) {
        return ts.factory.createUnionTypeNode([
          ts.factory.createTypeReferenceNode("Blob"),
          ts.factory.createTypeReferenceNode("Uint8Array"),
        ]);
      }
      return undefined;
    },
  });
  return `${GENERATED_HEADER(specName)}\n${astToString(ast)}`;
}

function defaultError(pointer: string, detail: string): Error {
  return new Error(`at #${pointer}: ${detail}`);
}

/**
 * A copy of the document in which every `x-crmkit-open-enum` schema is a plain string schema carrying
 * its known values, which the transform turns into the open union. The schema is checked first: its
 * known values sit in an `enum` of an `anyOf`/`oneOf` branch, and another branch admits any string, so
 * validators and mocks accept values a workspace adds.
 */
export function markOpenEnums(doc: unknown, fail: SpecErrorFactory = defaultError): unknown {
  const resolve = (node: unknown): unknown => {
    let n = node;
    for (let i = 0; i < 20 && isObj(n) && typeof n.$ref === "string" && n.$ref.startsWith("#"); i++) {
      n = n.$ref
        .slice(2)
        .split("/")
        .reduce<unknown>((at, raw) => (isObj(at) ? at[raw.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), doc);
    }
    return n;
  };
  const rewrite = (node: unknown, pointer: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => rewrite(item, `${pointer}/${i}`));
    if (!isObj(node)) return node;
    if (OPEN_ENUM in node) return openEnumSchema(node, pointer, resolve, fail);
    const out: Obj = {};
    for (const [key, value] of Object.entries(node)) out[key] = rewrite(value, `${pointer}/${escapePointerSegment(key)}`);
    return out;
  };
  return rewrite(doc, "");
}

function openEnumSchema(node: Obj, pointer: string, resolve: (n: unknown) => unknown, fail: SpecErrorFactory): Obj {
  if (node[OPEN_ENUM] !== true) throw fail(`${pointer}/${OPEN_ENUM}`, `${OPEN_ENUM} must be true`);
  if (Array.isArray(node.enum)) {
    throw fail(`${pointer}/enum`, `${OPEN_ENUM} with a top-level enum still rejects unknown values; put the known values in an anyOf branch beside {type: string}`);
  }
  const branches = [...(Array.isArray(node.anyOf) ? node.anyOf : []), ...(Array.isArray(node.oneOf) ? node.oneOf : [])].map(resolve);
  const values: string[] = [];
  let nullable = node.nullable === true || (Array.isArray(node.type) && node.type.includes("null"));
  let anyString = false;
  for (const branch of branches) {
    if (!isObj(branch)) continue;
    const types = branch.type === undefined ? [] : ([] as unknown[]).concat(branch.type);
    if (types.includes("null") || branch.nullable === true) nullable = true;
    if (Array.isArray(branch.enum)) {
      for (const value of branch.enum) {
        if (value === null) nullable = true;
        else if (typeof value === "string") values.push(value);
        else throw fail(pointer, `${OPEN_ENUM} known values must be strings, found ${JSON.stringify(value)}`);
      }
    } else if (types.includes("string") && branch.const === undefined && branch.pattern === undefined) {
      anyString = true;
    }
  }
  if (values.length === 0) {
    throw fail(pointer, `${OPEN_ENUM} needs its known values in an enum, e.g. anyOf: [{type: string, enum: [...]}, {type: string}]`);
  }
  if (!anyString) {
    throw fail(pointer, `${OPEN_ENUM} schema must also admit any string (add {type: string} to its anyOf), or unknown values fail validation`);
  }
  const marked: Obj = { type: "string", [KNOWN_VALUES]: { values: [...new Set(values)], nullable } };
  for (const key of ["description", "deprecated", "readOnly", "writeOnly", "example", "examples", "default"]) {
    if (key in node) marked[key] = node[key];
  }
  return marked;
}
