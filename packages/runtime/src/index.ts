export { ClientCore, type ClientOptions } from "./core.js";
export { ApiPromise, PagePromise, type ApiResult, type Page } from "./promise.js";
export type { RequestOptions } from "./transport.js";
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
  type CrmErrorKind,
} from "./errors.js";
export { redactUrl, redactHeaders, redactBody, REDACTED } from "./redact.js";
export type * from "./definition.js";
export { OAuthClient, type OAuthOptions, type OAuthTokens, type TokenStore } from "./oauth.js";
export { RateLimiter, type RateLimitOptions } from "./rate-limit.js";
export type { Hooks, Logger, LogLevel } from "./observe.js";
