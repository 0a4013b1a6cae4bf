// Typed `fields` of @crmkit/onepagecrm: related collections beside each contact or deal of a list. Compiled,
// never run: test/fields/types.test.ts checks each `@ts-expect-error TSxxxx` line.
import { createOnePageCrmClient, type Call, type Contact, type Deal, type ListContactsItem, type ListContactsResponse, type Note } from "@crmkit/onepagecrm";
import { same } from "./assert.js";

const client = createOnePageCrmClient({ userId: "user", apiKey: "key" });

export async function collectionsComeBackPresent() {
  const page = await client.contacts.list({ fields: ["deals", "notes"], per_page: 10 });
  const item = page.contacts[0]!;
  same<typeof item.deals, Deal[]>();
  same<typeof item.notes, Note[]>();
  // the rest of the item is as without a selection
  same<typeof item.contact, ListContactsItem["contact"]>();
  // @ts-expect-error TS2339 calls were not asked for
  item.calls;
  // the page keeps its paging properties
  same<typeof page.total_count, ListContactsResponse["total_count"]>();
  for await (const each of client.contacts.list({ fields: ["calls"] })) same<typeof each.calls, Call[]>();
  const deals = await client.deals.list({ fields: ["contacts"] });
  same<typeof deals.deals[number]["contacts"], Contact[]>();
}

export async function aPlainStringIsTypedAsBefore() {
  const page = await client.contacts.list({ fields: "deals(all)" });
  same<typeof page, ListContactsResponse>();
}

export function misuseIsACompileError() {
  // @ts-expect-error TS2769 contacts are a collection of the deal list, not of the contact list
  void client.contacts.list({ fields: ["contacts"] });
  // @ts-expect-error TS2769 the typed form names collections; the (all) suffix is added when sent
  void client.contacts.list({ fields: ["deals(all)"] });
}

export async function selectedItemsKeepTheirDatesWithDatesOn() {
  const dated = createOnePageCrmClient({ userId: "u", apiKey: "k", dates: true });
  const page = await dated.contacts.list({ fields: ["deals"] });
  const item = page.contacts[0]!;
  const created: Date | undefined = item.contact?.created_at;
  // @ts-expect-error TS2322 with dates on, the contact's created_at is a Date, not the API's number
  const asSent: number | undefined = item.contact?.created_at;
  const deals = item.deals.length;
  // @ts-expect-error TS2339 calls were not selected
  item.calls;
  return [created, asSent, deals];
}
