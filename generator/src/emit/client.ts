import { CodeBlockWriter, type SourceFile } from "ts-morph";
import type { ApiModel, OperationModel, ResourceModel } from "../model.js";
import { toPascalCase } from "../naming.js";
import { credentialShape, credentialTypeText, credentialsUseOAuth, environmentVariable } from "./credentials.js";
import { dateMapType, hasDates } from "./dates.js";
import { selectionImports, selectionSignatures, type SelectionDates } from "./fields.js";
import { paramsOptional, typeNames } from "./method-types.js";

export { environmentVariable } from "./credentials.js";

/**
 * The client's public face. Everything per operation is a type: one interface per resource whose
 * methods carry the spec's documentation, so the JavaScript stays one small class however large the
 * API grows; the runtime finds each method's row by name when it is called.
 * Returns the resource interfaces' text, to be appended after what was built in `file`.
 */
export function emitClient(file: SourceFile, model: ApiModel): string {
  const clientName = `${model.client.name}Client`;
  const optionsName = `${clientName}Options`;
  const credentialsName = `${model.client.name}Credentials`;
  const oauth = hasOAuth(model);
  const credentials = credentialShape(model);
  // With dates in the spec, the client carries whether it converts them (`dates: true`) as a type
  // parameter, which picks each method's payload type.
  const dated = hasDates(model);
  const datesParameter = dated ? [{ name: "Dates", constraint: "boolean", default: "false" }] : [];
  const datesOption = dated ? " & { dates?: Dates }" : "";
  const selectionMaps = model.operations.map((op) => selectedDateMap(model, op)).filter((map): map is string => map !== undefined);
  const datedSelection = selectionMaps.length > 0;
  file.addImportDeclaration({ moduleSpecifier: "@crmkit/runtime", namedImports: ["CrmApiError", "CrmClient"] });
  file.addImportDeclaration({
    moduleSpecifier: "@crmkit/runtime",
    namedImports: [
      "ApiPromise",
      "ClientOptions",
      ...(datedSelection ? ["Dated"] : []),
      ...(selectionMaps.some((map) => map.includes("DateLeaf<")) ? ["DateLeaf"] : []),
      ...(dated ? ["DatesFor"] : []),
      "PagePromise",
      "RequestOptions",
      ...(oauth ? ["OAuthClient"] : []),
      ...(credentialsUseOAuth(credentials) ? ["OAuthOptions"] : []),
    ]
      .filter((name) => name !== "PagePromise" || model.operations.some((o) => o.pagination))
      .filter((name) => name !== "ApiPromise" || model.operations.some((o) => !o.pagination)),
    isTypeOnly: true,
  });
  // Resolved by the user's compiler: credentials may be left out only where it sees Node's types.
  file.addImportDeclaration({ moduleSpecifier: "@crmkit/runtime/environment", namedImports: ["CredentialOptions", "OptionsArgument"], isTypeOnly: true });
  file.addImportDeclaration({ moduleSpecifier: "./types.gen.js", namedImports: ["paths"], isTypeOnly: true });
  file.addImportDeclaration({ moduleSpecifier: "./operations.gen.js", namedImports: ["definition", "resources", ...(dated ? ["dateShapes"] : [])] });
  const typeImports = model.operations.flatMap((op) => {
    const n = typeNames(op);
    return op.pagination ? [n.params, n.response, n.item] : [n.params, n.response];
  });
  file.addImportDeclaration({ moduleSpecifier: "./method-types.gen.js", namedImports: [...typeImports, "ApiErrorBody"], isTypeOnly: true });
  if (selectionMaps.some((map) => map.includes("DateMaps["))) {
    file.addImportDeclaration({ moduleSpecifier: "./date-types.gen.js", namedImports: ["DateMaps"], isTypeOnly: true });
  }
  const fieldImports = selectionImports(model);
  if (fieldImports.length) {
    file.addImportDeclaration({ moduleSpecifier: "./fields.gen.js", namedImports: fieldImports, isTypeOnly: true });
  }

  const credentialsDoc =
    `The credentials${serverVariables(model).length ? " and server variables" : ""} {@link create${clientName}} needs: ` +
    `${credentials.alternatives.length > 1 ? "one of these alternatives, in full" : "all of them"}. Where the program can read ` +
    `environment variables (TypeScript resolving the \`node\` export condition: Node, Bun, Deno), each may be left out ` +
    `and is read from its \`${model.client.name.toUpperCase()}_…\` variable instead.`;
  const credentialText = credentialTypeText(credentials);
  // Added as text: ts-morph would re-indent the multi-line union.
  file.addStatements([
    `/** ${credentialsDoc} */`,
    `export type ${credentialsName} =${credentialText.startsWith("\n") ? "" : " "}${credentialText};`,
    "",
    `/** Options of {@link create${clientName}}: credentials${serverVariables(model).length ? ", server variables" : ""} and transport settings. */`,
    `export type ${optionsName} = ClientOptions & CredentialOptions<${credentialsName}>;`,
  ].join("\n"));
  file.addInterface({
    isExported: true,
    name: clientName,
    typeParameters: datesParameter,
    docs: [
      `Client for the ${model.title}. Create it with {@link create${clientName}}.` +
        (dated ? "\n\n`Dates` is true for a client created with `dates: true`: its methods then return dates as `Date` objects." : ""),
    ],
    properties: [
      ...(oauth
        ? [
            {
              name: "oauth",
              isReadonly: true,
              type: "OAuthClient | undefined",
              docs: ["OAuth 2.0 helpers (authorize URL, code exchange, refresh, client credentials), present when the client was created with `oauth`."],
            },
          ]
        : []),
      ...model.resources.map((r) => ({
        name: r.name,
        isReadonly: true,
        type: `${resourceInterfaceName(r)}${dated && resourceHasDates(r) ? "<Dates>" : ""}`,
        docs: r.description ? [r.description] : [`The ${r.tag} operations.`],
      })),
    ],
  });
  file.addClass({
    isExported: true,
    name: clientName,
    typeParameters: datesParameter,
    extends: "CrmClient<paths>",
    docs: [`Client for the ${model.title}. Create it with {@link create${clientName}} or \`new ${clientName}(options)\`.`],
    ctors: [
      {
        parameters: [{ name: "args", isRestParameter: true, type: `OptionsArgument<${optionsName}${datesOption}>` }],
        statements: [dated ? "super(definition, resources, args[0], dateShapes);" : "super(definition, resources, args[0]);"],
      },
    ],
  });

  file.addTypeAlias({
    isExported: true,
    name: `${model.client.name}ApiError`,
    type: "CrmApiError<ApiErrorBody>",
    docs: [`An HTTP error from the ${model.client.name} API, with its body typed.`],
  });
  file.addFunction({
    isExported: true,
    name: `is${model.client.name}ApiError`,
    parameters: [{ name: "error", type: "unknown" }],
    returnType: `error is ${model.client.name}ApiError`,
    docs: [`Narrows a caught error to an HTTP error from a ${model.client.name} client, so \`error.body\` is typed.`],
    statements: ["return error instanceof CrmApiError && error.vendor === definition.name;"],
  });
  file.addFunction({
    isExported: true,
    name: `create${clientName}`,
    typeParameters: datesParameter,
    parameters: [{ name: "args", isRestParameter: true, type: `OptionsArgument<${optionsName}${datesOption}>` }],
    returnType: dated ? `${clientName}<Dates>` : clientName,
    docs: [`Creates an ${model.client.name} client.\n\n@example\n${exampleCall(model, credentials)}`.replace(/^Creates an ([^AEIOU])/, "Creates a $1")],
    statements: [`return new ${clientName}(...args);`],
  });

  // Resource interfaces are regular and large (one method per operation): written as text with
  // ts-morph's CodeBlockWriter and appended, which skips printing and re-parsing them.
  const writer = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: false });
  for (const resource of model.resources) {
    writer.blankLineIfLastNot();
    writeResourceInterface(writer, model, resource);
  }
  return writer.toString();
}

function hasOAuth(model: ApiModel): boolean {
  return model.securitySchemes.some((s) => s.type === "oauth2");
}

export function resourceInterfaceName(resource: ResourceModel): string {
  return `${toPascalCase(resource.name)}Resource`;
}

function resourceHasDates(resource: ResourceModel): boolean {
  return resource.operations.some((op) => op.dates !== undefined);
}

function writeResourceInterface(writer: CodeBlockWriter, model: ApiModel, resource: ResourceModel): void {
  writeDoc(writer, resource.description ?? `The ${resource.tag} operations.`);
  const generic = resourceHasDates(resource) ? "<Dates extends boolean = false>" : "";
  writer.write(`export interface ${resourceInterfaceName(resource)}${generic}`).block(() => {
    resource.operations.forEach((op, i) => {
      const names = typeNames(op);
      if (i > 0) writer.blankLine();
      const params = `params${paramsOptional(op) ? "?" : ""}: ${names.params}`;
      // The call's own `dates` option, when given, decides over the client's.
      const d = "DatesFor<Dates, CallDates>";
      const plain = op.dates
        ? `${op.methodName}<CallDates extends boolean | undefined = undefined>(${params}, options?: RequestOptions & { dates?: CallDates }): ${
            op.pagination ? `PagePromise<${names.response}<${d}>, ${names.item}<${d}>>` : `ApiPromise<${names.response}<${d}>>`
          };`
        : `${op.methodName}(${params}, options?: RequestOptions): ${op.pagination ? `PagePromise<${names.response}, ${names.item}>` : `ApiPromise<${names.response}>`};`;
      if (!op.selection) {
        writeDoc(writer, methodDoc(model, op));
        writer.writeLine(plain);
        return;
      }
      // Field selection adds overloads (emit/fields.ts); the plain one keeps today's types for a string or no selection.
      const wrap = (payload: string, item: string) => (op.pagination ? `PagePromise<${payload}, ${item}>` : `ApiPromise<${payload}>`);
      const { before, after } = selectionSignatures(model, op, wrap, op.dates ? selectionDates(model, op, d) : undefined);
      for (const signature of [...before, { doc: "full", line: plain }, ...after]) {
        writeDoc(writer, signature.doc === "full" ? methodDoc(model, op) : selectionDoc(model, op, signature.doc));
        writer.writeLine(signature.line);
      }
    });
  });
}

/**
 * Dates in a selecting signature (`d` is the call's dates choice): a selected record goes through the
 * date map of what it is, its component's or, for a record the response declares inline, the part of
 * the operation's date shape where the records sit.
 */
function selectionDates(model: ApiModel, op: OperationModel, d: string): SelectionDates {
  const map = selectedDateMap(model, op);
  return {
    record: (type) => (map ? `Dated<${type}, ${map}, ${d}>` : type),
    response: `${typeNames(op).response}<${d}>`,
  };
}

function selectedDateMap(model: ApiModel, op: OperationModel): string | undefined {
  if (!op.dates || !op.selection) return undefined;
  const record = op.selection.record;
  if (record) return model.dateComponents.has(record) ? `DateMaps[${JSON.stringify(record)}]` : undefined;
  const where = op.selection.shape;
  let shape: typeof op.dates | undefined = op.dates;
  if (where.kind === "array") shape = shape.items;
  if (where.kind === "items") {
    for (const key of where.path) shape = shape?.properties?.[key];
    shape = shape?.items;
  }
  return shape ? dateMapType(shape) : undefined;
}

/** A JSDoc block; `text` is already free of comment terminators. */
function writeDoc(writer: CodeBlockWriter, text: string): void {
  writer.writeLine("/**");
  for (const line of text.split("\n")) writer.writeLine(line === "" ? " *" : ` * ${line}`);
  writer.writeLine(" */");
}

const CONFIDENCE_NOTES: Record<string, string> = {
  documented: "Source: a third-party catalog of the API, not the vendor's own reference.",
  inferred: "Inferred: expanded from a one-line summary of its group, not confirmed against the live API.",
  "used-by-client": "Source: seen only in public client code; no documentation of it was found.",
};

function methodDoc(model: ApiModel, op: OperationModel): string {
  const lines: string[] = [];
  lines.push(clean(op.summary ?? `${op.httpMethod.toUpperCase()} ${op.path}`));
  if (op.description && op.description.trim() !== op.summary?.trim()) lines.push("", clean(op.description));
  lines.push("", `\`${op.httpMethod.toUpperCase()} ${op.path}\` (operation \`${op.operationId}\`)`);
  const confidence = op.confidence ? CONFIDENCE_NOTES[op.confidence] : undefined;
  if (confidence) lines.push("", confidence);
  if (op.pagination) lines.push("", "The result is also async-iterable over every item of every page: `for await (const item of ...)`.");
  for (const p of op.parameters.filter((p) => p.in !== "cookie")) {
    lines.push(`@param params.${p.name} - ${p.required ? "(required) " : ""}${clean(p.description ?? `${p.in} parameter`)}`);
  }
  if (op.body) lines.push(`@param params.body - ${op.body.required ? "(required) " : ""}the request body (${op.body.contentTypes.join(" or ")})`);
  lines.push(
    "@param options - per-call overrides: signal, timeoutMs, deadlineMs, maxRetries, headers" +
      (op.pagination ? ", maxItems, maxPages" : "") +
      (op.dates ? ", dates (its dates as `Date` objects, or not, whatever the client's `dates`)" : ""),
  );
  const template = model.client.operationDocsUrl;
  const tag = model.resources.find((r) => r.name === op.resource)?.tag ?? op.resource;
  const url = op.docsUrl ?? (template ? template.replace("{operationId}", op.operationId).replace("{tag}", encodeURIComponent(tag)) : model.docsUrl);
  if (url) lines.push(`@see ${url}`);
  if (op.deprecated) lines.push("@deprecated The vendor marks this operation as deprecated.");
  return lines.join("\n");
}

/** The shorter doc of a selection overload: the summary, what the selection does, the route and the reference. */
function selectionDoc(model: ApiModel, op: OperationModel, note: string): string {
  const full = methodDoc(model, op).split("\n");
  const tail = full.filter((line) => line.startsWith("@see") || line.startsWith("@deprecated"));
  return [full[0]!, "", clean(note), "", `\`${op.httpMethod.toUpperCase()} ${op.path}\` (operation \`${op.operationId}\`)`, ...tail].join("\n");
}

/** JSDoc-safe text: no comment terminators, trimmed trailing space. */
function clean(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/[ \t]+$/gm, "").trim();
}

function serverVariables(model: ApiModel) {
  return model.servers[0]?.variables ?? [];
}

function exampleCall(model: ApiModel, credentials: ReturnType<typeof credentialShape>): string {
  const first = credentials.alternatives[0] ?? [];
  const options = [...credentials.always, ...first]
    .filter((o) => o.type === "string | undefined")
    .map((o) => `${o.name}: process.env.${environmentVariable(model, o.name)}`);
  const list = model.operations.find((o) => o.pagination && paramsOptional(o));
  const factory = `create${model.client.name}Client`;
  const lines = ["```ts"];
  if (options.length) {
    lines.push(`// Node, Bun and Deno read ${options.map((o) => o.split(": process.env.")[1]).join(", ")} by themselves:`, `const client = ${factory}();`);
    lines.push("// Anywhere, credentials passed in:", `const client = ${factory}({ ${options.join(", ")} });`);
  } else lines.push(`const client = ${factory}();`);
  if (list?.pagination) lines.push(`for await (const item of client.${list.resource}.${list.methodName}()) console.log(item);`);
  lines.push("```");
  return lines.join("\n");
}
