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

/** A body encoded as `encoding`, with its Content-Type (undefined when fetch must write it, as for multipart). */
export function encodeBody(body: unknown, encoding: BodyEncoding, label: string): { body: BodyInit; contentType?: string } {
  switch (encoding) {
    case "form": {
      if (body instanceof URLSearchParams) return { body: body.toString(), contentType: "application/x-www-form-urlencoded" };
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(requireObject(body, label))) appendQuery(search, name, value);
      return { body: search.toString(), contentType: "application/x-www-form-urlencoded" };
    }
    case "multipart":
      return { body: toFormData(body, label) };
    case "text":
      return { body: String(body), contentType: "text/plain" };
    case "binary":
      return { body: body as BodyInit, contentType: "application/octet-stream" };
    default:
      return { body: JSON.stringify(body), contentType: "application/json" };
  }
}

/** A plain object as multipart fields: arrays repeat their field, files and bytes stay binary, objects become JSON. */
function toFormData(body: unknown, label: string): FormData {
  if (typeof FormData !== "undefined" && body instanceof FormData) return body;
  const form = new FormData();
  const append = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof Blob !== "undefined" && value instanceof Blob) form.append(name, value);
    else if (isBinary(value)) form.append(name, new Blob([value as BlobPart]));
    else if (typeof value === "object" && !(value instanceof Date)) form.append(name, JSON.stringify(value));
    else form.append(name, value instanceof Date ? value.toISOString() : String(value));
  };
  for (const [name, value] of Object.entries(requireObject(body, label))) {
    if (Array.isArray(value)) for (const item of value) append(name, item);
    else append(name, value);
  }
  return form;
}

function requireObject(body: unknown, label: string): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new TypeError(`${label}: the request body must be an object`);
  return body as Record<string, unknown>;
}
