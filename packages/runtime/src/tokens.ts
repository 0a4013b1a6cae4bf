import type { SecuritySchemeDefinition } from "./definition.js";
import type { Call, Outcome } from "./pipeline.js";
import type { Redactor } from "./secrets.js";

/** Tokens as the client keeps them. `expiresAt` is epoch milliseconds. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string | undefined;
  expiresAt?: number | undefined;
  tokenType?: string | undefined;
  scope?: string | undefined;
}

/** Where tokens live between processes: a database row, a secrets manager, a file. */
export interface TokenStore {
  get(): OAuthTokens | undefined | Promise<OAuthTokens | undefined>;
  set(tokens: OAuthTokens): void | Promise<void>;
}

export interface OAuthOptions {
  clientId: string;
  clientSecret?: string | undefined;
  /** Where the vendor sends the user back after consent (web apps). */
  redirectUri?: string | undefined;
  /** Tokens you already hold; a `tokenStore` is read first when given. */
  tokens?: OAuthTokens | undefined;
  tokenStore?: TokenStore | undefined;
  /** Called with every new set of tokens (code exchange, refresh, client credentials). */
  onTokens?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /** Get tokens with the client-credentials grant when none are held (service apps). */
  clientCredentials?: boolean | undefined;
  /** Scope sent with client-credentials requests and authorize URLs. */
  scope?: string | undefined;
  /** Refresh this long before the access token expires (default 60 s). */
  refreshSkewMs?: number | undefined;
  /**
   * The token endpoint. Default: the spec's, or, when the client has a `baseUrl`, the spec's path on
   * that base URL's origin (so tokens never go to the production host from a client pointed at a mock).
   */
  tokenUrl?: string | undefined;
  /** Overrides the spec's authorization endpoint. */
  authorizationUrl?: string | undefined;
}

/** How the runtime talks to the token endpoint; built from the spec's oauth2 scheme. */
export interface OAuthEndpoints {
  tokenUrl: string;
  /** `basic`: client id and secret in an Authorization header; `body`: as form fields. */
  clientAuth: "basic" | "body";
  /** The ready Basic header for `clientAuth: "basic"`. */
  basicAuthorization?: string | undefined;
}

/** Where a client's OAuth endpoints come from: its oauth2 scheme, the API's origin, and `baseUrl`'s origin when one was given. */
export interface OAuthPlacement {
  readonly scheme: SecuritySchemeDefinition;
  readonly apiOrigin: string;
  readonly baseUrlOrigin: string | undefined;
}

/**
 * The endpoints of a client's oauth2 scheme, with the `oauth` options' overrides. Relative URLs resolve
 * against the API's origin; with `baseUrl` set, even absolute ones keep their path but move to `baseUrl`'s
 * origin (so tokens never go to the production host from a client pointed at a mock).
 */
export function oauthEndpoints(options: OAuthOptions, place: OAuthPlacement, basicToken: (username: string, password: string) => string): OAuthEndpoints {
  const { scheme, apiOrigin, baseUrlOrigin } = place;
  const resolved = new URL((scheme.tokenUrl ?? scheme.refreshUrl)!, `${apiOrigin}/`);
  const specTokenUrl = baseUrlOrigin ? new URL(resolved.pathname + resolved.search, `${baseUrlOrigin}/`).href : resolved.href;
  return {
    tokenUrl: options.tokenUrl ?? specTokenUrl,
    clientAuth: scheme.tokenAuth ?? "body",
    basicAuthorization: `Basic ${basicToken(options.clientId, options.clientSecret ?? "")}`,
  };
}

/** The client's request pipeline, as the token requests use it. */
export type TokenTransport = (call: Call) => Promise<Outcome>;


const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

/**
 * OAuth 2.0 tokens for a client: the code exchange, refresh before expiry or after a 401
 * (one refresh shared by every request waiting on it), client credentials, and a pluggable store.
 * Token requests go through the client's pipeline (timeouts, redirect policy, redaction, typed errors);
 * after a failed refresh, the next one waits out a growing pause instead of hammering the endpoint.
 */
export class TokenManager {
  readonly #options: OAuthOptions;
  readonly #endpoints: OAuthEndpoints;
  readonly #send: TokenTransport;
  readonly #redactor: Redactor;
  #tokens: OAuthTokens | undefined;
  #loaded = false;
  #pending: Promise<OAuthTokens> | undefined;
  #failures = 0;
  #blockedUntil = 0;
  #lastFailure: unknown;

  constructor(options: OAuthOptions, endpoints: OAuthEndpoints, send: TokenTransport, redactor: Redactor) {
    this.#options = options;
    this.#endpoints = endpoints;
    this.#send = send;
    this.#redactor = redactor;
    this.#keep(options.tokens);
  }

  /** Trades the code from the consent redirect for tokens, and keeps them. */
  exchangeCode(code: string, redirectUri = this.#options.redirectUri, signal?: AbortSignal): Promise<OAuthTokens> {
    const form: Record<string, string> = { grant_type: "authorization_code", code };
    if (redirectUri) form.redirect_uri = redirectUri;
    return this.#race(this.#singleFlight(() => this.#tokenRequest(form), false), signal);
  }

  /** Trades the refresh token for new tokens (or runs client credentials). Concurrent callers share one request. */
  refresh(signal?: AbortSignal): Promise<OAuthTokens> {
    return this.#race(this.#singleFlight(() => this.#refreshNow(), true), signal);
  }

  /** Gets tokens with the client-credentials grant (service apps). */
  clientCredentials(signal?: AbortSignal): Promise<OAuthTokens> {
    return this.#race(this.#singleFlight(() => this.#clientCredentials(), true), signal);
  }

  /** The tokens held now, if any. */
  async tokens(): Promise<OAuthTokens | undefined> {
    return this.#current();
  }

  /** An access token valid for a while yet: refreshed (or fetched) first when needed. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.#pending) return (await this.#race(this.#pending, signal)).accessToken;
    const current = await this.#current();
    const skew = this.#options.refreshSkewMs ?? 60_000;
    if (current && (current.expiresAt === undefined || current.expiresAt - skew > Date.now())) return current.accessToken;
    if (current?.refreshToken || this.#options.clientCredentials) return (await this.refresh(signal)).accessToken;
    if (current) return current.accessToken;
    throw new TypeError("no OAuth tokens: pass oauth.tokens or a tokenStore, call exchangeCode(), or set clientCredentials");
  }

  /** After a 401 for a request sent with `usedToken`: refresh unless someone already has, and say whether to replay. */
  async recover(usedToken: string, signal?: AbortSignal): Promise<boolean> {
    const current = this.#pending ? await this.#race(this.#pending, signal).catch(() => undefined) : await this.#current();
    if (current && current.accessToken !== usedToken) return true;
    if (!current?.refreshToken && !this.#options.clientCredentials) return false;
    try {
      await this.refresh(signal);
      return true;
    } catch {
      return false;
    }
  }

  async #current(): Promise<OAuthTokens | undefined> {
    if (!this.#loaded && this.#options.tokenStore) this.#keep((await this.#options.tokenStore.get()) ?? this.#tokens);
    this.#loaded = true;
    return this.#tokens;
  }

  #keep(tokens: OAuthTokens | undefined): void {
    this.#tokens = tokens;
    this.#redactor.add(tokens?.accessToken);
    this.#redactor.add(tokens?.refreshToken);
  }

  /** One token request at a time; automatic ones pause after failures (1 s, 2 s, 4 s … up to 60 s). */
  #singleFlight(run: () => Promise<OAuthTokens>, automatic: boolean): Promise<OAuthTokens> {
    if (automatic && !this.#pending && Date.now() < this.#blockedUntil) return Promise.reject(this.#lastFailure);
    this.#pending ??= run().then(
      (tokens) => {
        this.#pending = undefined;
        this.#failures = 0;
        return tokens;
      },
      (error: unknown) => {
        this.#pending = undefined;
        this.#failures++;
        this.#lastFailure = error;
        this.#blockedUntil = Date.now() + Math.min(FIRST_BACKOFF_MS * 2 ** (this.#failures - 1), MAX_BACKOFF_MS);
        throw error;
      },
    );
    return this.#pending;
  }

  /** Waits for shared work, but stops waiting (without cancelling it for others) when `signal` aborts. */
  #race<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return work;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  async #refreshNow(): Promise<OAuthTokens> {
    const current = await this.#current();
    if (current?.refreshToken) return this.#tokenRequest({ grant_type: "refresh_token", refresh_token: current.refreshToken });
    if (this.#options.clientCredentials) return this.#clientCredentials();
    throw new TypeError("no refresh token to refresh with");
  }

  #clientCredentials(): Promise<OAuthTokens> {
    const form: Record<string, string> = { grant_type: "client_credentials" };
    if (this.#options.scope) form.scope = this.#options.scope;
    return this.#tokenRequest(form);
  }

  async #tokenRequest(form: Record<string, string>): Promise<OAuthTokens> {
    const { clientId, clientSecret } = this.#options;
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
    if (this.#endpoints.clientAuth === "basic") headers.Authorization = this.#endpoints.basicAuthorization!;
    else {
      form.client_id = clientId;
      if (clientSecret) form.client_secret = clientSecret;
    }
    const { data } = await this.#send({
      method: "POST",
      url: this.#endpoints.tokenUrl,
      headers,
      body: new URLSearchParams(form).toString(),
      requirement: [],
      read: "json",
      // A refused grant (RFC 6749 answers 400 invalid_grant) is a failed login, not a malformed call.
      statusKinds: { 400: "unauthorized" },
      options: {},
    });
    const tokens = parseTokenResponse(data, Date.now(), this.#tokens);
    this.#keep(tokens);
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

