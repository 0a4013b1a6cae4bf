import { DIGEST_BYTES, decodeBase64, decodeHex, hmac, timingSafeEqual, timingSafeEqualText, type Bytes, type HmacAlgorithm } from "./crypto.js";
import type { EchoedSecretVerification, HmacVerification, TimestampRule } from "./definition.js";
import { WebhookVerificationError } from "./errors.js";

/**
 * Checks the signature header against an HMAC of `body` under each secret. A prefixed value
 * (`sha1=…`) names its algorithm; a bare one is matched to the allowed algorithm of its length.
 */
export async function verifyHmac(vendor: string, rule: HmacVerification, headers: Headers, body: Bytes, secrets: readonly string[], allowed?: readonly HmacAlgorithm[]): Promise<void> {
  const value = headers.get(rule.header)?.trim();
  if (!value) throw new WebhookVerificationError(vendor, "missing_signature", `the ${rule.header} header is missing`);
  const algorithms = allowed ? rule.algorithms.filter((a) => allowed.includes(a)) : rule.algorithms;
  const { algorithm, digest } = splitSignature(vendor, rule, value, algorithms);
  for (const secret of secrets) {
    if (timingSafeEqual(await hmac(algorithm, secret, body), digest)) return;
  }
  throw new WebhookVerificationError(vendor, "signature_mismatch", `${rule.header} does not match the body (HMAC-${algorithm.toUpperCase()}); check the secret and that the body reaches the check unchanged`);
}

function splitSignature(vendor: string, rule: HmacVerification, value: string, algorithms: readonly HmacAlgorithm[]): { algorithm: HmacAlgorithm; digest: Bytes } {
  const decode = (text: string) => (rule.encoding === "hex" ? decodeHex(text) : decodeBase64(text));
  const malformed = (why: string) => new WebhookVerificationError(vendor, "malformed_signature", `${rule.header} ${why}`);
  let named: string | undefined;
  let encoded = value;
  if (rule.prefix) {
    const [before, after] = rule.prefix.split("{algorithm}") as [string, string | undefined];
    const pattern = new RegExp(`^${escapeRegExp(before)}${after === undefined ? "" : `([A-Za-z0-9-]+)${escapeRegExp(after)}`}(.+)$`);
    const match = pattern.exec(value);
    if (match) {
      named = after === undefined ? undefined : match[1]!.toLowerCase().replace(/-/g, "");
      encoded = match[after === undefined ? 1 : 2]!;
    } else if (rule.prefixRequired !== false) {
      throw malformed(`does not start with ${JSON.stringify(rule.prefix)}`);
    }
  }
  const digest = decode(encoded);
  if (!digest) throw malformed(`is not ${rule.encoding === "hex" ? "a hex" : "a base64"} digest`);
  if (named !== undefined) {
    const algorithm = algorithms.find((a) => a === named);
    if (!algorithm) {
      throw new WebhookVerificationError(vendor, "unsupported_algorithm", `${rule.header} uses ${named.slice(0, 16)}, not one of ${algorithms.join(", ")}`);
    }
    if (digest.length !== DIGEST_BYTES[algorithm]) throw malformed(`has a ${digest.length}-byte digest, not the ${DIGEST_BYTES[algorithm]} bytes of ${algorithm}`);
    return { algorithm, digest };
  }
  const algorithm = algorithms.find((a) => DIGEST_BYTES[a] === digest.length);
  if (!algorithm) throw malformed(`has a ${digest.length}-byte digest, which matches none of ${algorithms.join(", ")}`);
  return { algorithm, digest };
}

/** Checks the secret echoed in the body against the configured ones, in constant time. */
export async function verifyEchoedSecret(vendor: string, rule: EchoedSecretVerification, body: unknown, secrets: readonly string[]): Promise<void> {
  const sent = valueAt(body, rule.field);
  if (typeof sent !== "string" || sent === "") {
    throw new WebhookVerificationError(vendor, "missing_secret", `the delivery carries no ${rule.field}; set the secret key on the vendor's side`);
  }
  let match = false;
  for (const secret of secrets) if (await timingSafeEqualText(sent, secret)) match = true;
  if (!match) throw new WebhookVerificationError(vendor, "secret_mismatch", `${rule.field} does not match the configured secret`);
}

/**
 * Checks the delivery's send time against the clock: a delivery further than `toleranceSeconds` from
 * now, in either direction, is refused (an old one is a replay; a future one a forged or skewed clock).
 * Returns the send time.
 */
export function checkTimestamp(vendor: string, rule: TimestampRule, headers: Headers, body: unknown, toleranceSeconds: number, nowMs: number): Date {
  const raw = rule.in === "header" ? headers.get(rule.field) : valueAt(body, rule.field);
  if (raw === undefined || raw === null || raw === "") throw new WebhookVerificationError(vendor, "missing_timestamp", `the delivery carries no ${rule.field}`);
  const number = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(number)) throw new WebhookVerificationError(vendor, "malformed_timestamp", `${rule.field} is not a unix time`);
  const sentMs = rule.format === "unix-milliseconds" ? number : number * 1000;
  if (toleranceSeconds > 0) {
    const distance = (nowMs - sentMs) / 1000;
    if (Math.abs(distance) > toleranceSeconds) {
      const when = distance > 0 ? `${Math.round(distance)} s old` : `${Math.round(-distance)} s in the future`;
      throw new WebhookVerificationError(vendor, "timestamp_out_of_tolerance", `${rule.field} is ${when}, beyond the ${toleranceSeconds} s tolerance (a replay, or clocks apart)`);
    }
  }
  return new Date(sentMs);
}

/** The value at a dotted path (`data.contact.id`) in a decoded body. */
export function valueAt(body: unknown, path: string): unknown {
  let node = body;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
