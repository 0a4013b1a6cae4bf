import { CodeBlockWriter, type SourceFile } from "ts-morph";
import type { ApiModel, OperationModel, ResourceModel } from "../model.js";
import { toPascalCase } from "../naming.js";
import { selectionImports, selectionSignatures } from "./fields.js";
import { paramsOptional, typeNames } from "./method-types.js";

/**
 * The client's public face. Everything per operation is a type: one interface per resource whose
 * methods carry the spec's documentation, so the JavaScript stays one small class however large the
 * API grows; the runtime finds each method's row by name when it is called.
 * Returns the resource interfaces' text, to be appended after what was built in `file`.
 */
export function emitClient(file: SourceFile, model: ApiModel): string {
  const clientName = `${model.client.name}Client`;
  const optionsName = `${clientName}Options`;
  const oauth = hasOAuth(model);
  file.addImportDeclaration({ moduleSpecifier: "@crmkit/runtime", namedImports: ["CrmApiError", "CrmClient"] });
  file.addImportDeclaration({
    moduleSpecifier: "@crmkit/runtime",
    namedImports: ["ApiPromise", "ClientOptions", "PagePromise", "RequestOptions", ...(oauth ? ["OAuthClient"] : [])].filter(
      (name) => name !== "PagePromise" || model.operations.some((o) => o.pagination),
    ).filter((name) => name !== "ApiPromise" || model.operations.some((o) => !o.pagination)),
    isTypeOnly: true,
  });
  file.addImportDeclaration({ moduleSpecifier: "./types.gen.js", namedImports: ["paths"], isTypeOnly: true });
  file.addImportDeclaration({ moduleSpecifier: "./operations.gen.js", namedImports: ["definition", "resources"] });
  const typeImports = model.operations.flatMap((op) => {
    const n = typeNames(op);
    return op.pagination ? [n.params, n.response, n.item] : [n.params, n.response];
  });
  file.addImportDeclaration({ moduleSpecifier: "./method-types.gen.js", namedImports: [...typeImports, "ApiErrorBody"], isTypeOnly: true });
  const fieldImports = selectionImports(model);
  if (fieldImports.length) {
    file.addImportDeclaration({ moduleSpecifier: "./fields.gen.js", namedImports: fieldImports, isTypeOnly: true });
  }

  file.addInterface({
    isExported: true,
    name: optionsName,
    extends: ["ClientOptions"],
    docs: [`Options of {@link create${clientName}}: credentials${serverVariables(model).length ? ", server variables" : ""} and transport settings.`],
    properties: clientOptionProperties(model).map((p) => ({ ...p, type: "string | undefined" })),
  });

  file.addInterface({
    isExported: true,
    name: clientName,
    docs: [`Client for the ${model.title}. Create it with {@link create${clientName}}.`],
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
        type: resourceInterfaceName(r),
        docs: r.description ? [r.description] : [`The ${r.tag} operations.`],
      })),
    ],
  });
  file.addClass({
    isExported: true,
    name: clientName,
    extends: "CrmClient<paths>",
    docs: [`Client for the ${model.title}. Create it with {@link create${clientName}} or \`new ${clientName}(options)\`.`],
    ctors: [
      {
        parameters: [{ name: "options", type: optionsName, ...(clientOptionProperties(model).every((p) => p.hasQuestionToken) ? { initializer: "{}" } : {}) }],
        statements: ["super(definition, resources, options);"],
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
  const optionsOptional = clientOptionProperties(model).every((p) => p.hasQuestionToken);
  file.addFunction({
    isExported: true,
    name: `create${clientName}`,
    parameters: [{ name: "options", type: optionsName, ...(optionsOptional ? { initializer: "{}" } : {}) }],
    returnType: clientName,
    docs: [`Creates an ${model.client.name} client.\n\n@example\n${exampleCall(model)}`.replace(/^Creates an ([^AEIOU])/, "Creates a $1")],
    statements: [`return new ${clientName}(options);`],
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

function writeResourceInterface(writer: CodeBlockWriter, model: ApiModel, resource: ResourceModel): void {
  writeDoc(writer, resource.description ?? `The ${resource.tag} operations.`);
  writer.write(`export interface ${resourceInterfaceName(resource)}`).block(() => {
    resource.operations.forEach((op, i) => {
      const names = typeNames(op);
      const returnType = op.pagination ? `PagePromise<${names.response}, ${names.item}>` : `ApiPromise<${names.response}>`;
      if (i > 0) writer.blankLine();
      const plain = `${op.methodName}(params${paramsOptional(op) ? "?" : ""}: ${names.params}, options?: RequestOptions): ${returnType};`;
      if (!op.selection) {
        writeDoc(writer, methodDoc(model, op));
        writer.writeLine(plain);
        return;
      }
      // Field selection adds overloads (emit/fields.ts); the plain one keeps today's types for a string or no selection.
      const wrap = (payload: string, item: string) => (op.pagination ? `PagePromise<${payload}, ${item}>` : `ApiPromise<${payload}>`);
      const { before, after } = selectionSignatures(model, op, wrap);
      for (const signature of [...before, { doc: "full", line: plain }, ...after]) {
        writeDoc(writer, signature.doc === "full" ? methodDoc(model, op) : selectionDoc(model, op, signature.doc));
        writer.writeLine(signature.line);
      }
    });
  });
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
  lines.push("@param options - per-call overrides: signal, timeoutMs, deadlineMs, maxRetries, headers" + (op.pagination ? ", maxItems, maxPages" : ""));
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

/** `accessToken` → `WEALTHBOX_ACCESS_TOKEN`, as the runtime's environment lookup names it. */
export function environmentVariable(model: ApiModel, option: string): string {
  return `${model.client.name.toUpperCase()}_${option.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

export function clientOptionProperties(model: ApiModel): Array<{ name: string; hasQuestionToken: boolean; docs: string[] }> {
  const props = new Map<string, { required: boolean; docs: string }>();
  const requirements = model.security;
  const optionsOf = (scheme: ApiModel["securitySchemes"][number]) =>
    "option" in scheme.credential ? [scheme.credential.option] : [scheme.credential.username, scheme.credential.password];
  for (const scheme of model.securitySchemes) {
    const names = optionsOf(scheme);
    // Required only when every alternative needs it.
    const required =
      requirements.length > 0 &&
      requirements.every((req) =>
        req.some((s) => {
          const other = model.securitySchemes.find((x) => x.name === s);
          return other !== undefined && names.every((n) => optionsOf(other).includes(n));
        }),
      );
    names.forEach((name, i) => {
      const what =
        scheme.type === "basic"
          ? `HTTP Basic ${i === 0 ? "username" : "password"} (${scheme.name})`
          : scheme.type === "apiKey"
            ? `sent as the \`${scheme.paramName}\` ${scheme.in} (${scheme.name})`
            : `OAuth 2.0 / bearer access token (${scheme.name})`;
      const existing = props.get(name);
      props.set(name, { required: (existing?.required ?? true) && required, docs: existing ? `${existing.docs}; ${what}` : what });
    });
  }
  // With an oauth2 scheme, `oauth` can stand in for the static token option.
  for (const scheme of model.securitySchemes) {
    if (scheme.type !== "oauth2" || !("option" in scheme.credential)) continue;
    const existing = props.get(scheme.credential.option);
    if (existing) existing.required = false;
  }
  for (const v of serverVariables(model)) {
    props.set(v.name, { required: true, docs: `${v.description ? clean(v.description) : `Server variable \`${v.name}\``}${v.default ? ` (for example \`${v.default}\`)` : ""}` });
  }
  return [...props.entries()].map(([name, p]) => ({
    name,
    hasQuestionToken: !p.required,
    docs: [`${p.docs}. Default: the \`${environmentVariable(model, name)}\` environment variable.`],
  }));
}

function exampleCall(model: ApiModel): string {
  const options = clientOptionProperties(model)
    .filter((p) => !p.hasQuestionToken)
    .map((p) => `${p.name}: process.env.${environmentVariable(model, p.name)}`);
  const list = model.operations.find((o) => o.pagination && paramsOptional(o));
  const lines = ["```ts", `const client = create${model.client.name}Client(${options.length ? `{ ${options.join(", ")} }` : ""});`];
  if (list?.pagination) lines.push(`for await (const item of client.${list.resource}.${list.methodName}()) console.log(item);`);
  lines.push("```");
  return lines.join("\n");
}
