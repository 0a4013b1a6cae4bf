// Typed `_fields` of @crmkit/accelo. Compiled, never run: test/fields/types.test.ts checks that each
// `@ts-expect-error TSxxxx` line fails with that code and nothing else does.
import { createAcceloClient, type CompanyFieldName, type GetCompanyResponse, type ListCompaniesItem, type TaskFieldName } from "@crmkit/accelo";
import { same } from "./assert.js";

const client = createAcceloClient({ deployment: "demo", accessToken: "token" });

export async function namesSelectDefaultsPlusExactlyThose() {
  const [company] = await client.companies.list({ _fields: ["phone", "website"], _limit: 10 });
  const item = company!;
  same<keyof typeof item, "id" | "name" | "phone" | "website">();
  const phone: string | null = item.phone;
  const name: string = item.name;
  const id: string | number = item.id;
  // @ts-expect-error TS2339 fax was not selected
  item.fax;
  for await (const each of client.companies.list({ _fields: ["fax"] })) {
    const fax: string | null = each.fax;
    // @ts-expect-error TS2339 phone was not selected in this call
    each.phone;
    void fax;
  }
  const one = await client.companies.get({ company_id: 1, _fields: ["comments"] });
  const comments: string | null = one.comments;
  return [phone, name, id, comments];
}

export async function allSelectsEveryFieldWithLinksAsIds() {
  const [company] = await client.companies.list({ _fields: "_ALL" });
  same<keyof NonNullable<typeof company>, CompanyFieldName>();
  const status: string | number = company!.status;
  const fax: string | null = company!.fax;
  const listed = await client.companies.get({ company_id: 1, _fields: ["_ALL", { status: [] }] });
  const standing: string = listed.standing;
  const title: string = listed.status.title;
  return [status, fax, standing, title];
}

export async function aPlainStringOrNoneIsTypedAsBefore() {
  const [fromString] = await client.companies.list({ _fields: "phone,website" });
  const [fromNothing] = await client.companies.list();
  const got = await client.companies.get({ company_id: 1, _fields: "phone" });
  same<typeof fromString, ListCompaniesItem | undefined>();
  same<typeof fromNothing, ListCompaniesItem | undefined>();
  same<typeof got, GetCompanyResponse>();
  const maybe: string | null | undefined = fromString?.phone;
  return [maybe];
}

export async function linkedRecordsTakeTheirOwnSelection() {
  const [company] = await client.companies.list({ _fields: ["phone", { status: ["color"] }, { postal_address: ["city", { country: [] }] }] });
  const item = company!;
  const color: string = item.status.color;
  const statusTitle: string = item.status.title;
  // @ts-expect-error TS2339 the status's standing was not selected
  item.status.standing;
  const city: string | null | undefined = item.postal_address.city;
  const country: string = item.postal_address.country.title;
  same<keyof typeof item.status, "id" | "title" | "color">();
  const whole = await client.companies.get({ company_id: 1, _fields: [{ status: "_ALL" }] });
  const start: "yes" | "no" = whole.status.start;
  // a link named alone comes back as its id
  const [plainLink] = await client.companies.list({ _fields: ["status"] });
  const statusId: string | number = plainLink!.status;
  return [color, statusTitle, city, country, start, statusId];
}

export function misuseIsACompileError() {
  // @ts-expect-error TS2769 a field Company does not have
  void client.companies.list({ _fields: ["phonee"] });
  // @ts-expect-error TS2769 a field the linked CompanyStatus does not have
  void client.companies.list({ _fields: [{ status: ["colour"] }] });
  // @ts-expect-error TS2769 phone is not a linked record
  void client.companies.list({ _fields: [{ phone: [] }] });
  // @ts-expect-error TS2769 another parameter misspelt next to a selection
  void client.companies.list({ _fields: ["phone"], _limt: 10 });
}

/** Every field of the record with the most (Task, 47) by name: no "excessively deep" (TS2589). */
export async function theWidestRecordWhole() {
  const every = [
    "id", "title", "description", "custom_id", "billable", "nonbillable", "logged", "budgeted", "remaining", "staff_bookmarked",
    "date_created", "date_started", "date_commenced", "date_accepted", "date_due", "date_completed", "date_modified", "against_type",
    "against_id", "against", "creator_type", "creator_id", "creator", "assignee", "manager", "type", "task_type", "status", "task_status",
    "standing", "task_priority", "contact", "affiliation", "company", "issue", "job", "task_job", "milestone", "object_budget",
    "task_object_budget", "task_object_schedule", "task_object_schedule_id", "rate_id", "rate_charged", "ordering", "skills", "breadcrumbs",
  ] as const;
  const [task] = await client.tasks.list({ _fields: every });
  same<keyof NonNullable<typeof task>, TaskFieldName>();
  const [linked] = await client.tasks.list({ _fields: [...every, { status: "_ALL", manager: ["email"], company: [{ status: [] }] }] });
  // linked records the schema marks nullable stay nullable
  const email = linked!.manager?.email;
  const companyStatus: string | undefined = linked!.company?.status.title;
  return [email, companyStatus];
}

export async function selectedDatesFollowTheDatesOption() {
  const dated = createAcceloClient({ deployment: "demo", accessToken: "token", dates: true });
  const [company] = await dated.companies.list({ _fields: ["website", "date_last_interacted"] });
  const when: Date | null | undefined = company!.date_last_interacted;
  // @ts-expect-error TS2322 with dates on, a selected date field is a Date
  const asText: string | number | null | undefined = company!.date_last_interacted;
  const [sent] = await dated.companies.list({ _fields: ["date_last_interacted"] }, { dates: false });
  const raw: string | number | null | undefined = sent!.date_last_interacted;
  // @ts-expect-error TS2339 website was not selected in this call
  sent!.website;
  const [plain] = await client.companies.list({ _fields: ["date_last_interacted"] });
  // @ts-expect-error TS2322 without dates, the field is as the API sends it
  const notDate: Date | null | undefined = plain!.date_last_interacted;
  return [when, asText, raw, notDate];
}
