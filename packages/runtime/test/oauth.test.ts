import { afterEach, describe, expect, it } from "vitest";
import { AuthenticationError, ClientCore, type ClientDefinition, type ClientOptions, type OAuthTokens, type OperationDefinition } from "../src/index.js";
import { json, startServer } from "./server.js";

const definition: ClientDefinition = {
  name: "OAuthTest",
  servers: [{ url: "https://api.example.test/v1" }],
  securitySchemes: {
    token: { type: "apiKey", in: "header", name: "ACCESS_TOKEN", credential: "accessToken" },
    oauth2: { type: "oauth2", credential: "accessToken", authorizationUrl: "https://app.example.test/oauth/authorize", tokenUrl: "/oauth/token", tokenAuth: "basic" },
  },
  security: [["token"], ["oauth2"]],
};
const getMe: OperationDefinition = { method: "GET", path: "/me" };

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An API that accepts only the current access token, and a token endpoint that rotates it. */
async function oauthServer({ tokenDelayMs = 50 } = {}) {
  let current = "access-1";
  let refreshes = 0;
  const server = await startServer((req, res) => {
    if (req.url === "/oauth/token") {
      const form = new URLSearchParams(req.body);
      refreshes += form.get("grant_type") === "refresh_token" ? 1 : 0;
      current = `access-${refreshes + 2}`;
      setTimeout(() => json(res, 200, { access_token: current, refresh_token: `refresh-${refreshes + 2}`, expires_in: "3600", token_type: "bearer", echo: Object.fromEntries(form), auth: req.headers.authorization }), tokenDelayMs);
      return;
    }
    if (req.headers.authorization !== `Bearer ${current}`) return json(res, 401, { error: "invalid_token" });
    json(res, 200, { ok: true, token: current });
  });
  servers.push(server);
  return { server, refreshes: () => refreshes, expire: () => (current = `rotated-${Date.now()}`) };
}

const clientFor = (url: string, oauth: ClientOptions["oauth"], extra: Record<string, unknown> = {}) =>
  new ClientCore(definition, { baseUrl: url, oauth: { tokenUrl: `${url}/oauth/token`, ...oauth! }, maxRetries: 0, ...extra } as ClientOptions);

describe("OAuth 2.0", () => {
  it("refreshes exactly once when 50 concurrent requests meet an expired token, then replays them all", async () => {
    const api = await oauthServer();
    const stored: OAuthTokens[] = [];
    const core = clientFor(api.server.url, {
      clientId: "app",
      clientSecret: "app-secret-value",
      tokens: { accessToken: "stale-token", refreshToken: "refresh-1", expiresAt: Date.now() + 3_600_000 },
      onTokens: (t) => void stored.push(t),
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => core.request<{ ok: boolean; token: string }>(getMe, {})));
    expect(results.every((r) => r.ok && r.token === "access-3")).toBe(true);
    expect(api.refreshes()).toBe(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.accessToken).toBe("access-3");
    const tokenCalls = api.server.requests.filter((r) => r.url === "/oauth/token");
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.headers.authorization).toBe(`Basic ${Buffer.from("app:app-secret-value").toString("base64")}`);
    expect(new URLSearchParams(tokenCalls[0]!.body).get("refresh_token")).toBe("refresh-1");
  });

  it("refreshes before expiry, once for all concurrent callers, and keeps the store up to date", async () => {
    const api = await oauthServer();
    let saved: OAuthTokens | undefined = { accessToken: "old", refreshToken: "refresh-1", expiresAt: Date.now() + 10_000 };
    const core = clientFor(api.server.url, { clientId: "app", clientSecret: "s3cret-value", tokenStore: { get: () => saved, set: (t) => void (saved = t) } });
    await Promise.all(Array.from({ length: 10 }, () => core.request(getMe, {})));
    expect(api.refreshes()).toBe(1);
    expect(saved?.accessToken).toBe("access-3");
    expect(saved!.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
    // No request went out with the expiring token.
    expect(api.server.requests.filter((r) => r.url === "/me").every((r) => r.headers.authorization === "Bearer access-3")).toBe(true);
  });

  it("builds the authorize URL and exchanges the code", async () => {
    const api = await oauthServer();
    const core = clientFor(api.server.url, { clientId: "app", clientSecret: "s3cret-value", redirectUri: "https://myapp.test/cb" });
    const url = new URL(core.oauth!.authorizeUrl({ state: "xyz", scope: "login data" }));
    expect(url.origin + url.pathname).toBe("https://app.example.test/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: "code", client_id: "app", redirect_uri: "https://myapp.test/cb", scope: "login data", state: "xyz" });
    const tokens = await core.oauth!.exchangeCode("the-code");
    expect(tokens.accessToken).toBe("access-2");
    const sent = new URLSearchParams(api.server.requests.at(-1)!.body);
    expect(Object.fromEntries(sent)).toEqual({ grant_type: "authorization_code", code: "the-code", redirect_uri: "https://myapp.test/cb" });
    await expect(core.request(getMe, {})).resolves.toEqual({ ok: true, token: "access-2" });
  });

  it("gets a token with client credentials when none is held (service apps)", async () => {
    const api = await oauthServer();
    const core = clientFor(api.server.url, { clientId: "svc", clientSecret: "svc-secret-value", clientCredentials: true, scope: "read(all)" });
    await expect(core.request(getMe, {})).resolves.toEqual({ ok: true, token: "access-2" });
    const sent = new URLSearchParams(api.server.requests[0]!.body);
    expect(sent.get("grant_type")).toBe("client_credentials");
    expect(sent.get("scope")).toBe("read(all)");
  });

  it("gives up with AuthenticationError when the refresh token is refused", async () => {
    const server = await startServer((req, res) => json(res, req.url === "/oauth/token" ? 400 : 401, { error: "invalid_grant", error_description: "refresh token revoked" }));
    servers.push(server);
    const core = clientFor(server.url, { clientId: "app", clientSecret: "app-secret-value", tokens: { accessToken: "expired-token-value", refreshToken: "revoked-refresh-value" } });
    const error = await core.request(getMe, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify({ m: (error as Error).message, b: (error as AuthenticationError).body })).not.toMatch(/expired-token-value|revoked-refresh-value|app-secret-value/);
  });
});
