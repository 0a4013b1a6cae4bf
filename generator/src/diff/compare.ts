import type { ApiSurface, OperationSurface, ParameterSurface, SchemaNode } from "./surface.js";
import { typeBaseOf } from "./surface.js";

/**
 * Each change as an SDK user feels it: `major` breaks code that compiled or worked before, `minor` adds
 * something (a feature), `patch` fixes or documents without changing what code can do.
 */
export type Level = "major" | "minor" | "patch";

export interface Change {
  level: Level;
  kind: string;
  /** `GET /contacts/{contact_id}`; `null` for changes to the whole API (servers, auth). */
  operation: string | null;
  /** JSON pointer into the new spec, or into the old one for what was removed. */
  pointer: string;
  message: string;
  /** Not in the JSON: the client method, for the report. */
  clientMethod?: string;
  /** Not in the JSON: a feature users should still look at (their code may not handle the new value). */
  warning?: boolean;
}

export interface DiffResult {
  level: Level | "none";
  changes: Change[];
  old: ApiSurface;
  new: ApiSurface;
}

const RANK: Record<Level | "none", number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function maxLevel(levels: Iterable<Level | "none">): Level | "none" {
  let best: Level | "none" = "none";
  for (const level of levels) if (RANK[level] > RANK[best]) best = level;
  return best;
}

export function compareLevels(a: Level | "none", b: Level | "none"): number {
  return RANK[a] - RANK[b];
}

type Direction = "request" | "response";
type SchemaChange = Omit<Change, "operation" | "clientMethod">;

/** Compares two surfaces; changes come in the new spec's operation order, API-wide ones first. */
export function diffSurfaces(old: ApiSurface, neu: ApiSurface): DiffResult {
  const changes: Change[] = [];
  const schemas = new SchemaComparer(old, neu);
  const push = (op: OperationSurface | null, c: SchemaChange) =>
    changes.push({ ...c, operation: op ? `${op.method} ${op.path}` : null, clientMethod: op?.clientMethod });

  compareApiWide(old, neu, (c) => push(null, c));

  // Match by method and path (template variables blanked); then pair what is left by operationId, a path that moved.
  const oldByKey = new Map(old.operations.map((op) => [op.key, op]));
  const newKeys = new Set(neu.operations.map((op) => op.key));
  const removed = old.operations.filter((op) => !newKeys.has(op.key));
  const pairs: Array<[OperationSurface, OperationSurface]> = [];
  const added: OperationSurface[] = [];
  for (const op of neu.operations) {
    const before = oldByKey.get(op.key);
    if (before) {
      pairs.push([before, op]);
      continue;
    }
    const moved = op.operationId ? removed.findIndex((r) => r.operationId === op.operationId && r.method === op.method) : -1;
    if (moved >= 0) {
      const [from] = removed.splice(moved, 1);
      push(op, { level: "patch", kind: "operation-path-changed", pointer: op.pointer, message: `${op.operationId} moved from ${from!.path} to ${op.path}; the method stays` });
      pairs.push([from!, op]);
    } else added.push(op);
  }

  for (const [before, after] of pairs) {
    for (const c of compareOperation(before, after, schemas, old, neu)) push(after, c);
  }
  for (const op of added) {
    push(op, { level: "minor", kind: "operation-added", pointer: op.pointer, message: `new operation ${describeOp(op)}` });
  }
  for (const op of removed) {
    push(op, {
      level: "major",
      kind: "operation-removed",
      pointer: op.pointer,
      message: `operation ${describeOp(op)} removed${op.clientMethod ? `: ${op.clientMethod}() no longer exists` : ""}`,
    });
  }
  return { level: maxLevel(changes.map((c) => c.level)), changes, old, new: neu };
}

function describeOp(op: OperationSurface): string {
  const name = op.clientMethod ? `${op.clientMethod}()` : op.operationId;
  return name ? `${name} (${op.method} ${op.path})` : `${op.method} ${op.path}`;
}

function compareApiWide(old: ApiSurface, neu: ApiSurface, push: (c: SchemaChange) => void): void {
  const oldUrl = old.servers[0]?.url;
  const newUrl = neu.servers[0]?.url;
  if (oldUrl !== newUrl) {
    push({ level: "patch", kind: "server-changed", pointer: "/servers/0/url", message: `default base URL ${oldUrl ?? "(none)"} → ${newUrl ?? "(none)"}` });
  }
  const oldVars = new Set(old.servers[0]?.variables ?? []);
  const newVars = new Set(neu.servers[0]?.variables ?? []);
  for (const v of newVars) {
    if (!oldVars.has(v)) push({ level: "major", kind: "server-variable-added", pointer: "/servers/0/variables", message: `server variable {${v}} added: a new required client option "${v}"` });
  }
  for (const v of oldVars) {
    if (!newVars.has(v)) push({ level: "major", kind: "server-variable-removed", pointer: "/servers/0/variables", message: `server variable {${v}} removed: the client option "${v}" is gone` });
  }

  compareSecurity(old.security, neu.security, "/security", "the API", push);
  for (const [name, scheme] of Object.entries(neu.securitySchemes)) {
    const before = old.securitySchemes[name];
    if (!before) continue;
    if (before.how !== scheme.how) {
      push({ level: "patch", kind: "auth-changed", pointer: scheme.pointer, message: `security scheme ${name}: sent as ${before.how} → ${scheme.how}` });
    }
    if (before.options && scheme.options && before.options.join() !== scheme.options.join()) {
      push({
        level: "major",
        kind: "auth-changed",
        pointer: scheme.pointer,
        message: `security scheme ${name}: client options ${before.options.join(", ")} → ${scheme.options.join(", ")}`,
      });
    }
  }

  if (old.envelope && neu.envelope && (old.envelope.data !== neu.envelope.data || old.envelope.meta !== neu.envelope.meta)) {
    push({
      level: "major",
      kind: "envelope-changed",
      pointer: "/x-crmkit-envelope",
      message: `response envelope: methods return "${old.envelope.data}" → "${neu.envelope.data}"${old.envelope.meta !== neu.envelope.meta ? `, meta "${old.envelope.meta ?? ""}" → "${neu.envelope.meta ?? ""}"` : ""}`,
    });
  }
}

function compareSecurity(
  before: string[][],
  after: string[][],
  pointer: string,
  where: string,
  push: (c: SchemaChange) => void,
): void {
  const key = (req: string[]) => req.join(" + ") || "no auth";
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  for (const k of afterKeys) {
    if (!beforeKeys.has(k)) {
      push({ level: beforeKeys.size === 0 ? "major" : "minor", kind: "auth-added", pointer, message: `${where} accepts ${k}${beforeKeys.size === 0 ? " (and needs it: it took no credentials before)" : " as another way to authenticate"}` });
    }
  }
  for (const k of beforeKeys) {
    if (!afterKeys.has(k)) push({ level: "major", kind: "auth-removed", pointer, message: `${where} no longer accepts ${k}` });
  }
}

function compareOperation(before: OperationSurface, after: OperationSurface, schemas: SchemaComparer, oldApi: ApiSurface, newApi: ApiSurface): SchemaChange[] {
  const out: SchemaChange[] = [];
  const at = after.pointer;
  if (before.operationId !== after.operationId) {
    if (!before.operationId) {
      out.push({
        level: "minor",
        kind: "operation-id-added",
        pointer: `${at}/operationId`,
        message: `gets operationId ${after.operationId}, which names its method and types (${typeBaseOf(after.operationId!)}Params, ${typeBaseOf(after.operationId!)}Response)`,
      });
    } else if (!after.operationId) {
      out.push({ level: "major", kind: "operation-id-removed", pointer: at, message: `operationId ${before.operationId} removed: its method and types go with it` });
    } else {
      const typesChange = typeBaseOf(before.operationId) !== typeBaseOf(after.operationId);
      out.push({
        level: "major",
        kind: "operation-renamed",
        pointer: `${at}/operationId`,
        message:
          `renamed from ${before.operationId} to ${after.operationId}` +
          (before.clientMethod && after.clientMethod && before.clientMethod !== after.clientMethod ? `: ${before.clientMethod}() → ${after.clientMethod}()` : "") +
          (typesChange ? `; types ${typeBaseOf(before.operationId)}* → ${typeBaseOf(after.operationId)}*` : ""),
      });
    }
  } else if (before.clientMethod && after.clientMethod && before.clientMethod !== after.clientMethod) {
    out.push({ level: "major", kind: "method-renamed", pointer: at, message: `client method ${before.clientMethod}() → ${after.clientMethod}()` });
  }

  if (!before.deprecated && after.deprecated) out.push({ level: "minor", kind: "operation-deprecated", pointer: `${at}/deprecated`, message: "now deprecated" });
  if (before.deprecated && !after.deprecated) out.push({ level: "patch", kind: "operation-undeprecated", pointer: at, message: "no longer deprecated" });
  const docs = [before.summary !== after.summary ? "summary" : "", before.description !== after.description ? "description" : ""].filter(Boolean);
  if (docs.length) out.push({ level: "patch", kind: "docs-changed", pointer: at, message: `${docs.join(" and ")} changed (JSDoc)` });

  // Path parameters are matched by position: a renamed template variable is a renamed params key.
  const templateNames = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  const renamedPath = new Map<string, string>();
  templateNames(before.path).forEach((name, i) => {
    const now = templateNames(after.path)[i];
    if (now !== undefined && now !== name) renamedPath.set(name, now);
  });
  for (const [from, to] of renamedPath) {
    out.push({ level: "major", kind: "parameter-renamed", pointer: `${at}`, message: `path parameter ${from} renamed to ${to}` });
  }

  const paramKey = (p: ParameterSurface) => `${p.in}:${p.in === "path" ? (renamedPath.get(p.name) ?? p.name) : p.name}`;
  const afterParams = new Map(after.parameters.map((p) => [`${p.in}:${p.name}`, p]));
  const beforeParams = new Map(before.parameters.map((p) => [paramKey(p), p]));
  for (const [key, p] of afterParams) {
    const was = beforeParams.get(key) ?? [...beforeParams.values()].find((b) => b.name === p.name && b.in !== p.in && !afterParams.has(`${b.in}:${b.name}`));
    if (!was) {
      out.push({
        level: p.required ? "major" : "minor",
        kind: "parameter-added",
        pointer: p.pointer,
        message: `${p.required ? "required" : "optional"} ${p.in} parameter ${p.name} added`,
      });
      continue;
    }
    beforeParams.delete(paramKey(was));
    if (was.in !== p.in) out.push({ level: "patch", kind: "parameter-moved", pointer: p.pointer, message: `parameter ${p.name} moved from ${was.in} to ${p.in}; the params object stays the same` });
    if (!was.required && p.required) out.push({ level: "major", kind: "parameter-required", pointer: p.pointer, message: `${p.in} parameter ${p.name} is now required` });
    if (was.required && !p.required) out.push({ level: "minor", kind: "parameter-optional", pointer: p.pointer, message: `${p.in} parameter ${p.name} is now optional` });
    if (!was.deprecated && p.deprecated) out.push({ level: "minor", kind: "parameter-deprecated", pointer: p.pointer, message: `${p.in} parameter ${p.name} is now deprecated` });
    if (was.schema && p.schema) out.push(...schemas.compare(was.schema, p.schema, "request", p.name, `${p.in} parameter`));
  }
  for (const p of beforeParams.values()) {
    out.push({ level: "major", kind: "parameter-removed", pointer: p.pointer, message: `${p.in} parameter ${p.name} removed` });
  }

  const [ob, nb] = [before.body, after.body];
  if (!ob && nb) {
    out.push({ level: nb.required ? "major" : "minor", kind: "request-body-added", pointer: nb.pointer, message: `${nb.required ? "required" : "optional"} request body added (${nb.mediaType})` });
  } else if (ob && !nb) {
    out.push({ level: "major", kind: "request-body-removed", pointer: ob.pointer, message: "request body removed" });
  } else if (ob && nb) {
    if (ob.mediaType !== nb.mediaType) out.push({ level: "major", kind: "request-content-type-changed", pointer: nb.pointer, message: `request body ${ob.mediaType} → ${nb.mediaType}` });
    if (!ob.required && nb.required) out.push({ level: "major", kind: "request-body-required", pointer: nb.pointer, message: "request body is now required" });
    if (ob.required && !nb.required) out.push({ level: "minor", kind: "request-body-optional", pointer: nb.pointer, message: "request body is now optional" });
    if (ob.schema && nb.schema) out.push(...schemas.compare(ob.schema, nb.schema, "request", "", "request field"));
  }

  const [os, ns] = [before.success, after.success];
  if (os && ns && os.status !== ns.status) {
    out.push({ level: "patch", kind: "response-status-changed", pointer: ns.pointer, message: `success status ${os.status} → ${ns.status}` });
  }
  if (os?.schema && !ns?.schema) {
    out.push({ level: "major", kind: "response-body-removed", pointer: ns?.pointer ?? os.pointer, message: "the success response no longer has a body: the method resolves to nothing" });
  } else if (!os?.schema && ns?.schema) {
    out.push({ level: "minor", kind: "response-body-added", pointer: ns.pointer, message: "the success response now describes its body: the method resolves to it" });
  } else if (os?.schema && ns?.schema) {
    out.push(...schemas.compare(os.schema, ns.schema, "response", "", "response field"));
  }

  // The API's own security changes are reported once; here only what an operation overrides.
  if (before.security || after.security) {
    compareSecurity(before.security ?? oldApi.security, after.security ?? newApi.security, `${at}/security`, "the operation", (c) => out.push(c));
  }
  if ((before.servers ?? []).join() !== (after.servers ?? []).join()) {
    out.push({ level: "patch", kind: "server-changed", pointer: `${at}/servers`, message: `its own server ${before.servers?.[0] ?? "(the API's)"} → ${after.servers?.[0] ?? "(the API's)"}` });
  }

  // From the model: what the method returns and how it pages.
  // (Only when both sides have it: a spec that generated no client had no lists to compare.)
  const modelled = before.clientMethod !== undefined && after.clientMethod !== undefined;
  const [op, np] = [before.pagination, after.pagination];
  if (!modelled) {
    // nothing to compare
  } else if (!op && np) out.push({ level: "minor", kind: "pagination-added", pointer: at, message: "now a list: its result is async-iterable over every item, with .pages()" });
  else if (op && !np) {
    out.push({ level: "major", kind: "pagination-removed", pointer: at, message: "no longer a list: its result is not iterable any more" });
  } else if (op && np) {
    // Where the items sit in the response body: an envelope that moved them leaves the item type alone.
    const itemsPath = (o: OperationSurface) => [o.envelope?.data, o.pagination?.items].filter(Boolean).join(".") || "(the body)";
    if (itemsPath(before) !== itemsPath(after)) {
      out.push({ level: "major", kind: "pagination-changed", pointer: at, message: `list items are read from ${itemsPath(before)} → ${itemsPath(after)} of the response` });
    }
    const how = (p: typeof op) => `${p.style} (${[p.pageParam, p.offsetParam, p.cursorParam, p.sizeParam, p.nextCursor].filter(Boolean).join(", ")})`;
    if (how(op) !== how(np)) out.push({ level: "patch", kind: "pagination-changed", pointer: at, message: `pages by ${how(op)} → ${how(np)}` });
  }
  const envelopeText = (e: OperationSurface["envelope"]) => (e ? `"${e.data}"` : "the whole body");
  if (modelled && before.envelope !== undefined && after.envelope !== undefined && envelopeText(before.envelope) !== envelopeText(after.envelope)) {
    out.push({ level: "major", kind: "envelope-changed", pointer: at, message: `the method returns ${envelopeText(before.envelope)} → ${envelopeText(after.envelope)} of the response` });
  }
  return out;
}

const ANY = "any";

/** TypeScript sees integer and number alike; the comparison works on what the generated types show. */
function tsTypes(node: SchemaNode): Set<string> {
  if (node.types.length === 0) return new Set([ANY]);
  return new Set(node.types.map((t) => (t === "integer" ? "number" : t)));
}

const isSubset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && isSubset(a, b);
const typeText = (node: SchemaNode) => (node.types.length ? node.types.join(" | ") : "any");
const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** Compares schemas pairwise, once per pair of named components and direction, recursion included. */
class SchemaComparer {
  private readonly memo = new Map<string, SchemaChange[]>();
  private readonly active = new Set<string>();
  private readonly shapes = new Map<string, boolean>();

  constructor(
    private readonly old: ApiSurface,
    private readonly neu: ApiSurface,
  ) {}

  compare(oldId: string, newId: string, dir: Direction, label: string, noun: string): SchemaChange[] {
    const o = this.old.schemas[oldId];
    const n = this.neu.schemas[newId];
    if (!o || !n) return [];
    // Entering a named component: its changes are named after it and found once for all its uses.
    const schema = n.name ?? o.name;
    const at = schema ?? label;
    const key = `${dir}|${noun}|${oldId}|${newId}|${schema ? "" : label}`;
    const memo = this.memo.get(key);
    if (memo) return memo;
    if (this.active.has(key)) return [];
    this.active.add(key);
    const out = this.compareNodes(o, n, dir, at, noun);
    this.active.delete(key);
    this.memo.set(key, out);
    return out;
  }

  private compareNodes(o: SchemaNode, n: SchemaNode, dir: Direction, label: string, noun: string): SchemaChange[] {
    const out: SchemaChange[] = [];
    const subject = label === "" ? (dir === "request" ? "request body" : "response body") : `${noun} ${label}`;
    const add = (c: SchemaChange) => out.push(c);
    const byDir = (request: Level, response: Level) => (dir === "request" ? request : response);
    const child = (name: string) => (label === "" ? name : `${label}.${name}`);

    if (o.variants || n.variants) {
      this.compareVariants(o, n, dir, label, noun, subject, add);
    } else {
      const [ot, nt] = [tsTypes(o), tsTypes(n)];
      if (!sameSet(ot, nt)) {
        const wider = nt.has(ANY) || (!ot.has(ANY) && isSubset(ot, nt));
        const narrower = ot.has(ANY) || (!nt.has(ANY) && isSubset(nt, ot));
        const level = dir === "request" ? (wider ? "minor" : "major") : narrower ? "patch" : "major";
        const nullOnly = [...ot, ...nt].filter((t) => !(ot.has(t) && nt.has(t))).every((t) => t === "null");
        add({
          level,
          kind: nullOnly ? "nullable-changed" : "type-changed",
          pointer: n.pointer,
          message: nullOnly ? `${subject} is ${nt.has("null") ? "now" : "no longer"} nullable` : `${subject}: type ${typeText(o)} → ${typeText(n)}`,
        });
      } else if (o.types.join() !== n.types.join()) {
        add({ level: "patch", kind: "type-changed", pointer: n.pointer, message: `${subject}: type ${typeText(o)} → ${typeText(n)} (both are number in TypeScript)` });
      }
    }
    if (o.format !== n.format) {
      add({ level: "patch", kind: "format-changed", pointer: n.pointer, message: `${subject}: format ${o.format ?? "(none)"} → ${n.format ?? "(none)"}` });
    }
    if (!o.deprecated && n.deprecated) add({ level: "minor", kind: "field-deprecated", pointer: n.pointer, message: `${subject} is now deprecated` });

    if (o.enum && n.enum) {
      const addedValues = n.enum.filter((v) => !o.enum!.some((w) => sameValue(v, w)));
      const removedValues = o.enum.filter((v) => !n.enum!.some((w) => sameValue(v, w)));
      if (addedValues.length) {
        add({
          level: "minor",
          kind: "enum-value-added",
          pointer: n.pointer,
          message:
            `${subject}: ${addedValues.length === 1 ? "value" : "values"} ${list(addedValues)} added` +
            (dir === "response" ? `. Warning: code that handles every value of ${label || "it"} should handle the new ${addedValues.length === 1 ? "one" : "ones"}` : ""),
          ...(dir === "response" ? { warning: true } : {}),
        });
      }
      if (removedValues.length) {
        add({
          level: "major",
          kind: "enum-value-removed",
          pointer: n.pointer,
          message: `${subject}: ${removedValues.length === 1 ? "value" : "values"} ${list(removedValues)} removed` + (dir === "response" ? " (code comparing with it no longer compiles)" : ""),
        });
      }
    } else if (!o.enum && n.enum) {
      add({ level: byDir("major", "patch"), kind: "enum-added", pointer: n.pointer, message: `${subject} is now limited to ${list(n.enum)}` });
    } else if (o.enum && !n.enum) {
      add({ level: byDir("minor", "major"), kind: "enum-removed", pointer: n.pointer, message: `${subject} is no longer limited to ${list(o.enum)}` });
    }

    if (o.properties || n.properties) this.compareProperties(o, n, dir, label, noun, add, child);

    if (o.items && n.items) this.compare(o.items, n.items, dir, `${label}[]`, noun).forEach(add);
    const [oa, na] = [o.additionalProperties, n.additionalProperties];
    if (oa && !na) {
      add({ level: byDir("major", "patch"), kind: "additional-properties-removed", pointer: n.pointer, message: `${subject} no longer takes members beyond its declared ones` });
    } else if (!oa && na && (o.properties || n.properties)) {
      add({ level: "minor", kind: "additional-properties-added", pointer: n.pointer, message: `${subject} now takes members beyond its declared ones` });
    } else if (typeof oa === "string" && typeof na === "string") {
      this.compare(oa, na, dir, `${label}[*]`, noun).forEach(add);
    }
    return out;
  }

  private compareProperties(
    o: SchemaNode,
    n: SchemaNode,
    dir: Direction,
    label: string,
    noun: string,
    add: (c: SchemaChange) => void,
    child: (name: string) => string,
  ): void {
    const before = o.properties ?? {};
    const after = n.properties ?? {};
    const has = (props: object, name: string) => Object.prototype.hasOwnProperty.call(props, name);
    let removed = Object.keys(before).filter((name) => !has(after, name));
    let added = Object.keys(after).filter((name) => !has(before, name));

    // A property removed and a similar name added with the same schema: a rename.
    for (const from of [...removed]) {
      const candidates = added.filter((to) => similarNames(from, to) && before[from]!.required === after[to]!.required && this.sameShape(before[from]!.schema, after[to]!.schema));
      if (candidates.length !== 1) continue;
      const to = candidates[0]!;
      const rivals = removed.filter((r) => r !== from && similarNames(r, to) && this.sameShape(before[r]!.schema, after[to]!.schema));
      if (rivals.length) continue;
      add({ level: "major", kind: "field-renamed", pointer: after[to]!.pointer, message: `${noun} ${child(from)} renamed to ${to}` });
      removed = removed.filter((r) => r !== from);
      added = added.filter((a) => a !== to);
    }
    for (const name of removed) {
      add({ level: "major", kind: `${dir}-field-removed`, pointer: before[name]!.pointer, message: `${noun} ${child(name)} removed` });
    }
    for (const name of added) {
      const required = after[name]!.required;
      add({
        level: dir === "request" && required ? "major" : "minor",
        kind: `${dir}-field-added`,
        pointer: after[name]!.pointer,
        message: `${noun} ${child(name)} added${dir === "request" ? (required ? " (required)" : " (optional)") : ""}`,
      });
    }
    for (const name of Object.keys(after)) {
      if (!has(before, name)) continue;
      const [was, now] = [before[name]!, after[name]!];
      if (!was.required && now.required) {
        add(
          dir === "request"
            ? { level: "major", kind: "request-field-required", pointer: now.pointer, message: `${noun} ${child(name)} is now required` }
            : { level: "patch", kind: "response-field-required", pointer: now.pointer, message: `${noun} ${child(name)} is now always present` },
        );
      } else if (was.required && !now.required) {
        add(
          dir === "request"
            ? { level: "minor", kind: "request-field-optional", pointer: now.pointer, message: `${noun} ${child(name)} is now optional` }
            : { level: "major", kind: "response-field-optional", pointer: now.pointer, message: `${noun} ${child(name)} may now be absent` },
        );
      }
      if (!was.deprecated && now.deprecated) add({ level: "minor", kind: "field-deprecated", pointer: now.pointer, message: `${noun} ${child(name)} is now deprecated` });
      for (const c of this.compare(was.schema, now.schema, dir, child(name), noun)) add(c);
    }
  }

  private compareVariants(
    o: SchemaNode,
    n: SchemaNode,
    dir: Direction,
    label: string,
    noun: string,
    subject: string,
    add: (c: SchemaChange) => void,
  ): void {
    const byDir = (request: Level, response: Level) => (dir === "request" ? request : response);
    if (o.variants && n.variants) {
      const name = (surface: ApiSurface, id: string) => surface.schemas[id]?.name;
      const unmatched = [...o.variants];
      const newUnmatched: string[] = [];
      n.variants.forEach((id, i) => {
        let match = unmatched.findIndex((oid) => name(this.old, oid) !== undefined && name(this.old, oid) === name(this.neu, id));
        if (match < 0) match = unmatched.findIndex((oid) => this.sameShape(oid, id));
        if (match < 0 && o.variants!.length === n.variants!.length && unmatched.includes(o.variants![i]!)) match = unmatched.indexOf(o.variants![i]!);
        if (match < 0) {
          newUnmatched.push(id);
          return;
        }
        const [oid] = unmatched.splice(match, 1);
        for (const c of this.compare(oid!, id, dir, `${label}(${name(this.neu, id) ?? `variant ${i + 1}`})`, noun)) add(c);
      });
      for (const id of newUnmatched) {
        add({ level: byDir("minor", "major"), kind: "variant-added", pointer: this.neu.schemas[id]!.pointer, message: `${subject} may now also be ${this.describe(this.neu, id)}` });
      }
      for (const id of unmatched) {
        add({ level: byDir("major", "patch"), kind: "variant-removed", pointer: n.pointer, message: `${subject} may no longer be ${this.describe(this.old, id)}` });
      }
      return;
    }
    if (n.variants) {
      const keeps = n.variants.some((id) => this.sameShapeNodes(o, this.neu.schemas[id]!));
      add({
        level: keeps ? byDir("minor", "major") : "major",
        kind: "type-changed",
        pointer: n.pointer,
        message: `${subject}: ${typeText(o)} → one of ${n.variants.length} schemas`,
      });
      return;
    }
    const kept = o.variants!.some((id) => this.sameShapeNodes(this.old.schemas[id]!, n));
    add({ level: kept ? byDir("major", "patch") : "major", kind: "type-changed", pointer: n.pointer, message: `${subject}: one of ${o.variants!.length} schemas → ${typeText(n)}` });
  }

  private describe(surface: ApiSurface, id: string): string {
    const node = surface.schemas[id]!;
    return node.name ?? typeText(node);
  }

  /** Whether two schemas describe the same values (docs and examples aside). */
  sameShape(oldId: string, newId: string): boolean {
    const key = `${oldId}|${newId}`;
    const known = this.shapes.get(key);
    if (known !== undefined) return known;
    this.shapes.set(key, true); // assumed while recursing
    const result = this.sameShapeNodes(this.old.schemas[oldId], this.neu.schemas[newId]);
    this.shapes.set(key, result);
    return result;
  }

  private sameShapeNodes(o: SchemaNode | undefined, n: SchemaNode | undefined): boolean {
    if (!o || !n) return o === n;
    if (o.types.join() !== n.types.join() || o.format !== n.format) return false;
    if (JSON.stringify(o.enum ?? null) !== JSON.stringify(n.enum ?? null)) return false;
    const [op, np] = [o.properties ?? {}, n.properties ?? {}];
    const names = Object.keys(op);
    if (names.length !== Object.keys(np).length) return false;
    for (const name of names) {
      const [a, b] = [op[name]!, Object.prototype.hasOwnProperty.call(np, name) ? np[name] : undefined];
      if (!b || a.required !== b.required || !this.sameShape(a.schema, b.schema)) return false;
    }
    if (!!o.items !== !!n.items || (o.items && !this.sameShape(o.items, n.items!))) return false;
    const [oa, na] = [o.additionalProperties, n.additionalProperties];
    if (typeof oa !== typeof na || (typeof oa === "string" && !this.sameShape(oa, na as string))) return false;
    const [ov, nv] = [o.variants ?? [], n.variants ?? []];
    return ov.length === nv.length && ov.every((id, i) => this.sameShape(id, nv[i]!));
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `url`/`urls`, `company_name`/`companyName`: names close enough for a same-schema swap to read as a rename. */
function similarNames(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const [x, y] = [norm(a), norm(b)];
  if (x === y || x.includes(y) || y.includes(x)) return true;
  return editDistance(x, y) <= Math.max(1, Math.floor(Math.min(x.length, y.length) / 4));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
