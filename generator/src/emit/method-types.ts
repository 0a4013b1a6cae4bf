import { StructureKind, type SourceFile, type TypeAliasDeclarationStructure } from "ts-morph";
import type { ApiModel, OperationModel } from "../model.js";
import { toPascalCase } from "../naming.js";
import { dateMapType } from "./dates.js";

/** Names of the per-operation types: `ListContactsParams`, `ListContactsResponse`, `ListContactsItem`. */
export function typeNames(op: OperationModel) {
  const base = toPascalCase(op.operationId);
  return { params: `${base}Params`, response: `${base}Response`, item: `${base}Item` };
}

/** Whether a call may omit its params object: nothing in it is required. */
export function paramsOptional(op: OperationModel): boolean {
  return !op.parameters.some((p) => p.required && p.in !== "cookie") && !op.body?.required;
}

/**
 * The media types whose schemas type a call's body: the preferred one (JSON, else a form, else the
 * first), plus multipart when the operation also takes files that way.
 */
export function bodyMediaTypes(contentTypes: string[]): string[] {
  const preferred = contentTypes.find((c) => /json/i.test(c)) ?? contentTypes.find((c) => /x-www-form-urlencoded/i.test(c)) ?? contentTypes[0]!;
  const multipart = contentTypes.find((c) => /^multipart\//i.test(c));
  return multipart && multipart !== preferred ? [preferred, multipart] : [preferred];
}

/** The type parameter of an operation's payload and item types when it has dates. */
export const DATES_PARAMETER = { name: "Dates", constraint: "boolean", default: "false" };

/**
 * One alias per operation for its params, payload and (for lists) item, written as plain indexed
 * access into openapi-typescript's `operations`: cheap for the compiler, readable in hovers. An
 * operation whose payload holds dates gets a `Dates` parameter on its payload and item types:
 * `GetContactResponse` is the payload as the API sends it, `GetContactResponse<true>` with `Date`s.
 */
export function emitMethodTypes(file: SourceFile, model: ApiModel): void {
  file.addImportDeclaration({
    moduleSpecifier: "./types.gen.js",
    namedImports: model.errorSchema ? ["components", "operations"] : ["operations"],
    isTypeOnly: true,
  });
  const maps = new Map(model.operations.filter((op) => op.dates).map((op) => [op.operationId, dateMapType(op.dates!)]));
  const mapsText = [...maps.values()].join("\n");
  const runtimeTypes = [...(maps.size ? ["Dated"] : []), ...(mapsText.includes("DateLeaf<") ? ["DateLeaf"] : [])];
  if (runtimeTypes.length) file.addImportDeclaration({ moduleSpecifier: "@crmkit/runtime", namedImports: runtimeTypes, isTypeOnly: true });
  if (mapsText.includes("DateMaps[")) file.addImportDeclaration({ moduleSpecifier: "./date-types.gen.js", namedImports: ["DateMaps"], isTypeOnly: true });
  // Collected and inserted in one call: ts-morph re-reads the file on every insertion.
  const aliases: TypeAliasDeclarationStructure[] = [];
  const alias = (structure: Omit<TypeAliasDeclarationStructure, "kind">) => aliases.push({ kind: StructureKind.TypeAlias, ...structure });
  for (const op of model.operations) {
    const names = typeNames(op);
    const o = `operations[${JSON.stringify(op.operationId)}]`;
    const parts: string[] = [];
    const has = (where: string) => op.parameters.some((p) => p.in === where);
    if (has("path")) parts.push(`${o}["parameters"]["path"]`);
    if (has("query")) parts.push(`NonNullable<${o}["parameters"]["query"]>`);
    if (has("header")) parts.push(`NonNullable<${o}["parameters"]["header"]>`);
    if (op.body) {
      const variants = bodyMediaTypes(op.body.contentTypes).map((m) => `NonNullable<${o}["requestBody"]>["content"][${JSON.stringify(m)}]`);
      parts.push(`{ body${op.body.required ? "" : "?"}: ${variants.join(" | ")} }`);
    }
    alias({
      isExported: true,
      name: names.params,
      type: parts.length ? parts.join(" & ") : "Record<string, never>",
      docs: [`Parameters of \`${op.operationId}\` (${op.httpMethod.toUpperCase()} ${op.path}).`],
    });

    const envelope = op.envelope === null ? undefined : (op.envelope ?? model.envelope);
    let payload = "void";
    if (op.success?.contentType) {
      const status = /^\d+$/.test(op.success.status) ? op.success.status : JSON.stringify(op.success.status);
      const body = `${o}["responses"][${status}]["content"][${JSON.stringify(op.success.contentType)}]`;
      const isJson = /json/i.test(op.success.contentType);
      payload = isJson && envelope ? `NonNullable<${body}[${JSON.stringify(envelope.data)}]>` : body;
    }
    const map = maps.get(op.operationId);
    alias({
      isExported: true,
      name: names.response,
      ...(map ? { typeParameters: [DATES_PARAMETER] } : {}),
      type: map ? `Dated<${payload}, ${map}, Dates>` : payload,
      docs: [
        `What \`${op.operationId}\` resolves to${envelope ? ` (the envelope's \`${envelope.data}\`)` : ""}.` +
          (map ? " With `Dates` true (a client or call with `dates: true`), its dates are `Date` objects." : ""),
      ],
    });

    if (op.pagination) {
      let items = map ? `${names.response}<Dates>` : names.response;
      for (const key of op.pagination.items ? op.pagination.items.split(".") : []) items = `NonNullable<${items}[${JSON.stringify(key)}]>`;
      alias({
        isExported: true,
        name: names.item,
        ...(map ? { typeParameters: [DATES_PARAMETER] } : {}),
        // Extract: a payload may be a union with the array as one variant.
        type: `Extract<${items}, readonly unknown[]>[number]`,
        docs: [`One item of \`${op.operationId}\`, as iterating its result yields it.`],
      });
    }
  }
  alias({
    isExported: true,
    name: "ApiErrorBody",
    type: model.errorSchema ? `components["schemas"][${JSON.stringify(model.errorSchema.replace(/~1/g, "/").replace(/~0/g, "~"))}]` : "unknown",
    docs: [model.errorSchema ? `The vendor's error body (\`${model.errorSchema}\`), as most error responses declare it.` : "The vendor's error body: the spec declares no common schema for it."],
  });
  file.addTypeAliases(aliases);
}
