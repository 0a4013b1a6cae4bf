import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * A small program, run by plain Node in this package's folder so the package's own exports map
 * resolves it (self-reference): it builds a client over a stub fetch and makes one call.
 */
const program = (load: string) => `
${load}
const seen = [];
const client = createOnePageCrmClient({
  userId: "u", apiKey: "k", maxRetries: 0,
  fetch: async (request) => {
    seen.push(request.method + " " + request.url);
    return new Response(JSON.stringify({ status: 0, data: { contact: { id: "c1" } } }), { headers: { "content-type": "application/json" } });
  },
});
client.contacts.get({ contact_id: "c1" }).then((data) => {
  console.log(JSON.stringify({ data, seen, isError: new CrmApiError("http_error", { status: 500, body: null, response: new Response(null, { status: 500 }), method: "GET", url: "http://x" }) instanceof Error }));
});
`;

function run(args: string[]): unknown {
  return JSON.parse(execFileSync(process.execPath, args, { cwd: packageDir, encoding: "utf8" }));
}

describe("@crmkit/onepagecrm built output", () => {
  const expected = { data: { contact: { id: "c1" } }, seen: ["GET https://app.onepagecrm.com/api/v3/contacts/c1"], isError: true };

  it("loads with import (ESM)", () => {
    expect(run(["--input-type=module", "-e", program(`import { createOnePageCrmClient, CrmApiError } from "@crmkit/onepagecrm";`)])).toEqual(expected);
  });

  it("loads with require (CommonJS)", () => {
    expect(run(["-e", program(`const { createOnePageCrmClient, CrmApiError } = require("@crmkit/onepagecrm");`)])).toEqual(expected);
  });
});
