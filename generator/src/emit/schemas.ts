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

export function emitSchemaTypes(schemas: Record<string, unknown>, taken: ReadonlySet<string>): string {
  const lines = ['import type { components } from "./types.gen.js";', ""];
  for (const { schema, name } of schemaTypeNames(schemas, taken)) {
    const node = schemas[schema] as { description?: unknown; title?: unknown } | undefined;
    const text = typeof node?.description === "string" ? node.description : typeof node?.title === "string" ? node.title : "";
    const summary = text.split(/\n\s*\n/)[0]!.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
    lines.push(`/** ${summary ? `${summary} ` : ""}(component schema \`${schema}\`) */`);
    lines.push(`export type ${name} = components["schemas"][${JSON.stringify(schema)}];`);
  }
  return lines.join("\n") + "\n";
}
