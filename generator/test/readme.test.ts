import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { emitReadme } from "../src/emit/readme.js";
import { loadDocument } from "../src/load.js";
import { buildModel } from "../src/model.js";

const fixture = fileURLToPath(new URL("./fixtures/shop.yaml", import.meta.url));
const source = readFileSync(fixture, "utf8");

/** The README of the fixture with one change. */
function readmeOf(change: (doc: any) => void = () => {}): string {
  const doc = parse(source);
  change(doc);
  return emitReadme(buildModel(loadDocument("specs/shop.yaml", stringify(doc))));
}

describe("emitReadme", () => {
  const readme = readmeOf();

  it("has every section a user needs, in order", () => {
    const headings = readme.split("\n").filter((line) => line.startsWith("## "));
    expect(headings).toEqual([
      "## Install",
      "## Authentication",
      "## A first call",
      "## Pagination",
      "## Dates",
      "## Errors",
      "## Retries and rate limits",
      "## Timeouts and cancellation",
      "## License",
    ]);
    expect(readme.startsWith("# @crmkit/shop\n")).toBe(true);
    expect(readme).toContain("npm install @crmkit/shop");
  });

  it("names the credential options and server variables the client takes", () => {
    expect(readme).toContain("- `apiToken` (scheme `token`): sent as the `X-Token` header.");
    expect(readme).toMatch(/- `region`: .*\(for example `eu`\)\./);
    expect(readme).toContain("const client = createShopClient({ apiToken: process.env.SHOP_API_TOKEN!, region: process.env.SHOP_REGION! });");
  });

  it("describes basic auth and alternatives from x-crmkit-credential", () => {
    const text = readmeOf((doc) => {
      doc.components.securitySchemes.login = { type: "http", scheme: "basic", "x-crmkit-credential": { username: "user", password: "secret" } };
      doc.security = [{ token: [] }, { login: [] }];
    });
    expect(text).toContain("1. `apiToken` (scheme `token`): sent as the `X-Token` header.");
    expect(text).toContain("2. `user` and `secret` (scheme `login`): HTTP Basic username and password.");
  });

  it("makes the first call with a method that needs no arguments, and pages with a real list method", () => {
    expect(readme).toContain("const result = await client.orders.list();");
    expect(readme).toContain("for await (const item of client.orders.list()) console.log(item);");
    expect(readme).toContain("the `page` page number (the first page is 1). The page size is `per_page` (the API's default 20).");
    expect(readme).toContain("List methods: `orders.list`.");
    expect(readme).toContain("await patient.orders.list({}, { timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });");
  });

  it("states the retry count and statuses from x-crmkit-retry, else the runtime's defaults", () => {
    expect(readme).toContain("retried up to 2 times");
    expect(readme).toContain("the statuses 408, 429, 500, 502, 503, 504.");
    const custom = readmeOf((doc) => {
      doc["x-crmkit-retry"] = { maxRetries: 1, statuses: [503] };
      doc["x-crmkit-rate-limit"] = { requests: 10, perSeconds: 60, scope: "token", headers: { remaining: "X-Left" } };
    });
    expect(custom).toContain("retried up to 1 time (");
    expect(custom).toContain("the statuses 503.");
    expect(custom).toContain("allows 10 requests per 60 seconds per token.");
    expect(custom).toContain("`X-Left`");
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
    expect(section).toContain("const client = createShopClient({ apiToken: process.env.SHOP_API_TOKEN!, region: process.env.SHOP_REGION!, dates: true });");
    expect(section).toContain("const result = await client.orders.get({ /* params */ });\nresult.placed_at; // a Date");
    expect(section).toContain("await client.orders.get({ /* params */ }, { dates: false });");
    expect(section).toContain("(`GetOrderResponse<true>`)");
    expect(section).toContain("(`Order<true>`)");
    expect(readme.slice(readme.indexOf("## Dates"), readme.indexOf("## Errors"))).toContain("the `dates` option changes nothing here");
  });
});
