import type { LoadedDocument } from "./load.js";
import { escapePointerSegment } from "./errors.js";

/**
 * Where the dates are in the values a spec describes, so a client can turn them into `Date` objects
 * (and type them so) by visiting only those places. Computed once per spec from `format: date-time`,
 * `format: date` and `x-crmkit-date`.
 *
 * Component schemas stay named: a shape refers to a component by name rather than copying it, which
 * keeps shared objects written once and makes recursive schemas (a contract linking jobs linking
 * contracts) finite.
 */

export const DATE_KINDS = ["date-time", "date", "unix-seconds", "date-time-12h"] as const;
export type DateKind = (typeof DATE_KINDS)[number];

export interface DateShape {
  /** The value may itself be a date, written in one of these forms. */
  kinds?: DateKind[];
  /** For typing a date field: it may also hold `""` (an unset date) ... */
  empty?: boolean;
  /** ... or other text that is no date. */
  text?: boolean;
  /** The value may be an array; each item has this shape. */
  items?: DateShape;
  /** The value may be an object; these properties hold dates. */
  properties?: Record<string, DateShape>;
  /** The value may be one of these component schemas, each of which holds dates. */
  refs?: string[];
}

export interface DateModel {
  /** Component schemas that hold dates, by name, with their shapes (other components stay named). */
  components: Map<string, DateShape>;
  /** The shape of a schema node (inline or `$ref`); undefined when no date is reachable from it. */
  shapeOf(schema: unknown, pointer: string): DateShape | undefined;
  /** The shape of one property of values of `shape` (the envelope's payload, for instance). */
  propertyOf(shape: DateShape | undefined, name: string): DateShape | undefined;
}

/** Property names the runtime's date maps use for themselves; a date under one of them cannot be mapped. */
export const RESERVED_DATE_KEYS = ["", "[]", "#"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const COMPONENT_REF = /^#\/components\/schemas\/([^/]+)$/;

export function buildDateModel(loaded: LoadedDocument): DateModel {
  const doc = loaded.doc as Obj;
  const schemas = isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {};
  const componentName = (ref: string) => {
    const m = COMPONENT_REF.exec(ref);
    return m ? decodeURIComponent(m[1]!).replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
  };
  const lookup = (ref: string): unknown => {
    let node: unknown = doc;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      const segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = Array.isArray(node) ? node[Number(segment)] : isObj(node) ? node[segment] : undefined;
    }
    return node;
  };

  /** The date form a node declares for itself, checked. */
  const ownKind = (node: Obj, pointer: string): DateKind | false | undefined => {
    const ext = node["x-crmkit-date"];
    if (ext === false) return false;
    if (ext !== undefined) {
      if (typeof ext !== "string" || !(DATE_KINDS as readonly string[]).includes(ext)) {
        throw loaded.error(`${pointer}/x-crmkit-date`, `x-crmkit-date must be one of ${DATE_KINDS.join(", ")}, or false (got ${JSON.stringify(ext)})`);
      }
      return ext as DateKind;
    }
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? undefined : [node.type];
    if (types && !types.includes("string")) return undefined;
    return node.format === "date-time" ? "date-time" : node.format === "date" ? "date" : undefined;
  };

  /** What a union member that holds no date can be, when it is a string: only "" or any text. */
  const plainString = (variant: unknown): "empty" | "text" | undefined => {
    let node = variant;
    for (let i = 0; isObj(node); i++) {
      if (typeof node["x-crmkit-date"] === "string" || (node["x-crmkit-date"] !== false && (node.format === "date-time" || node.format === "date"))) return undefined;
      if (typeof node.$ref !== "string" || i === 32) break;
      node = lookup(node.$ref);
    }
    if (!isObj(node)) return undefined;
    const types = Array.isArray(node.type) ? node.type : [node.type];
    const isString = types.includes("string") || node.const === "" || (Array.isArray(node.enum) && node.enum.every((v) => typeof v === "string"));
    if (!isString) return undefined;
    if (node.const === "" || node.maxLength === 0 || (Array.isArray(node.enum) && node.enum.length === 1 && node.enum[0] === "")) return "empty";
    return "text";
  };

  const acceptsEmpty = (node: Obj): boolean => {
    if (Array.isArray(node.enum) && node.enum.includes("")) return true;
    if (typeof node.pattern !== "string") return false;
    try {
      return new RegExp(node.pattern, "u").test("");
    } catch {
      return false;
    }
  };

  /** The shape of a node with component refs left as names: never recursive, so cycles cannot loop. */
  const rawShape = (node: unknown, pointer: string, inlineRefs: string[]): DateShape | undefined => {
    if (!isObj(node)) return undefined;
    const kind = ownKind(node, pointer);
    if (kind === false) return undefined;
    if (typeof node.$ref === "string") {
      const name = componentName(node.$ref);
      // Siblings of a $ref (3.1) can only re-declare the form; descriptions do not matter here.
      if (kind) return { kinds: [kind] };
      if (name !== undefined) return name in schemas ? { refs: [name] } : undefined;
      if (inlineRefs.includes(node.$ref)) return undefined;
      return rawShape(lookup(node.$ref), node.$ref.slice(1), [...inlineRefs, node.$ref]);
    }
    let shape: DateShape | undefined = kind ? { kinds: [kind], ...(acceptsEmpty(node) ? { empty: true } : {}) } : undefined;

    if (isObj(node.items)) {
      const items = rawShape(node.items, `${pointer}/items`, inlineRefs);
      if (items) shape = merge(shape, { items });
    }
    if (isObj(node.properties)) {
      const properties: Record<string, DateShape> = {};
      for (const [key, value] of Object.entries(node.properties)) {
        const at = `${pointer}/properties/${escapePointerSegment(key)}`;
        const found = rawShape(value, at, inlineRefs);
        if (!found) continue;
        if (RESERVED_DATE_KEYS.includes(key)) throw loaded.error(at, `a date under a property named ${JSON.stringify(key)} cannot be mapped; mark it x-crmkit-date: false`);
        properties[key] = found;
      }
      if (Object.keys(properties).length) shape = merge(shape, { properties });
    }
    for (const key of ["allOf", "anyOf", "oneOf"] as const) {
      const parts = node[key];
      if (!Array.isArray(parts)) continue;
      let union: DateShape | undefined;
      const plain: Array<"empty" | "text" | undefined> = [];
      parts.forEach((part, i) => {
        union = merge(union, rawShape(part, `${pointer}/${key}/${i}`, inlineRefs));
        plain.push(plainString(part));
      });
      if (!union) continue;
      // Beside a date, a member that is a plain string is either an unset date ("") or, when the node is
      // not itself declared a date, free text; under a declared date it is that date's written form.
      // Kept even before the date is known (it may sit behind a component ref); dropped later if none is.
      if (key !== "allOf") {
        if (plain.includes("empty")) union.empty = true;
        if (!kind && plain.includes("text")) union.text = true;
      }
      shape = merge(shape, union);
    }
    return shape;
  };

  const raw = new Map<string, DateShape | undefined>();
  for (const [name, schema] of Object.entries(schemas)) raw.set(name, rawShape(schema, `/components/schemas/${escapePointerSegment(name)}`, []));

  // A component holds dates when its own shape has one, or when it refers to a component that does.
  const holds = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, shape] of raw) {
      if (holds.has(name) || !shape) continue;
      if (hasOwnDate(shape) || refsOf(shape).some((r) => holds.has(r))) {
        holds.add(name);
        changed = true;
      }
    }
  }

  // Final shapes: refs to date-free components dropped, and components that are a bare date (the
  // shared timestamp schemas) written in place, as the field's form rather than a name.
  const finals = new Map<string, DateShape | undefined>();
  const visiting = new Set<string>();
  const finalOf = (name: string): DateShape | undefined => {
    if (finals.has(name)) return finals.get(name);
    if (visiting.has(name)) return { refs: [name] };
    visiting.add(name);
    const shape = finish(raw.get(name));
    visiting.delete(name);
    finals.set(name, shape);
    return shape;
  };
  const finish = (shape: DateShape | undefined): DateShape | undefined => {
    if (!shape) return undefined;
    let out: DateShape = {
      kinds: shape.kinds,
      empty: shape.empty,
      text: shape.text,
      items: finish(shape.items),
      properties: shape.properties ? record(Object.entries(shape.properties).map(([k, v]) => [k, finish(v)])) : undefined,
    };
    for (const ref of shape.refs ?? []) {
      if (!holds.has(ref)) continue;
      const target = finalOf(ref);
      out = merge(out, target && isBareDate(target) ? { ...target, kinds: [...target.kinds!] } : { refs: [ref] })!;
    }
    return prune(out);
  };

  const components = new Map<string, DateShape>();
  for (const name of raw.keys()) {
    const shape = finalOf(name);
    if (shape) components.set(name, shape);
  }

  const propertyOf = (shape: DateShape | undefined, name: string, seen: string[] = []): DateShape | undefined => {
    if (!shape) return undefined;
    let out = shape.properties?.[name];
    for (const ref of shape.refs ?? []) {
      if (seen.includes(ref)) continue;
      out = merge(out, propertyOf(components.get(ref), name, [...seen, ref]));
    }
    return out;
  };

  return {
    components,
    shapeOf: (schema, pointer) => finish(rawShape(schema, pointer, [])),
    propertyOf: (shape, name) => propertyOf(shape, name),
  };
}

/** A shape that is only a date field: no array, object or component parts. */
export function isBareDate(shape: DateShape): boolean {
  return !!shape.kinds && !shape.items && !shape.properties && !shape.refs;
}

function hasOwnDate(shape: DateShape): boolean {
  return !!shape.kinds || (!!shape.items && hasOwnDate(shape.items)) || Object.values(shape.properties ?? {}).some(hasOwnDate);
}

function refsOf(shape: DateShape): string[] {
  return [...(shape.refs ?? []), ...(shape.items ? refsOf(shape.items) : []), ...Object.values(shape.properties ?? {}).flatMap(refsOf)];
}

/** Both shapes at once: a value may be either, so the union of what each converts. */
export function merge(a: DateShape | undefined, b: DateShape | undefined): DateShape | undefined {
  if (!a) return b;
  if (!b) return a;
  const properties = a.properties || b.properties ? { ...a.properties } : undefined;
  for (const [key, value] of Object.entries(b.properties ?? {})) properties![key] = merge(properties![key], value)!;
  return prune(
    {
      kinds: union(a.kinds, b.kinds),
      empty: a.empty || b.empty || undefined,
      text: a.text || b.text || undefined,
      items: merge(a.items, b.items),
      properties,
      refs: union(a.refs, b.refs),
    },
    true,
  );
}

function union<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (!a) return b && [...b];
  if (!b) return [...a];
  return [...new Set([...a, ...b])];
}

function record(entries: Array<[string, DateShape | undefined]>): Record<string, DateShape> | undefined {
  const kept = entries.filter((e): e is [string, DateShape] => e[1] !== undefined);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Without empty parts; the typing flags only where a date is (unless kept while refs are still unresolved). */
function prune(shape: DateShape, keepFlags = false): DateShape | undefined {
  const out: DateShape = {};
  if (shape.kinds?.length) out.kinds = shape.kinds;
  if ((keepFlags || shape.kinds?.length) && shape.empty) out.empty = true;
  if ((keepFlags || shape.kinds?.length) && shape.text) out.text = true;
  if (shape.items) out.items = shape.items;
  if (shape.properties && Object.keys(shape.properties).length) out.properties = shape.properties;
  if (shape.refs?.length) out.refs = shape.refs;
  return out.kinds || out.items || out.properties || out.refs ? out : undefined;
}
