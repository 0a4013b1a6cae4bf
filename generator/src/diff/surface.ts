import { SpecError, escapePointerSegment, joinPointer } from "../errors.js";
import type { LoadedDocument } from "../load.js";
import { buildModel, lookupRef, refTarget, type ApiModel, type PaginationModel } from "../model.js";
import { toPascalCase } from "../naming.js";

/**
 * The API surface a diff compares: plain data read from any valid OpenAPI 3.0/3.1 document (no crmkit
 * extensions or operationIds needed), with every `$ref` resolved. When the document carries
 * `x-crmkit-client`, the generator's model adds what only it knows: client method names, pagination,
 * envelopes and credential options.
 */
export interface ApiSurface {
  file: string;
  title: string;
  version: string;
  /** From the model: the client and the package it is published as. */
  client?: { name: string; packageName: string };
  /** Why a document with x-crmkit-client gave no model (the comparison then reads it as plain OpenAPI). */
  modelError?: string;
  servers: ServerSurface[];
  securitySchemes: Record<string, SecuritySchemeSurface>;
  /** Alternatives; each inner list is sent together (sorted, for comparing). */
  security: string[][];
  /** From the model. */
  envelope?: { data: string; meta?: string };
  operations: OperationSurface[];
  /** Every schema reachable from an operation, by the JSON pointer of its definition. */
  schemas: Record<string, SchemaNode>;
}

export interface ServerSurface {
  url: string;
  variables: string[];
}

export interface SecuritySchemeSurface {
  /** How the credential travels: "http basic", "apiKey header X-Token", "oauth2". */
  how: string;
  /** From the model: the client options that supply it. */
  options?: string[];
  pointer: string;
}

export interface OperationSurface {
  /** Method and path with the template variables blanked: `GET /contacts/{}`. Operations are matched by it. */
  key: string;
  method: string;
  path: string;
  pointer: string;
  operationId?: string;
  /** `contacts.list`, from the model. */
  clientMethod?: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  parameters: ParameterSurface[];
  body?: { required: boolean; mediaType: string; schema?: string; pointer: string };
  success?: { status: string; mediaType?: string; schema?: string; pointer: string };
  /** Present when the operation overrides the document's security. */
  security?: string[][];
  servers?: string[];
  /** From the model. */
  pagination?: Pick<PaginationModel, "style" | "pageParam" | "offsetParam" | "cursorParam" | "sizeParam" | "items" | "nextCursor">;
  /** From the model: the envelope this operation unwraps (`null`: none). */
  envelope?: { data: string; meta?: string } | null;
}

export interface ParameterSurface {
  name: string;
  in: string;
  required: boolean;
  deprecated: boolean;
  schema?: string;
  pointer: string;
}

/** One schema, normalized: `nullable` folded into `types`, `allOf` merged, `$ref`s replaced by pointers. */
export interface SchemaNode {
  pointer: string;
  /** The component name, for `#/components/schemas/<name>`. */
  name?: string;
  /** Sorted JSON types; empty means any value. */
  types: string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, PropertySurface>;
  /** `true`: any extra member; a pointer: extra members of that schema. */
  additionalProperties?: true | string;
  items?: string;
  variants?: string[];
  deprecated?: boolean;
}

export interface PropertySurface {
  /** Where the property is declared (its schema may be defined elsewhere, behind a $ref). */
  pointer: string;
  schema: string;
  required: boolean;
  deprecated: boolean;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
const SCHEMA_PREFIX = "/components/schemas/";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** Assignment that keeps a key like `__proto__` as an own property. */
const setOwn = <T>(o: Record<string, T>, key: string, value: T) =>
  Object.defineProperty(o, key, { value, enumerable: true, configurable: true, writable: true });
const own = (o: Obj, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

/** Reads the surface of a loaded document. A document with x-crmkit-client that does not model fails unless `lenient`. */
export function surfaceOf(loaded: LoadedDocument, options: { lenient?: boolean } = {}): ApiSurface {
  const doc = loaded.doc;
  if (!isObj(doc)) throw loaded.error("", "the document is not an object");
  if (typeof doc.openapi !== "string" || !/^3\.[01]\.\d+$/.test(doc.openapi)) {
    throw loaded.error("/openapi", `missing or unsupported "openapi" version (expected 3.0.x or 3.1.x, got ${JSON.stringify(doc.openapi)})`);
  }
  if (!isObj(doc.paths)) throw loaded.error("/paths", 'missing required field "paths"');
  const info = isObj(doc.info) ? doc.info : {};

  let model: ApiModel | undefined;
  let modelError: string | undefined;
  if (doc["x-crmkit-client"] !== undefined) {
    try {
      model = buildModel(loaded);
    } catch (error) {
      if (!(error instanceof SpecError) || !options.lenient) throw error;
      modelError = error.message;
    }
  }

  const reader = new SchemaReader(loaded);
  const deref = (value: unknown, pointer: string) => reader.deref(value, pointer);

  const schemes: Record<string, SecuritySchemeSurface> = {};
  const rawSchemes = isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const [name, raw] of Object.entries(rawSchemes)) {
    const pointer = joinPointer("components", "securitySchemes", name);
    const { node: scheme } = deref(raw, pointer);
    if (!isObj(scheme)) continue;
    const how =
      scheme.type === "http"
        ? `http ${String(scheme.scheme ?? "").toLowerCase()}`
        : scheme.type === "apiKey"
          ? `apiKey ${String(scheme.in)} ${String(scheme.name)}`
          : String(scheme.type);
    const credential = model?.securitySchemes.find((s) => s.name === name)?.credential;
    schemes[name] = {
      how,
      options: credential ? ("option" in credential ? [credential.option] : [credential.username, credential.password]) : undefined,
      pointer,
    };
  }

  const readServers = (value: unknown): ServerSurface[] =>
    (Array.isArray(value) ? value : []).filter(isObj).map((s) => ({
      url: String(s.url),
      variables: isObj(s.variables) ? Object.keys(s.variables).sort() : [],
    }));

  const modelOps = new Map((model?.operations ?? []).map((op) => [op.pointer, op]));
  const operations: OperationSurface[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const itemPointer = joinPointer("paths", path);
    const { node: item } = deref(rawItem, itemPointer);
    if (!isObj(item)) continue;
    const shared = readParameters(reader, item.parameters, `${itemPointer}/parameters`);
    for (const method of HTTP_METHODS) {
      const op = own(item, method);
      if (!isObj(op)) continue;
      const pointer = `${itemPointer}/${method}`;
      const ownParams = readParameters(reader, op.parameters, `${pointer}/parameters`);
      const parameters = [...shared.filter((p) => !ownParams.some((o) => o.in === p.in && o.name === p.name)), ...ownParams];
      const modelOp = modelOps.get(pointer);
      operations.push({
        key: `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`,
        method: method.toUpperCase(),
        path,
        pointer,
        operationId: str(op.operationId),
        clientMethod: modelOp ? `${modelOp.resource}.${modelOp.methodName}` : undefined,
        summary: str(op.summary),
        description: str(op.description),
        deprecated: op.deprecated === true,
        parameters,
        body: readBody(reader, op.requestBody, `${pointer}/requestBody`),
        success: readSuccess(reader, op.responses, `${pointer}/responses`),
        security: op.security === undefined ? undefined : normalizeSecurity(op.security),
        servers: op.servers !== undefined ? readServers(op.servers).map((s) => s.url) : item.servers !== undefined ? readServers(item.servers).map((s) => s.url) : undefined,
        pagination: modelOp?.pagination
          ? {
              style: modelOp.pagination.style,
              pageParam: modelOp.pagination.pageParam,
              offsetParam: modelOp.pagination.offsetParam,
              cursorParam: modelOp.pagination.cursorParam,
              sizeParam: modelOp.pagination.sizeParam,
              items: modelOp.pagination.items,
              nextCursor: modelOp.pagination.nextCursor,
            }
          : undefined,
        envelope: modelOp ? (modelOp.envelope === null ? null : (modelOp.envelope ?? model?.envelope ?? null)) : undefined,
      });
    }
  }

  return {
    file: loaded.file,
    title: str(info.title) ?? "(untitled)",
    version: str(info.version) ?? "",
    client: model ? { name: model.client.name, packageName: model.client.packageName } : undefined,
    modelError,
    servers: readServers(doc.servers),
    securitySchemes: schemes,
    security: doc.security === undefined ? [] : normalizeSecurity(doc.security),
    envelope: model?.envelope,
    operations,
    schemas: reader.schemas,
  };
}

/** The name types are derived from (`ListContacts` → `ListContactsParams`), as emit/method-types.ts does. */
export function typeBaseOf(operationId: string): string {
  return toPascalCase(operationId);
}

function normalizeSecurity(value: unknown): string[][] {
  return (Array.isArray(value) ? value : []).filter(isObj).map((req) => Object.keys(req).sort());
}

function readParameters(reader: SchemaReader, value: unknown, pointer: string): ParameterSurface[] {
  if (!Array.isArray(value)) return [];
  const out: ParameterSurface[] = [];
  value.forEach((raw, i) => {
    const { node: p, pointer: at } = reader.deref(raw, `${pointer}/${i}`);
    if (!isObj(p) || typeof p.name !== "string" || typeof p.in !== "string") return;
    let schema: string | undefined;
    if (p.schema !== undefined) schema = reader.read(p.schema, `${at}/schema`);
    else if (isObj(p.content)) {
      const [type, media] = Object.entries(p.content)[0] ?? [];
      if (type && isObj(media) && media.schema !== undefined) schema = reader.read(media.schema, `${at}/content/${escapePointerSegment(type)}/schema`);
    }
    out.push({ name: p.name, in: p.in, required: p.required === true, deprecated: p.deprecated === true, schema, pointer: at });
  });
  return out;
}

function pickMediaType(content: Obj): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => /json/i.test(t)) ?? types[0];
}

function readBody(reader: SchemaReader, value: unknown, pointer: string): OperationSurface["body"] {
  if (value === undefined) return undefined;
  const { node: body, pointer: at } = reader.deref(value, pointer);
  if (!isObj(body) || !isObj(body.content)) return undefined;
  const mediaType = pickMediaType(body.content);
  if (!mediaType) return undefined;
  const media = body.content[mediaType];
  const schemaPointer = `${at}/content/${escapePointerSegment(mediaType)}/schema`;
  return {
    required: body.required === true,
    mediaType,
    schema: isObj(media) && media.schema !== undefined ? reader.read(media.schema, schemaPointer) : undefined,
    pointer: at,
  };
}

function readSuccess(reader: SchemaReader, value: unknown, pointer: string): OperationSurface["success"] {
  if (!isObj(value)) return undefined;
  const status = Object.keys(value).find((s) => /^2\d\d$|^2XX$/i.test(s));
  if (!status) return undefined;
  const { node: response, pointer: at } = reader.deref(value[status], `${pointer}/${escapePointerSegment(status)}`);
  const content = isObj(response) && isObj(response.content) ? response.content : {};
  const mediaType = pickMediaType(content);
  const media = mediaType ? content[mediaType] : undefined;
  return {
    status,
    mediaType,
    schema: mediaType && isObj(media) && media.schema !== undefined ? reader.read(media.schema, `${at}/content/${escapePointerSegment(mediaType)}/schema`) : undefined,
    pointer: at,
  };
}

/** Reads schemas into normalized nodes, once per definition, recursion included. */
class SchemaReader {
  readonly schemas: Record<string, SchemaNode> = {};

  constructor(private readonly loaded: LoadedDocument) {}

  /** Follows `$ref`s to the value they name, with the pointer of its definition. */
  deref(value: unknown, pointer: string): { node: unknown; pointer: string } {
    let node = value;
    let at = pointer;
    const seen = new Set<string>();
    while (isObj(node) && typeof node.$ref === "string") {
      const target = refTarget(node.$ref);
      if (seen.has(target)) throw this.loaded.error(`${at}/$ref`, `$ref cycle through #${target}`);
      seen.add(target);
      node = lookupRef(this.loaded, node.$ref, `${at}/$ref`);
      at = target;
    }
    return { node, pointer: at };
  }

  /** The id (definition pointer) of a schema, reading it into `schemas` on first sight. */
  read(value: unknown, pointer: string): string {
    const { node, pointer: at } = this.deref(value, pointer);
    if (this.schemas[at]) return at;
    const schema: SchemaNode = { pointer: at, types: [] };
    if (at.startsWith(SCHEMA_PREFIX) && at.indexOf("/", SCHEMA_PREFIX.length) < 0) {
      schema.name = at.slice(SCHEMA_PREFIX.length).replace(/~1/g, "/").replace(/~0/g, "~");
    }
    // Registered before its parts are read, so a recursive schema refers back to itself.
    this.schemas[at] = schema;
    if (isObj(node)) this.fill(schema, node, at);
    return at;
  }

  private fill(schema: SchemaNode, node: Obj, at: string): void {
    const types = new Set<string>();
    const addTypes = (n: Obj) => {
      if (typeof n.type === "string") types.add(n.type);
      else if (Array.isArray(n.type)) n.type.forEach((t) => typeof t === "string" && types.add(t));
      if (n.nullable === true) types.add("null");
    };
    addTypes(node);
    if (typeof node.format === "string") schema.format = node.format;
    if (Array.isArray(node.enum)) schema.enum = node.enum;
    else if (node.const !== undefined) schema.enum = [node.const];
    if (node.deprecated === true) schema.deprecated = true;

    const properties: Record<string, PropertySurface> = {};
    const required = new Set<string>();
    const addObject = (n: Obj, base: string) => {
      if (Array.isArray(n.required)) n.required.forEach((r) => typeof r === "string" && required.add(r));
      if (isObj(n.properties)) {
        for (const [name, value] of Object.entries(n.properties)) {
          const pointer = `${base}/properties/${escapePointerSegment(name)}`;
          const id = this.read(value, pointer);
          const deprecated = isObj(value) && value.deprecated === true;
          setOwn(properties, name, { pointer, schema: id, required: false, deprecated });
        }
      }
      if (n.additionalProperties === true || (isObj(n.additionalProperties) && Object.keys(n.additionalProperties).length === 0)) {
        schema.additionalProperties = true;
      } else if (isObj(n.additionalProperties)) {
        schema.additionalProperties = this.read(n.additionalProperties, `${base}/additionalProperties`);
      }
      if (n.items !== undefined && !Array.isArray(n.items)) schema.items = this.read(n.items, `${base}/items`);
    };
    addObject(node, at);

    // allOf: one object made of its parts.
    if (Array.isArray(node.allOf)) {
      node.allOf.forEach((part, i) => {
        const inner = this.schemas[this.read(part, `${at}/allOf/${i}`)]!;
        inner.types.forEach((t) => types.add(t));
        for (const [name, p] of Object.entries(inner.properties ?? {})) {
          if (!Object.prototype.hasOwnProperty.call(properties, name)) setOwn(properties, name, { ...p });
          if (p.required) required.add(name);
        }
        schema.items ??= inner.items;
        schema.additionalProperties ??= inner.additionalProperties;
        schema.enum ??= inner.enum;
        schema.format ??= inner.format;
      });
    }
    for (const key of ["oneOf", "anyOf"] as const) {
      const parts = node[key];
      if (Array.isArray(parts)) schema.variants = [...(schema.variants ?? []), ...parts.map((part, i) => this.read(part, `${at}/${key}/${i}`))];
    }

    for (const name of required) if (Object.prototype.hasOwnProperty.call(properties, name)) properties[name]!.required = true;
    if (Object.keys(properties).length > 0) schema.properties = properties;
    if (types.size === 0) {
      if (schema.properties || schema.additionalProperties) types.add("object");
      else if (schema.items) types.add("array");
      else if (schema.enum) schema.enum.forEach((v) => types.add(v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v));
    }
    if (schema.enum?.includes(null)) types.add("null");
    schema.types = [...types].sort();
  }
}
