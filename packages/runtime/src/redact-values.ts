import type { Redactor } from "./redact.js";

/**
 * Scrubbing of decoded bodies and response headers, for the failure path and the logger (loaded with
 * them, not at import). It walks decoded values and never rewrites serialized text, so a secret that
 * happens to look like part of a number cannot corrupt a JSON body.
 */

// The same text as redact.ts's REDACTED: importing it would put redact.ts in a chunk shared with the entry.
const REDACTED = "[redacted]";

/** A value with the client's secrets replaced in every string and secret-named fields replaced, at any depth. */
export function redactValue<T>(redactor: Redactor, value: T, depth = 0): T {
  if (typeof value === "string") return redactor.text(value) as T;
  if (value === null || typeof value !== "object" || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(redactor, v, depth + 1)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = redactor.isSecretField(key) ? REDACTED : redactValue(redactor, v, depth + 1);
  return out as T;
}

/** Response headers with secret headers replaced and the client's secrets scrubbed from the rest. */
export function redactResponseHeaders(redactor: Redactor, headers: Headers): Headers {
  const out = new Headers();
  headers.forEach((value, name) => out.set(name, redactor.isSecretField(name) ? REDACTED : redactor.text(value)));
  return out;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
