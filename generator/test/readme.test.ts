import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { emitReadme } from "../src/emit/readme.js";
import { titleWithVersion } from "../src/emit/usage.js";
import { loadDocument } from "../src/load.js";
import { buildModel } from "../src/model.js";

const fixture = fileURLToPath(new URL("./fixtures/shop.yaml", import.meta.url));
const source = readFileSync(fixture, "utf8");

/** The README of the fixture with one change. */
function readmeOf(change: (doc: any) => void = () => {}): string {
  const doc = parse(source);
  change(doc);
  const loaded = loadDocument("specs/shop.yaml", stringify(doc));
  return emitReadme(buildModel(loaded), loaded);
}

const oauth2 = (grants: Record<string, unknown>) => ({ type: "oauth2", flows: grants, "x-crmkit-credential": "apiToken" });
const codeFlow = { authorizationCode: { authorizationUrl: "https://shop.test/authorize", tokenUrl: "https://shop.test/token", scopes: { read: "Read" } } };

describe("emitReadme", () => {
  const readme = readmeOf();

  it("has every section a user needs, in order", () => {
    const headings = readme.split("\n").filter((line) => line.startsWith("## "));
    expect(headings).toEqual([
      "## Install",
      "## Quick start",
      "## Authentication",
      "## Server",
      "## Calling methods",
      "## Pagination",
      "## Dates",
      "## Errors",
      "## Retries and rate limits",
      "## Timeouts and cancellation",
      "## Client options",
      "## Per-call options",
      "## Hooks, logging and a custom fetch",
      "## Calls by path",
      "## In a browser bundle",
      "## License",
    ]);
    expect(readme.startsWith("# @crmkit/shop\n\nTyped client for the Shop API 1.0,")).toBe(true);
    expect(readme).toContain("npm install @crmkit/shop");
  });

  it("names the version once in the title", () => {
    const title = (t: string, v: string) => titleWithVersion({ title: t, version: v } as Parameters<typeof titleWithVersion>[0]);
    expect(title("ProWorkflow API v3", "3")).toBe("ProWorkflow API v3");
    expect(title("Accelo API v0", "v0")).toBe("Accelo API v0");
    expect(title("Wealthbox CRM API", "v1")).toBe("Wealthbox CRM API v1");
    expect(title("OnePageCRM API", "3.0")).toBe("OnePageCRM API 3.0");
    expect(title("Shop API", "2")).toBe("Shop API v2");
  });

  it("starts with a whole task on the first resource that lists and creates, credentials from the environment", () => {
    expect(readme).toContain("Set `SHOP_REGION` and `SHOP_API_TOKEN` in the environment and run it.");
    expect(readme).toContain("const client = createShopClient();");
    expect(readme).toContain("for await (const order of client.orders.list({ per_page: 100 })) orders.push(order);");
    expect(readme).toContain("const created = await client.orders.create({ body: { total: 1 } });");
  });

  it("names the credential options, their environment variables and the server variables", () => {
    expect(readme).toContain("The API takes `apiToken` as is in the `X-Token` header (scheme `token`).");
    expect(readme).toContain("| `apiToken` | `SHOP_API_TOKEN` | credentials, see above |");
    expect(readme).toContain("| `region` | `SHOP_REGION` | part of the server URL |");
    expect(readme).toContain("| `baseUrl` | `SHOP_BASE_URL` | the server URL, replaced |");
    expect(readme).toMatch(/- `region` \(`SHOP_REGION`\): Data region \(for example `eu`\)\./);
    expect(readme).toContain("const client = createShopClient({ region: process.env.SHOP_REGION, apiToken: process.env.SHOP_API_TOKEN });");
  });

  it("describes basic auth and alternatives from x-crmkit-credential", () => {
    const text = readmeOf((doc) => {
      doc.components.securitySchemes.login = { type: "http", scheme: "basic", "x-crmkit-credential": { username: "user", password: "secret" } };
      doc.security = [{ token: [] }, { login: [] }];
    });
    expect(text).toContain("1. `apiToken` as is in the `X-Token` header (scheme `token`).");
    expect(text).toContain("2. `user` and `secret` as HTTP Basic credentials (scheme `login`).");
  });

  it("says when a bearer alternative is reachable only through oauth", () => {
    const shadowed = readmeOf((doc) => {
      doc.components.securitySchemes.oauth = oauth2(codeFlow);
      doc.security = [{ token: [] }, { oauth: [] }];
    });
    expect(shadowed).toContain("(scheme `oauth`: authorization code): reachable only through `oauth`");
    expect(shadowed).toContain("#### Authorization code");
    expect(shadowed).toContain("The spec declares no client-credentials grant");
    const own = readmeOf((doc) => {
      doc.components.securitySchemes = { oauth: oauth2({ ...codeFlow, clientCredentials: { tokenUrl: "/token", scopes: {} } }) };
      doc.security = [{ oauth: [] }];
    });
    expect(own).toContain("either `apiToken`, a token you already hold (sent as it is, never refreshed), or `oauth`");
    expect(own).toContain("#### Client credentials");
    expect(own).toContain("clientCredentials: true");
    expect(own).toContain("token requests go to the same path on `baseUrl`'s origin");
  });

  it("pages with a real list method and names every list", () => {
    expect(readme).toContain("the `page` page number (the first page is 1). The page size is `per_page` (the API's default 20).");
    expect(readme).toContain("for await (const page of client.orders.list({ per_page: 100 }, { maxPages: 3 }).pages())");
    expect(readme).toContain("List methods: `orders.list`.");
  });

  it("states retried statuses once, and which of them a POST is retried on", () => {
    expect(readme).toContain("retried up to 2 times");
    expect(readme).toContain("connection errors, the statuses 408, 429, 500, 502, 503, 504.");
    expect(readme).toContain("or the answer was 429 or 408;");
    const custom = readmeOf((doc) => {
      doc["x-crmkit-retry"] = { maxRetries: 1, statuses: [502, 503] };
      doc["x-crmkit-rate-limit"] = { requests: 10, perSeconds: 60, scope: "token", headers: { remaining: "X-Left" }, throttled: [{ status: 429 }] };
    });
    expect(custom).toContain("retried up to 1 time (");
    expect(custom).toContain("the statuses 502, 503 (the spec's list), and the spec's throttling answers (429).");
    expect(custom).toContain("or the answer was 429;");
    expect(custom).not.toContain("408");
    expect(custom).toContain("allows 10 requests per 60 seconds per token.");
    expect(custom).toContain("`X-Left`");
  });

  it("documents every client and per-call option, each in a table and in an example", () => {
    const withOAuth = readmeOf((doc) => {
      doc.components.securitySchemes = { oauth: oauth2(codeFlow) };
      doc.security = [{ oauth: [] }];
    });
    const examples = (text: string) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
    for (const text of [readme, withOAuth]) {
      for (const option of ["baseUrl", "fetch", "timeoutMs", "deadlineMs", "maxRetries", "maxRetryWaitMs", "retryNonIdempotent", "headers", "rateLimit", "hooks", "logger", "logLevel", "pageLimit", "env"]) {
        expect(text, option).toMatch(new RegExp(`\\| \`${option}\` \\|`));
        expect(examples(text), option).toMatch(new RegExp(`[{ ]${option}(: |,)`));
      }
      for (const option of ["signal", "timeoutMs", "deadlineMs", "maxRetries", "retryNonIdempotent", "headers", "maxItems", "maxPages"]) {
        expect(text, option).toMatch(new RegExp(`\\| \`${option}\` \\|`));
        expect(examples(text), option).toMatch(new RegExp(`^  ${option}: `, "m"));
      }
    }
    expect(readme).toContain("this API declares no OAuth scheme, so passing it throws");
    for (const part of ["oauth: {", "tokenStore,", "onTokens:", "tokens: {", "exchangeCode(", "refresh()", "authorizeUrl("]) expect(examples(withOAuth), part).toContain(part);
  });

  it("lists every error class, and the calls by path", () => {
    for (const name of ["CrmResponseDecodingError", "CrmRedirectError", "CrmPaginationError", "CrmConnectionError", "CrmTimeoutError", "CrmAbortError", "RateLimitError"]) {
      expect(readme).toContain(`\`${name}\``);
    }
    expect(readme).toContain('await client.get<unknown[]>("/orders", { query: { per_page: 10 } });');
    expect(readme).toContain('await client.request({ method: "GET", path: "/orders"');
  });

  it("says what a browser bundle loads later, naming only the parts this API has", () => {
    const section = (text: string) => text.slice(text.indexOf("## In a browser bundle"), text.indexOf("## License"));
    expect(section(readme)).toContain("each resource's operations (on its first call)");
    expect(section(readme)).toContain("pagination");
    expect(section(readme)).not.toContain("OAuth");
    const withOAuth = readmeOf((doc) => {
      doc.components.securitySchemes = { oauth: oauth2(codeFlow) };
      doc.security = [{ oauth: [] }];
    });
    expect(section(withOAuth)).toContain("OAuth's token requests");
  });

  it("lists every resource and method", () => {
    expect(readme).toContain("| `client.orders` | `list`, `create`, `get`, `delete` |");
    expect(readme).toMatch(/\| `client.orderItems` \| `list` \|/);
  });

  it("is deterministic", () => {
    expect(readmeOf()).toBe(readme);
  });

  it("says what dates: true converts, with the forms the spec uses and an example of its own", () => {
    const dated = readmeOf((d) => {
      d.components.schemas.Order.properties.placed_at = { type: "string", format: "date-time" };
      d.components.schemas.Order.properties.paid = { type: ["string", "integer"], "x-crmkit-date": "unix-seconds" };
    });
    const section = dated.slice(dated.indexOf("## Dates"), dated.indexOf("## Errors"));
    expect(section).toContain("(in the payloads of 3 of the 5 methods)");
    expect(section).toContain("- RFC 3339 date-times (`2018-05-16T11:52:09Z`)");
    expect(section).toContain("- unix timestamps in seconds (`1495669367`, sent as a string or a number)");
    expect(section).toContain("const client = createShopClient({ dates: true });");
    expect(section).toContain('const result = await client.orders.get({ order_id: "sample" });\nresult.placed_at; // a Date');
    expect(section).toContain('await client.orders.get({ order_id: "sample" }, { dates: false });');
    expect(section).toContain("(`GetOrderResponse<true>`)");
    expect(section).toContain("(`Order<true>`)");
    expect(readme.slice(readme.indexOf("## Dates"), readme.indexOf("## Errors"))).toContain("the `dates` option changes nothing here");
  });
});
