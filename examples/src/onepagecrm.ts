// A first real task with @crmkit/onepagecrm: list every contact, create one, update it, and handle a
// missing record and throttling.
//
//   ONEPAGECRM_USER_ID=… ONEPAGECRM_API_KEY=… node dist/onepagecrm.js
//
// ONEPAGECRM_BASE_URL points it somewhere else (a proxy, or a mock server of the spec).
import { NotFoundError, RateLimitError, createOnePageCrmClient } from "@crmkit/onepagecrm";

/** A well-formed id that no account has: looking it up shows what a 404 looks like. */
const MISSING_CONTACT_ID = "000000000000000000000000";

// User id and API key from ONEPAGECRM_USER_ID and ONEPAGECRM_API_KEY (HTTP Basic). Throttled requests
// are retried after the wait the server asks for (up to maxRetries times); the hook only reports it.
const client = createOnePageCrmClient({
  maxRetries: 3,
  hooks: {
    onRetry: ({ attempt, delayMs, status }) => console.log(`retry ${attempt} after ${status ? `HTTP ${status}` : "a network error"}, waiting ${delayMs} ms`),
  },
});

async function main(): Promise<void> {
  // Every contact, 100 per request; the loop fetches the next page when it needs one.
  const names: string[] = [];
  for await (const item of client.contacts.list({ per_page: 100, sort_by: "last_name", order: "asc" })) {
    const contact = item.contact;
    names.push([contact?.first_name, contact?.last_name].filter(Boolean).join(" ") || `#${contact?.id}`);
  }
  console.log(`listed ${names.length} contact${names.length === 1 ? "" : "s"}: ${names.join(", ")}`);

  const created = await client.contacts.create({
    body: { first_name: "Ada", last_name: "Lovelace", company_name: "Analytical Engines", emails: [{ type: "work", value: "ada@example.com" }] },
  });
  const id = created.contact?.id;
  console.log(`created contact ${id}: ${created.contact?.first_name} ${created.contact?.last_name}`);

  if (id !== undefined) {
    // partial: change only the fields sent, leave the rest as they are.
    const updated = await client.contacts.update({ contact_id: id, partial: true, body: { job_title: "Lead analyst" } });
    console.log(`updated contact ${updated.contact?.id}: job title ${updated.contact?.job_title}`);
  }

  try {
    await client.contacts.get({ contact_id: MISSING_CONTACT_ID });
    console.log(`contact ${MISSING_CONTACT_ID} exists`);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    console.log(`contact ${MISSING_CONTACT_ID}: not found (HTTP ${error.status})`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof RateLimitError) {
    // The retries are spent and the budget still is: try again later rather than hammering the API.
    console.error(`still rate limited after retries; try again in ${Math.ceil((error.retryAfterMs ?? 60_000) / 1000)} s`);
    process.exitCode = 75;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
});
