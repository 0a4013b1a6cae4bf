/**
 * Receiving webhooks: the vendor-agnostic checks and decoding behind each vendor package's
 * `parseWebhook`. Kept apart from the client (its own `@crmkit/runtime/webhooks` entry) so a receiver
 * bundles none of the request machinery.
 */
export { WebhookVerificationError, isWebhookVerificationError, type WebhookFailureReason } from "./errors.js";
export type { WebhookDefinition, WebhookVerification, HmacVerification, EchoedSecretVerification, TimestampRule } from "./definition.js";
export {
  parseWebhookRequest,
  type ParseWebhookOptions,
  type ParsedWebhookEvent,
  type KnownWebhookEvent,
  type UnknownWebhookEvent,
  type WebhookResourceMethods,
  type WebhookVerificationMethod,
} from "./parse.js";
export { fetchResource, confirmResource, resourcePath, type WebhookResourceClient, type FetchResourceOptions } from "./resource.js";
export { fromNodeRequest, type NodeIncomingMessage, type FromNodeRequestOptions } from "./node.js";
export { decodeForm, decodeBody, DEFAULT_MAX_BODY_BYTES, type BodyFormat } from "./body.js";
export { hmac, timingSafeEqual, timingSafeEqualText, encodeHex, encodeBase64, HMAC_ALGORITHMS, DIGEST_BYTES, type HmacAlgorithm } from "./crypto.js";
export { checkTimestamp, verifyHmac, verifyEchoedSecret } from "./verify.js";
