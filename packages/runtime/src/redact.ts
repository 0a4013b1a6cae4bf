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

/** A decoded body with secret-named fields replaced, at any depth. */
export function redactBody(value: unknown): unknown {
  return new Redactor().value(value);
}

/**
 * Scrubs one client's known secret values (keys, tokens, passwords, and their URL-encoded and Basic
 * forms) and secret-named fields. It walks decoded values and never rewrites serialized text, so a
 * secret that happens to look like part of a number cannot corrupt a JSON body.
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

  value<T>(value: T, depth = 0): T {
    if (typeof value === "string") return this.text(value) as T;
    if (value === null || typeof value !== "object" || depth > 32) return value;
    if (Array.isArray(value)) return value.map((v) => this.value(v, depth + 1)) as T;
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = isSecretName(key) || this.#secretHeaders.has(key.toLowerCase()) ? REDACTED : this.value(v, depth + 1);
    return out as T;
  }

  headers(headers: Headers): Headers {
    const out = new Headers();
    headers.forEach((value, name) => out.set(name, isSecretName(name) || this.#secretHeaders.has(name) ? REDACTED : this.text(value)));
    return out;
  }
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
