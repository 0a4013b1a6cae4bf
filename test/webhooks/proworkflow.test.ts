import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProWorkflowClient } from "@crmkit/proworkflow";
import { fromNodeRequest, isWebhookVerificationError, parseWebhook, webhookEventNames, type ProWorkflowWebhookEvent } from "@crmkit/proworkflow/webhooks";
import { deliver, listen } from "./receiver.js";

/**
 * ProWorkflow signs nothing and does not name the event, so the receiver registers one URL per event
 * (`?event=…`) and confirms each delivery by reading the record from the API.
 */
describe("ProWorkflow webhooks, end to end over HTTP", () => {
  const received: ProWorkflowWebhookEvent[] = [];
  let receiver: Awaited<ReturnType<typeof listen>>;
  let api: Awaited<ReturnType<typeof listen>>;
  const apiSeen: Array<{ url: string; apikey: string | undefined }> = [];

  beforeAll(async () => {
    receiver = await listen(async (req, res) => {
      const event = await fromNodeRequest(req)
        .then((request) => parseWebhook(request, { event: new URL(request.url).searchParams.get("event") ?? "" }))
        // Any 4xx deletes a ProWorkflow hook, so even a delivery that fails a check is answered 200.
        .catch((error: unknown) => void res.writeHead(isWebhookVerificationError(error) ? 200 : 500).end(String((error as Error).message)));
      if (!event) return;
      received.push(event);
      res.writeHead(200).end();
    });
    api = await listen((req, res) => {
      apiSeen.push({ url: req.url!, apikey: req.headers.apikey as string | undefined });
      if (req.url === "/contacts/395") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "Success", contact: { id: 395, firstname: "Amy" } }));
      } else {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ status: "Error", details: ["Contact not found"] }));
      }
    });
  });
  afterAll(async () => {
    await receiver.close();
    await api.close();
  });

  /** The real client, pointed at the local API: event.confirm/fetch go through its `get`. */
  const client = () => createProWorkflowClient({ apiKey: "key-1", username: "amy", password: "pw", baseUrl: api.url, maxRetries: 0 });

  it("takes the event from the hook's URL and confirms it by reading the record", async () => {
    const answer = await deliver(`${receiver.url}/pwf?event=newcontact`, JSON.stringify({ id: 395, url: "https://api.proworkflow.net/contacts/395" }), { "content-type": "application/json" });
    expect(answer.status).toBe(200);
    const event = received.at(-1)!;
    expect(event).toMatchObject({ known: true, name: "newcontact", verification: "none", payload: { id: 395 } });
    if (!event.known || event.name !== "newcontact") throw new Error("expected newcontact");
    await expect(event.confirm(client())).resolves.toMatchObject({ contact: { firstname: "Amy" } });
    expect(apiSeen.at(-1)).toEqual({ url: "/contacts/395", apikey: "key-1" });
  });

  it("reports a forged delivery about a record the API does not have as unconfirmed", async () => {
    await deliver(`${receiver.url}/pwf?event=editcontact`, JSON.stringify({ id: 999, url: "https://api.proworkflow.net/contacts/999" }), { "content-type": "application/json" });
    const event = received.at(-1)!;
    if (!event.known || event.name !== "editcontact") throw new Error("expected editcontact");
    await expect(event.confirm(client())).rejects.toMatchObject({ name: "WebhookVerificationError", reason: "unconfirmed" });
  });

  it("never follows a URL to another host with the client's credentials", async () => {
    await deliver(`${receiver.url}/pwf?event=newproject`, JSON.stringify({ id: 7, url: "https://collector.example/steal" }), { "content-type": "application/json" });
    const event = received.at(-1)!;
    if (!event.known || event.name !== "newproject") throw new Error("expected newproject");
    const before = apiSeen.length;
    await expect(event.fetch(client())).rejects.toMatchObject({ reason: "resource_url_not_allowed" });
    expect(apiSeen.length).toBe(before);
  });

  it("gives delete events (which carry only the id) no fetch", async () => {
    await deliver(`${receiver.url}/pwf?event=deletecontact`, JSON.stringify({ id: 395 }), { "content-type": "application/json" });
    const event = received.at(-1)!;
    expect(event).toMatchObject({ known: true, name: "deletecontact", payload: { id: 395 } });
    expect("fetch" in event).toBe(false);
  });

  it("answers 200 even to a delivery it cannot use, and types an unlisted event as unknown", async () => {
    const before = received.length;
    const noEvent = await deliver(`${receiver.url}/pwf`, JSON.stringify({ id: 1 }), { "content-type": "application/json" });
    expect(noEvent.status).toBe(200);
    expect(noEvent.text).toContain("missing_event");
    expect(received.length).toBe(before);
    await deliver(`${receiver.url}/pwf?event=newexpense`, JSON.stringify({ id: 2, url: "https://api.proworkflow.net/expenses/2" }), { "content-type": "application/json" });
    expect(received.at(-1)).toMatchObject({ known: false, name: "newexpense" });
  });

  it("lists all 43 events", () => {
    expect(webhookEventNames).toHaveLength(43);
    expect(webhookEventNames).toEqual(expect.arrayContaining(["newpendingcompany", "editcontactlocation", "declineprojectrequest", "starttimer", "stoptimer"]));
  });
});
