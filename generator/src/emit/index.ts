import type { ApiModel } from "../model.js";

/** The runtime's classes every vendor package re-exports, so users import errors from the vendor package. */
export const RUNTIME_VALUE_EXPORTS = [
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
  "CrmResponseDecodingError",
  "CrmRedirectError",
  "CrmPaginationError",
];
const RUNTIME_TYPE_EXPORTS = [
  "ApiResult",
  "Page",
  "RequestOptions",
  "UntypedRequest",
  "UntypedRequestOptions",
  "CrmErrorKind",
  // The option types a README example implements (a token store, hooks, a logger), importable from the vendor package.
  "ClientOptions",
  "Hooks",
  "Logger",
  "LogLevel",
  "OAuthClient",
  "OAuthOptions",
  "OAuthTokens",
  "TokenStore",
  "RateLimitOptions",
];

/** Every name the package entry exports besides the schema types: those must not clash with these. */
export function reservedExportNames(model: ApiModel, methodTypeNames: Iterable<string>, fieldTypeNames: Iterable<string> = []): Set<string> {
  const client = `${model.client.name}Client`;
  return new Set([
    client,
    `create${client}`,
    `is${model.client.name}ApiError`,
    `${client}Options`,
    `${model.client.name}Credentials`,
    `${model.client.name}ApiError`,
    "definition",
    "paths",
    "components",
    "OperationTypes",
    "ApiErrorBody",
    ...methodTypeNames,
    ...fieldTypeNames,
    ...RUNTIME_VALUE_EXPORTS,
    ...RUNTIME_TYPE_EXPORTS,
  ]);
}

/** The package entry: the client, its types, and the runtime's errors and helpers re-exported. */
export function emitIndex(model: ApiModel): string {
  const client = `${model.client.name}Client`;
  return [
    `export { ${client}, create${client}, is${model.client.name}ApiError } from "./client.gen.js";`,
    `export type { ${client}Options, ${model.client.name}Credentials, ${model.client.name}ApiError } from "./client.gen.js";`,
    `export { definition } from "./operations.gen.js";`,
    `export type { paths, components, operations as OperationTypes } from "./types.gen.js";`,
    `export type * from "./method-types.gen.js";`,
    `export type * from "./fields.gen.js";`,
    `export type * from "./schemas.gen.js";`,
    `export { ${RUNTIME_VALUE_EXPORTS.join(", ")} } from "@crmkit/runtime";`,
    `export type { ${RUNTIME_TYPE_EXPORTS.join(", ")} } from "@crmkit/runtime";`,
    "",
  ].join("\n");
}
