import { afterEach, describe, expect, it } from "vitest";
import { CrmRedirectError as ProWorkflowRedirectError, createProWorkflowClient } from "@crmkit/proworkflow";
import { CrmRedirectError, createWealthboxClient } from "@crmkit/wealthbox";
import { closeServers, json, serve } from "../support/http.js";

/** The findings, through the published clients: a redirect to another origin never carries a vendor's credentials. */

afterEach(closeServers);

describe("redirects to another origin", () => {
  it("Wealthbox: a 302 to another origin is followed without the ACCESS_TOKEN header", async () => {
    const other = await serve((req, res) => json(res, 200, { id: 7, first_name: "Kevin" }));
    const api = await serve((req, res) => void (res.writeHead(302, { location: `${other.url}/v1/contacts/7` }), res.end()));
    const client = createWealthboxClient({ accessToken: "wb-secret-token", baseUrl: api.url, maxRetries: 0 });
    await expect(client.contacts.get({ id: 7 })).resolves.toMatchObject({ first_name: "Kevin" });
    expect(api.seen[0]!.headers.access_token).toBe("wb-secret-token");
    expect(other.seen[0]!.headers.access_token).toBeUndefined();
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
  });

  it("Wealthbox: a 307 that would re-send a POST body to another origin is refused", async () => {
    const other = await serve((req, res) => json(res, 201, {}));
    const api = await serve((req, res) => void (res.writeHead(307, { location: `${other.url}/v1/contacts` }), res.end()));
    const client = createWealthboxClient({ accessToken: "wb-secret-token", baseUrl: api.url, maxRetries: 0 });
    const error = await client.contacts.create({ body: { first_name: "Ada", type: "Person" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRedirectError);
    expect(other.seen).toHaveLength(0);
  });

  it("ProWorkflow: neither apikey nor Basic credentials follow a redirect to another origin", async () => {
    const other = await serve((req, res) => json(res, 200, { status: "Success", count: 1, contact: { id: 3 } }));
    const api = await serve((req, res) => void (res.writeHead(302, { location: `${other.url}/contacts/3` }), res.end()));
    const client = createProWorkflowClient({ apiKey: "pwf-api-key-123", username: "ada", password: "pw-secret", baseUrl: api.url, maxRetries: 0 });
    await expect(client.contacts.get({ id: 3 })).resolves.toMatchObject({ id: 3 });
    expect(api.seen[0]!.headers.apikey).toBe("pwf-api-key-123");
    expect(other.seen[0]!.headers.apikey).toBeUndefined();
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
    const moved = await serve((req, res) => void (res.writeHead(308, { location: `${other.url}/contacts` }), res.end()));
    const posting = createProWorkflowClient({ apiKey: "pwf-api-key-123", username: "ada", password: "pw-secret", baseUrl: moved.url, maxRetries: 0 });
    const refused = await posting.contacts.create({ body: { firstname: "Ada", lastname: "Lovelace" } } as never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProWorkflowRedirectError);
    expect(other.seen).toHaveLength(1);
  });
});
