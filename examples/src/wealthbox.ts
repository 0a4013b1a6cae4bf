// A first real task with @crmkit/wealthbox: list every contact, create one, update it, and handle a
// missing record and throttling.
//
//   WEALTHBOX_ACCESS_TOKEN=… node dist/wealthbox.js
//
// WEALTHBOX_BASE_URL points it somewhere else (a proxy, or a mock server of the spec).
import { NotFoundError, RateLimitError, createWealthboxClient } from "@crmkit/wealthbox";

/** An id no workspace has: looking it up shows what a 404 looks like. */
const MISSING_CONTACT_ID = 999_999_999;

// Credentials from WEALTHBOX_ACCESS_TOKEN. Throttled requests are retried after the wait the server asks
// for (up to maxRetries times); the hook only reports it.
const client = createWealthboxClient({
  maxRetries: 3,
  hooks: {
    onRetry: ({ attempt, delayMs, status }) => console.log(`retry ${attempt} after ${status ? `HTTP ${status}` : "a network error"}, waiting ${delayMs} ms`),
  },
});

async function main(): Promise<void> {
  // Every contact, 100 per request; the loop fetches the next page when it needs one.
  const names: string[] = [];
  for await (const contact of client.contacts.list({ per_page: 100, order: "created" })) {
    names.push([contact.first_name, contact.last_name].filter(Boolean).join(" ") || `#${contact.id}`);
  }
  console.log(`listed ${names.length} contact${names.length === 1 ? "" : "s"}: ${names.join(", ")}`);

  const created = await client.contacts.create({
    body: { type: "Person", first_name: "Ada", last_name: "Lovelace", job_title: "Analyst", email_addresses: [{ address: "ada@example.com", principal: true, kind: "Work" }] },
  });
  console.log(`created contact ${created.id}: ${created.first_name} ${created.last_name}`);

  if (created.id !== undefined) {
    const updated = await client.contacts.update({ id: created.id, body: { job_title: "Lead analyst", background_information: "Met at the 1843 conference." } });
    console.log(`updated contact ${updated.id}: job title ${updated.job_title}`);
  }

  try {
    await client.contacts.get({ id: MISSING_CONTACT_ID });
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
