import type { Redactor } from "./secrets.js";

/**
 * Keeps secrets out of every message, property and log line the runtime shows, by name: secret-named
 * query parameters, fields and headers, plus the client's known secret values (secrets.ts). Loaded
 * beside the failure path and the logger, not at import; published as `@crmkit/runtime/redact` for
 * programs that log requests themselves. Decoded values are walked and serialized text is never
 * rewritten, so a secret that happens to look like part of a number cannot corrupt a JSON body.
 */

/** What a secret is replaced with (secrets.ts writes the same text). */
export const REDACTED = "[redacted]";

const SECRET_NAME =
  /^(authorization|proxy-authorization|access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|client[_-]?secret|password|passwd|secret|secretkey|token|_bearer_token|x-api-key|cookie|set-cookie|code)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A URL with credentials in userinfo or secret-named query parameters replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/([?&][^=&#]+=)[^&#]*/g, (match, head: string) => (isSecretName(safeDecode(head.slice(1, -1))) ? `${head}${REDACTED}` : match));
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = parsed.password = "";
    changed = true;
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretName(key)) {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  return changed ? parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED) : url;
}

/** Header names and values, with secret headers replaced. */
export function redactHeaders(headers: Headers | Record<string, string>, extraSecretNames: readonly string[] = []): Record<string, string> {
  const extra = new Set(extraSecretNames.map((n) => n.toLowerCase()));
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) out[name] = isSecretName(name) || extra.has(name.toLowerCase()) ? REDACTED : value;
  return out;
}

/** A decoded (JSON) body with secret-named fields replaced, at any depth. */
export function redactBody(value: unknown): unknown {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (isSecretName(key) ? REDACTED : v));
}

/** A URL as one client shows it: secret-named parameters and userinfo replaced, then its known secrets. */
export function clientUrl(redactor: Redactor, url: string): string {
  return redactor.text(redactUrl(url));
}

/** Whether a field or header of this name holds a secret: a secret-looking name, or one of this API's credential headers. */
function isSecretField(redactor: Redactor, name: string): boolean {
  return isSecretName(name) || redactor.isSecretHeader(name);
}

/** A value with the client's secrets replaced in every string and secret-named fields replaced, at any depth. */
export function redactValue<T>(redactor: Redactor, value: T, depth = 0): T {
  if (typeof value === "string") return redactor.text(value) as T;
  if (value === null || typeof value !== "object" || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(redactor, v, depth + 1)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSecretField(redactor, key) ? REDACTED : redactValue(redactor, v, depth + 1);
  return out as T;
}

/** Response headers with secret headers replaced and the client's secrets scrubbed from the rest. */
export function redactResponseHeaders(redactor: Redactor, headers: Headers): Headers {
  const out = new Headers();
  headers.forEach((value, name) => out.set(name, isSecretField(redactor, name) ? REDACTED : redactor.text(value)));
  return out;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
