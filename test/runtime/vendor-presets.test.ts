import { afterEach, describe, expect, it } from "vitest";
import { createAcceloClient, definition as accelo, RateLimitError as AcceloRateLimitError } from "@crmkit/accelo";
import { createOnePageCrmClient, definition as onepagecrm, RateLimitError } from "@crmkit/onepagecrm";
import { createProWorkflowClient, definition as proworkflow } from "@crmkit/proworkflow";
import { createWealthboxClient, definition as wealthbox } from "@crmkit/wealthbox";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A node:http server on 127.0.0.1 that records requests (headers and body) and answers by script. */
async function serve(handler: (req: IncomingMessage & { body: string }, res: ServerResponse, index: number) => void) {
  const seen: Array<IncomingMessage & { body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const r = Object.assign(req, { body });
      seen.push(r);
      handler(r, res, seen.length - 1);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  closers.push(close);
  return { url, seen };
}
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

describe("vendor behaviour comes from each spec's extensions", () => {
  it("publishes each vendor's rate limit and paging style in its definition", () => {
    expect(wealthbox.rateLimit).toMatchObject({ requests: 300, perSeconds: 300 });
    expect(accelo.rateLimit).toMatchObject({ requests: 5000, perSeconds: 3600, headers: { resetFormat: "unix-seconds" } });
    expect(proworkflow.rateLimit).toMatchObject({ requests: 500, perSeconds: 30 });
    expect(onepagecrm.rateLimit?.throttled).toContainEqual({ status: 403, contentType: "text/plain" });
    expect(wealthbox.pagination).toMatchObject({ style: "page", pageParam: "page", sizeParam: "per_page", firstPage: 1 });
    expect(accelo.pagination).toMatchObject({ pageParam: "_page", sizeParam: "_limit", firstPage: 0 });
    expect(proworkflow.pagination).toMatchObject({ pageParam: "pagenumber", sizeParam: "pagesize", firstPage: 1 });
  });

  it("Wealthbox: OAuth refresh on a 401 with the client secret in the form, then the Bearer token", async () => {
    const api = await serve((req, res) => {
      if (req.url === "/oauth/token") return json(res, 200, { access_token: "fresh-access", refresh_token: "fresh-refresh", expires_in: 7200 });
      if (req.headers.authorization !== "Bearer fresh-access") return json(res, 401, { success: false, errors: "token expired" });
      json(res, 200, { contacts: [{ id: 1 }] });
    });
    const tokens: string[] = [];
    const client = createWealthboxClient({
      baseUrl: api.url,
      oauth: { clientId: "wb-app", clientSecret: "wb-secret", tokens: { accessToken: "old", refreshToken: "old-refresh" }, tokenUrl: `${api.url}/oauth/token`, onTokens: (t: { accessToken: string }) => void tokens.push(t.accessToken) },
    });
    const page = await client.contacts.list({ per_page: 25 });
    expect(page.contacts).toEqual([{ id: 1 }]);
    const form = new URLSearchParams(api.seen.find((r) => r.url === "/oauth/token")!.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: "refresh_token", refresh_token: "old-refresh", client_id: "wb-app", client_secret: "wb-secret" });
    expect(tokens).toEqual(["fresh-access"]);
    expect(client.oauth!.authorizeUrl({ scope: "login data" })).toMatch(/^https:\/\/app\.crmworkspace\.com\/oauth\/authorize\?response_type=code&client_id=wb-app/);
  });

  it("Accelo: a service app gets its token with client credentials and HTTP Basic, then reads the envelope", async () => {
    const api = await serve((req, res) => {
      if (req.url === "/oauth2/v0/token") return json(res, 200, { access_token: "svc-token", token_type: "bearer", expires_in: "2592000", deployment: "acme" });
      json(res, 200, { meta: { status: "ok" }, response: [{ id: "1" }, { id: "2" }] });
    });
    const client = createAcceloClient({
      deployment: "acme",
      baseUrl: api.url,
      oauth: { clientId: "svc@acme", clientSecret: "svc-secret", clientCredentials: true, scope: "read(all)", tokenUrl: `${api.url}/oauth2/v0/token` },
    });
    const { data, meta } = await client.companies.list({ _limit: 10 }).withResponse();
    expect(data).toEqual([{ id: "1" }, { id: "2" }]);
    expect(meta).toEqual({ status: "ok" });
    const token = api.seen[0]!;
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from("svc@acme:svc-secret").toString("base64")}`);
    expect(new URLSearchParams(token.body).get("grant_type")).toBe("client_credentials");
    expect(api.seen[1]!.headers.authorization).toBe("Bearer svc-token");
    expect(api.seen[1]!.url).toBe("/companies?_limit=10");
  });

  it("Accelo: 429 with an absolute X-RateLimit-Reset waits until then", async () => {
    const api = await serve((req, res, i) =>
      i === 0
        ? json(res, 429, { meta: { status: "too_many_requests" }, response: null }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1) })
        : json(res, 200, { meta: { status: "ok" }, response: { id: "7" } }),
    );
    const client = createAcceloClient({ deployment: "acme", accessToken: "t0k3n-value", baseUrl: api.url });
    const started = Date.now();
    await expect(client.companies.get({ company_id: "7" })).resolves.toEqual({ id: "7" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(api.seen).toHaveLength(2);

    const limited = await serve((req, res) => json(res, 429, { meta: { status: "too_many_requests" }, response: null }, { "retry-after": "2" }));
    const client2 = createAcceloClient({ deployment: "acme", accessToken: "t0k3n-value", baseUrl: limited.url, maxRetries: 0 });
    const error = await client2.companies.get({ company_id: "7" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AcceloRateLimitError);
    expect((error as AcceloRateLimitError).retryAfterMs).toBe(2000);
  });

  it("ProWorkflow: sends the apikey header and HTTP Basic together, and pages with pagenumber/pagesize", async () => {
    const api = await serve((req, res) => {
      const url = new URL(req.url!, "http://x");
      const page = Number(url.searchParams.get("pagenumber"));
      json(res, 200, { status: "Success", count: page < 3 ? 2 : 1, totalcount: 5, contacts: page < 3 ? [{ id: page * 2 - 1 }, { id: page * 2 }] : [{ id: 5 }] });
    });
    const client = createProWorkflowClient({ apiKey: "pwf-key-123", username: "ada@example.com", password: "pw", baseUrl: api.url });
    const ids: number[] = [];
    for await (const contact of client.contacts.list({ pagenumber: 1, pagesize: 2 })) ids.push(contact.id as number);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(api.seen).toHaveLength(3);
    expect(api.seen[0]!.headers.apikey).toBe("pwf-key-123");
    expect(api.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from("ada@example.com:pw").toString("base64")}`);
  });

  it("OnePageCRM: a plain-text 403 is a throttle, retried, and a RateLimitError when it persists", async () => {
    const api = await serve((req, res, i) => {
      if (i < 2) {
        res.writeHead(403, { "content-type": "text/plain", "retry-after": "0" });
        return res.end("Too many requests");
      }
      json(res, 200, { status: 0, message: "OK", data: { contact: { id: "c1" } } });
    });
    const client = createOnePageCrmClient({ userId: "u", apiKey: "k", baseUrl: api.url });
    await expect(client.contacts.get({ contact_id: "c1" })).resolves.toEqual({ contact: { id: "c1" } });
    expect(api.seen).toHaveLength(3);
    const stuck = await serve((req, res) => {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end("Too many requests");
    });
    const error = await createOnePageCrmClient({ userId: "u", apiKey: "k", baseUrl: stuck.url, maxRetries: 0 }).contacts.get({ contact_id: "c1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).kind).toBe("rate_limited");
  });
});
