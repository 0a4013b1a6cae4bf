import { isIdentifier, toPascalCase } from "../naming.js";

/**
 * A named type for every component schema (`Contact`, `Deal`, …), so users write `(c: Contact) => …`
 * instead of `components["schemas"]["Contact"]`. A name that would clash with another export, or shadow
 * a global a user's code relies on, gets a `Schema` suffix.
 */
const GLOBALS = new Set([
  "Array", "Blob", "Boolean", "Date", "Error", "File", "FormData", "Function", "Headers", "Map", "Number", "Object",
  "Partial", "Promise", "Record", "Request", "Response", "Set", "String", "Symbol", "URL",
]);

export function schemaTypeNames(schemas: Record<string, unknown>, taken: ReadonlySet<string>): Array<{ schema: string; name: string }> {
  const used = new Set(taken);
  const out: Array<{ schema: string; name: string }> = [];
  for (const schema of Object.keys(schemas).sort()) {
    const base = isIdentifier(schema) ? schema : toPascalCase(schema);
    if (!isIdentifier(base)) continue;
    const name = used.has(base) || GLOBALS.has(base) ? `${base}Schema` : base;
    if (used.has(name)) continue;
    used.add(name);
    out.push({ schema, name });
  }
  return out;
}

/**
 * A schema that holds dates (`withDates`) gets a `Dates` parameter: `Contact` is the record as the API
 * sends it, `Contact<true>` as a client with `dates: true` returns it.
 */
export function emitSchemaTypes(schemas: Record<string, unknown>, taken: ReadonlySet<string>, withDates: ReadonlySet<string> = new Set()): string {
  const named = schemaTypeNames(schemas, taken);
  const dated = named.some(({ schema }) => withDates.has(schema));
  const lines = [
    'import type { components } from "./types.gen.js";',
    ...(dated ? ['import type { Dated } from "@crmkit/runtime";', 'import type { DateMaps } from "./date-types.gen.js";'] : []),
    "",
  ];
  for (const { schema, name } of named) {
    const node = schemas[schema] as { description?: unknown; title?: unknown } | undefined;
    const text = typeof node?.description === "string" ? node.description : typeof node?.title === "string" ? node.title : "";
    const summary = text.split(/\n\s*\n/)[0]!.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
    const key = JSON.stringify(schema);
    if (withDates.has(schema)) {
      lines.push(`/** ${summary ? `${summary} ` : ""}(component schema \`${schema}\`; \`${name}<true>\` has its dates as \`Date\` objects) */`);
      lines.push(`export type ${name}<Dates extends boolean = false> = Dated<components["schemas"][${key}], DateMaps[${key}], Dates>;`);
      continue;
    }
    lines.push(`/** ${summary ? `${summary} ` : ""}(component schema \`${schema}\`) */`);
    lines.push(`export type ${name} = components["schemas"][${key}];`);
  }
  return lines.join("\n") + "\n";
}
