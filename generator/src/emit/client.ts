import { CodeBlockWriter, type SourceFile } from "ts-morph";
import type { ApiModel, OperationModel, ResourceModel } from "../model.js";
import { toPascalCase } from "../naming.js";
import { paramsOptional, typeNames } from "./method-types.js";

/** The resource classes, the client class and its factory, each method documented from the spec. */
/** Emits the client into `file` and returns the resource classes' text, to be appended after it. */
export function emitClient(file: SourceFile, model: ApiModel): string {
  const docsUrlTemplate = model.client.operationDocsUrl;
  const clientName = `${model.client.name}Client`;
  const optionsName = `${clientName}Options`;
  file.addImportDeclaration({ moduleSpecifier: "@crmkit/runtime", namedImports: ["ClientCore", "CrmApiError"] });
  // Only what the methods use: an unused import fails consumers' noUnusedLocals (a spec without lists).
  const hasLists = model.operations.some((op) => op.pagination);
  const hasPlain = model.operations.some((op) => !op.pagination);
  file.addImportDeclaration({
    moduleSpecifier: "@crmkit/runtime",
    namedImports: [
      ...(hasPlain ? ["ApiPromise"] : []),
      "ClientOptions",
      ...(hasLists ? ["PagePromise"] : []),
      ...(model.operations.length > 0 ? ["RequestOptions"] : []),
      ...(hasOAuth(model) ? ["OAuthClient"] : []),
    ],
    isTypeOnly: true,
  });
  file.addImportDeclaration({ moduleSpecifier: "openapi-fetch", namedImports: ["Client"], isTypeOnly: true });
  file.addImportDeclaration({ moduleSpecifier: "./types.gen.js", namedImports: ["paths"], isTypeOnly: true });
  file.addImportDeclaration({ moduleSpecifier: "./operations.gen.js", namedImports: model.operations.length > 0 ? ["definition", "operations"] : ["definition"] });
  const typeImports = model.operations.flatMap((op) => {
    const n = typeNames(op);
    return op.pagination ? [n.params, n.response, n.item] : [n.params, n.response];
  });
  file.addImportDeclaration({ moduleSpecifier: "./method-types.gen.js", namedImports: [...typeImports, "ApiErrorBody"], isTypeOnly: true });

  file.addInterface({
    isExported: true,
    name: optionsName,
    extends: ["ClientOptions"],
    docs: [`Options of {@link create${clientName}}: credentials${serverVariables(model).length ? ", server variables" : ""} and transport settings.`],
    properties: clientOptionProperties(model),
  });

  // The resource classes are regular and large (one method per operation): they are written with
  // ts-morph's CodeBlockWriter and appended as text, which skips printing and re-parsing them.
  const writer = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: false });
  model.resources.forEach((resource) => {
    writer.blankLineIfLastNot();
    writeResourceClass(writer, model, resource, docsUrlTemplate);
  });
  const resourceClasses = writer.toString();

  file.addClass({
    isExported: true,
    name: clientName,
    docs: [`Client for the ${model.title} (version ${model.version}). Create it with {@link create${clientName}}.`],
    properties: [
      {
        name: "raw",
        isReadonly: true,
        type: "Client<paths>",
        docs: ["The openapi-fetch client underneath, for calls by path. It shares this client's credentials, timeouts and retries."],
      },
      ...(hasOAuth(model)
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
        type: resourceClassName(r),
        docs: r.description ? [r.description] : [`The ${r.tag} operations.`],
      })),
    ],
    ctors: [
      {
        parameters: [{ name: "options", type: optionsName }],
        statements: [
          "const core = new ClientCore<paths>(definition, options);",
          "this.raw = core.raw;",
          ...(hasOAuth(model) ? ["this.oauth = core.oauth;"] : []),
          ...model.resources.map((r) => `this.${r.name} = new ${resourceClassName(r)}(core);`),
        ],
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
    docs: [`Narrows a caught error to an HTTP error of this API, so \`error.body\` is typed.`],
    statements: ["return error instanceof CrmApiError;"],
  });
  file.addFunction({
    isExported: true,
    name: `create${clientName}`,
    parameters: [{ name: "options", type: optionsName }],
    returnType: clientName,
    docs: [`Creates a ${model.client.name} client.\n\n@example\n${exampleCall(model)}`],
    statements: [`return new ${clientName}(options);`],
  });
  return resourceClasses;
}

function hasOAuth(model: ApiModel): boolean {
  return model.securitySchemes.some((s) => s.type === "oauth2");
}

function resourceClassName(resource: ResourceModel): string {
  return `${toPascalCase(resource.name)}Resource`;
}

function writeResourceClass(writer: CodeBlockWriter, model: ApiModel, resource: ResourceModel, docsUrlTemplate: string | undefined): void {
  writeDoc(writer, resource.description ?? `The ${resource.tag} operations.`);
  writer.write(`export class ${resourceClassName(resource)}`).block(() => {
    writer.writeLine("readonly #core: ClientCore;").blankLine();
    writer.write("constructor(core: ClientCore)").block(() => writer.writeLine("this.#core = core;"));
    for (const op of resource.operations) {
      const names = typeNames(op);
      const call = op.pagination ? "paginate" : "request";
      const returnType = op.pagination ? `PagePromise<${names.response}, ${names.item}>` : `ApiPromise<${names.response}>`;
      const params = `params: ${names.params}${paramsOptional(op) ? " = {}" : ""}`;
      writer.blankLine();
      writeDoc(writer, methodDoc(model, op, docsUrlTemplate));
      writer
        .write(`public ${op.methodName}(${params}, options?: RequestOptions): ${returnType}`)
        .block(() => writer.writeLine(`return this.#core.${call}(operations.${op.operationId}, params, options);`));
    }
  });
}

/** A JSDoc block; `text` is already free of comment terminators. */
function writeDoc(writer: CodeBlockWriter, text: string): void {
  writer.writeLine("/**");
  for (const line of text.split("\n")) writer.writeLine(line === "" ? " *" : ` * ${line}`);
  writer.writeLine(" */");
}

function methodDoc(model: ApiModel, op: OperationModel, docsUrlTemplate: string | undefined): string {
  const lines: string[] = [];
  lines.push(clean(op.summary ?? `${op.httpMethod.toUpperCase()} ${op.path}`));
  if (op.description && op.description.trim() !== op.summary?.trim()) lines.push("", clean(op.description));
  lines.push("", `\`${op.httpMethod.toUpperCase()} ${op.path}\` (operation \`${op.operationId}\`)`);
  if (op.pagination) {
    lines.push("", "The result is also async-iterable over every item of every page: `for await (const item of ...)`.");
  }
  const params = op.parameters.filter((p) => p.in !== "cookie");
  for (const p of params) {
    lines.push(`@param params.${p.name} - ${p.required ? "(required) " : ""}${clean(p.description ?? `${p.in} parameter`)}`);
  }
  if (op.body) lines.push(`@param params.body - ${op.body.required ? "(required) " : ""}the request body (${op.body.contentTypes.join(" or ")})`);
  lines.push("@param options - per-call overrides: signal, timeoutMs, maxRetries, headers" + (op.pagination ? ", maxItems, maxPages" : ""));
  const url = op.docsUrl ?? (docsUrlTemplate ? docsUrlTemplate.replace("{operationId}", op.operationId).replace("{tag}", encodeURIComponent(model.resources.find((r) => r.name === op.resource)?.tag ?? op.resource)) : model.docsUrl);
  if (url) lines.push(`@see ${url}`);
  if (op.deprecated) lines.push("@deprecated The vendor marks this operation as deprecated.");
  return lines.join("\n");
}

/** JSDoc-safe text: no comment terminators, trimmed trailing space. */
function clean(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/[ \t]+$/gm, "").trim();
}

function serverVariables(model: ApiModel) {
  return model.servers[0]?.variables ?? [];
}

function clientOptionProperties(model: ApiModel) {
  const props = new Map<string, { required: boolean; docs: string }>();
  const requirements = model.security;
  for (const scheme of model.securitySchemes) {
    const names = "option" in scheme.credential ? [scheme.credential.option] : [scheme.credential.username, scheme.credential.password];
    // Required only when every alternative needs it.
    const required = requirements.length > 0 && requirements.every((req) => req.some((s) => {
      const other = model.securitySchemes.find((x) => x.name === s);
      if (!other) return false;
      const otherNames = "option" in other.credential ? [other.credential.option] : [other.credential.username, other.credential.password];
      return names.every((n) => otherNames.includes(n));
    }));
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
  return [...props.entries()].map(([name, p]) => ({ name, type: "string", hasQuestionToken: !p.required, docs: [p.docs] }));
}

function exampleCall(model: ApiModel): string {
  const options = clientOptionProperties(model)
    .filter((p) => !p.hasQuestionToken)
    .map((p) => `${p.name}: process.env.${toSnake(p.name)}!`)
    .join(", ");
  const list = model.operations.find((o) => o.pagination && paramsOptional(o));
  const lines = ["```ts", `const client = create${model.client.name}Client({ ${options} });`];
  if (list?.pagination) lines.push(`for await (const item of client.${list.resource}.${list.methodName}()) console.log(item);`);
  lines.push("```");
  return lines.join("\n");
}

function toSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}
