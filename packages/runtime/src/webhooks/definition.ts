import type { HmacAlgorithm } from "./crypto.js";

/**
 * How one vendor delivers webhooks, as its spec declares it (x-crmkit-webhook-delivery and
 * x-crmkit-webhook-verification). The generator writes one per vendor into `webhooks.gen.ts`; the
 * runtime holds no vendor names.
 */
export interface WebhookDefinition {
  /** The vendor's name, for messages. */
  vendor: string;
  /** The HTTP method deliveries use. */
  method: string;
  /** Where a delivery names its event; `subscription`: nowhere, the receiver knows it from its URL. */
  event: { in: "header" | "body"; name: string } | { in: "subscription" };
  verification: WebhookVerification;
  /** Every documented event, with the payload field (dotted path) that holds the changed record's API URL. */
  events: Record<string, { resourceUrl?: string }>;
  /** The API's server URL templates (`https://{deployment}.api.accelo.com/api/v0`): resource URLs must be under one. */
  servers: string[];
}

export type WebhookVerification = HmacVerification | EchoedSecretVerification | { type: "none"; timestamp?: TimestampRule };

/** An HMAC of the raw body, sent in a header. */
export interface HmacVerification {
  type: "hmac";
  header: string;
  /** Algorithms a delivery may use; a bare digest is matched to one by its length. */
  algorithms: HmacAlgorithm[];
  encoding: "hex" | "base64";
  /** Text before the digest, with `{algorithm}` standing for the algorithm's name (`sha256=`). */
  prefix?: string;
  /** When false, a digest without the prefix is accepted too. */
  prefixRequired?: boolean;
  timestamp?: TimestampRule;
}

/** The shared secret itself, sent back in a body field. */
export interface EchoedSecretVerification {
  type: "echoed-secret";
  /** Dotted path of the body field. */
  field: string;
  timestamp?: TimestampRule;
}

/** A send time in the delivery, checked against the receiver's clock to refuse replays. */
export interface TimestampRule {
  in?: "body" | "header";
  /** Dotted body path or header name. */
  field: string;
  format: "unix-seconds" | "unix-milliseconds";
  /** Default allowed distance from the receiver's clock; options may change it (0 turns the check off). */
  toleranceSeconds: number;
}
