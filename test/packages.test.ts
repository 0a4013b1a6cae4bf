import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const testDir = fileURLToPath(new URL(".", import.meta.url));

/** Per vendor: the factory, credentials, one call, and the URL that call must reach. */
const vendors = [
  { pkg: "@crmkit/onepagecrm", factory: "createOnePageCrmClient", options: `{ userId: "u", apiKey: "k" }`, call: `client.contacts.get({ contact_id: "c1" })`, url: "GET https://app.onepagecrm.com/api/v3/contacts/c1" },
  { pkg: "@crmkit/wealthbox", factory: "createWealthboxClient", options: `{ accessToken: "t" }`, call: `client.contacts.get({ id: 7 })`, url: "GET https://api.crmworkspace.com/v1/contacts/7" },
  { pkg: "@crmkit/proworkflow", factory: "createProWorkflowClient", options: `{ apiKey: "k", username: "u", password: "p" }`, call: `client.contacts.get({ id: 7 })`, url: "GET https://api.proworkflow.net/contacts/7" },
  { pkg: "@crmkit/accelo", factory: "createAcceloClient", options: `{ deployment: "acme", accessToken: "t" }`, call: `client.companies.get({ company_id: "7" })`, url: "GET https://acme.api.accelo.com/api/v0/companies/7" },
];

/** Run by plain Node from this folder, so each package resolves through its exports map. */
const program = (load: string, v: (typeof vendors)[number]) => `
${load}
const seen = [];
const client = ${v.factory}({ ...${v.options}, maxRetries: 0, fetch: async (input, init) => {
  seen.push(init.method + " " + String(input));
  return new Response(JSON.stringify({}), { headers: { "content-type": "application/json" } });
} });
${v.call}.then(() => console.log(JSON.stringify({ seen, errorIsError: CrmApiError.prototype instanceof Error })));
`;

const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, args, { cwd: testDir, encoding: "utf8" })) as unknown;

describe.each(vendors)("$pkg built output", (v) => {
  const expected = { seen: [v.url], errorIsError: true };
  it("loads with import (ESM)", () => {
    expect(run(["--input-type=module", "-e", program(`import { ${v.factory}, CrmApiError } from "${v.pkg}";`, v)])).toEqual(expected);
  });
  it("loads with require (CommonJS)", () => {
    expect(run(["-e", program(`const { ${v.factory}, CrmApiError } = require("${v.pkg}");`, v)])).toEqual(expected);
  });
});
