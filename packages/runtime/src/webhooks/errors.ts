/** Why a delivery was refused: one code per check, stable for `switch` and for metrics. */
export type WebhookFailureReason =
  | "method_not_allowed"
  | "body_too_large"
  | "malformed_body"
  | "missing_signature"
  | "malformed_signature"
  | "unsupported_algorithm"
  | "signature_mismatch"
  | "missing_secret"
  | "secret_mismatch"
  | "missing_timestamp"
  | "malformed_timestamp"
  | "timestamp_out_of_tolerance"
  | "missing_event"
  | "resource_url_not_allowed"
  | "unconfirmed";

const BRAND = Symbol.for("crmkit.WebhookVerificationError");

/**
 * A webhook delivery failed a check. `reason` says which; the message names the header or field
 * involved but never a secret, a signature or a body value.
 */
export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
  readonly reason: WebhookFailureReason;
  /** The vendor whose delivery this was, e.g. "Accelo". */
  readonly vendor: string;

  constructor(vendor: string, reason: WebhookFailureReason, detail: string, options?: { cause?: unknown }) {
    super(`${vendor} webhook rejected (${reason}): ${detail}`, options);
    this.reason = reason;
    this.vendor = vendor;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for a WebhookVerificationError from any copy of the runtime (an ESM and a CommonJS copy can
 * both be loaded in one process, and `instanceof` only knows one of them).
 */
export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
