import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAcceloClient } from "@crmkit/accelo";
import { createOnePageCrmClient } from "@crmkit/onepagecrm";
import { createProWorkflowClient } from "@crmkit/proworkflow";
import { createWealthboxClient } from "@crmkit/wealthbox";
import { startPrism, type PrismServer } from "../support/prism.js";

/**
 * Each vendor client with `dates: true` against a Prism mock of its bundled spec: one list and one get
 * come back with Date objects where the spec marks dates, at the instant the string form names, and a
 * client without it gets the same payload with the strings untouched.
 */

const spec = (vendor: string) => fileURLToPath(new URL(`../../specs/dist/${vendor}.json`, import.meta.url));

/** Starts Prism for the block's vendor and stops it after. */
function mock(vendor: string): () => string {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism(spec(vendor));
  });
  afterAll(async () => {
    await prism?.stop();
  });
  return () => prism.url;
}

// The instants the mocks' example values name, worked out by hand rather than by the parser under test.
const utc = (iso: string) => new Date(iso);

describe("wealthbox", () => {
  const url = mock("wealthbox");
  const clients = () => ({
    on: createWealthboxClient({ accessToken: "t", baseUrl: url(), maxRetries: 0, dates: true }),
    off: createWealthboxClient({ accessToken: "t", baseUrl: url(), maxRetries: 0 }),
  });

  it("lists contacts with their timestamps and calendar dates as Dates", async () => {
    const { on, off } = clients();
    const [dated] = (await on.contacts.list()).contacts!;
    const [plain] = (await off.contacts.list()).contacts!;
    expect(plain!.created_at).toBe("2015-05-24 10:00 AM -0400");
    expect(dated!.created_at).toEqual(utc("2015-05-24T14:00:00Z"));
    expect(plain!.updated_at).toBe("2015-10-12 11:30 PM -0400");
    expect(dated!.updated_at).toEqual(utc("2015-10-13T03:30:00Z"));
    expect(plain!.birth_date).toBe("1975-10-27");
    expect(dated!.birth_date).toEqual(utc("1975-10-27T00:00:00Z"));
    expect(dated!.occupation?.start_date).toEqual(utc(`${plain!.occupation!.start_date}T00:00:00Z`));
    expect(dated!.first_name).toBe(plain!.first_name);
  });

  it("gets a task with its due date as a Date", async () => {
    const { on, off } = clients();
    const dated = await on.tasks.get({ id: 1 });
    const plain = await off.tasks.get({ id: 1 });
    expect(plain.due_date).toBe("2015-05-24 11:00 AM -0400");
    expect(dated.due_date).toEqual(utc("2015-05-24T15:00:00Z"));
    expect(dated.created_at).toBeInstanceOf(Date);
  });
});

describe("accelo", () => {
  const url = mock("accelo");
  const clients = () => ({
    on: createAcceloClient({ deployment: "mock", accessToken: "t", baseUrl: url(), maxRetries: 0, dates: true }),
    off: createAcceloClient({ deployment: "mock", accessToken: "t", baseUrl: url(), maxRetries: 0 }),
  });

  it("lists companies with their unix timestamps as Dates", async () => {
    const { on, off } = clients();
    const [dated] = await on.companies.list();
    const [plain] = await off.companies.list();
    expect(plain!.date_created).toBe("1495669367");
    expect(dated!.date_created).toEqual(utc("2017-05-24T23:42:47Z"));
    expect(dated!.date_modified).toEqual(new Date(Number(plain!.date_modified) * 1000));
    expect(dated!.name).toBe(plain!.name);
  });

  it("gets a job, its unset completion date still null", async () => {
    const { on, off } = clients();
    const dated = await on.jobs.get({ job_id: 2 });
    const plain = await off.jobs.get({ job_id: 2 });
    expect(dated.date_created).toEqual(new Date(Number(plain.date_created) * 1000));
    expect(dated.date_due).toBeInstanceOf(Date);
    expect(plain.date_completed).toBeNull();
    expect(dated.date_completed).toBeNull();
  });
});

describe("onepagecrm", () => {
  const url = mock("onepagecrm");
  const clients = () => ({
    on: createOnePageCrmClient({ userId: "u", apiKey: "k", baseUrl: url(), maxRetries: 0, dates: true }),
    off: createOnePageCrmClient({ userId: "u", apiKey: "k", baseUrl: url(), maxRetries: 0 }),
  });

  it("lists contacts with their RFC 3339 times and their actions' dates as Dates", async () => {
    const { on, off } = clients();
    const [dated] = (await on.contacts.list()).contacts!;
    const [plain] = (await off.contacts.list()).contacts!;
    expect(plain!.contact!.created_at).toBe("2018-05-16T11:52:09Z");
    expect(dated!.contact!.created_at).toEqual(utc("2018-05-16T11:52:09Z"));
    const action = dated!.next_actions?.[0];
    expect(action?.created_at).toEqual(utc(plain!.next_actions![0]!.created_at!));
    expect(action?.date).toEqual(utc(`${plain!.next_actions![0]!.date}T00:00:00Z`));
    expect(dated!.contact!.first_name).toBe(plain!.contact!.first_name);
  });

  it("gets a deal with its calendar dates, items and attachments as Dates", async () => {
    const { on, off } = clients();
    const dated = (await on.deals.get({ deal_id: "5aaa9b059007ba08c9ebaf58" })).deal!;
    const plain = (await off.deals.get({ deal_id: "5aaa9b059007ba08c9ebaf58" })).deal!;
    expect(plain.expected_close_date).toBe("2018-04-15");
    expect(dated.expected_close_date).toEqual(utc("2018-04-15T00:00:00Z"));
    expect(dated.deal_items?.[0]?.created_at).toEqual(utc(plain.deal_items![0]!.created_at!));
    expect(dated.attachments?.[0]?.url_expires_at).toEqual(utc(plain.attachments![0]!.url_expires_at!));
  });
});

describe("proworkflow", () => {
  const url = mock("proworkflow");

  it("changes nothing: its dates are local times without a zone, which the spec leaves unmarked", async () => {
    const on = createProWorkflowClient({ apiKey: "k", username: "u", password: "p", baseUrl: url(), maxRetries: 0, dates: true });
    const off = createProWorkflowClient({ apiKey: "k", username: "u", password: "p", baseUrl: url(), maxRetries: 0 });
    const dated = await on.projects.list();
    expect(dated).toEqual(await off.projects.list());
    expect(dated[0]?.startdate).toBe("2026-06-10T00:00:00");
  });
});
