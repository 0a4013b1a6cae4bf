/**
 * Type-level checks of `dates`, compiled by this package's `tsc` (part of its test script): with dates
 * on, the fields the spec marks as dates are typed `Date`; with them off, as the API sends them. Each
 * `@ts-expect-error` fails the compile if the line it guards ever type-checks.
 */
import { createAcceloClient, type Company, type ListCompaniesItem } from "@crmkit/accelo";
import { createOnePageCrmClient, type GetDealResponse } from "@crmkit/onepagecrm";
import { createWealthboxClient, type Contact, type RequestOptions } from "@crmkit/wealthbox";

type Is<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(value: Is<A, B>) => value;

export async function wealthbox(): Promise<void> {
  const plain = createWealthboxClient({ accessToken: "t" });
  const dated = createWealthboxClient({ accessToken: "t", dates: true });

  const a = await plain.contacts.get({ id: 1 });
  same<typeof a.created_at, string | undefined>(true);
  same<typeof a.birth_date, string | null | undefined>(true);
  const b = await dated.contacts.get({ id: 1 });
  same<typeof b.created_at, Date | undefined>(true);
  // An unset calendar date is "" or null, both kept: only strings in the field's form become Dates.
  same<typeof b.birth_date, Date | "" | null | undefined>(true);
  same<
    typeof b.drivers_license,
    { number?: string | null; state?: string | null; issued_date?: Date | "" | null; expires_date?: Date | "" | null } | null | undefined
  >(true);
  // Fields that are no dates keep their types.
  same<typeof b.first_name, typeof a.first_name>(true);

  // A call's option decides over the client's, both ways.
  const c = await plain.contacts.get({ id: 1 }, { dates: true });
  same<typeof c.updated_at, Date | undefined>(true);
  const d = await dated.contacts.get({ id: 1 }, { dates: false });
  same<typeof d.updated_at, string | undefined>(true);
  // An option whose value is not known at compile time gives either form.
  const options: RequestOptions = {};
  const e = await dated.contacts.get({ id: 1 }, options);
  same<typeof e.updated_at, string | Date | undefined>(true);

  // An unset Wealthbox date comes back as "" (or null): both stay, and the type says so.
  const workflow = await dated.workflows.get({ id: 1 });
  same<typeof workflow.completed_at, Date | "" | null | undefined>(true);
  same<typeof workflow.starts_at, Date | "" | null | undefined>(true);

  for await (const contact of dated.contacts.list()) same<typeof contact.created_at, Date | undefined>(true);
  for await (const page of dated.contacts.list().pages()) same<(typeof page.items)[number]["created_at"], Date | undefined>(true);

  // The named schema types take the same parameter.
  same<Contact<true>["created_at"], Date | undefined>(true);
  same<Contact["created_at"], string | undefined>(true);
  const shown: Contact<true> = b;
  void shown;

  // @ts-expect-error with dates off a timestamp is a string
  const notDate: Date | undefined = a.created_at;
  // @ts-expect-error with dates on it is a Date
  const notString: string | undefined = b.created_at;
  // @ts-expect-error the untyped calls know no dates, so they take no dates option
  await dated.get("/v1/contacts", { dates: true });
  // @ts-expect-error the options of a dated method are still checked for typos
  await dated.contacts.get({ id: 1 }, { maxRetry: 1 });
  void [notDate, notString];
}

export async function accelo(): Promise<void> {
  const dated = createAcceloClient({ deployment: "d", accessToken: "t", dates: true });
  const company = await dated.companies.get({ company_id: 1 });
  // Unix timestamps: a string or number from the API, a Date with dates on.
  same<typeof company.date_created, Date | undefined>(true);
  same<Company["date_created"], string | number | undefined>(true);
  same<ListCompaniesItem<true>["date_modified"], Date | undefined>(true);
  const job = await dated.jobs.get({ job_id: 1 });
  // null stays in the type as it stays in the value.
  same<typeof job.date_completed, Date | null | undefined>(true);
}

export async function onepagecrm(): Promise<void> {
  const plain = createOnePageCrmClient({ userId: "u", apiKey: "k" });
  const deal = (await plain.deals.get({ deal_id: "x" }, { dates: true })).deal!;
  same<typeof deal.expected_close_date, Date | null | undefined>(true);
  same<NonNullable<typeof deal.deal_items>[number]["created_at"], Date | undefined>(true);
  same<NonNullable<GetDealResponse["deal"]>["expected_close_date"], string | null | undefined>(true);
  same<NonNullable<GetDealResponse<true>["deal"]>["expected_close_date"], Date | null | undefined>(true);
}
