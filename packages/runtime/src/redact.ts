/** Keeps secrets out of every message, property and log line the runtime produces. */

export const REDACTED = "[redacted]";

const SECRET_NAME =
  /^(authorization|proxy-authorization|access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|client[_-]?secret|password|passwd|secret|token|_bearer_token|x-api-key|cookie|set-cookie|code)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A URL with credentials in userinfo or secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/([?&][^=&#]+=)[^&#]*/g, (match, head: string) =>
      isSecretName(decodeURIComponent(head.slice(1, -1))) ? `${head}${REDACTED}` : match,
    );
  }
  if (parsed.username) parsed.username = "redacted";
  if (parsed.password) parsed.password = "redacted";
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretName(key)) {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  const out = parsed.toString();
  return changed ? out.replaceAll(encodeURIComponent(REDACTED), REDACTED) : out;
}

/** Header names and values, with secret headers replaced. */
export function redactHeaders(headers: Headers | Record<string, string>, extraSecretNames: readonly string[] = []): Record<string, string> {
  const extra = new Set(extraSecretNames.map((n) => n.toLowerCase()));
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    out[name] = isSecretName(name) || extra.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/** A decoded body with secret-named fields replaced, at any depth. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSecretName(key) ? REDACTED : redactBody(v, depth + 1);
  return out;
}

/** Replaces any of the given secret values wherever they appear in a string. */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
