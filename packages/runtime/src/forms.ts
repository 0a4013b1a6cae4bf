import type { BodyEncoding } from "./definition.js";

/** What this module borrows from serialize.ts, passed in so that it shares no code chunk with the core. */
export interface FormTools {
  appendQuery(search: URLSearchParams, name: string, value: unknown): void;
  isBinary(value: unknown): boolean;
}

/** Request bodies other than JSON: forms (nested values as `key[field]`), multipart, text and bytes. */

/** A body encoded as `encoding`, with its Content-Type (undefined when fetch must write it, as for multipart). */
export function encodeOtherBody(body: unknown, encoding: Exclude<BodyEncoding, "json">, label: string, { appendQuery, isBinary }: FormTools): { body: BodyInit; contentType?: string } {
  switch (encoding) {
    case "form": {
      if (body instanceof URLSearchParams) return { body: body.toString(), contentType: "application/x-www-form-urlencoded" };
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(requireObject(body, label))) appendQuery(search, name, value);
      return { body: search.toString(), contentType: "application/x-www-form-urlencoded" };
    }
    case "multipart":
      return { body: toFormData(body, label, isBinary) };
    case "text":
      return { body: String(body), contentType: "text/plain" };
    default:
      return { body: body as BodyInit, contentType: "application/octet-stream" };
  }
}

/** A plain object as multipart fields: arrays repeat their field, files and bytes stay binary, objects become JSON. */
function toFormData(body: unknown, label: string, isBinary: FormTools["isBinary"]): FormData {
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
