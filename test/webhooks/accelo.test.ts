import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAcceloClient } from "@crmkit/accelo";
import {
  fromNodeRequest,
  isWebhookVerificationError,
  parseWebhook,
  webhookDefinition,
  webhookEventNames,
  type AcceloWebhookEvent,
} from "@crmkit/accelo/webhooks";
import { deliver, listen, listenForDeliveries } from "./receiver.js";

const SECRET = "accelo-subscription-secret";
const hubSignature = (body: string, algorithm = "sha1", secret = SECRET) => `${algorithm}=${createHmac(algorithm, secret).update(body).digest("hex")}`;

/**
 * A real round trip: the test plays Accelo's dispatcher and POSTs deliveries to a node:http receiver
 * on 127.0.0.1 that uses fromNodeRequest + parseWebhook, answers 200 or 401 and keeps what it parsed;
 * a second local server plays the Accelo API that `event.fetch` reads the record from.
 */
describe("Accelo webhooks, end to end over HTTP", () => {
  const apiRequests: Array<{ url: string; authorization: string | undefined }> = [];
  let receiver: Awaited<ReturnType<typeof listenForDeliveries<AcceloWebhookEvent>>>;
  let api: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    receiver = await listenForDeliveries((req) => fromNodeRequest(req).then((request) => parseWebhook(request, { secret: SECRET })), isWebhookVerificationError);
    api = await listen((req, res) => {
      apiRequests.push({ url: req.url!, authorization: req.headers.authorization });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ meta: { status: "ok" }, response: { id: "1437", title: "Fix the hull", assignee: "17" } }));
    });
  });
  afterAll(async () => {
    await receiver.close();
    await api.close();
  });

  const jsonBody = JSON.stringify({ id: 1437, resource_url: "https://planet-express.api.accelo.com/api/v0/tasks/1437" });
  const formBody = "id=1437&resource_url=https%3A%2F%2Fplanet-express.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F1437";

  it("accepts a signed JSON delivery and types it by X-Accelo-Event", async () => {
    const answer = await deliver(receiver.url, jsonBody, { "content-type": "application/json", "x-accelo-event": "assign_task", "x-hub-signature": hubSignature(jsonBody) });
    expect(answer.status).toBe(200);
    const event = receiver.received.at(-1)!;
    expect(event).toMatchObject({ known: true, name: "assign_task", verification: "signature", format: "json", payload: { id: 1437 } });
  });

  it("accepts a signed form-encoded delivery (the default content type), also signed with sha256 or a bare digest", async () => {
    for (const signature of [hubSignature(formBody), hubSignature(formBody, "sha256"), hubSignature(formBody).slice("sha1=".length)]) {
      const answer = await deliver(receiver.url, formBody, {
        "content-type": "application/x-www-form-urlencoded",
        "x-accelo-event": "create_contact",
        "x-hub-signature": signature,
      });
      expect(answer.status).toBe(200);
      expect(receiver.received.at(-1)).toMatchObject({ name: "create_contact", format: "form", payload: { id: "1437", resource_url: "https://planet-express.api.accelo.com/api/v0/tasks/1437" } });
    }
  });

  it("refuses a tampered body, a wrong secret and a missing signature, without echoing the secret", async () => {
    const tampered = jsonBody.replace("1437", "1438");
    const results = [
      await deliver(receiver.url, tampered, { "content-type": "application/json", "x-accelo-event": "assign_task", "x-hub-signature": hubSignature(jsonBody) }),
      await deliver(receiver.url, jsonBody, { "content-type": "application/json", "x-accelo-event": "assign_task", "x-hub-signature": hubSignature(jsonBody, "sha1", "guessed") }),
      await deliver(receiver.url, jsonBody, { "content-type": "application/json", "x-accelo-event": "assign_task" }),
    ];
    expect(results.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(receiver.refused.slice(-3)).toEqual(["signature_mismatch", "signature_mismatch", "missing_signature"]);
    for (const r of results) expect(r.text).not.toContain(SECRET);
  });

  it("turns an event the spec does not list into an unknown event", async () => {
    const answer = await deliver(receiver.url, jsonBody, { "content-type": "application/json", "x-accelo-event": "create_timesheet", "x-hub-signature": hubSignature(jsonBody) });
    expect(answer.status).toBe(200);
    expect(receiver.received.at(-1)).toMatchObject({ known: false, name: "create_timesheet", payload: { id: 1437 } });
  });

  it("fetches the changed record through the client, with its credentials, under whatever base URL it uses", async () => {
    const client = createAcceloClient({ deployment: "planet-express", accessToken: "token-123", baseUrl: `${api.url}/api/v0` });
    const event = receiver.received.find((e) => e.known && e.name === "assign_task");
    if (!event?.known || event.name !== "assign_task") throw new Error("no assign_task delivery was received");
    // client.get unwraps Accelo's {meta, response} envelope like any typed method.
    const task = await event.fetch<{ title: string }>(client);
    expect(task.title).toBe("Fix the hull");
    expect(apiRequests.at(-1)).toEqual({ url: "/api/v0/tasks/1437", authorization: "Bearer token-123" });
  });

  it("lists every documented event id", () => {
    expect(webhookEventNames).toHaveLength(20);
    expect(webhookEventNames).toContain("update_request_status");
    expect(Object.keys(webhookDefinition.events)).toEqual([...webhookEventNames]);
  });
});
