import { WebhookVerificationError } from "./errors.js";
import type { Bytes } from "./crypto.js";

export type BodyFormat = "json" | "form";

/** The default cap on a delivery's size: far above any vendor's few-field payloads. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body as bytes, refusing more than `maxBytes` without buffering the excess. */
export async function readBody(vendor: string, request: Request, maxBytes: number): Promise<Bytes> {
  if (request.bodyUsed) {
    throw new TypeError(
      `${vendor} webhook: the request body was already read (by a body parser?). Signatures cover the exact bytes sent, so pass the untouched Request`,
    );
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new WebhookVerificationError(vendor, "body_too_large", `the body is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new WebhookVerificationError(vendor, "body_too_large", `the body is over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Decodes a JSON or form-encoded body. The Content-Type decides; without a usable one, a body that
 * starts with `{` is JSON and anything else is a form.
 */
export function decodeBody(vendor: string, text: string, contentType: string | null): { format: BodyFormat; value: unknown } {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const format: BodyFormat =
    type === "application/x-www-form-urlencoded" ? "form" : /[/+]json$/.test(type) ? "json" : text.trimStart().startsWith("{") ? "json" : "form";
  if (format === "form") return { format, value: decodeForm(text) };
  try {
    return { format, value: JSON.parse(text) as unknown };
  } catch (cause) {
    throw new WebhookVerificationError(vendor, "malformed_body", "the body is not valid JSON", { cause });
  }
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

type Tree = Record<string, unknown>;

/**
 * Decodes `application/x-www-form-urlencoded` text into an object, expanding the bracket notation
 * Rails and PHP senders use: `data[contact][name]=A` → `{ data: { contact: { name: "A" } } }`,
 * `tags[]=a&tags[]=b` → `{ tags: ["a", "b"] }`. Plain keys stay flat; a repeated plain key keeps the
 * last value. Keys that could reach an object's prototype are dropped.
 */
export function decodeForm(text: string): Tree {
  const root: Tree = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = splitKey(key);
    if (path.some((segment) => UNSAFE_KEYS.has(segment))) continue;
    assign(root, path, value);
  }
  return root;
}

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0 || !key.endsWith("]")) return [key];
  const rest = key.slice(open);
  const segments = [...rest.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!);
  // Only a key made entirely of [..] groups after its head is bracket notation.
  if (segments.map((s) => `[${s}]`).join("") !== rest) return [key];
  return [key.slice(0, open), ...segments];
}

function assign(root: Tree, path: string[], value: string): void {
  let node: Tree | unknown[] = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    const nextIsArray = !last && path[i + 1] === "";
    if (Array.isArray(node)) {
      if (last) {
        node.push(value);
        return;
      }
      // `a[][b]=1`: start a new element unless the last one can still take this key.
      const tail = node[node.length - 1];
      const child = nextIsArray ? [] : isTree(tail) && !(path[i + 1]! in tail) ? tail : {};
      if (child !== tail) node.push(child);
      node = child as Tree | unknown[];
      continue;
    }
    if (last) {
      node[segment] = value;
      return;
    }
    const existing: unknown = node[segment];
    const child: Tree | unknown[] = nextIsArray ? (Array.isArray(existing) ? existing : []) : isTree(existing) ? existing : {};
    node[segment] = child;
    node = child;
  }
}

function isTree(value: unknown): value is Tree {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
