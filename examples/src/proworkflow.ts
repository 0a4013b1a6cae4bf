// A first real task with @crmkit/proworkflow: list every contact, create one at a client company,
// update it, and handle a missing record and throttling.
//
//   PROWORKFLOW_API_KEY=… PROWORKFLOW_USERNAME=… PROWORKFLOW_PASSWORD=… node dist/proworkflow.js
//
// PROWORKFLOW_BASE_URL points it somewhere else (a proxy, or a mock server of the spec).
import { NotFoundError, RateLimitError, createProWorkflowClient } from "@crmkit/proworkflow";

/** An id no account has: looking it up shows what a 404 looks like. */
const MISSING_CONTACT_ID = 999_999_999;

// The API key (apikey header) goes together with a user's username and password (HTTP Basic): all three
// from PROWORKFLOW_API_KEY, PROWORKFLOW_USERNAME and PROWORKFLOW_PASSWORD. Throttled requests are
// retried after the wait the server asks for (up to maxRetries times); the hook only reports it.
const client = createProWorkflowClient({
  maxRetries: 3,
  hooks: {
    onRetry: ({ attempt, delayMs, status }) => console.log(`retry ${attempt} after ${status ? `HTTP ${status}` : "a network error"}, waiting ${delayMs} ms`),
  },
});

async function main(): Promise<void> {
  // Every contact, 500 per request (the page size the vendor recommends); the loop fetches the next
  // page when it needs one.
  const names: string[] = [];
  for await (const contact of client.contacts.list({ pagesize: 500, sortby: "lastname", sortorder: "asc" })) {
    names.push(contact.name ?? ([contact.firstname, contact.lastname].filter(Boolean).join(" ") || `#${contact.id}`));
  }
  console.log(`listed ${names.length} contact${names.length === 1 ? "" : "s"}: ${names.join(", ")}`);

  // A contact belongs to a company: take the first client company.
  let companyId: number | undefined;
  for await (const company of client.companies.list({ type: "client", pagesize: 1 }, { maxItems: 1 })) companyId = company.id;
  if (companyId === undefined) throw new Error("the account has no client company to add a contact to");

  const created = await client.contacts.create({
    body: { type: "client", companyid: companyId, firstname: "Ada", lastname: "Lovelace", email: "ada@example.com" },
  });
  // ProWorkflow answers a POST with the new record's id in details[0].id.
  const id = created.details?.[0]?.id;
  console.log(`created contact ${id} at company ${companyId}: ${created.message ?? created.status}`);

  if (id !== undefined) {
    const updated = await client.contacts.update({ id, body: { title: "Lead analyst", mobilephone: "+44 20 7946 0000" } });
    console.log(`updated contact ${updated.details?.[0]?.id ?? id}: ${updated.message ?? updated.status}`);
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
