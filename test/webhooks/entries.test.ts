import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const testDir = fileURLToPath(new URL("..", import.meta.url));

/** One delivery per vendor that its parseWebhook must accept, built inside the child process. */
const vendors = [
  {
    pkg: "@crmkit/accelo/webhooks",
    setup: `const body = "id=7&resource_url=https%3A%2F%2Facme.api.accelo.com%2Fapi%2Fv0%2Fcompanies%2F7";
const signature = "sha1=" + crypto.createHmac("sha1", "s").update(body).digest("hex");
const request = new Request("http://127.0.0.1/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-accelo-event": "create_company", "x-hub-signature": signature }, body });
const options = { secret: "s" };`,
    expected: { known: true, name: "create_company", verification: "signature" },
  },
  {
    pkg: "@crmkit/onepagecrm/webhooks",
    setup: `const body = JSON.stringify({ timestamp: Math.floor(Date.now() / 1000), secretkey: "s", type: "note", reason: "created", data: { id: "n1" } });
const request = new Request("http://127.0.0.1/", { method: "POST", headers: { "content-type": "application/json" }, body });
const options = { secret: "s" };`,
    expected: { known: true, name: "note", verification: "secret" },
  },
  {
    pkg: "@crmkit/proworkflow/webhooks",
    setup: `const request = new Request("http://127.0.0.1/?event=newtask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: 5, url: "https://api.proworkflow.net/tasks/5" }) });
const options = { event: "newtask" };`,
    expected: { known: true, name: "newtask", verification: "none" },
  },
];

const program = (load: string, v: (typeof vendors)[number]) => `
${load}
${v.setup}
parseWebhook(request, options).then((event) => console.log(JSON.stringify({
  known: event.known, name: event.name, verification: event.verification,
  errorIsError: WebhookVerificationError.prototype instanceof Error,
})));
`;
const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, args, { cwd: testDir, encoding: "utf8" })) as unknown;

/** Each `<package>/webhooks` resolves through the exports map in both module systems, in plain Node. */
describe.each(vendors)("$pkg built output", (v) => {
  const expected = { ...v.expected, errorIsError: true };
  it("loads with import (ESM)", () => {
    expect(run(["--input-type=module", "-e", program(`import crypto from "node:crypto";\nimport { parseWebhook, WebhookVerificationError } from "${v.pkg}";`, v)])).toEqual(expected);
  });
  it("loads with require (CommonJS)", () => {
    expect(run(["-e", program(`const crypto = require("node:crypto");\nconst { parseWebhook, WebhookVerificationError } = require("${v.pkg}");`, v)])).toEqual(expected);
  });
});
