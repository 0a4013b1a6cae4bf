import type { BodyEncoding } from "./definition.js";

/** Turning a call's params into a URL, headers and a body: plain functions, no I/O. */

const pathParamCache = new Map<string, string[]>();

/** The `{name}` placeholders of a path template, in order. */
export function pathParamNames(template: string): string[] {
  let names = pathParamCache.get(template);
  if (!names) {
    names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    pathParamCache.set(template, names);
  }
  return names;
}

/**
 * Fills a path template. Each value is percent-encoded as one segment; a value that is missing, empty,
 * `.` or `..` is refused, since it would address another resource than the one named.
 */
export function fillPath(template: string, values: Record<string, unknown>, label: string): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) throw new TypeError(`${label}: path parameter "${name}" is required`);
    const text = value instanceof Date ? value.toISOString() : String(value);
    if (text === "" || text === "." || text === "..") {
      throw new TypeError(`${label}: path parameter "${name}" must not be ${JSON.stringify(text)}, which would change which URL is called`);
    }
    return encodeURIComponent(text);
  });
}

/** Query pairs: arrays repeat their key (form, explode), objects use `key[field]` (deepObject); null and undefined are left out. */
export function appendQuery(search: URLSearchParams, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) for (const item of value) appendQuery(search, name, item);
  else if (value instanceof Date) search.append(name, value.toISOString());
  else if (typeof value === "object") for (const [key, item] of Object.entries(value)) appendQuery(search, `${name}[${key}]`, item);
  else search.append(name, String(value));
}

export function isBinary(value: unknown): boolean {
  return (
    (typeof Blob !== "undefined" && value instanceof Blob) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)
  );
}

/** Which of the operation's encodings fits this body: multipart when it carries files, else the first listed. */
export function chooseEncoding(body: unknown, encodings: readonly BodyEncoding[] | undefined): BodyEncoding {
  const list = encodings && encodings.length > 0 ? encodings : (["json"] as const);
  if (list.length > 1 && list.includes("multipart")) {
    const carriesFile =
      (typeof FormData !== "undefined" && body instanceof FormData) ||
      (body !== null && typeof body === "object" && Object.values(body).some((v) => isBinary(v) || (Array.isArray(v) && v.some(isBinary))));
    if (carriesFile) return "multipart";
    return list.find((e) => e !== "multipart")!;
  }
  return list[0]!;
}

/** A body as a form, multipart, text or bytes: loaded on first use, as few APIs need it. */
export async function encodeOtherBody(body: unknown, encoding: Exclude<BodyEncoding, "json">, label: string): Promise<{ body: BodyInit; contentType?: string }> {
  return (await import("./forms.js")).encodeOtherBody(body, encoding, label, { appendQuery, isBinary });
}
