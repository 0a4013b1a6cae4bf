import type { AnyClient, ToolDefinition, ToolPaging } from "./types.js";

/** What a tools/call answers: text content, flagged as an error when the call failed. */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  isError?: boolean;
}

export interface CallSettings {
  /** The most items a list tool returns in one call. */
  maxItems: number;
  /** The most characters one answer may have; longer ones are cut, and say so. */
  maxResultChars: number;
}

/** The vendor client, or the reason there is none (missing credentials). */
export type ClientSource = () => { client: AnyClient; secrets: readonly string[] };

type Params = Record<string, unknown>;
interface ResultLike {
  data: unknown;
  response?: { status?: number };
}

/** Calls one tool: maps its arguments to the client method's params, then its payload to text. */
export async function callTool(tool: ToolDefinition, args: Params, getClient: ClientSource, settings: CallSettings): Promise<ToolResult> {
  let secrets: readonly string[] = [];
  try {
    const source = getClient();
    secrets = source.secrets;
    const params = toParams(tool, args, settings);
    const resource = source.client[tool.resource] as Record<string, unknown> | undefined;
    const method = resource?.[tool.method];
    if (typeof method !== "function") throw new Error(`the client has no ${tool.resource}.${tool.method}()`);
    const pending = (method as (p: Params, o?: unknown) => PromiseLike<unknown> & { withResponse?: () => Promise<ResultLike> }).call(resource, params, { maxPages: 1 });
    const result: ResultLike = typeof pending.withResponse === "function" ? await pending.withResponse() : { data: await pending };
    const text = tool.paging ? listText(tool, tool.paging, params, result.data, settings) : payloadText(tool, result, settings);
    return { content: [{ type: "text", text: scrub(text, secrets) }] };
  } catch (error) {
    return errorResult(tool.name, error, secrets);
  }
}

/** Tool arguments → client params: `cursor` becomes the vendor's page, offset or cursor parameter. */
export function toParams(tool: ToolDefinition, args: Params, settings: CallSettings): Params {
  const params: Params = { ...args };
  const paging = tool.paging;
  if (!paging) return params;
  const given = args[paging.argument];
  delete params[paging.argument];
  if (given !== undefined && given !== null && given !== "") {
    const cursor = String(given);
    if (paging.style === "cursor") params[paging.positionParam] = cursor;
    else if (/^\d+$/.test(cursor)) params[paging.positionParam] = Number(cursor);
    else throw new ToolInputError(`${paging.argument} ${JSON.stringify(cursor)} is not one this tool returned (expected a number from next_cursor)`);
  }
  if (paging.sizeParam && params[paging.sizeParam] === undefined) {
    // Left to itself an API may send a page far larger than an agent should read.
    const cap = Math.min(settings.maxItems, paging.maxSize ?? Infinity);
    if (paging.defaultSize === undefined || paging.defaultSize > cap) params[paging.sizeParam] = cap;
  }
  return params;
}

/** An argument that passed the schema but cannot be used. */
export class ToolInputError extends Error {
  override name = "ToolInputError";
}

/** One page: its items, the cursor of the next page (or null), the total when the API reports it. */
function listText(tool: ToolDefinition, paging: ToolPaging, params: Params, payload: unknown, settings: CallSettings): string {
  const found = paging.items ? valueAt(payload, paging.items) : payload;
  const items = Array.isArray(found) ? found : [];
  const total = paging.totalItems ? toNumber(valueAt(payload, paging.totalItems)) : undefined;
  const next = nextCursor(paging, params, payload, items.length);
  const shown = items.slice(0, settings.maxItems);
  const page: Record<string, unknown> = { items: shown, next_cursor: next };
  if (total !== undefined) page.total = total;
  let text = JSON.stringify(page);
  let kept = shown.length;
  if (text.length > settings.maxResultChars) {
    // Drop items from the end until the answer fits, and say how many went.
    const sizes = shown.map((item) => JSON.stringify(item).length + 1);
    let budget = settings.maxResultChars - 400;
    kept = 0;
    while (kept < sizes.length && budget - sizes[kept]! >= 0) budget -= sizes[kept++]!;
    page.items = shown.slice(0, kept);
  }
  const left = items.length - kept;
  if (left > 0) {
    page.omitted = left;
    const smaller = [tool.fieldsParam && `fewer fields (${tool.fieldsParam})`, paging.sizeParam && `a smaller page (${paging.sizeParam})`].filter(Boolean).join(" or ");
    page.note = `${left} of the page's ${items.length} items were left out to keep this answer short${smaller ? `; ask for ${smaller}` : ""}.`;
    text = JSON.stringify(page);
  }
  return text;
}

function nextCursor(paging: ToolPaging, params: Params, payload: unknown, count: number): string | null {
  if (count === 0) return null;
  if (paging.style === "cursor") {
    const next = paging.nextCursor ? valueAt(payload, paging.nextCursor) : undefined;
    return next === undefined || next === null || next === "" ? null : String(next);
  }
  const size = toNumber(paging.sizeParam ? params[paging.sizeParam] : undefined) ?? paging.defaultSize;
  const firstPage = paging.firstPage ?? 1;
  const position = toNumber(params[paging.positionParam]) ?? (paging.style === "page" ? firstPage : 0);
  const totalPages = paging.totalPages ? toNumber(valueAt(payload, paging.totalPages)) : undefined;
  const totalItems = paging.totalItems ? toNumber(valueAt(payload, paging.totalItems)) : undefined;
  // The same rules the client's own iteration stops by: a short page, or the reported totals.
  if (size !== undefined && count < size) return null;
  if (size !== undefined && count > size) return null;
  if (size === undefined && totalPages === undefined && totalItems === undefined) return null;
  if (paging.style === "offset") {
    const next = position + count;
    return totalItems !== undefined && next >= totalItems ? null : String(next);
  }
  const pagesRead = position - firstPage + 1;
  if (totalPages !== undefined && pagesRead >= totalPages) return null;
  if (totalItems !== undefined && pagesRead * (size ?? count) >= totalItems) return null;
  return String(position + 1);
}

function payloadText(tool: ToolDefinition, result: ResultLike, settings: CallSettings): string {
  const { data } = result;
  if (data === undefined || data === null || data === "") {
    return `Done: ${tool.httpMethod} ${tool.path} answered ${result.response?.status ?? "successfully"} with no content.`;
  }
  if (typeof Blob !== "undefined" && data instanceof Blob) return `The answer is binary content (${data.type || "unknown type"}, ${data.size} bytes), not shown.`;
  const text = typeof data === "string" ? data : JSON.stringify(data);
  if (text.length <= settings.maxResultChars) return text;
  const hint = tool.fieldsParam ? ` ask for fewer fields with ${tool.fieldsParam}` : " ask for less";
  return `${text.slice(0, settings.maxResultChars)}\n[cut: the answer has ${text.length} characters, more than the ${settings.maxResultChars} allowed;${hint}]`;
}

/**
 * A failed call as an MCP tool error: the vendor's message and status (and its error body, briefly),
 * never a stack trace, and never a credential.
 */
export function errorResult(toolName: string, error: unknown, secrets: readonly string[]): ToolResult {
  return { isError: true, content: [{ type: "text", text: scrub(describeError(toolName, error), secrets) }] };
}

function describeError(toolName: string, error: unknown): string {
  if (!(error instanceof Error)) return `${toolName} failed: ${String(error)}`;
  const e = error as Error & { status?: unknown; kind?: unknown; body?: unknown; retryAfterMs?: unknown };
  if (typeof e.status === "number") {
    const lines = [`${toolName} failed with HTTP ${e.status}${typeof e.kind === "string" ? ` (${e.kind})` : ""}: ${e.message}`];
    if (typeof e.retryAfterMs === "number") lines.push(`The API asks to wait ${Math.ceil(e.retryAfterMs / 1000)} s before trying again.`);
    if (e.body !== undefined && e.body !== null && e.body !== "") {
      const body = typeof e.body === "string" ? e.body : JSON.stringify(e.body);
      lines.push(`Error body: ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}`);
    }
    return lines.join("\n");
  }
  if (typeof e.kind === "string") return `${toolName} failed (${e.kind}): ${e.message}`;
  return `${toolName} failed: ${e.message}`;
}

/** Replaces every known secret in `text`: the runtime redacts its own messages, this catches echoes. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out;
}

function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
