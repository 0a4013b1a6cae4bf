import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ValidateFunction } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrism, type PrismServer } from "./prism.js";
import { canonicalPointer, createSpecAjv, escapePointerSegment, valueAtPointer } from "./schemas.js";

/** What a generated contract file hands the harness. */
export interface ContractSpec<Client> {
  vendor: string;
  create: (baseUrl: string, fetch: typeof globalThis.fetch) => Client;
  operations: Array<
    | { id: string; list: boolean; call: (client: Client, options?: { maxPages?: number }) => unknown }
    | { id: string; skip: string }
  >;
}

interface CallResult {
  data: unknown;
  response: Response;
}

interface Exchange {
  method: string;
  url: string;
  status: number;
  violations: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const require = createRequire(import.meta.url);
const specsDir = join(dirname(require.resolve("@crmkit/specs/package.json")), "dist");

/**
 * Runs every operation of one vendor against one Prism serving its bundled spec, with request
 * validation on. An operation passes when Prism reports no violation of any request it sent, it got a
 * 2xx, and the payload the method returned validates against the schema of what the method promises
 * (the success response, unwrapped from the envelope). Prints one summary line and fails unless every
 * operation was exercised and passed.
 */
export function contractSuite<Client>(spec: ContractSpec<Client>): void {
  const specFile = join(specsDir, `${spec.vendor}.json`);
  const document = JSON.parse(readFileSync(specFile, "utf8")) as Obj;
  const payloadValidator = payloadValidators(document);
  let prism: PrismServer;
  let client: Client;
  const exchanges: Exchange[] = [];
  const outcome = new Map<string, "passed" | "failed">();

  const recordingFetch = (async (input: Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    exchanges.push({ method: request.method, url: request.url, status: response.status, violations: requestViolations(response.headers.get("sl-violations")) });
    return response;
  }) as typeof fetch;

  describe(`contract ${spec.vendor}`, () => {
    beforeAll(async () => {
      prism = await startPrism(specFile);
      client = spec.create(prism.url, recordingFetch);
    });

    afterAll(async () => {
      await prism?.stop();
      const total = spec.operations.length;
      const exercised = outcome.size;
      const passed = [...outcome.values()].filter((o) => o === "passed").length;
      const line = `contract ${spec.vendor}: ${total} operations, ${exercised} exercised, ${passed} passed`;
      process.stdout.write(`${line}\n`);
      for (const op of spec.operations) if ("skip" in op) process.stdout.write(`  not exercised: ${op.id} (${op.skip})\n`);
      if (exercised < total || passed < total) throw new Error(line);
    });

    for (const op of spec.operations) {
      if ("skip" in op) {
        it.skip(`${op.id} (not exercised: ${op.skip})`, () => undefined);
        continue;
      }
      it(op.id, async () => {
        outcome.set(op.id, "failed");
        const first = exchanges.length;
        const promise = op.call(client) as { withResponse(): Promise<CallResult> };
        const result = await promise.withResponse();
        const sent = exchanges.slice(first);
        expect(sent.length, "requests sent").toBeGreaterThan(0);
        for (const exchange of sent) {
          expect(exchange.violations, `${exchange.method} ${exchange.url}: Prism reported request violations`).toBeNull();
        }
        expect(result.response.status).toBeGreaterThanOrEqual(200);
        expect(result.response.status).toBeLessThan(300);

        const validate = payloadValidator(sent[0]!.method, new URL(sent[0]!.url).pathname, op.id);
        if (validate && !validate(result.data)) {
          throw new Error(`${op.id}: the payload does not match the promised type: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
        }

        if (op.list) {
          // Page through as a caller would (the mock repeats its example page, so cap it).
          const pages = (op.call(client, { maxPages: 2 }) as { pages(): AsyncIterable<{ items: unknown[] }> }).pages();
          let count = 0;
          for await (const page of pages) {
            expect(Array.isArray(page.items)).toBe(true);
            count++;
          }
          expect(count).toBeGreaterThan(0);
          for (const exchange of exchanges.slice(first)) expect(exchange.violations).toBeNull();
        }
        outcome.set(op.id, "passed");
      });
    }
  });
}

/**
 * Validators for each operation's payload schema, found by operationId in the bundled spec: the JSON
 * body of the first 2xx response, or its envelope's data property.
 */
function payloadValidators(document: Obj) {
  const ajv = createSpecAjv(document);
  const envelope = isObj(document["x-crmkit-envelope"]) ? String(document["x-crmkit-envelope"].data) : undefined;
  // Per operation: the success schema, and the envelope property the method unwraps from it (if any).
  const pointers = new Map<string, { schema: string; envelope?: string }>();
  for (const [path, item] of Object.entries(document.paths as Obj)) {
    for (const [method, op] of Object.entries(item as Obj)) {
      if (!isObj(op) || typeof op.operationId !== "string" || !isObj(op.responses)) continue;
      const status = Object.keys(op.responses).find((s) => /^2/.test(s));
      if (!status) continue;
      let response = op.responses[status] as Obj;
      let base = `#/paths/${escapePointerSegment(path)}/${method}/responses/${status}`;
      if (typeof response.$ref === "string") {
        base = response.$ref;
        response = valueAtPointer(document, response.$ref) as Obj;
      }
      const content = isObj(response.content) ? response.content : {};
      const json = Object.keys(content).find((c) => /json/i.test(c));
      if (!json) continue;
      const opEnvelope = op["x-crmkit-envelope"] === false ? undefined : isObj(op["x-crmkit-envelope"]) ? String(op["x-crmkit-envelope"].data) : envelope;
      pointers.set(op.operationId, { schema: `${base}/content/${escapePointerSegment(json)}/schema`, envelope: opEnvelope });
    }
  }
  const cache = new Map<string, ValidateFunction | undefined>();
  return (_method: string, _path: string, operationId: string): ValidateFunction | undefined => {
    if (!cache.has(operationId)) {
      const entry = pointers.get(operationId);
      const schema = entry ? canonicalPointer(document, entry.schema) : undefined;
      const target = schema && entry?.envelope ? propertyPointer(document, schema, entry.envelope) : schema;
      // An envelope whose property cannot be found would leave the payload unchecked: say so instead.
      if (schema && entry?.envelope && !target) throw new Error(`${operationId}: no "${entry.envelope}" property to unwrap in ${entry.schema}`);
      cache.set(operationId, target ? ajv.compile({ $ref: `spec${target}` }) : undefined);
    }
    return cache.get(operationId);
  };
}

/** Prism's violations of the request only (it also reports its own generated responses). */
function requestViolations(header: string | null): string | null {
  if (!header) return null;
  const found = (JSON.parse(header) as Array<{ location?: string[] }>).filter((v) => v.location?.[0] === "request");
  return found.length ? JSON.stringify(found) : null;
}

/**
 * The pointer of property `name` of the schema at `pointer`, looking through $refs and `allOf` members
 * (envelopes are usually written as `allOf: [<envelope>, {properties: {<key>: …}}]`).
 */
function propertyPointer(document: unknown, pointer: string, name: string): string | undefined {
  let at = pointer;
  let node = valueAtPointer(document, at);
  for (let i = 0; i < 20 && isObj(node) && typeof node.$ref === "string"; i++) {
    at = node.$ref;
    node = valueAtPointer(document, at);
  }
  if (!isObj(node)) return undefined;
  if (isObj(node.properties) && name in node.properties) return canonicalPointer(document, `${at}/properties/${escapePointerSegment(name)}`);
  const members = Array.isArray(node.allOf) ? node.allOf : [];
  for (let i = 0; i < members.length; i++) {
    const found = propertyPointer(document, `${at}/allOf/${i}`, name);
    if (found) return found;
  }
  return undefined;
}
