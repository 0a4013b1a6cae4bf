import type { LoadedDocument } from "./load.js";
import { joinPointer } from "./errors.js";

/**
 * Field selection (`x-crmkit-fields` on a query parameter, with root defaults), read into plain data:
 * which parameter chooses the returned fields, which names it takes, and what each name brings back
 * of the operation's record. Vendors differ only in that data (specs/README.md).
 */
export interface SelectionModel {
  /** The query parameter that selects. */
  param: string;
  /** `add`: names come on top of the defaults; `replace`: only the names (and `always`) come back. */
  mode: "add" | "replace";
  /** The value that selects every field, when the API has one (Accelo's `_ALL`). */
  all?: string;
  /** How a top-level name is written in the query, `{name}` standing for it (OnePageCRM: `{name}(all)`). */
  item?: string;
  /** The component schema of the record, or undefined for a record the response declares inline. */
  record?: string;
  /** Where the records sit in the payload. */
  shape: PayloadShape;
  /** The names the parameter accepts, each with the record properties it brings ({number} in a name: any digits). */
  names: SelectionName[];
  /** Properties present whatever is selected (in `add` mode, the defaults among them). */
  always: string[];
  /** Properties no name brings and that are not always there: typed as the spec declares them. */
  kept: string[];
  /** True when the names are the record's own properties and `always` its defaults, so its shared types serve. */
  standard: boolean;
}

export interface SelectionName {
  name: string;
  brings: string[];
}

/** The payload is the record, an array of records (maybe one variant of a union), or holds them at a path. */
export type PayloadShape = { kind: "record" } | { kind: "array"; union: boolean } | { kind: "items"; path: string[] };

/** A component schema that field selection can return, with what is needed to type its selections. */
export interface SelectableRecord {
  name: string;
  properties: string[];
  /** Properties marked `x-crmkit-default: true`. */
  defaults: string[];
  links: RecordLink[];
}

/** A property marked `x-crmkit-link`: named alone it comes back as an id, given a selection as the linked record. */
export interface RecordLink {
  property: string;
  target: string;
  /** An array of linked records rather than one. */
  many: boolean;
  /** The property may be null. */
  nullable: boolean;
  /**
   * What the property holds when named alone, when the schema says it simply: component schemas (the id
   * schema, usually) and `null`. Absent when it takes more than that to say.
   */
  alone?: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const MODES = ["add", "replace"];
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(\{number\})?$/;
const COMPONENT = /^#\/components\/schemas\/([^/]+)$/;

export interface SelectionContext {
  loaded: LoadedDocument;
  resolve: (value: unknown) => unknown;
  /** Root `x-crmkit-fields`: defaults for every selecting parameter. */
  root: Obj | undefined;
  /** Component schemas reached by selection, filled as operations are read. */
  records: Map<string, SelectableRecord>;
}

/** The parameter carrying x-crmkit-fields, as the model reader found it. */
export interface SelectingParameter {
  name: string;
  in: string;
  extension: unknown;
  pointer: string;
}

interface OperationShape {
  pointer: string;
  responses: Obj;
  success?: { status: string; contentType?: string };
  envelope?: { data: string };
  itemsPath?: string;
  paginated: boolean;
}

export function readRootSelection(loaded: LoadedDocument, value: unknown): Obj | undefined {
  if (value === undefined) return undefined;
  if (!isObj(value)) throw loaded.error("/x-crmkit-fields", "x-crmkit-fields must be an object");
  if (value.names !== undefined) throw loaded.error("/x-crmkit-fields/names", "names belong on the parameter: they differ per operation");
  return value;
}

/**
 * The operation's selecting parameter (its name and mode), or undefined when it has none; with it the
 * selection, unless the response declares no record with properties (then the parameter stays a plain
 * string, and only its name and mode are known).
 */
export function readSelection(
  ctx: SelectionContext,
  params: SelectingParameter[],
  op: OperationShape,
): { parameter: { name: string; mode: SelectionModel["mode"] }; selection?: SelectionModel } | undefined {
  const { loaded } = ctx;
  if (params.length === 0) return undefined;
  if (params.length > 1) throw loaded.error(op.pointer, `parameters ${params.map((p) => `"${p.name}"`).join(" and ")} both carry x-crmkit-fields; one parameter selects`);
  const param = params[0]!;
  const at = `${param.pointer}/x-crmkit-fields`;
  if (param.in !== "query") throw loaded.error(at, `x-crmkit-fields belongs on a query parameter ("${param.name}" is in the ${param.in})`);
  if (!isObj(param.extension)) throw loaded.error(at, "x-crmkit-fields must be an object");
  const ext: Obj = { ...ctx.root, ...param.extension };

  const mode = ext.mode;
  if (!MODES.includes(mode as string)) throw loaded.error(at, `x-crmkit-fields needs "mode": add (names come on top of the defaults) or replace (only the names come back), here or at the root`);
  const strings = (key: string): string[] | undefined => {
    const v = ext[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string" || s === "")) throw loaded.error(`${at}/${key}`, `${key} must be a list of names`);
    return v as string[];
  };
  const text = (key: string): string | undefined => {
    const v = ext[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v === "") throw loaded.error(`${at}/${key}`, `${key} must be a non-empty string`);
    return v;
  };
  const all = text("all");
  const item = text("item");
  if (item !== undefined && !item.includes("{name}")) throw loaded.error(`${at}/item`, 'item must hold "{name}", where each field name goes');
  const declaredNames = strings("names");
  for (const name of declaredNames ?? []) {
    if (!NAME.test(name)) throw loaded.error(`${at}/names`, `"${name}" is not a field name (letters, digits, _ . -, optionally ending in {number})`);
  }

  const parameter = { name: param.name, mode: mode as SelectionModel["mode"] };
  const found = findRecord(ctx, op);
  if (!found) return { parameter };
  const { record, shape } = found;

  const claims = new Map<string, string[]>();
  for (const p of record.properties) {
    const raw = p.schema["x-crmkit-field"];
    if (raw === undefined) continue;
    const list = typeof raw === "string" ? [raw] : raw;
    if (!Array.isArray(list) || list.length === 0 || list.some((n) => typeof n !== "string" || !NAME.test(n))) {
      throw loaded.error(`${p.pointer}/x-crmkit-field`, "x-crmkit-field must be a field name or a list of them (the selection names that bring this property)");
    }
    claims.set(p.name, list as string[]);
  }
  const bringersOf = (property: string) => claims.get(property) ?? [property];
  const propertyNames = record.properties.map((p) => p.name);
  const names = (declaredNames ?? [...new Set(propertyNames.flatMap(bringersOf))]).map((name) => ({
    name,
    brings: propertyNames.filter((p) => bringersOf(p).includes(name)),
  }));
  for (const n of names) {
    if (n.brings.length === 0) {
      throw loaded.error(`${at}/names`, `"${n.name}" brings no property of the record ${record.label}: mark the properties it brings with x-crmkit-field`);
    }
  }

  const always = [...new Set([...(strings("always") ?? []), ...(mode === "add" ? record.properties.filter((p) => p.schema["x-crmkit-default"] === true).map((p) => p.name) : [])])];
  for (const name of always) {
    if (!propertyNames.includes(name)) throw loaded.error(`${at}/always`, `"${name}" is not a property of the record ${record.label}`);
  }
  const brought = new Set(names.flatMap((n) => n.brings));
  const kept = propertyNames.filter((p) => !brought.has(p) && !always.includes(p));
  const defaults = record.properties.filter((p) => p.schema["x-crmkit-default"] === true).map((p) => p.name);
  const standard =
    record.component !== undefined && declaredNames === undefined && claims.size === 0 && kept.length === 0 && mode === "add" && ext.always === undefined &&
    always.length === defaults.length;
  if (record.component) registerRecord(ctx, record.component, record.pointer);
  return { parameter, selection: { param: param.name, mode: parameter.mode, all, item, record: record.component, shape, names, always, kept, standard } };
}

interface FoundRecord {
  component?: string;
  pointer: string;
  label: string;
  properties: Array<{ name: string; schema: Obj; pointer: string }>;
}

/** The record in the success response: the payload, the payload's array items, or the page's items. */
function findRecord(ctx: SelectionContext, op: OperationShape): { record: FoundRecord; shape: PayloadShape } | undefined {
  const { resolve } = ctx;
  const jsonType = op.success?.contentType && /json/i.test(op.success.contentType) ? op.success.contentType : undefined;
  if (!op.success || !jsonType) return undefined;
  const response = resolve(op.responses[op.success.status]);
  const media = isObj(response) && isObj(response.content) ? response.content[jsonType] : undefined;
  let node: unknown = isObj(media) ? media.schema : undefined;
  if (op.envelope) node = propertyOf(resolve, node, op.envelope.data);
  let shape: PayloadShape;
  if (op.paginated && op.itemsPath) {
    const path = op.itemsPath.split(".");
    for (const key of path) node = propertyOf(resolve, node, key);
    node = arrayItems(resolve, node)?.items;
    shape = { kind: "items", path };
  } else {
    const array = arrayItems(resolve, node);
    if (array) {
      node = array.items;
      shape = { kind: "array", union: array.union };
    } else shape = { kind: "record" };
  }
  const record = recordAt(ctx, node);
  return record && record.properties.length > 0 ? { record, shape } : undefined;
}

function recordAt(ctx: SelectionContext, node: unknown): FoundRecord | undefined {
  const ref = isObj(node) && typeof node.$ref === "string" ? node.$ref : undefined;
  const component = ref ? COMPONENT.exec(ref)?.[1] : undefined;
  const schema = ctx.resolve(node);
  if (!isObj(schema)) return undefined;
  const pointer = component ? joinPointer("components", "schemas", decode(component)) : "";
  return {
    component: component ? decode(component) : undefined,
    pointer,
    label: component ? `"${decode(component)}"` : "of the response",
    properties: collectProperties(ctx, schema, pointer),
  };
}

/** Properties of a schema, through allOf; the first declaration of a name wins. */
function collectProperties(ctx: SelectionContext, schema: Obj, pointer: string): Array<{ name: string; schema: Obj; pointer: string }> {
  const out = new Map<string, { name: string; schema: Obj; pointer: string }>();
  const visit = (node: unknown, at: string, depth: number) => {
    if (depth > 16) return;
    const ref = isObj(node) && typeof node.$ref === "string" ? node.$ref : undefined;
    const s = ctx.resolve(node);
    if (!isObj(s)) return;
    const here = ref ? ref.slice(1) : at;
    if (isObj(s.properties)) {
      for (const [name, prop] of Object.entries(s.properties)) {
        if (!out.has(name) && isObj(prop)) out.set(name, { name, schema: prop, pointer: `${here}/properties/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` });
      }
    }
    if (Array.isArray(s.allOf)) s.allOf.forEach((part, i) => visit(part, `${here}/allOf/${i}`, depth + 1));
  };
  visit(schema, pointer, 0);
  return [...out.values()];
}

/** Records every component schema selection can reach through x-crmkit-link, with its links read. */
function registerRecord(ctx: SelectionContext, name: string, pointer: string): void {
  if (ctx.records.has(name)) return;
  const schema = ctx.resolve({ $ref: `#${pointer}` });
  if (!isObj(schema)) return;
  const properties = collectProperties(ctx, schema, pointer);
  const record: SelectableRecord = {
    name,
    properties: properties.map((p) => p.name),
    defaults: properties.filter((p) => p.schema["x-crmkit-default"] === true).map((p) => p.name),
    links: [],
  };
  ctx.records.set(name, record);
  for (const p of properties) {
    const target = p.schema["x-crmkit-link"];
    if (target === undefined) continue;
    const at = `${p.pointer}/x-crmkit-link`;
    if (typeof target !== "string" || target === "") throw ctx.loaded.error(at, "x-crmkit-link must name a component schema");
    const targetPointer = joinPointer("components", "schemas", target);
    const schemas = isObj(ctx.loaded.doc) && isObj(ctx.loaded.doc.components) && isObj(ctx.loaded.doc.components.schemas) ? ctx.loaded.doc.components.schemas : {};
    const targetSchema = Object.prototype.hasOwnProperty.call(schemas, target) ? ctx.resolve(schemas[target]) : undefined;
    if (!isObj(targetSchema)) throw ctx.loaded.error(at, `x-crmkit-link names "${target}", which is not a component schema`);
    if (collectProperties(ctx, targetSchema, targetPointer).length === 0) throw ctx.loaded.error(at, `x-crmkit-link names "${target}", which declares no properties to select`);
    const shape = linkShape(ctx, p.schema, target);
    if (!shape) throw ctx.loaded.error(at, `the property's schema holds no $ref to "${target}" (directly, in anyOf/oneOf, or as array items)`);
    record.links.push({ property: p.name, target, ...shape });
    registerRecord(ctx, target, targetPointer);
  }
}

function linkShape(ctx: SelectionContext, schema: Obj, target: string): { many: boolean; nullable: boolean; alone?: string[] } | undefined {
  const isTarget = (node: unknown) => isObj(node) && typeof node.$ref === "string" && decode(COMPONENT.exec(node.$ref)?.[1] ?? "") === target;
  const typeHasNull = (node: Obj) => node.type === "null" || (Array.isArray(node.type) && node.type.includes("null")) || node.nullable === true;
  if (isTarget(schema)) return { many: false, nullable: false };
  const variants = [...(Array.isArray(schema.anyOf) ? schema.anyOf : []), ...(Array.isArray(schema.oneOf) ? schema.oneOf : [])];
  if (variants.some(isTarget)) {
    const nullable = typeHasNull(schema) || variants.some((v) => isObj(v) && typeHasNull(ctx.resolve(v) as Obj));
    const others = variants.filter((v) => !isTarget(v));
    const simple = schema.type === undefined && others.every((v) => isObj(v) && (typeof v.$ref === "string" ? COMPONENT.test(v.$ref) : v.type === "null" && Object.keys(v).length === 1));
    const alone = simple && others.length > 0 ? others.map((v) => (typeof (v as Obj).$ref === "string" ? decode(COMPONENT.exec((v as Obj).$ref as string)![1]!) : "null")) : undefined;
    return { many: false, nullable, alone };
  }
  if ((schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"))) && isTarget(schema.items)) return { many: true, nullable: typeHasNull(schema) };
  return undefined;
}

function propertyOf(resolve: (v: unknown) => unknown, schema: unknown, name: string): unknown {
  const s = resolve(schema);
  if (!isObj(s)) return undefined;
  if (isObj(s.properties) && name in s.properties) return s.properties[name];
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const parts = s[key];
    if (Array.isArray(parts)) {
      for (const part of parts) {
        const found = propertyOf(resolve, part, name);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** The items schema of an array, or of the array variant of a union. */
function arrayItems(resolve: (v: unknown) => unknown, node: unknown): { items: unknown; union: boolean } | undefined {
  const s = resolve(node);
  if (!isObj(s)) return undefined;
  if (s.type === "array" || s.items !== undefined) return { items: s.items, union: false };
  for (const key of ["oneOf", "anyOf"]) {
    const parts = s[key];
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      const inner = resolve(part);
      if (isObj(inner) && (inner.type === "array" || inner.items !== undefined)) return { items: inner.items, union: parts.length > 1 };
    }
  }
  return undefined;
}

function decode(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
}
