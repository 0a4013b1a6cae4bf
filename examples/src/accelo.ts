// A first real task with @crmkit/accelo: list every contact, create one at a company, update it, and
// handle a missing record and throttling.
//
// As a service application (client credentials: the client fetches and renews its own token):
//   ACCELO_DEPLOYMENT=planet-express ACCELO_CLIENT_ID=… ACCELO_CLIENT_SECRET=… node dist/accelo.js
// Or with an access token you already have:
//   ACCELO_DEPLOYMENT=planet-express ACCELO_ACCESS_TOKEN=… node dist/accelo.js
//
// ACCELO_BASE_URL points it somewhere else (a proxy, or a mock server of the spec); token requests then
// go to the same origin.
import { NotFoundError, RateLimitError, createAcceloClient } from "@crmkit/accelo";

/** An id no deployment has: looking it up shows what a 404 looks like. */
const MISSING_CONTACT_ID = "999999999";

const clientId = process.env.ACCELO_CLIENT_ID;
const clientSecret = process.env.ACCELO_CLIENT_SECRET;

// The deployment (part of the server URL) comes from ACCELO_DEPLOYMENT. Throttled requests are
// retried after the wait the server asks for (up to maxRetries times); the hook only reports it.
const client = createAcceloClient({
  ...(clientId && clientSecret ? { oauth: { clientId, clientSecret, clientCredentials: true, scope: "write(all)" } } : {}),
  maxRetries: 3,
  hooks: {
    onRetry: ({ attempt, delayMs, status }) => console.log(`retry ${attempt} after ${status ? `HTTP ${status}` : "a network error"}, waiting ${delayMs} ms`),
  },
});

async function main(): Promise<void> {
  if (client.oauth) console.log(`signed in as a service application (token ${(await client.oauth.accessToken()).slice(0, 4)}…)`);

  // Every contact, 100 per request (Accelo's most); the loop fetches the next page when it needs one.
  const names: string[] = [];
  for await (const contact of client.contacts.list({ _limit: 100, _fields: "firstname,surname,email" })) {
    names.push([contact.firstname, contact.surname].filter(Boolean).join(" ") || `#${contact.id}`);
  }
  console.log(`listed ${names.length} contact${names.length === 1 ? "" : "s"}: ${names.join(", ")}`);

  // A contact belongs to a company: take the first one.
  let companyId: string | number | undefined;
  for await (const company of client.companies.list({ _limit: 1 }, { maxItems: 1 })) companyId = company.id;
  if (companyId === undefined) throw new Error("the deployment has no company to add a contact to");

  const created = await client.contacts.create({ body: { company_id: companyId, firstname: "Ada", surname: "Lovelace", email: "ada@example.com" } });
  console.log(`created contact ${created.id} at company ${companyId}: ${created.firstname} ${created.surname}`);

  if (created.id !== undefined) {
    const updated = await client.contacts.update({ contact_id: String(created.id), body: { title: "Lead analyst" }, _fields: "title" });
    console.log(`updated contact ${updated.id}: title ${updated.title}`);
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
