import type { OAuthOptions, OAuthPlacement, OAuthTokens } from "./tokens.js";

export type { OAuthEndpoints, OAuthOptions, OAuthPlacement, OAuthTokens, TokenStore, TokenTransport } from "./tokens.js";

/** What `authorizeUrl()` adds to the consent URL, over the client's `oauth` options. */
export interface AuthorizeParams {
  state?: string;
  scope?: string;
  redirectUri?: string;
  /** More query parameters, as the vendor documents them. */
  extra?: Record<string, string>;
}

/** The OAuth 2.0 helpers of a client (`client.oauth`). */
export interface OAuthClient {
  /** The URL to send a user to for consent. */
  authorizeUrl(params?: AuthorizeParams): string;
  /** Trades the code from the consent redirect for tokens, and keeps them. */
  exchangeCode(code: string, redirectUri?: string, signal?: AbortSignal): Promise<OAuthTokens>;
  /** Trades the refresh token for new tokens (or runs client credentials). Concurrent callers share one request. */
  refresh(signal?: AbortSignal): Promise<OAuthTokens>;
  /** Gets tokens with the client-credentials grant (service apps). */
  clientCredentials(signal?: AbortSignal): Promise<OAuthTokens>;
  /** The tokens held now, if any. */
  tokens(): Promise<OAuthTokens | undefined>;
  /** An access token valid for a while yet: refreshed (or fetched) first when needed. */
  accessToken(signal?: AbortSignal): Promise<string>;
  /** After a 401 for a request sent with `usedToken`: refresh unless someone already has, and say whether to replay. */
  recover(usedToken: string, signal?: AbortSignal): Promise<boolean>;
}

/** The consent URL for `client.oauth.authorizeUrl()`: pure, so it needs none of the token machinery. */
export function authorizeUrl(options: OAuthOptions, place: OAuthPlacement, params: AuthorizeParams = {}): string {
  // The consent page is the vendor's website, which a user opens in a browser: it never follows baseUrl.
  const consentPage = options.authorizationUrl ?? (place.scheme.authorizationUrl && new URL(place.scheme.authorizationUrl, `${place.apiOrigin}/`).href);
  if (!consentPage) throw new TypeError("this API declares no authorization URL");
  const url = new URL(consentPage);
  const query = { response_type: "code", client_id: options.clientId, redirect_uri: params.redirectUri ?? options.redirectUri, scope: params.scope ?? options.scope, state: params.state, ...params.extra };
  for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
  return url.href;
}
