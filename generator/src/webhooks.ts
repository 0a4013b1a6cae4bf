import type { LoadedDocument } from "./load.js";
import { escapePointerSegment, joinPointer } from "./errors.js";

/**
 * Webhook deliveries, read from OpenAPI 3.1 `webhooks:` or, for 3.0 specs, `x-crmkit-webhooks`,
 * with the vendor-wide `x-crmkit-webhook-delivery` and `x-crmkit-webhook-verification`
 * (specs/README.md). Like the rest of the model, nothing here is vendor-specific.
 */
export interface WebhooksModel {
  /** The HTTP method deliveries use. */
  method: string;
  /** Where a delivery names its event; `subscription`: it does not (one hook per event). */
  event: { in: "header" | "body"; name: string } | { in: "subscription" };
  verification: WebhookVerificationModel;
  /** How long the vendor waits for an answer, when the spec says. */
  timeoutSeconds?: number;
  events: WebhookEventModel[];
}

export type HmacAlgorithm = "sha1" | "sha256" | "sha384" | "sha512";

export interface TimestampRuleModel {
  in?: "body" | "header";
  field: string;
  format: "unix-seconds" | "unix-milliseconds";
  toleranceSeconds: number;
}

export type WebhookVerificationModel =
  | {
      type: "hmac";
      header: string;
      algorithms: HmacAlgorithm[];
      encoding: "hex" | "base64";
      prefix?: string;
      prefixRequired?: boolean;
      timestamp?: TimestampRuleModel;
    }
  | { type: "echoed-secret"; field: string; timestamp?: TimestampRuleModel }
  | { type: "none"; timestamp?: TimestampRuleModel };

export interface WebhookEventModel {
  name: string;
  pointer: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** The component schema of the body (`#/components/schemas/<payloadSchema>`). */
  payloadSchema: string;
  contentTypes: string[];
  /** Top-level payload property marked `x-crmkit-resource-url`: the changed record's API URL. */
  resourceUrlField?: string;
  /** What the receiver's answers mean to the vendor (`410` unsubscribes, …). */
  responses: Array<{ status: string; description?: string }>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

const ALGORITHMS: HmacAlgorithm[] = ["sha1", "sha256", "sha384", "sha512"];
const METHODS = ["get", "put", "post", "delete", "patch"];
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

export function readWebhooks(loaded: LoadedDocument, resolve: (v: unknown) => unknown): WebhooksModel | undefined {
  const doc = loaded.doc as Obj;
  const fail = (pointer: string, detail: string) => loaded.error(pointer, detail);
  const standard = doc.webhooks;
  const extension = doc["x-crmkit-webhooks"];
  if (standard !== undefined && extension !== undefined) {
    throw fail("/x-crmkit-webhooks", "declare deliveries in `webhooks:` (OpenAPI 3.1) or in x-crmkit-webhooks (3.0), not both");
  }
  if (standard !== undefined && typeof doc.openapi === "string" && doc.openapi.startsWith("3.0")) {
    throw fail("/webhooks", "OpenAPI 3.0 has no `webhooks:`; use x-crmkit-webhooks");
  }
  const source = standard ?? extension;
  const deliveryRaw = doc["x-crmkit-webhook-delivery"];
  const verificationRaw = doc["x-crmkit-webhook-verification"];
  if (source === undefined) {
    if (deliveryRaw !== undefined || verificationRaw !== undefined) {
      throw fail(deliveryRaw !== undefined ? "/x-crmkit-webhook-delivery" : "/x-crmkit-webhook-verification", "webhook settings without any webhook: add `webhooks:` (3.1) or x-crmkit-webhooks (3.0)");
    }
    return undefined;
  }
  const sourcePointer = standard !== undefined ? "/webhooks" : "/x-crmkit-webhooks";
  if (!isObj(source) || Object.keys(source).length === 0) throw fail(sourcePointer, "must map at least one event name to its delivery");
  if (!isObj(deliveryRaw)) throw fail("", "webhooks need x-crmkit-webhook-delivery (where a delivery names its event)");
  if (!isObj(verificationRaw)) throw fail("", "webhooks need x-crmkit-webhook-verification (how a delivery is verified; `type: none` when it cannot be)");

  const event = readEventLocation(loaded, deliveryRaw.event, "/x-crmkit-webhook-delivery/event");
  const verification = readVerification(loaded, verificationRaw, "/x-crmkit-webhook-verification");
  const timeoutSeconds = deliveryRaw.timeoutSeconds;
  if (timeoutSeconds !== undefined && (typeof timeoutSeconds !== "number" || timeoutSeconds <= 0)) {
    throw fail("/x-crmkit-webhook-delivery/timeoutSeconds", "timeoutSeconds must be a positive number");
  }

  const methods = new Set<string>();
  const events: WebhookEventModel[] = Object.entries(source).map(([name, raw]) => {
    const pointer = joinPointer(sourcePointer.slice(1), name);
    const read = standard !== undefined ? readStandardEvent(loaded, resolve, raw, pointer) : readExtensionEvent(loaded, raw, pointer);
    methods.add(read.method);
    const payload = resolve({ $ref: `#/components/schemas/${read.payloadSchema}` });
    return { name, pointer, payloadSchema: read.payloadSchema, ...read.event, resourceUrlField: resourceUrlField(loaded, resolve, payload, read.payloadSchema) };
  });
  if (methods.size > 1) throw fail(sourcePointer, `every delivery must use one HTTP method (found ${[...methods].join(", ")})`);

  checkEventList(loaded, resolve, deliveryRaw.events, events);
  for (const e of events) {
    const payload = resolve({ $ref: `#/components/schemas/${e.payloadSchema}` });
    const needed = [
      ...(verification.type === "echoed-secret" ? [[verification.field, "x-crmkit-webhook-verification field"]] : []),
      ...(verification.timestamp && verification.timestamp.in !== "header" ? [[verification.timestamp.field, "the timestamp field"]] : []),
      ...(event.in === "body" ? [[event.name, "the event field"]] : []),
    ];
    for (const [path, what] of needed) {
      if (!hasProperty(resolve, payload, path!.split("."))) {
        throw fail(joinPointer("components", "schemas", e.payloadSchema), `the payload of "${e.name}" has no "${path}" property, which ${what} names`);
      }
    }
  }
  return { method: [...methods][0]!.toUpperCase(), event, verification, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}), events };
}

function readEventLocation(loaded: LoadedDocument, raw: unknown, pointer: string): WebhooksModel["event"] {
  if (!isObj(raw)) throw loaded.error(pointer, 'needs "in" (header, body or subscription)');
  if (raw.in === "subscription") return { in: "subscription" };
  if (raw.in !== "header" && raw.in !== "body") throw loaded.error(`${pointer}/in`, `"in" must be header, body or subscription (got ${JSON.stringify(raw.in)})`);
  const name = str(raw.name);
  if (!name) throw loaded.error(pointer, `an event ${raw.in === "header" ? "header" : "field"} needs "name"`);
  return { in: raw.in, name };
}

function readVerification(loaded: LoadedDocument, raw: Obj, pointer: string): WebhookVerificationModel {
  const timestamp = raw.timestamp === undefined ? undefined : readTimestamp(loaded, raw.timestamp, `${pointer}/timestamp`);
  const withTimestamp = timestamp ? { timestamp } : {};
  switch (raw.type) {
    case "none":
      return { type: "none", ...withTimestamp };
    case "echoed-secret": {
      const field = str(raw.field);
      if (!field) throw loaded.error(pointer, 'echoed-secret needs "field" (the body field carrying the secret)');
      return { type: "echoed-secret", field, ...withTimestamp };
    }
    case "hmac": {
      const header = str(raw.header);
      if (!header) throw loaded.error(pointer, 'hmac needs "header" (where the signature is sent)');
      const algorithms = raw.algorithms;
      if (!Array.isArray(algorithms) || algorithms.length === 0) throw loaded.error(pointer, `hmac needs "algorithms" (some of ${ALGORITHMS.join(", ")})`);
      algorithms.forEach((a, i) => {
        if (!ALGORITHMS.includes(a as HmacAlgorithm)) throw loaded.error(`${pointer}/algorithms/${i}`, `unknown algorithm ${JSON.stringify(a)} (${ALGORITHMS.join(", ")})`);
      });
      const encoding = raw.encoding ?? "hex";
      if (encoding !== "hex" && encoding !== "base64") throw loaded.error(`${pointer}/encoding`, 'encoding must be "hex" or "base64"');
      if (raw.prefix !== undefined && typeof raw.prefix !== "string") throw loaded.error(`${pointer}/prefix`, "prefix must be a string");
      if (raw.prefixRequired !== undefined && typeof raw.prefixRequired !== "boolean") throw loaded.error(`${pointer}/prefixRequired`, "prefixRequired must be true or false");
      return {
        type: "hmac",
        header,
        algorithms: algorithms as HmacAlgorithm[],
        encoding,
        ...(raw.prefix !== undefined ? { prefix: raw.prefix as string } : {}),
        ...(raw.prefixRequired !== undefined ? { prefixRequired: raw.prefixRequired as boolean } : {}),
        ...withTimestamp,
      };
    }
    default:
      throw loaded.error(`${pointer}/type`, `type must be hmac, echoed-secret or none (got ${JSON.stringify(raw.type)})`);
  }
}

function readTimestamp(loaded: LoadedDocument, raw: unknown, pointer: string): TimestampRuleModel {
  if (!isObj(raw)) throw loaded.error(pointer, 'timestamp needs "field", "format" and "toleranceSeconds"');
  const field = str(raw.field);
  if (!field) throw loaded.error(pointer, 'timestamp needs "field"');
  const at = raw.in ?? "body";
  if (at !== "body" && at !== "header") throw loaded.error(`${pointer}/in`, 'timestamp "in" must be body or header');
  if (raw.format !== "unix-seconds" && raw.format !== "unix-milliseconds") throw loaded.error(`${pointer}/format`, "format must be unix-seconds or unix-milliseconds");
  if (typeof raw.toleranceSeconds !== "number" || raw.toleranceSeconds < 0) throw loaded.error(`${pointer}/toleranceSeconds`, "toleranceSeconds must be a number ≥ 0");
  return { ...(at === "header" ? { in: "header" as const } : {}), field, format: raw.format, toleranceSeconds: raw.toleranceSeconds };
}

interface ReadEvent {
  method: string;
  payloadSchema: string;
  event: Omit<WebhookEventModel, "name" | "pointer" | "resourceUrlField" | "payloadSchema">;
}

function readStandardEvent(loaded: LoadedDocument, resolve: (v: unknown) => unknown, raw: unknown, pointer: string): ReadEvent {
  const item = resolve(raw);
  if (!isObj(item)) throw loaded.error(pointer, "a webhook must be a path item");
  const methods = METHODS.filter((m) => item[m] !== undefined);
  if (methods.length !== 1) throw loaded.error(pointer, `a webhook must have exactly one operation (found ${methods.length})`);
  const method = methods[0]!;
  const op = item[method];
  if (!isObj(op)) throw loaded.error(`${pointer}/${method}`, "an operation must be an object");
  const body = resolve(op.requestBody);
  if (!isObj(body) || !isObj(body.content) || Object.keys(body.content).length === 0) {
    throw loaded.error(`${pointer}/${method}`, "a webhook needs a requestBody with content: the delivery's payload");
  }
  const refs = new Set<string>();
  for (const [type, media] of Object.entries(body.content)) {
    refs.add(schemaName(loaded, isObj(media) ? media.schema : undefined, `${pointer}/${method}/requestBody/content/${escapePointerSegment(type)}/schema`));
  }
  if (refs.size > 1) throw loaded.error(`${pointer}/${method}/requestBody`, `every content type must carry the same payload schema (found ${[...refs].join(", ")})`);
  const responses = isObj(op.responses)
    ? Object.entries(op.responses).map(([status, r]) => {
        const response = resolve(r);
        return { status, ...(isObj(response) && str(response.description) ? { description: str(response.description) } : {}) };
      })
    : [];
  return {
    method,
    payloadSchema: [...refs][0]!,
    event: {
      ...(str(op.summary) ? { summary: str(op.summary) } : {}),
      ...(str(op.description) ? { description: str(op.description) } : {}),
      deprecated: op.deprecated === true,
      contentTypes: Object.keys(body.content),
      responses,
    },
  };
}

function readExtensionEvent(loaded: LoadedDocument, raw: unknown, pointer: string): ReadEvent {
  if (!isObj(raw)) throw loaded.error(pointer, 'a webhook needs "payload" (a $ref to its component schema)');
  const method = str(raw.method)?.toLowerCase() ?? "post";
  if (!METHODS.includes(method)) throw loaded.error(`${pointer}/method`, `unknown HTTP method ${JSON.stringify(raw.method)}`);
  const contentTypes = raw.contentTypes === undefined ? [] : raw.contentTypes;
  if (!Array.isArray(contentTypes) || contentTypes.some((c) => typeof c !== "string")) throw loaded.error(`${pointer}/contentTypes`, "contentTypes must be a list of media types");
  return {
    method,
    payloadSchema: schemaName(loaded, raw.payload, `${pointer}/payload`),
    event: {
      ...(str(raw.summary) ? { summary: str(raw.summary) } : {}),
      ...(str(raw.description) ? { description: str(raw.description) } : {}),
      deprecated: raw.deprecated === true,
      contentTypes: contentTypes as string[],
      responses: [],
    },
  };
}

function schemaName(loaded: LoadedDocument, schema: unknown, pointer: string): string {
  const ref = isObj(schema) ? schema.$ref : undefined;
  const name = typeof ref === "string" ? SCHEMA_REF.exec(ref)?.[1] : undefined;
  if (!name) throw loaded.error(pointer, "a webhook payload must be a $ref to a component schema (#/components/schemas/<Name>), which names its type");
  return name.replace(/~1/g, "/").replace(/~0/g, "~");
}

function resourceUrlField(loaded: LoadedDocument, resolve: (v: unknown) => unknown, payload: unknown, schemaName: string): string | undefined {
  const marked = topLevelProperties(resolve, payload).filter(([, schema]) => isObj(schema) && schema["x-crmkit-resource-url"] === true);
  if (marked.length > 1) {
    throw loaded.error(joinPointer("components", "schemas", schemaName), `more than one property is marked x-crmkit-resource-url (${marked.map(([n]) => n).join(", ")})`);
  }
  return marked[0]?.[0];
}

function topLevelProperties(resolve: (v: unknown) => unknown, schema: unknown, depth = 0): Array<[string, unknown]> {
  const s = resolve(schema);
  if (!isObj(s) || depth > 8) return [];
  const own = isObj(s.properties) ? Object.entries(s.properties).map(([k, v]) => [k, resolve(v)] as [string, unknown]) : [];
  const parts = Array.isArray(s.allOf) ? s.allOf.flatMap((p) => topLevelProperties(resolve, p, depth + 1)) : [];
  return [...own, ...parts];
}

function hasProperty(resolve: (v: unknown) => unknown, schema: unknown, path: string[]): boolean {
  if (path.length === 0) return true;
  const [head, ...rest] = path;
  const found = topLevelProperties(resolve, schema).find(([name]) => name === head);
  return found !== undefined && hasProperty(resolve, found[1], rest);
}

/** x-crmkit-webhook-delivery `events`, when given, is the complete list: every name must have a webhook and the reverse. */
function checkEventList(loaded: LoadedDocument, resolve: (v: unknown) => unknown, raw: unknown, events: WebhookEventModel[]): void {
  if (raw === undefined) return;
  const schema = resolve(raw);
  const pointer = "/x-crmkit-webhook-delivery/events";
  if (!isObj(schema) || !Array.isArray(schema.enum)) throw loaded.error(pointer, "events must be a schema (or $ref to one) with an enum of every event name");
  const listed = new Set(schema.enum.map(String));
  const declared = new Set(events.map((e) => e.name));
  const missing = [...listed].filter((n) => !declared.has(n));
  const extra = [...declared].filter((n) => !listed.has(n));
  if (missing.length || extra.length) {
    throw loaded.error(
      pointer,
      [missing.length ? `no webhook for ${missing.join(", ")}` : "", extra.length ? `not in the event list: ${extra.join(", ")}` : ""].filter(Boolean).join("; "),
    );
  }
}
