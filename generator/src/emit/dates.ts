import type { DateShape } from "../dates.js";
import type { ApiModel } from "../model.js";
import { literal } from "./table.js";

/**
 * Dates, for clients with `dates: true`: the runtime's maps of where each payload's dates are (data in
 * the operation rows, plus one shared module of component shapes, loaded on the first call that
 * converts), and the type-level maps the dated payload types are computed from.
 */

/** The runtime form of a shape (see the runtime's DateShape): plain data for the operation rows. */
export function encodeDateShape(shape: DateShape): unknown {
  const leaf = shape.kinds?.join("|");
  const items = shape.items ? encodeDateShape(shape.items) : undefined;
  const properties = shape.properties ? Object.fromEntries(Object.entries(shape.properties).map(([k, v]) => [k, encodeDateShape(v)])) : undefined;
  const refs = shape.refs;
  const parts = [leaf, items, properties, refs].filter((p) => p !== undefined).length;
  if (parts === 1) {
    if (leaf !== undefined) return leaf;
    if (items !== undefined) return [items];
    if (properties !== undefined) return properties;
    if (refs!.length === 1) return `#${refs![0]}`;
  }
  return {
    ...properties,
    ...(leaf !== undefined ? { "": leaf } : {}),
    ...(items !== undefined ? { "[]": items } : {}),
    ...(refs !== undefined ? { "#": refs } : {}),
  };
}

/** The type-level form of a shape, read by the runtime's `WithDates`. */
export function dateMapType(shape: DateShape): string {
  const parts: string[] = [];
  const members: string[] = [];
  if (shape.kinds) {
    const text = ["Date", ...(shape.empty ? ['""'] : []), ...(shape.text ? ["string"] : [])].join(" | ");
    const leaf = shape.kinds.includes("unix-seconds") ? `DateLeaf<${text}, Date>` : `DateLeaf<${text}>`;
    if (!shape.items && !shape.properties && !shape.refs) return leaf;
    members.push(`"": ${leaf}`);
  }
  if (shape.items) {
    const items = dateMapType(shape.items);
    if (!shape.kinds && !shape.properties && !shape.refs) return `readonly [${items}]`;
    members.push(`"[]": ${items}`);
  }
  for (const [key, value] of Object.entries(shape.properties ?? {})) members.push(`${JSON.stringify(key)}: ${dateMapType(value)}`);
  if (members.length) parts.push(`{ ${members.join("; ")} }`);
  for (const ref of shape.refs ?? []) parts.push(`DateMaps[${JSON.stringify(ref)}]`);
  return parts.join(" & ");
}

/** Component schemas an operation's dates reach, through their refs: what the runtime's shared module holds. */
export function reachableDateComponents(model: ApiModel): string[] {
  const found = new Set<string>();
  const visit = (shape: DateShape | undefined) => {
    if (!shape) return;
    for (const ref of shape.refs ?? []) {
      if (found.has(ref)) continue;
      found.add(ref);
      visit(model.dateComponents.get(ref));
    }
    visit(shape.items);
    Object.values(shape.properties ?? {}).forEach(visit);
  };
  model.operations.forEach((op) => visit(op.dates));
  return [...found].sort();
}

export function hasDates(model: ApiModel): boolean {
  return model.operations.some((op) => op.dates !== undefined);
}

/** `dates.gen.ts`: the shapes of the component schemas the operations' dates refer to by name. */
export function emitDateShapes(model: ApiModel): string {
  const lines = [
    'import type { DateShapes } from "@crmkit/runtime";',
    "",
    "/** Where each component schema holds dates, for clients with `dates: true`; operation rows refer to these as `#Name`. */",
    "const shapes: DateShapes = {",
    ...reachableDateComponents(model).map((name) => `  ${JSON.stringify(name)}: ${literal(encodeDateShape(model.dateComponents.get(name)!))},`),
    "};",
    "",
    "export default shapes;",
  ];
  return lines.join("\n") + "\n";
}

/** `date-types.gen.ts`: the type-level maps of every component schema that holds dates. */
export function emitDateMaps(model: ApiModel): string {
  const lines = [
    'import type { DateLeaf } from "@crmkit/runtime";',
    "",
    "/** Where each component schema holds dates: what `WithDates` retypes as `Date` for clients with `dates: true`. */",
    "export interface DateMaps {",
    ...[...model.dateComponents.keys()].sort().map((name) => `  ${JSON.stringify(name)}: ${dateMapType(model.dateComponents.get(name)!)};`),
    "}",
  ];
  // Without any date the interface is empty and DateLeaf unused.
  if (model.dateComponents.size === 0) lines.splice(0, 2);
  return lines.join("\n") + "\n";
}
