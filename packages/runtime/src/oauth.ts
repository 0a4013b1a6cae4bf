import type { SecuritySchemeDefinition } from "./definition.js";
import type { OAuthEndpoints, OAuthOptions, OAuthTokens } from "./tokens.js";

export type { OAuthEndpoints, OAuthOptions, OAuthTokens, TokenStore, TokenTransport } from "./tokens.js";

/** The OAuth 2.0 helpers of a client (`client.oauth`). */
export interface OAuthClient {
  /** The URL to send a user to for consent. */
  authorizeUrl(params?: { state?: string; scope?: string; redirectUri?: string; extra?: Record<string, string> }): string;
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
export function authorizeUrl(endpoints: OAuthEndpoints, options: OAuthOptions, params: Parameters<OAuthClient["authorizeUrl"]>[0] & object = {}): string {
  if (!endpoints.authorizationUrl) throw new TypeError("this API declares no authorization URL");
  const url = new URL(endpoints.authorizationUrl);
  const set = (name: string, value: string | undefined) => value && url.searchParams.set(name, value);
  set("response_type", "code");
  set("client_id", options.clientId);
  set("redirect_uri", params.redirectUri ?? options.redirectUri);
  set("scope", params.scope ?? options.scope);
  set("state", params.state);
  for (const [k, v] of Object.entries(params.extra ?? {})) set(k, v);
  return url.toString();
}

/**
 * The endpoints of an oauth2 scheme. Relative URLs resolve against the API's origin; with `baseUrl`
 * set, even absolute ones keep their path but move to `baseUrl`'s origin.
 */
export function oauthEndpoints(scheme: SecuritySchemeDefinition, apiOrigin: string, baseUrlOrigin: string | undefined): OAuthEndpoints | undefined {
  const tokenUrl = scheme.tokenUrl ?? scheme.refreshUrl;
  if (!tokenUrl) return undefined;
  const place = (url: string) => {
    const resolved = new URL(url, `${apiOrigin}/`);
    return baseUrlOrigin ? new URL(resolved.pathname + resolved.search, `${baseUrlOrigin}/`).toString() : resolved.toString();
  };
  return {
    tokenUrl: place(tokenUrl),
    // The consent page is the vendor's website, which a user opens in a browser: it never follows baseUrl.
    authorizationUrl: scheme.authorizationUrl ? new URL(scheme.authorizationUrl, `${apiOrigin}/`).toString() : undefined,
    clientAuth: scheme.tokenAuth ?? "body",
  };
}
