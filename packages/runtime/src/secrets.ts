/**
 * The secret values one client knows (keys, tokens, passwords, and their URL-encoded forms), scrubbed out
 * of every text it shows. What depends on names rather than values (secret-named query parameters,
 * fields and headers) is in redact.ts, loaded with the failure path and the logger: a call that
 * succeeds needs neither.
 */

// redact.ts's REDACTED: importing it would load redact.ts with every client, which is what the split avoids.
const REDACTED = "[redacted]";

export class Redactor {
  #secrets: string[] = [];
  /** Header names holding credentials for this API (e.g. `ACCESS_TOKEN`, `apikey`), lower-cased. */
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

  /** Whether `name` is one of this API's credential headers. */
  isSecretHeader(name: string): boolean {
    return this.#secretHeaders.has(name.toLowerCase());
  }

  text(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}
