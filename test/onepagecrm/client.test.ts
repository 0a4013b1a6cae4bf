import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import {
  AuthenticationError,
  BadRequestError,
  CrmApiError,
  createOnePageCrmClient,
  isOnePageCrmApiError,
  type OnePageCrmClient,
} from "@crmkit/onepagecrm";
import { startPrism, type PrismServer } from "../support/prism.js";

const spec = fileURLToPath(new URL("../../specs/dist/onepagecrm.json", import.meta.url));
const USER_ID = "5aba31ea9007ba0f570c92d0";
const API_KEY = "c2VjcmV0LWFwaS1rZXktZm9yLXRlc3Rz";

/** Every request the client sent, and Prism's verdict on it. */
interface Exchange {
  method: string;
  url: string;
  authorization: string | null;
  status: number;
  violations: string | null;
}

let prism: PrismServer;
let client: OnePageCrmClient;
const exchanges: Exchange[] = [];

const recordingFetch = (strip?: string) => async (input: Request, init?: RequestInit) => {
  const request = new Request(input, init);
  if (strip) request.headers.delete(strip);
  const response = await fetch(request);
  exchanges.push({
    method: request.method,
    url: request.url,
    authorization: request.headers.get("authorization"),
    status: response.status,
    violations: response.headers.get("sl-violations"),
  });
  return response;
};

beforeAll(async () => {
  prism = await startPrism(spec);
  client = createOnePageCrmClient({ userId: USER_ID, apiKey: API_KEY, baseUrl: prism.url, fetch: recordingFetch() as typeof fetch, maxRetries: 0 });
}, 90_000);

afterAll(async () => {
  await prism?.stop();
});

const last = () => exchanges[exchanges.length - 1]!;

describe("OnePageCRM client against Prism", () => {
  it("lists contacts, sending HTTP Basic and the paging parameters", async () => {
    const page = await client.contacts.list({ page: 1, per_page: 25, sort_by: "last_name", order: "asc" });
    expect(Array.isArray(page.contacts)).toBe(true);
    expect(page.contacts!.length).toBeGreaterThan(0);
    expect(page.contacts![0]!.contact?.id).toMatch(/^[0-9a-f]{24}$/);
    const sent = new URL(last().url);
    expect(sent.pathname).toBe("/contacts");
    expect(sent.searchParams.get("page")).toBe("1");
    expect(sent.searchParams.get("per_page")).toBe("25");
    expect(last().authorization).toBe(`Basic ${Buffer.from(`${USER_ID}:${API_KEY}`).toString("base64")}`);
    expect(last().violations).toBeNull();
  });

  it("iterates every item of every page with for await", async () => {
    const items = [];
    for await (const item of client.contacts.list({ per_page: 100 })) items.push(item);
    // The mock serves its one example page, whose max_page says there is nothing after it.
    const firstPage = await client.contacts.list({ per_page: 100 });
    expect(items).toEqual(firstPage.contacts);
    expect(exchanges.filter((e) => e.url.includes("per_page=100")).every((e) => new URL(e.url).searchParams.get("page") === null)).toBe(true);
  });

  it("walks pages and honours maxPages", async () => {
    const pages = [];
    for await (const page of client.deals.list({ per_page: 10 }, { maxPages: 1 }).pages()) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.response.status).toBe(200);
    expect(pages[0]!.items.length).toBe(pages[0]!.data.deals!.length);
  });

  it("gets, creates, updates and deletes a contact", async () => {
    const id = "5aba31ea9007ba0f570c92d4";
    const got = await client.contacts.get({ contact_id: id });
    expect(got.contact?.id).toBe(id);
    expect(new URL(last().url).pathname).toBe(`/contacts/${id}`);

    const created = await client.contacts.create({ body: { first_name: "Ada", last_name: "Lovelace", emails: [{ type: "work", value: "ada@example.com" }] } });
    expect(created.contact?.last_name).toBeDefined();
    expect(last().method).toBe("POST");
    expect(last().violations).toBeNull();

    const updated = await client.contacts.update({ contact_id: id, partial: true, body: { job_title: "Analyst" } });
    expect(updated.contact).toBeDefined();
    expect(new URL(last().url).searchParams.get("partial")).toBe("true");
    expect(last().violations).toBeNull();

    const deleted = await client.contacts.delete({ contact_id: id });
    expect(deleted).toBeDefined();
    expect(last().method).toBe("DELETE");
  });

  it("creates and reads a deal", async () => {
    const created = await client.deals.create({
      body: { contact_id: "5aba31ea9007ba0f570c92d4", name: "Consulting", amount: 1200, status: "pending" },
    });
    expect(created.deal?.name).toBeTruthy();
    expect(last().violations).toBeNull();
    const got = await client.deals.get({ deal_id: created.deal!.id! });
    expect(got.deal?.id).toBe(created.deal!.id);
  });

  it("returns the envelope and the raw Response through withResponse()", async () => {
    const { data, body, response } = await client.users.list().withResponse();
    expect(Array.isArray(data)).toBe(true);
    expect((body as { status: number }).status).toBe(0);
    expect(response.headers.get("content-type")).toContain("application/json");
  });

  it("percent-encodes path parameters", async () => {
    await client.contacts.get({ contact_id: "a/b c?d" }).catch(() => undefined);
    expect(new URL(last().url).pathname).toBe("/contacts/a%2Fb%20c%3Fd");
  });

  it("throws AuthenticationError on a 401, without the credentials", async () => {
    const anonymous = createOnePageCrmClient({
      userId: USER_ID,
      apiKey: API_KEY,
      baseUrl: prism.url,
      fetch: recordingFetch("authorization") as typeof fetch,
      maxRetries: 0,
    });
    const error = await anonymous.contacts.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toBeInstanceOf(CrmApiError);
    const apiError = error as AuthenticationError<{ error_name?: string }>;
    expect(apiError.status).toBe(401);
    expect(apiError.kind).toBe("unauthorized");
    expect(apiError.method).toBe("GET");
    // Lists always send their page size.
    expect(apiError.url).toBe(`${prism.url}/contacts?per_page=10`);
    expect(apiError.body.error_name).toBe("authorization_data_not_found");
    expect(apiError.response.status).toBe(401);
    const everything = JSON.stringify({ message: apiError.message, url: apiError.url, body: apiError.body, stack: apiError.stack });
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(Buffer.from(`${USER_ID}:${API_KEY}`).toString("base64"));
  });

  it("throws BadRequestError on a 400 with the vendor's error body", async () => {
    const error = await client.contacts.list({ per_page: "lots" as unknown as number }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const apiError = error as BadRequestError<{ status?: number; error_name?: string }>;
    expect(apiError.status).toBe(400);
    expect(apiError.body.status).toBe(400);
    expect(apiError.message).toContain("GET");
    expect(apiError.message).toContain("400");
    expect(last().violations).toContain("per_page");
    // The guard narrows to the spec's Error schema: `body.error_name` is typed, no cast.
    if (!isOnePageCrmApiError(error)) throw new Error("expected an OnePageCRM API error");
    const name: string | undefined = error.body.error_name;
    expect(name).toBeDefined();
  });
});
