import type { SourceFile } from "ts-morph";
import type { ApiModel } from "../model.js";

/** The package entry: the client, its types, and the runtime's errors and helpers re-exported. */
export function emitIndex(file: SourceFile, model: ApiModel): void {
  const client = `${model.client.name}Client`;
  file.addExportDeclaration({ moduleSpecifier: "./client.gen.js", namedExports: [client, `create${client}`, `is${model.client.name}ApiError`] });
  file.addExportDeclaration({ moduleSpecifier: "./client.gen.js", namedExports: [`${client}Options`, `${model.client.name}ApiError`], isTypeOnly: true });
  file.addExportDeclaration({ moduleSpecifier: "./operations.gen.js", namedExports: ["definition", "operations"] });
  file.addExportDeclaration({ moduleSpecifier: "./types.gen.js", namedExports: ["paths", "components", "operations as OperationTypes"], isTypeOnly: true });
  file.addExportDeclaration({ moduleSpecifier: "./method-types.gen.js", isTypeOnly: true });
  file.addExportDeclaration({
    moduleSpecifier: "@crmkit/runtime",
    namedExports: [
      "ApiPromise",
      "PagePromise",
      "CrmError",
      "CrmApiError",
      "BadRequestError",
      "AuthenticationError",
      "PermissionDeniedError",
      "NotFoundError",
      "ConflictError",
      "UnprocessableEntityError",
      "RateLimitError",
      "InternalServerError",
      "CrmConnectionError",
      "CrmTimeoutError",
      "CrmAbortError",
    ],
  });
  file.addExportDeclaration({
    moduleSpecifier: "@crmkit/runtime",
    namedExports: ["ApiResult", "Page", "RequestOptions", "CrmErrorKind"],
    isTypeOnly: true,
  });
}
