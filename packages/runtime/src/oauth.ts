import type { SecuritySchemeDefinition } from "./definition.js";
import { AuthenticationError, CrmApiError, errorClassFor } from "./errors.js";
import { redactBody } from "./redact.js";
import { basicToken } from "./transport.js";

/** Tokens as the client keeps them. `expiresAt` is epoch milliseconds. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  tokenType?: string;
  scope?: string;
}

/** Where tokens live between processes: a database row, a secrets manager, a file. */
export interface TokenStore {
  get(): OAuthTokens | undefined | Promise<OAuthTokens | undefined>;
  set(tokens: OAuthTokens): void | Promise<void>;
}

export interface OAuthOptions {
  clientId: string;
  clientSecret?: string;
  /** Where the vendor sends the user back after consent (web apps). */
  redirectUri?: string;
  /** Tokens you already hold; a `tokenStore` is read first when given. */
  tokens?: OAuthTokens;
  tokenStore?: TokenStore;
  /** Called with every new set of tokens (code exchange, refresh, client credentials). */
  onTokens?: (tokens: OAuthTokens) => void | Promise<void>;
  /** Get tokens with the client-credentials grant when none are held (service apps). */
  clientCredentials?: boolean;
  /** Scope sent with client-credentials requests and authorize URLs. */
  scope?: string;
  /** Refresh this long before the access token expires (default 60 s). */
  refreshSkewMs?: number;
  /** Overrides the spec's token endpoint (a proxy, a test server). */
  tokenUrl?: string;
  /** Overrides the spec's authorization endpoint. */
  authorizationUrl?: string;
}

/** How the runtime talks to the token endpoint; built from the spec's oauth2 scheme. */
export interface OAuthEndpoints {
  authorizationUrl?: string;
  tokenUrl: string;
  /** `basic`: client id and secret in an Authorization header; `body`: as form fields. */
  clientAuth: "basic" | "body";
}

/**
 * OAuth 2.0 for a client: authorize URLs, the code exchange, refresh before expiry or after a 401
 * (one refresh shared by every request waiting on it), client credentials, and a pluggable store.
 */
export class OAuthClient {
  readonly #options: OAuthOptions;
  readonly #endpoints: OAuthEndpoints;
  readonly #fetch: typeof fetch;
  #tokens: OAuthTokens | undefined;
  #loaded = false;
  #pending: Promise<OAuthTokens> | undefined;

  constructor(options: OAuthOptions, endpoints: OAuthEndpoints, fetchImpl: typeof fetch) {
    if (!options.clientId) throw new TypeError("oauth.clientId is required");
    this.#options = options;
    this.#endpoints = {
      ...endpoints,
      tokenUrl: options.tokenUrl ?? endpoints.tokenUrl,
      authorizationUrl: options.authorizationUrl ?? endpoints.authorizationUrl,
    };
    this.#fetch = fetchImpl;
    this.#tokens = options.tokens;
  }

  /** The URL to send a user to for consent. */
  authorizeUrl(params: { state?: string; scope?: string; redirectUri?: string; extra?: Record<string, string> } = {}): string {
    if (!this.#endpoints.authorizationUrl) throw new TypeError("this API declares no authorization URL");
    const url = new URL(this.#endpoints.authorizationUrl);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", this.#options.clientId);
    const redirectUri = params.redirectUri ?? this.#options.redirectUri;
    if (redirectUri) url.searchParams.set("redirect_uri", redirectUri);
    const scope = params.scope ?? this.#options.scope;
    if (scope) url.searchParams.set("scope", scope);
    if (params.state) url.searchParams.set("state", params.state);
    for (const [k, v] of Object.entries(params.extra ?? {})) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Trades the code from the consent redirect for tokens, and keeps them. */
  exchangeCode(code: string, redirectUri = this.#options.redirectUri): Promise<OAuthTokens> {
    const form: Record<string, string> = { grant_type: "authorization_code", code };
    if (redirectUri) form.redirect_uri = redirectUri;
    return this.#singleFlight(() => this.#tokenRequest(form));
  }

  /** Trades the refresh token for new tokens. Concurrent callers share one request. */
  refresh(): Promise<OAuthTokens> {
    return this.#singleFlight(async () => {
      const current = await this.#current();
      if (!current?.refreshToken) {
        if (this.#options.clientCredentials) return this.#clientCredentials();
        throw new TypeError("no refresh token to refresh with");
      }
      return this.#tokenRequest({ grant_type: "refresh_token", refresh_token: current.refreshToken });
    });
  }

  /** Gets tokens with the client-credentials grant (service apps). */
  clientCredentials(): Promise<OAuthTokens> {
    return this.#singleFlight(() => this.#clientCredentials());
  }

  /** The tokens held now, if any. */
  async tokens(): Promise<OAuthTokens | undefined> {
    return this.#current();
  }

  /** An access token valid for a while yet: refreshed (or fetched) first when needed. */
  async accessToken(): Promise<string> {
    if (this.#pending) return (await this.#pending).accessToken;
    const current = await this.#current();
    const skew = this.#options.refreshSkewMs ?? 60_000;
    if (current && (current.expiresAt === undefined || current.expiresAt - skew > Date.now())) return current.accessToken;
    if (current?.refreshToken || this.#options.clientCredentials) return (await this.refresh()).accessToken;
    if (current) return current.accessToken;
    throw new TypeError("no OAuth tokens: pass oauth.tokens or a tokenStore, call exchangeCode(), or set clientCredentials");
  }

  /**
   * After a 401 for a request sent with `usedToken`: refresh unless someone already has, and say
   * whether replaying the request makes sense.
   */
  async recover(usedToken: string): Promise<boolean> {
    const current = this.#pending ? await this.#pending.catch(() => undefined) : await this.#current();
    if (current && current.accessToken !== usedToken) return true;
    if (!current?.refreshToken && !this.#options.clientCredentials) return false;
    try {
      await this.refresh();
      return true;
    } catch {
      return false;
    }
  }

  async #current(): Promise<OAuthTokens | undefined> {
    if (!this.#loaded && this.#options.tokenStore) {
      this.#tokens = (await this.#options.tokenStore.get()) ?? this.#tokens;
    }
    this.#loaded = true;
    return this.#tokens;
  }

  #singleFlight(run: () => Promise<OAuthTokens>): Promise<OAuthTokens> {
    this.#pending ??= run().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  #clientCredentials(): Promise<OAuthTokens> {
    const form: Record<string, string> = { grant_type: "client_credentials" };
    if (this.#options.scope) form.scope = this.#options.scope;
    return this.#tokenRequest(form);
  }

  async #tokenRequest(form: Record<string, string>): Promise<OAuthTokens> {
    const { clientId, clientSecret } = this.#options;
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
    if (this.#endpoints.clientAuth === "basic") headers.Authorization = `Basic ${basicToken(clientId, clientSecret ?? "")}`;
    else {
      form.client_id = clientId;
      if (clientSecret) form.client_secret = clientSecret;
    }
    const url = this.#endpoints.tokenUrl;
    const response = await this.#fetch(new Request(url, { method: "POST", headers, body: new URLSearchParams(form).toString() }));
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
    if (!response.ok) {
      const { kind, ErrorClass } = response.status === 400 || response.status === 401 ? { kind: "unauthorized" as const, ErrorClass: AuthenticationError } : errorClassFor(response.status);
      throw new (ErrorClass as typeof CrmApiError)(kind, { status: response.status, body: redactBody(body), response, method: "POST", url });
    }
    const tokens = parseTokenResponse(body, Date.now(), this.#tokens);
    this.#tokens = tokens;
    this.#loaded = true;
    await this.#options.tokenStore?.set(tokens);
    await this.#options.onTokens?.(tokens);
    return tokens;
  }
}

/** RFC 6749 token JSON → OAuthTokens; `expires_in` may arrive as a string. A refresh may omit the refresh token: keep the old one. */
export function parseTokenResponse(body: unknown, now: number, previous?: OAuthTokens): OAuthTokens {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  if (typeof b.access_token !== "string" || b.access_token === "") throw new TypeError("the token endpoint answered without an access_token");
  const expiresIn = Number(b.expires_in);
  return {
    accessToken: b.access_token,
    refreshToken: typeof b.refresh_token === "string" ? b.refresh_token : previous?.refreshToken,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : undefined,
    tokenType: typeof b.token_type === "string" ? b.token_type : undefined,
    scope: typeof b.scope === "string" ? b.scope : undefined,
  };
}

/** The token endpoint of an oauth2 scheme, resolved against the API's server (specs may give it relative). */
export function oauthEndpoints(scheme: SecuritySchemeDefinition, serverUrl: string): OAuthEndpoints | undefined {
  const tokenUrl = scheme.tokenUrl ?? scheme.refreshUrl;
  if (!tokenUrl) return undefined;
  const base = new URL(serverUrl).origin + "/";
  return {
    tokenUrl: new URL(tokenUrl, base).toString(),
    authorizationUrl: scheme.authorizationUrl ? new URL(scheme.authorizationUrl, base).toString() : undefined,
    clientAuth: scheme.tokenAuth ?? "body",
  };
}
