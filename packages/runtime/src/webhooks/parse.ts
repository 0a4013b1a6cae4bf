import { DEFAULT_MAX_BODY_BYTES, decodeBody, readBody, type BodyFormat } from "./body.js";
import type { HmacAlgorithm } from "./crypto.js";
import type { WebhookDefinition } from "./definition.js";
import { WebhookVerificationError } from "./errors.js";
import { confirmResource, fetchResource, type FetchResourceOptions, type WebhookResourceClient } from "./resource.js";
import { checkTimestamp, valueAt, verifyEchoedSecret, verifyHmac } from "./verify.js";

/** How the delivery was shown to come from the vendor. */
export type WebhookVerificationMethod = "signature" | "secret" | "none";

interface WebhookEventCommon<Payload> {
  /** The decoded body (for vendors that echo a secret in the body, without that field). */
  payload: Payload;
  /** `signature` (HMAC checked), `secret` (echoed secret checked) or `none` (nothing to check, or `allowUnsigned`). */
  verification: WebhookVerificationMethod;
  /** The send time the delivery states, when it states one. */
  sentAt?: Date;
  /** How the body was encoded. */
  format: BodyFormat;
}

/** A delivery of an event the spec documents; narrow on `name` after checking `known`. */
export interface KnownWebhookEvent<Name extends string, Payload> extends WebhookEventCommon<Payload> {
  known: true;
  name: Name;
}

/** A delivery whose event the spec does not list (a new vendor event, say): its payload is untyped. */
export interface UnknownWebhookEvent extends WebhookEventCommon<unknown> {
  known: false;
  name: string;
}

/** Methods of events whose payload names the changed record's API URL. */
export interface WebhookResourceMethods {
  /** GETs the changed record through the client (its credentials, retries and errors). */
  fetch<T = unknown>(client: WebhookResourceClient, options?: FetchResourceOptions): Promise<T>;
  /**
   * Like `fetch`, as proof the event happened: a record the API does not have (404/410) throws
   * WebhookVerificationError `unconfirmed`. The way to trust a delivery that nothing signs.
   */
  confirm<T = unknown>(client: WebhookResourceClient, options?: FetchResourceOptions): Promise<T>;
}

export interface ParseWebhookOptions {
  /** The shared secret(s); several during a rotation. Required for vendors that sign or echo one, unless `allowUnsigned`. */
  secret?: string | readonly string[];
  /** Accept deliveries without any proof of origin (a subscription created without a secret). Ignored when `secret` is set. */
  allowUnsigned?: boolean;
  /** Allowed distance in seconds between the delivery's stated send time and now; 0 turns the check off. */
  toleranceSeconds?: number;
  /** The event, for vendors whose deliveries do not name it (one hook per event: the receiver knows it from the URL). */
  event?: string;
  /** Only these HMAC algorithms (a subset of the vendor's). */
  algorithms?: readonly HmacAlgorithm[];
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** The clock, in milliseconds since the epoch (tests). */
  now?: () => number;
}

export type ParsedWebhookEvent = (KnownWebhookEvent<string, unknown> & Partial<WebhookResourceMethods>) | UnknownWebhookEvent;

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Verifies and decodes one delivery by the vendor's rules: method, size, signature over the raw bytes
 * (before anything is parsed), echoed secret, send time, then the event name. Throws
 * WebhookVerificationError on the first check that fails.
 */
export async function parseWebhookRequest(request: Request, definition: WebhookDefinition, options: ParseWebhookOptions = {}): Promise<ParsedWebhookEvent> {
  const { vendor, verification } = definition;
  if (request.method.toUpperCase() !== definition.method.toUpperCase()) {
    throw new WebhookVerificationError(vendor, "method_not_allowed", `deliveries are ${definition.method} requests, this is ${request.method.slice(0, 10)}`);
  }
  const secrets = (typeof options.secret === "string" ? [options.secret] : [...(options.secret ?? [])]).filter((s) => s !== "");
  if (verification.type !== "none" && secrets.length === 0 && options.allowUnsigned !== true) {
    throw new TypeError(`${vendor} webhooks are verified with a shared secret: pass { secret }, or { allowUnsigned: true } for a subscription that has none`);
  }
  const bytes = await readBody(vendor, request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  let method: WebhookVerificationMethod = "none";
  if (verification.type === "hmac" && secrets.length > 0) {
    await verifyHmac(vendor, verification, request.headers, bytes, secrets, options.algorithms);
    method = "signature";
  }
  const { format, value } = decodeBody(vendor, decoder.decode(bytes), request.headers.get("content-type"));
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WebhookVerificationError(vendor, "malformed_body", "the body is not an object");
  }
  let payload = value as Record<string, unknown>;
  if (verification.type === "echoed-secret") {
    if (secrets.length > 0) {
      await verifyEchoedSecret(vendor, verification, payload, secrets);
      method = "secret";
    }
    payload = withoutField(payload, verification.field);
  }
  let sentAt: Date | undefined;
  if (verification.timestamp) {
    const tolerance = options.toleranceSeconds ?? verification.timestamp.toleranceSeconds;
    sentAt = checkTimestamp(vendor, verification.timestamp, request.headers, payload, tolerance, options.now?.() ?? Date.now());
  }

  const delivered =
    definition.event.in === "header" ? request.headers.get(definition.event.name) : definition.event.in === "body" ? valueAt(payload, definition.event.name) : undefined;
  const name = options.event ?? (typeof delivered === "string" ? delivered.trim() : undefined);
  if (!name) {
    throw new WebhookVerificationError(
      vendor,
      "missing_event",
      definition.event.in === "subscription"
        ? "deliveries do not name their event: pass { event } (for example from a query parameter of the URL the hook was registered with)"
        : `the delivery has no ${definition.event.name}`,
    );
  }
  const common = { payload: payload as unknown, verification: method, format, ...(sentAt ? { sentAt } : {}) };
  const known = Object.prototype.hasOwnProperty.call(definition.events, name) ? definition.events[name] : undefined;
  if (!known) return { known: false, name, ...common };
  const event: KnownWebhookEvent<string, unknown> & Partial<WebhookResourceMethods> = { known: true, name, ...common };
  if (known.resourceUrl) {
    const field = known.resourceUrl;
    const url = () => {
      const value = valueAt(payload, field);
      if (typeof value !== "string" || value === "") {
        throw new WebhookVerificationError(vendor, "resource_url_not_allowed", `this ${name} delivery has no ${field} to fetch`);
      }
      return value;
    };
    // Non-enumerable, so logging or serialising an event shows only its data.
    Object.defineProperties(event, {
      fetch: { value: <T>(client: WebhookResourceClient, opts?: FetchResourceOptions) => fetchResource<T>(definition, url(), client, opts) },
      confirm: { value: <T>(client: WebhookResourceClient, opts?: FetchResourceOptions) => confirmResource<T>(definition, url(), client, opts) },
    });
  }
  return event;
}

function withoutField(payload: Record<string, unknown>, path: string): Record<string, unknown> {
  const [head, ...rest] = path.split(".");
  if (!head || !Object.prototype.hasOwnProperty.call(payload, head)) return payload;
  const copy = { ...payload };
  if (rest.length === 0) delete copy[head];
  else if (typeof copy[head] === "object" && copy[head] !== null) copy[head] = withoutField(copy[head] as Record<string, unknown>, rest.join("."));
  return copy;
}
