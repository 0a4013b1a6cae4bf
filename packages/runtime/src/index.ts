export { ClientCore, CrmClient, CLIENT_MEMBERS, type ClientOptions, type RequestOptions, type ResourceLoaders, type UntypedRequest, type UntypedRequestOptions } from "./client.js";
export { ApiPromise, PagePromise, type ApiResult, type Page } from "./promise.js";
export {
  CrmError,
  CrmApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  CrmConnectionError,
  CrmTimeoutError,
  CrmAbortError,
  CrmResponseDecodingError,
  CrmRedirectError,
  CrmPaginationError,
  type CrmErrorKind,
} from "./errors.js";
export { environmentVariable } from "./auth.js";
export { RUNTIME_DEFAULTS } from "./defaults.js";
export type * from "./definition.js";
export type { DateLeaf, Dated, DatesFor, WithDates } from "./dated.js";
export type { FieldSelection, LinkKeys, LinkSelection, Selected } from "./fields.js";
export type { AuthorizeParams, OAuthClient, OAuthOptions, OAuthTokens, TokenStore } from "./oauth.js";
export type { RateLimitOptions } from "./rate-limit.js";
export type { Hooks, Logger, LogLevel } from "./observe.js";
