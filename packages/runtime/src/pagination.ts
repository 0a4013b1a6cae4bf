import type { PaginationDefinition } from "./definition.js";
import type { CrmPaginationError } from "./errors.js";
import type { ApiResult, Page } from "./promise.js";

/** Builds the error a walk stops with (the client's, so it carries the request's method and URL). */
export type PagingStop = (reason: CrmPaginationError["reason"], detail: string) => Error;

/**
 * Walking a list page by page: page number, offset or cursor style, with the caller's caps, and with
 * stops that protect against servers that ignore the page parameter, report totals that lie, or
 * answer with another shape than the spec declares.
 */

export interface PagingLimits {
  /** Stop quietly after this many items (the caller's cap). */
  maxItems?: number | undefined;
  /** Stop quietly after this many pages (the caller's cap). */
  maxPages?: number | undefined;
  /** Stop with CrmPaginationError after this many pages (the client's safety limit). */
  pageLimit: number;
}

type Params = Record<string, unknown>;

/**
 * The params of a list's first request: the page size is always sent (later pages must match it), and
 * the position too where the API wants both together.
 */
export function firstPageParams(paging: PaginationDefinition, params: Params): Params {
  const out = { ...params };
  if (paging.sizeParam && out[paging.sizeParam] === undefined && paging.defaultSize !== undefined) out[paging.sizeParam] = paging.defaultSize;
  if (!paging.paired || (paging.sizeParam && out[paging.sizeParam] === undefined)) return out;
  const style = paging.style ?? "page";
  if (style === "page" && paging.pageParam && out[paging.pageParam] === undefined) out[paging.pageParam] = paging.firstPage ?? 1;
  if (style === "offset" && paging.offsetParam && out[paging.offsetParam] === undefined) out[paging.offsetParam] = 0;
  return out;
}

/**
 * The pages of a list call, from the caller's params (`paging` undefined: the operation is no list,
 * and `label` names it in the error).
 */
export async function* walkPages<T, Item>(
  label: string,
  paging: PaginationDefinition | undefined,
  callerParams: Params,
  limits: PagingLimits,
  first: () => Promise<ApiResult<T>>,
  next: (params: Params) => Promise<ApiResult<T>>,
  stop: PagingStop,
): AsyncGenerator<Page<T, Item>> {
  if (!paging) throw new TypeError(`${label} is not a list operation, so its result cannot be iterated`);
  const params = firstPageParams(paging, callerParams);
  const style = paging.style ?? "page";
  const positionParam = style === "page" ? paging.pageParam : style === "offset" ? paging.offsetParam : paging.cursorParam;
  const size = paging.sizeParam !== undefined ? toNumber(params[paging.sizeParam]) : undefined;
  let position = positionParam !== undefined ? (params[positionParam] as number | string | undefined) : undefined;
  let seen = 0;
  let pageCount = 0;
  let previous: string | undefined;
  let result = await first();
  for (;;) {
    const pageItems = itemsOf<Item>(result, paging.items, stop);
    const pageLength = pageItems.length;
    const fingerprint = pageLength > 0 ? `${pageLength}:${JSON.stringify(pageItems[0])}:${JSON.stringify(pageItems[pageLength - 1])}` : undefined;
    if (fingerprint !== undefined && fingerprint === previous) {
      throw stop(
        "repeated_page",
        `page ${String(position)} repeats the previous page, so the server is not paging on "${positionParam}"; stopped after ${plural(pageCount, "page")}`,
      );
    }
    previous = fingerprint;
    const items = limits.maxItems !== undefined && seen + pageLength > limits.maxItems ? pageItems.slice(0, Math.max(0, limits.maxItems - seen)) : pageItems;
    pageCount++;
    seen += items.length;
    yield { ...result, items, position };

    if ((limits.maxItems !== undefined && seen >= limits.maxItems) || (limits.maxPages !== undefined && pageCount >= limits.maxPages)) return;
    if (pageLength === 0) return;
    // The server ignored the page size: paging further would repeat rows.
    if (size !== undefined && pageLength > size) return;
    let following: number | string;
    if (style === "cursor") {
      const cursor = paging.nextCursor ? lookup(result, paging.nextCursor) : undefined;
      if (cursor === undefined || cursor === null || cursor === "" || cursor === position) return;
      following = cursor as string;
    } else {
      const totalPages = paging.totalPages ? toNumber(lookup(result, paging.totalPages)) : undefined;
      const totalItems = paging.totalItems ? toNumber(lookup(result, paging.totalItems)) : undefined;
      const current = Number(position ?? (style === "page" ? (paging.firstPage ?? 1) : 0));
      const pageNumber = style === "page" ? current - (paging.firstPage ?? 1) + 1 : undefined;
      if (totalPages !== undefined && pageNumber !== undefined && pageNumber >= totalPages) return;
      const consumed = style === "offset" ? current + pageLength : (pageNumber ?? 0) * (size ?? pageLength);
      if (totalItems !== undefined && consumed >= totalItems) return;
      if (size !== undefined && pageLength < size) return;
      // With no page size and no totals nothing could ever say "last page": stop rather than loop.
      if (size === undefined && totalPages === undefined && totalItems === undefined) return;
      following = style === "offset" ? current + pageLength : current + 1;
    }
    if (pageCount >= limits.pageLimit) {
      throw stop(
        "page_limit",
        `stopped after ${plural(pageCount, "page")}, the client's pageLimit; the list may go on (raise pageLimit, or set maxPages or maxItems to stop earlier on purpose)`,
      );
    }
    position = following;
    result = await next({ ...params, [positionParam!]: following });
  }
}

function itemsOf<Item>(result: ApiResult<unknown>, path: string | undefined, stop: PagingStop): Item[] {
  const value = path ? valueAt(result.data, path) : result.data;
  if (Array.isArray(value)) return value as Item[];
  if (value === null) return [];
  const where = path ? `under "${path}"` : "as the payload";
  const keys = result.data !== null && typeof result.data === "object" ? Object.keys(result.data as object) : [];
  const present = keys.length ? `the payload has ${keys.map((k) => `"${k}"`).join(", ")}` : `the payload is ${result.data === undefined ? "empty" : typeof result.data}`;
  throw stop("missing_items", `expected the page's items ${where}, but ${present}`);
}

/** A total or cursor: looked up in the payload, then in the whole body (where an envelope keeps it). */
function lookup(result: ApiResult<unknown>, path: string): unknown {
  const inPayload = valueAt(result.data, path);
  return inPayload !== undefined ? inPayload : valueAt(result.body, path);
}

export function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
