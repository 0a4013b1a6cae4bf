import type { SelectDefinition } from "./definition.js";

/**
 * Typed field selection: the types generated clients build a selected record's type from, and the one
 * function that writes a typed selection in the API's syntax. Which parameter selects, and how a name is
 * written, is data in the operation's row (`select`), declared in the spec with `x-crmkit-fields`.
 */

/**
 * The record `T` with exactly the keys `K`, each present: the optional marker and `undefined` go, `null`
 * stays where the schema allows it. One mapped type, so a selection costs the compiler one instantiation
 * per call plus one per property read.
 */
export type Selected<T, K extends keyof T> = { [P in K]-?: T[P] };

/** The link names used by the objects of a typed selection (`{ status: [...] }` → `"status"`). */
export type LinkKeys<L> = L extends unknown ? keyof L : never;

/** The selection given for link `K` by whichever object of the selection names it. */
export type LinkSelection<L, K extends PropertyKey> = L extends { readonly [P in K]: infer S } ? S : never;

/**
 * A selection in its typed form: field names, and objects that give a linked object's own selection
 * (`{ status: ["color"] }` → `status(color)`, `{ status: [] }` → `status()`, `{ status: "_ALL" }` → `status(_ALL)`).
 */
export type FieldSelection = string | ReadonlyArray<string | { readonly [link: string]: FieldSelection }>;

/**
 * Writes a typed selection as the query value: names comma-separated (each through the row's `item`
 * template, such as `{name}(all)`), a linked object as `link(sub,selection)`. A string passes unchanged.
 */
export function formatFieldSelection(value: unknown, select: SelectDefinition, label: string): string {
  if (typeof value === "string") return value;
  const fail = (detail: string): never => {
    throw new TypeError(`${label}: parameter "${select.param}" ${detail}`);
  };
  const name = (text: string): string => {
    if (text === "" || /[,()\s]/.test(text)) fail(`has the field name ${JSON.stringify(text)}; names cannot be empty or hold commas, parentheses or spaces`);
    return text;
  };
  const list = (entries: unknown, nested: boolean): string => {
    if (typeof entries === "string") return name(entries);
    if (!Array.isArray(entries)) return fail("must be a string, or a list of field names and { link: selection } objects");
    const parts: string[] = [];
    for (const entry of entries) {
      if (typeof entry === "string") parts.push(!nested && select.item ? select.item.replace("{name}", name(entry)) : name(entry));
      else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
        for (const [link, sub] of Object.entries(entry as Record<string, unknown>)) parts.push(`${name(link)}(${list(sub, true)})`);
      } else fail(`holds ${JSON.stringify(entry)}, which is neither a field name nor a { link: selection } object`);
    }
    return parts.join(",");
  };
  return list(value, false);
}
