/** Keeps secrets out of every message, property and log line the runtime produces. */

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

/**
 * Scrubs one client's known secret values (keys, tokens, passwords, and their URL-encoded and Basic
 * forms) out of text and URLs. Bodies and headers, which only the failure path and the logger show, are
 * scrubbed by redact-values.ts, loaded with them.
 */
export class Redactor {
  #secrets: string[] = [];
  /** Header names holding credentials for this API (e.g. `ACCESS_TOKEN`, `apikey`). */
  readonly #secretHeaders = new Set<string>();

  add(secret: string | undefined): void {
    // Shorter values would match inside ordinary text far too often.
    if (!secret || secret.length < 4) return;
    for (const form of [secret, encodeURIComponent(secret)]) if (!this.#secrets.includes(form)) this.#secrets.push(form);
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  addHeaderName(name: string): void {
    this.#secretHeaders.add(name.toLowerCase());
  }

  text(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  url(url: string): string {
    return this.text(redactUrl(url));
  }

  /** Whether a field or header of this name holds a secret: a secret-looking name, or one of this API's credential headers. */
  isSecretField(name: string): boolean {
    return isSecretName(name) || this.#secretHeaders.has(name.toLowerCase());
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
