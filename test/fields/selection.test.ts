import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { createAcceloClient } from "@crmkit/accelo";
import { createOnePageCrmClient } from "@crmkit/onepagecrm";
import { createProWorkflowClient } from "@crmkit/proworkflow";
import { startPrism, type PrismServer } from "../support/prism.js";

/**
 * Typed field selection at run time: each vendor's client writes the typed form in the API's own syntax,
 * and Prism, mocking the spec, finds nothing wrong with the request (the `sl-violations` header). For
 * ProWorkflow that includes the parameter's pattern of allowed names.
 */

const spec = (vendor: string) => fileURLToPath(new URL(`../../specs/dist/${vendor}.json`, import.meta.url));

interface Sent {
  url: URL;
  status: number;
  violations: string | null;
}

function recorder() {
  const sent: Sent[] = [];
  const fetchThrough = (async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    sent.push({ url: new URL(request.url), status: response.status, violations: response.headers.get("sl-violations") });
    return response;
  }) as typeof fetch;
  return { sent, fetch: fetchThrough, last: () => sent[sent.length - 1]! };
}

describe("Accelo _fields", () => {
  let prism: PrismServer;
  const { fetch, last } = recorder();
  let client: ReturnType<typeof createAcceloClient>;
  beforeAll(async () => {
    prism = await startPrism(spec("accelo"));
    client = createAcceloClient({ deployment: "planet-express", accessToken: "token", baseUrl: prism.url, fetch, maxRetries: 0 });
  }, 90_000);
  afterAll(() => prism?.stop());

  it("sends names comma-separated", async () => {
    const companies = await client.companies.list({ _fields: ["phone", "website"], _limit: 5 });
    expect(Array.isArray(companies)).toBe(true);
    expect(last().url.searchParams.get("_fields")).toBe("phone,website");
    expect(last().url.searchParams.get("_limit")).toBe("5");
    expect(last().violations).toBeNull();
  });

  it("writes linked records with their own selection as link(a,b), nested, and link() for the defaults", async () => {
    await client.companies.get({ company_id: 45, _fields: ["phone", { status: ["color", "standing"] }, { postal_address: ["city", { country: [] }] }] });
    expect(last().url.pathname).toBe("/companies/45");
    expect(last().url.searchParams.get("_fields")).toBe("phone,status(color,standing),postal_address(city,country())");
    expect(last().violations).toBeNull();
  });

  it('sends "_ALL" alone, inside a list and for a linked record', async () => {
    await client.companies.list({ _fields: "_ALL" });
    expect(last().url.searchParams.get("_fields")).toBe("_ALL");
    await client.companies.list({ _fields: ["_ALL", { status: "_ALL" }] });
    expect(last().url.searchParams.get("_fields")).toBe("_ALL,status(_ALL)");
    expect(last().violations).toBeNull();
  });

  it("passes a plain string through unchanged, and sends nothing for an empty list", async () => {
    await client.companies.list({ _fields: "phone,status(color)" });
    expect(last().url.searchParams.get("_fields")).toBe("phone,status(color)");
    await client.companies.list({ _fields: [] });
    expect(last().url.searchParams.has("_fields")).toBe(false);
  });

  it("keeps the selection on every page of an iteration", async () => {
    const seen: string[] = [];
    for await (const company of client.companies.list({ _fields: ["phone"] }, { maxPages: 1 })) seen.push(String(company.id));
    expect(seen.length).toBeGreaterThan(0);
    expect(last().url.searchParams.get("_fields")).toBe("phone");
  });

  it("refuses a name that would break the syntax, naming the call and the parameter", async () => {
    const bad = ["phone,fax"] as unknown as ["phone"];
    return expect(client.companies.list({ _fields: bad })).rejects.toThrow(/Accelo companies\.list\(\): parameter "_fields" has the field name "phone,fax"/);
  });
});

describe("ProWorkflow fields", () => {
  let prism: PrismServer;
  const { fetch, last } = recorder();
  let client: ReturnType<typeof createProWorkflowClient>;
  beforeAll(async () => {
    prism = await startPrism(spec("proworkflow"));
    client = createProWorkflowClient({ apiKey: "key", username: "user@example.com", password: "secret", baseUrl: prism.url, fetch, maxRetries: 0 });
  }, 90_000);
  afterAll(() => prism?.stop());

  it("sends group names comma-separated, accepted by the parameter's pattern", async () => {
    const projects = await client.projects.list({ fields: ["title", "company", "dates", "apifield3"] });
    expect(Array.isArray(projects)).toBe(true);
    expect(last().url.searchParams.get("fields")).toBe("title,company,dates,apifield3");
    expect(last().status).toBe(200);
    expect(last().violations).toBeNull();
  });

  it("types and sends the names of a nested list", async () => {
    await client.companies.listProjects({ id: 1, fields: ["number", "manager"] });
    expect(last().url.pathname).toBe("/companies/1/projects");
    expect(last().url.searchParams.get("fields")).toBe("number,manager");
    expect(last().violations).toBeNull();
  });

  it("lets Prism refuse a name outside the pattern, so the check above can fail", async () => {
    await client.projects.list({ fields: "title,nonsense" }).catch(() => undefined);
    expect(last().url.searchParams.get("fields")).toBe("title,nonsense");
    expect(last().violations ?? String(last().status)).toMatch(/fields|pattern|422|400/);
  });
});

describe("OnePageCRM fields", () => {
  let prism: PrismServer;
  const { fetch, last } = recorder();
  let client: ReturnType<typeof createOnePageCrmClient>;
  beforeAll(async () => {
    prism = await startPrism(spec("onepagecrm"));
    client = createOnePageCrmClient({ userId: "5aba31ea9007ba0f570c92d0", apiKey: "c2VjcmV0", baseUrl: prism.url, fetch, maxRetries: 0 });
  }, 90_000);
  afterAll(() => prism?.stop());

  it("writes each collection as name(all) on the contact list", async () => {
    const page = await client.contacts.list({ fields: ["deals", "notes", "pinned_attachments"], per_page: 10 });
    expect(Array.isArray(page.contacts)).toBe(true);
    expect(last().url.searchParams.get("fields")).toBe("deals(all),notes(all),pinned_attachments(all)");
    expect(last().violations).toBeNull();
  });

  it("writes contacts(all) on the deal list", async () => {
    await client.deals.list({ fields: ["contacts"] });
    expect(last().url.searchParams.get("fields")).toBe("contacts(all)");
    expect(last().violations).toBeNull();
  });
});
