import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ClientCore,
  CrmAbortError,
  CrmConnectionError,
  CrmError,
  CrmRedirectError,
  CrmResponseDecodingError,
  CrmTimeoutError,
  RateLimitError,
  UnprocessableEntityError,
  type ClientDefinition,
  type ClientOptions,
  type OperationDefinition,
} from "../src/index.js";
import { json, startServer } from "./server.js";

/** Each failure scenario of the pipeline, against a node:http server on 127.0.0.1 that misbehaves on purpose. */

const KEY = "key-7f3a9c2e1b";
const definition: ClientDefinition = {
  name: "Pipe",
  package: { name: "@crmkit/pipe", version: "9.8.7" },
  servers: [{ url: "https://api.pipe.test" }],
  securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" } },
  security: [["key"]],
};
const get: OperationDefinition = { method: "GET", path: "/things/{id}" };
const post: OperationDefinition = { method: "POST", path: "/things" };

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof startServer>[0]) {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

const client = (baseUrl: string, options: Record<string, unknown> = {}) => new ClientCore(definition, { baseUrl, apiKey: KEY, ...options } as ClientOptions);
const failure = (promise: PromiseLike<unknown>) => Promise.resolve(promise).then(() => undefined, (e: unknown) => e as CrmError);

describe("redirects", () => {
  it("follows a same-origin redirect with credentials, and a cross-origin GET redirect without them", async () => {
    const other = await server((req, res) => json(res, 200, { seen: req.headers["x-key"] ?? null }));
    const api = await server((req, res) => {
      if (req.url === "/things/1") return void (res.writeHead(302, { location: "/things/2" }), res.end());
      if (req.url === "/things/2") return void (res.writeHead(302, { location: `${other.url}/elsewhere` }), res.end());
      json(res, 404, {});
    });
    await expect(client(api.url).request(get, { id: "1" })).resolves.toEqual({ seen: null });
    expect(api.requests.map((r) => [r.url, r.headers["x-key"]])).toEqual([["/things/1", KEY], ["/things/2", KEY]]);
    expect(other.requests[0]!.headers["x-key"]).toBeUndefined();
  });

  it("refuses a 307 that would re-send a POST body to another origin", async () => {
    const other = await server((req, res) => json(res, 200, {}));
    const api = await server((req, res) => void (res.writeHead(307, { location: `${other.url}/steal` }), res.end()));
    const error = await failure(client(api.url).request(post, { body: { secret: "payload" } }));
    expect(error).toBeInstanceOf(CrmRedirectError);
    expect(error!.message).toMatch(/another origin/);
    expect(other.requests).toHaveLength(0);
  });

  it("refuses a redirect whose target the runtime hides (a browser's opaque redirect), naming why", async () => {
    // What a browser's fetch gives with redirect: "manual"; Node's Response cannot be made opaque.
    const opaque = { type: "opaqueredirect", status: 0, ok: false, headers: new Headers(), body: null } as unknown as Response;
    const error = await failure(client("https://api.pipe.test", { fetch: async () => opaque, maxRetries: 0 }).request(get, { id: "1" }));
    expect(error).toBeInstanceOf(CrmRedirectError);
    expect(error!.message).toBe("GET https://api.pipe.test/things/1 was redirected: this runtime hides redirect targets from scripts, so the client cannot check where it would be sent");
  });
});

describe("bodies that fail after the headers", () => {
  it("types a connection reset mid-body and retries a GET", async () => {
    const api = await server((req, res, i) => {
      if (i === 0 || i === 2) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 20);
      } else json(res, 200, { ok: true });
    });
    await expect(client(api.url).request(get, { id: "1" })).resolves.toEqual({ ok: true });
    expect(api.requests).toHaveLength(2);
    const error = await failure(client(api.url, { maxRetries: 0 }).request(get, { id: "1" }));
    expect(error).toBeInstanceOf(CrmConnectionError);
    expect(error!.url).toBe(`${api.url}/things/1`);
    expect(api.requests).toHaveLength(3);
  });

  it("does not re-send a POST whose response body was cut off (it may have been acted on)", async () => {
    const api = await server((req, res) => {
      res.writeHead(201, { "content-type": "application/json", "content-length": "100" });
      res.write('{"id":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(client(api.url).request(post, { body: {} }));
    expect(error).toBeInstanceOf(CrmConnectionError);
    expect(error!.url).toBe(`${api.url}/things`);
    expect(api.requests).toHaveLength(1);
  });

  it("times out a server that hangs after the headers, and a body that drips past timeoutMs", async () => {
    const api = await server((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/things/drip") {
        const timer = setInterval(() => res.write(" "), 30);
        res.on("close", () => clearInterval(timer));
      }
    });
    const started = Date.now();
    const hung = await failure(client(api.url, { timeoutMs: 200, maxRetries: 1 }).request(get, { id: "hang" }));
    expect(hung).toBeInstanceOf(CrmTimeoutError);
    expect((hung as CrmTimeoutError).timeoutMs).toBe(200);
    expect(api.requests).toHaveLength(2); // retried once, like any failed GET attempt
    const drip = await failure(client(api.url, { timeoutMs: 200, maxRetries: 0 }).request(get, { id: "drip" }));
    expect(drip).toBeInstanceOf(CrmTimeoutError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("keeps the attempt's timer and the caller's signal on while an error body is read", async () => {
    // A 500 whose body never ends: reading it for the error must still time out (and be retried), or be aborted.
    const api = await server((req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.write('{"message":');
    });
    const started = Date.now();
    const timedOut = await failure(client(api.url, { timeoutMs: 200, maxRetries: 1 }).request(get, { id: "1" }));
    expect(timedOut).toBeInstanceOf(CrmTimeoutError);
    expect((timedOut as CrmTimeoutError).timeoutMs).toBe(200);
    expect(api.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3_000);

    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 100);
    const aborted = await failure(client(api.url, { timeoutMs: 60_000, maxRetries: 0 }).request(get, { id: "2" }, { signal: controller.signal }));
    expect(aborted).toBeInstanceOf(CrmAbortError);
    expect(api.requests).toHaveLength(3);
  });

  it("stops with CrmAbortError when the caller aborts while the body streams", async () => {
    const api = await server((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 100);
    const error = await failure(client(api.url).request(get, { id: "1" }, { signal: controller.signal }));
    expect(error).toBeInstanceOf(CrmAbortError);
    expect(api.requests).toHaveLength(1);
  });

  it("turns malformed JSON on a 200 into CrmResponseDecodingError with status and URL, retried for a GET", async () => {
    const api = await server((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("<html>gateway hiccup</html>");
    });
    const error = await failure(client(api.url, { maxRetries: 1 }).request(get, { id: "1", apikey: KEY }));
    expect(error).toBeInstanceOf(CrmResponseDecodingError);
    expect((error as CrmResponseDecodingError).status).toBe(200);
    expect(error!.url).toBe(`${api.url}/things/1?apikey=[redacted]`);
    expect(error!.message).toContain("gateway hiccup");
    expect(api.requests).toHaveLength(2);
  });
});

describe("secrets", () => {
  it("scrubs by walking values: a key that looks like part of a number leaves a 422 body intact", async () => {
    const api = await server((req, res) => json(res, 422, { amount: 12345, errors: ["field 2345 is bad", "2345"] }));
    const error = (await failure(new ClientCore(definition, { baseUrl: api.url, apiKey: "2345" } as ClientOptions).request(post, { body: {} }))) as UnprocessableEntityError;
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.body).toEqual({ amount: 12345, errors: ["field [redacted] is bad", "[redacted]"] });
  });

  it("keeps a secret echoed anywhere out of message, stack, JSON, inspect, url, headers and response", async () => {
    const api = await server((req, res) => json(res, 400, { error: `bad key ${KEY}` }, { "x-echo": KEY, "set-cookie": "session=abc" }));
    const error = (await failure(client(api.url).request(get, { id: "1", token: KEY }))) as CrmError & { headers: Headers; response: Response };
    const everything = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 5 }), error.url, JSON.stringify([...error.headers]), JSON.stringify([...error.response.headers])].join("\n");
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain("session=abc");
    expect(everything).toContain("[redacted]");
  });

  it("refuses credentials in baseUrl's userinfo without repeating them", () => {
    expect(() => client("https://ada:hunter2-secret@api.pipe.test")).toThrow(/baseUrl must not carry credentials/);
    try {
      client("https://ada:hunter2-secret@api.pipe.test");
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("hunter2-secret");
    }
  });

  it("names each missing credential once, with its environment variable", () => {
    const both: ClientDefinition = { ...definition, securitySchemes: { ...definition.securitySchemes, bearer: { type: "bearer", credential: "apiKey" } }, security: [["key"], ["bearer"]] };
    expect(() => new ClientCore(both, { env: false })).toThrow(/missing credentials; pass apiKey \(or PIPE_API_KEY\)$/);
  });
});

describe("waits and limits", () => {
  it("fails fast on a Retry-After beyond the cap, keeps the limiter free, and prints no TimeoutOverflowWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    const api = await server((req, res, i) => (i === 0 ? json(res, 429, {}, { "retry-after": "1000000000" }) : json(res, 200, { ok: true })));
    const core = new ClientCore({ ...definition, rateLimit: { requests: 100, perSeconds: 1 } }, { baseUrl: api.url, apiKey: KEY, rateLimit: true } as ClientOptions);
    const started = Date.now();
    const error = (await failure(core.request(get, { id: "1" }))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(1e12);
    expect(error.message).toMatch(/longer than maxRetryWaitMs allows/);
    await expect(core.request(get, { id: "2" })).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 20));
    process.off("warning", onWarning);
    expect(warnings).not.toContain("TimeoutOverflowWarning");
  });

  it("reads Retry-After strictly: 0x2 is not two seconds", async () => {
    const api = await server((req, res, i) => (i === 0 ? json(res, 503, {}, { "retry-after": "0x2" }) : json(res, 200, { ok: true })));
    const started = Date.now();
    await expect(client(api.url).request(get, { id: "1" })).resolves.toEqual({ ok: true });
    // Ignored: the first backoff (at most 500 ms) was used instead.
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("keeps a total deadline across retries and their waits", async () => {
    const api = await server((req, res) => json(res, 503, {}, { "retry-after": "1" }));
    const started = Date.now();
    const error = await failure(client(api.url, { maxRetries: 5, deadlineMs: 1_500 }).request(get, { id: "1" }));
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(error).toBeInstanceOf(CrmError);
    expect(api.requests.length).toBeLessThanOrEqual(2);
  });
});

describe("requests as built", () => {
  it("names the package and version in the User-Agent", async () => {
    const api = await server((req, res) => json(res, 200, {}));
    await client(api.url).request(get, { id: "1" });
    expect(api.requests[0]!.headers["user-agent"]).toBe("crmkit-pipe/9.8.7");
  });

  it("refuses path parameters that would change the path, naming the parameter", async () => {
    const api = await server((req, res) => json(res, 200, {}));
    const core = client(api.url);
    for (const bad of [".", "..", ""]) {
      const error = await failure(core.request({ method: "DELETE", path: "/contacts/{contact_id}" }, { contact_id: bad }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as unknown as Error).message).toMatch(/path parameter "contact_id"/);
    }
    expect(api.requests).toHaveLength(0);
  });

  it("encodes form bodies: nested values as key[field], null and undefined left out", async () => {
    const api = await server((req, res) => json(res, 200, {}));
    const form: OperationDefinition = { method: "POST", path: "/forms", body: ["form"] };
    await client(api.url).request(form, { body: { name: "n", nested: { a: 1, b: [2, 3] }, nil: null, undef: undefined, list: ["x", "y"] } });
    expect(api.requests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(decodeURIComponent(api.requests[0]!.body)).toBe("name=n&nested[a]=1&nested[b]=2&nested[b]=3&list=x&list=y");
  });

  it("sends multipart when the body carries a file, and the preferred encoding otherwise", async () => {
    const api = await server((req, res) => json(res, 200, {}));
    const upload: OperationDefinition = { method: "POST", path: "/files", body: ["json", "form", "multipart"] };
    const core = client(api.url);
    await core.request(upload, { body: { title: "t" } });
    await core.request(upload, { body: { title: "t", file: new Blob(["hello"], { type: "text/plain" }) } });
    expect(api.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(api.requests[1]!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(api.requests[1]!.body).toContain("hello");
  });
});

describe("OAuth token requests go through the pipeline", () => {
  const oauthDefinition: ClientDefinition = {
    name: "Tok",
    servers: [{ url: "https://api.tok.test/v1" }],
    securitySchemes: { oauth2: { type: "oauth2", credential: "accessToken", tokenUrl: "https://auth.tok.test/oauth/token" } },
    security: [["oauth2"]],
  };
  const me: OperationDefinition = { method: "GET", path: "/me" };

  it("obeys timeoutMs and the caller's signal when the token endpoint hangs", async () => {
    const api = await server((req, res) => {
      if (req.url !== "/oauth/token") json(res, 200, {});
    });
    const core = new ClientCore(oauthDefinition, { baseUrl: api.url, timeoutMs: 200, maxRetries: 0, oauth: { clientId: "c", clientSecret: "secret-abc-123", clientCredentials: true } });
    const started = Date.now();
    await expect(core.request(me)).rejects.toBeInstanceOf(CrmTimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(core.request(me, {}, { signal: controller.signal }));
    expect(aborted).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("sends token requests to baseUrl's origin, never to the production host", async () => {
    const api = await server((req, res) => (req.url === "/oauth/token" ? json(res, 200, { access_token: "tok-1", expires_in: 3600 }) : json(res, 200, { me: true })));
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => (seen.push(String(input)), fetch(input, init));
    const core = new ClientCore(oauthDefinition, { baseUrl: api.url, fetch: fetchSpy, oauth: { clientId: "c", clientSecret: "secret-abc-123", clientCredentials: true } });
    await expect(core.request(me)).resolves.toEqual({ me: true });
    expect(seen).toEqual([`${api.url}/oauth/token`, `${api.url}/me`]);
  });

  it("scrubs an invalid_grant body that echoes the refresh token and client secret", async () => {
    const api = await server((req, res) => {
      const form = new URLSearchParams(req.body);
      json(res, 400, { error: "invalid_grant", error_description: `refresh ${form.get("refresh_token")} for ${form.get("client_secret")} rejected` });
    });
    const core = new ClientCore(oauthDefinition, {
      baseUrl: api.url,
      oauth: { clientId: "c", clientSecret: "client-secret-9911", tokens: { accessToken: "old-access-5566", refreshToken: "refresh-token-7788", expiresAt: 0 } },
    });
    const error = (await failure(core.request(me))) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    const everything = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 5 })].join("\n");
    for (const secret of ["client-secret-9911", "refresh-token-7788", "old-access-5566"]) expect(everything).not.toContain(secret);
    expect(everything).toContain("invalid_grant");
  });

  it("does not hammer a failing token endpoint: refreshes pause after a failure", async () => {
    const api = await server((req, res) => (req.url === "/oauth/token" ? json(res, 503, {}) : json(res, 200, {})));
    const core = new ClientCore(oauthDefinition, { baseUrl: api.url, maxRetries: 0, oauth: { clientId: "c", clientSecret: "s3cr3t-value", clientCredentials: true } });
    for (let i = 0; i < 5; i++) await failure(core.request(me));
    expect(api.requests.filter((r) => r.url === "/oauth/token")).toHaveLength(1);
  });
});
