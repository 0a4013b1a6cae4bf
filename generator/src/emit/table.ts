import { VariableDeclarationKind, type SourceFile } from "ts-morph";
import type { ApiModel, OperationModel, ServerModel } from "../model.js";

/**
 * The runtime table: the client definition (servers, auth, envelope, pagination, limits) and one
 * small entry per operation. Pure data; the runtime does the rest.
 */
export function emitTable(file: SourceFile, model: ApiModel): void {
  file.addImportDeclaration({
    moduleSpecifier: "@crmkit/runtime",
    namedImports: ["ClientDefinition", "OperationDefinition"],
    isTypeOnly: true,
  });

  const definition = {
    name: model.client.name,
    servers: model.servers.map(serverEntry),
    securitySchemes: Object.fromEntries(
      model.securitySchemes.map((s) => [
        s.name,
        prune({
          type: s.type,
          in: s.in,
          name: s.paramName,
          credential: "option" in s.credential ? s.credential.option : s.credential,
          authorizationUrl: s.oauth2?.authorizationUrl,
          tokenUrl: s.oauth2?.tokenUrl,
          refreshUrl: s.oauth2?.refreshUrl,
          tokenAuth: s.oauth2?.tokenAuth,
        }),
      ]),
    ),
    security: model.security,
    envelope: model.envelope,
    pagination: model.pagination,
    rateLimit: model.rateLimit,
    retry: model.retry,
  };

  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [`What the ${model.client.name} client needs to know about the API, from the spec's x-crmkit extensions.`],
    declarations: [{ name: "definition", type: "ClientDefinition", initializer: literal(prune(definition)) }],
  });

  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["Every operation: method, path and what differs from the client's defaults."],
    declarations: [
      {
        name: "operations",
        initializer: (writer) => {
          writer.write("{").newLine();
          writer.indent(() => {
            for (const op of model.operations) writer.writeLine(`${op.operationId}: ${literal(operationEntry(op))},`);
          });
          writer.write("} as const satisfies Record<string, OperationDefinition>");
        },
      },
    ],
  });
}

function serverEntry(server: ServerModel): Record<string, unknown> {
  return {
    url: server.url,
    ...(server.variables.length > 0
      ? { variables: Object.fromEntries(server.variables.map((v) => [v.name, v.default !== undefined ? { default: v.default } : {}])) }
      : {}),
  };
}

function operationEntry(op: OperationModel): Record<string, unknown> {
  const headers = op.parameters.filter((p) => p.in === "header").map((p) => p.name);
  const paginate = op.pagination
    ? prune({ items: op.pagination.items, totalItems: op.pagination.totalItems, totalPages: op.pagination.totalPages, nextCursor: op.pagination.nextCursor })
    : undefined;
  const bodyType = op.body && !op.body.contentTypes.some((c) => /json/i.test(c)) ? op.body.contentTypes[0] : undefined;
  const parseAs =
    op.success?.contentType && !/json/i.test(op.success.contentType) ? (/^text\//.test(op.success.contentType) ? "text" : "blob") : undefined;
  return prune({
    method: op.httpMethod.toUpperCase(),
    path: op.path,
    headers: headers.length ? headers : undefined,
    paginate,
    envelope: op.envelope,
    security: op.security,
    bodyType,
    parseAs,
    server: op.server ? serverEntry(op.server) : undefined,
  });
}

function prune<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A compact, deterministic TypeScript literal for plain data. */
export function literal(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}
