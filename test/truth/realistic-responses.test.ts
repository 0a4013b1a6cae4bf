/**
 * Realistic bodies held against the bundled specs. Each fixture in `fixtures/<vendor>/` is a body the API
 * really sends (or accepts), written for this test after what recorded responses and community clients
 * show: a `body` is checked against the JSON schema of the operation's response (envelope and side-cars
 * included), then unwrapped as the spec declares (`x-crmkit-envelope`, `x-crmkit-pagination.items`); a
 * `request` is checked against the operation's request body. A field the schema does not declare is a
 * disagreement too (response schemas stay open, so validation alone would let a wrapped or missing field
 * through): the generated type would not show it. Any disagreement fails, listed with the fixture and
 * the JSON path in the body.
 *
 * Every class of disagreement issue 16 names is covered by at least one fixture (CLASSES below).
 * CRMKIT_SPECS_DIST points the test at another folder of bundled specs, e.g. ones built before a change.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { canonicalPointer, createSpecAjv, escapePointerSegment, valueAtPointer } from "../support/schemas.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const require = createRequire(import.meta.url);
const specsDir = process.env.CRMKIT_SPECS_DIST || join(dirname(require.resolve("@crmkit/specs/package.json")), "dist");
const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** The classes of disagreement each vendor's fixtures must cover. */
const CLASSES: Record<string, Record<string, string>> = {
  onepagecrm: {
    "null-string": "null where the spec says string (address parts, next action date, phone number, author, stage label, synced status)",
    "empty-next-action": "an empty next_action {}",
    "empty-title": 'title: ""',
    "field-values": "custom field and deal field values as number, string or array",
    "letter-counts": "contacts_count.all as an object of letter counts",
    "cost-setup": 'cost_setup values as strings ("10.0") and cost_setup as {}',
    "wrapped-items": "bootstrap items wrapped as {user}, team[*].user, filters[*].filter, ...",
    "missing-fields": "Deal.last_stage, user_ids_to_notify, deal-list related_notes, contact linked_with",
    "status-types": "account-defined status types beyond the enum (custom3, ...), the class of Wealthbox's vocabularies",
  },
  wealthbox: {
    "open-vocabulary": "workspace-edited contact types, sources, objectives, address/email/phone and website kinds",
    "list-meta": "meta with total_count on every list, categories included",
    nulls: "null for label, description, frame, manager, organizer and similar",
    "unset-dates": 'unset dates as ""',
    "missing-fields": "task subtasks, workflow active_step/completed_at, contact external_unique_id",
    "iso-inputs": "starts_at/due_date sent as ISO 8601",
  },
  accelo: {
    nulls: "null or empty string where the docs' examples show them",
    "typed-items": "array items that were a bare type: object",
  },
};

interface Fixture {
  file: string;
  operationId: string;
  status?: string;
  covers: string[];
  note: string;
  body?: unknown;
  request?: unknown;
}

interface Operation {
  path: string;
  method: string;
  op: Obj;
}

function loadFixtures(vendor: string): Fixture[] {
  const dir = join(fixturesDir, vendor);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ file: `${vendor}/${f}`, ...(JSON.parse(readFileSync(join(dir, f), "utf8")) as Omit<Fixture, "file">) }));
}

function operations(document: Obj): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Obj)) {
    for (const [method, op] of Object.entries(item as Obj)) {
      if (isObj(op) && typeof op.operationId === "string") out.set(op.operationId, { path, method, op });
    }
  }
  return out;
}

/** The JSON schema pointer of a response (or request) body, with every $ref on the way followed. */
function bodySchemaPointer(document: Obj, operation: Operation, fixture: Fixture): string {
  const base = `#/paths/${escapePointerSegment(operation.path)}/${operation.method}`;
  let holder: string;
  if (fixture.request !== undefined) {
    holder = `${base}/requestBody`;
  } else {
    const responses = (operation.op.responses ?? {}) as Obj;
    const status = fixture.status ?? Object.keys(responses).find((s) => /^2/.test(s));
    if (!status || !(status in responses)) throw new Error(`${fixture.file}: ${fixture.operationId} has no response ${fixture.status ?? "2xx"}`);
    holder = `${base}/responses/${escapePointerSegment(status)}`;
  }
  const contentAt = canonicalPointer(document, `${holder}/content`);
  const content = contentAt ? valueAtPointer(document, contentAt) : undefined;
  const json = isObj(content) ? Object.keys(content).find((c) => /json/i.test(c)) : undefined;
  if (!json || !contentAt) throw new Error(`${fixture.file}: ${fixture.operationId} declares no JSON body at ${holder}`);
  const pointer = canonicalPointer(document, `${contentAt}/${escapePointerSegment(json)}/schema`);
  if (!pointer) throw new Error(`${fixture.file}: ${fixture.operationId} has no schema under ${contentAt}`);
  return pointer;
}

function valueAtPath(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((at, key) => (isObj(at) ? at[key] : undefined), value);
}

/** What the generated method hands the caller, found the way the spec says: envelope, then page items. */
function unwrapProblems(document: Obj, operation: Operation, body: unknown): string[] {
  const problems: string[] = [];
  const envelope = operation.op["x-crmkit-envelope"] === false ? undefined : ((operation.op["x-crmkit-envelope"] ?? document["x-crmkit-envelope"]) as Obj | undefined);
  let payload = body;
  if (isObj(envelope) && typeof envelope.data === "string") {
    payload = valueAtPath(body, envelope.data);
    if (payload === undefined) problems.push(`the envelope's "${envelope.data}" is missing`);
  }
  const paging = operation.op["x-crmkit-pagination"];
  if (isObj(paging) && payload !== undefined) {
    const items = typeof paging.items === "string" ? valueAtPath(payload, paging.items) : payload;
    if (!Array.isArray(items)) problems.push(`the page's items (${typeof paging.items === "string" ? paging.items : "the payload"}) are not an array`);
    for (const key of ["totalItems", "totalPages"]) {
      const at = paging[key];
      if (typeof at === "string" && valueAtPath(payload, at) !== undefined && !Number.isFinite(Number(valueAtPath(payload, at)))) {
        problems.push(`${key} (${at}) is not a number`);
      }
    }
  }
  return problems;
}

/**
 * The body's fields that the schema declares nowhere: not in `properties` of the schema or of any
 * allOf part, with no `additionalProperties`/`patternProperties` to take them. Of anyOf/oneOf branches
 * the best fitting one counts.
 */
function undeclaredFields(document: Obj, schema: unknown, value: unknown, path: string, depth = 0): string[] {
  const s = resolveSchema(document, schema);
  if (!isObj(s) || depth > 40) return [];
  for (const key of ["anyOf", "oneOf"]) {
    const branches = s[key];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    // Each branch together with what the schema itself declares; the best fit decides.
    const { [key]: _branches, ...rest } = s;
    const fits = branches.map((b) => undeclaredFields(document, { allOf: [rest, b] }, value, path, depth + 1));
    return fits.reduce((a, b) => (b.length < a.length ? b : a));
  }
  const parts = [s, ...(Array.isArray(s.allOf) ? s.allOf.map((p) => resolveSchema(document, p)) : [])].filter(isObj);
  if (Array.isArray(value)) {
    const items = parts.map((p) => p.items).find((i) => i !== undefined);
    return items === undefined ? [] : value.flatMap((v, i) => undeclaredFields(document, items, v, `${path}/${i}`, depth + 1));
  }
  if (!isObj(value)) return [];
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const declaring = parts.filter((p) => isObj(p.properties) && key in p.properties);
    if (declaring.length > 0) {
      problems.push(...undeclaredFields(document, (declaring[0]!.properties as Obj)[key], child, `${path}/${key}`, depth + 1));
      continue;
    }
    const open = parts.find((p) => p.additionalProperties !== undefined && p.additionalProperties !== false);
    if (open) {
      if (isObj(open.additionalProperties)) problems.push(...undeclaredFields(document, open.additionalProperties, child, `${path}/${key}`, depth + 1));
      continue;
    }
    if (parts.some((p) => isObj(p.patternProperties))) continue;
    problems.push(`${path}/${key} is not declared by the spec`);
  }
  return problems;
}

function resolveSchema(document: Obj, schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 20 && isObj(s) && typeof s.$ref === "string"; i++) s = valueAtPointer(document, s.$ref);
  return s;
}

function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}${e.params && "allowedValues" in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ""}`);
}

describe.each(Object.keys(CLASSES))("realistic %s bodies", (vendor) => {
  const document = JSON.parse(readFileSync(join(specsDir, `${vendor}.json`), "utf8")) as Obj;
  const fixtures = loadFixtures(vendor);
  const ops = operations(document);

  it("cover every class of disagreement", () => {
    const covered = new Set(fixtures.flatMap((f) => f.covers));
    for (const f of fixtures) for (const c of f.covers) expect(Object.keys(CLASSES[vendor]!), `${f.file} covers an unknown class`).toContain(c);
    expect(Object.keys(CLASSES[vendor]!).filter((c) => !covered.has(c)), "classes without a fixture").toEqual([]);
  });

  it("each agrees with the bundled spec", () => {
    const ajv = createSpecAjv(document, { allErrors: true });
    const failures: string[] = [];
    for (const fixture of fixtures) {
      const operation = ops.get(fixture.operationId);
      if (!operation) {
        failures.push(`${fixture.file}: no operation ${fixture.operationId}`);
        continue;
      }
      const value = fixture.request ?? fixture.body;
      const pointer = bodySchemaPointer(document, operation, fixture);
      const validate = ajv.compile({ $ref: `spec${pointer}` });
      const problems = validate(value) ? [] : describeErrors(validate);
      problems.push(...undeclaredFields(document, valueAtPointer(document, pointer), value, ""));
      if (fixture.request === undefined) problems.push(...unwrapProblems(document, operation, fixture.body));
      if (problems.length > 0) failures.push(`${fixture.file} (${fixture.operationId}):\n    ${problems.slice(0, 12).join("\n    ")}`);
    }
    process.stdout.write(`realistic ${vendor}: ${fixtures.length} fixtures, ${failures.length} disagree with ${specsDir}\n`);
    expect(fixtures.length).toBeGreaterThan(0);
    expect(failures, failures.join("\n")).toEqual([]);
  });
});
